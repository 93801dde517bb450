"""One way to run work off the GUI thread: `run(fn, on_done, on_error)` delivers on the GUI thread.

Workers get plain data and return plain data; they never touch widgets. Database work runs on one
worker thread so that results arrive in the order they were asked for. Tests use `SyncTaskRunner`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

logger = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class TaskRunner(Protocol):
    def run(self, fn: Callable[[], Any], on_done: Done, on_error: Failed) -> None: ...

    def wait(self, msecs: int = -1) -> bool: ...


class _Relay(QObject):
    """Lives on the GUI thread; queued signals carry a finished task's outcome back to it."""

    finished = Signal(object, object, object)  # callback, value, error


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], on_done: Done, on_error: Failed, relay: _Relay) -> None:
        super().__init__()
        self._fn, self._on_done, self._on_error, self._relay = fn, on_done, on_error, relay

    def run(self) -> None:
        try:
            value = self._fn()
        except BaseException as exc:
            self._relay.finished.emit(self._on_error, None, exc)
        else:
            self._relay.finished.emit(self._on_done, value, None)


class ThreadTaskRunner:
    """A QThreadPool with one thread: database work in order, the GUI never waits."""

    def __init__(self, parent: QObject | None = None) -> None:
        self._pool = QThreadPool(parent)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(parent)
        self._relay.finished.connect(self._deliver)

    def run(self, fn: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        self._pool.start(_Task(fn, on_done, on_error, self._relay))

    @staticmethod
    def _deliver(callback: Callable[[Any], None], value: Any, error: BaseException | None) -> None:
        callback(error if error is not None else value)

    def wait(self, msecs: int = -1) -> bool:
        """Block until running tasks finish (used on close so no worker outlives the database)."""
        return bool(self._pool.waitForDone(msecs))


class SyncTaskRunner:
    """Runs each task at once on the calling thread: deterministic tests, same callbacks."""

    def run(self, fn: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        try:
            value = fn()
        except Exception as exc:
            on_error(exc)
        else:
            on_done(value)

    def wait(self, msecs: int = -1) -> bool:
        return True
