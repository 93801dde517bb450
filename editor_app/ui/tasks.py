"""One way to run work off the GUI thread, in lanes, with progress and cancel.

`runner.run(fn, on_done, on_error, lane=…)` runs `fn()` on a worker and delivers its result (or error) on
the GUI thread; `runner.start(job, …)` does the same for a job that reports progress and can be cancelled:
`job(control)` calls `control.progress(done, total, text)` and `control.check()` (which raises Cancelled
once the user cancelled). Lanes: DATABASE is one thread, so database work happens in the order it was
asked for; CPU (renders, renditions) and NETWORK (publishing) have their own threads and never wait behind
the database. Workers get plain data and return plain data; they never touch widgets. Tests use
`SyncTaskRunner`, which runs everything at once on the calling thread with the same callbacks.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from enum import Enum
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

logger = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
Progress = Callable[[int, int, str], None]


class Lane(Enum):
    DATABASE = "database"
    CPU = "cpu"
    NETWORK = "network"


class CancelledError(Exception):
    """Raised inside a job by `control.check()` once the user has cancelled it."""


class TaskControl:
    """What a job sees of its task: report progress, notice a cancel."""

    def __init__(self, report: Progress | None = None) -> None:
        self._cancelled = threading.Event()
        self._report = report

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()

    def check(self) -> None:
        if self._cancelled.is_set():
            raise CancelledError("cancelled")

    def progress(self, done: int, total: int, text: str = "") -> None:
        if self._report is not None:
            self._report(done, total, text)


class TaskHandle:
    """The caller's side of a task: cancel it. A cancelled task calls neither of its callbacks."""

    def __init__(self, control: TaskControl) -> None:
        self._control = control

    def cancel(self) -> None:
        self._control.cancel()

    @property
    def cancelled(self) -> bool:
        return self._control.cancelled


class TaskRunner(Protocol):
    def run(self, fn: Callable[[], Any], on_done: Done, on_error: Failed, *,
            lane: Lane = Lane.DATABASE) -> TaskHandle: ...

    def start(self, job: Callable[[TaskControl], Any], on_done: Done, on_error: Failed, *, lane: Lane,
              on_progress: Progress | None = None) -> TaskHandle: ...

    def wait(self, msecs: int = -1) -> bool: ...


class _Relay(QObject):
    """Lives on the GUI thread; queued signals carry outcomes and progress back to it."""

    finished = Signal(object, object, object, object)  # control, callback, value, error
    progressed = Signal(object, object, int, int, str)  # control, callback, done, total, text


class _Task(QRunnable):
    def __init__(self, job: Callable[[TaskControl], Any], control: TaskControl, on_done: Done, on_error: Failed,
                 relay: _Relay) -> None:
        super().__init__()
        self._job, self._control = job, control
        self._on_done, self._on_error, self._relay = on_done, on_error, relay

    def run(self) -> None:
        if self._control.cancelled:
            return
        try:
            value = self._job(self._control)
        except CancelledError:
            return
        except BaseException as exc:
            self._relay.finished.emit(self._control, self._on_error, None, exc)
        else:
            self._relay.finished.emit(self._control, self._on_done, value, None)


def _pool(parent: QObject | None, threads: int) -> QThreadPool:
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(threads)
    return pool


class ThreadTaskRunner:
    """A thread pool per lane: one thread for the database, a few for CPU work, two for the network."""

    def __init__(self, parent: QObject | None = None) -> None:
        cpu = max(1, min(4, (os.cpu_count() or 2) - 1))
        self._pools = {Lane.DATABASE: _pool(parent, 1), Lane.CPU: _pool(parent, cpu), Lane.NETWORK: _pool(parent, 2)}
        self._relay = _Relay(parent)
        self._relay.finished.connect(self._deliver)
        self._relay.progressed.connect(self._deliver_progress)

    def run(self, fn: Callable[[], Any], on_done: Done, on_error: Failed, *,
            lane: Lane = Lane.DATABASE) -> TaskHandle:
        return self.start(lambda _control: fn(), on_done, on_error, lane=lane)

    def start(self, job: Callable[[TaskControl], Any], on_done: Done, on_error: Failed, *, lane: Lane,
              on_progress: Progress | None = None) -> TaskHandle:
        control = TaskControl()
        if on_progress is not None:
            callback = on_progress
            control = TaskControl(lambda done, total, text: self._relay.progressed.emit(control, callback, done,
                                                                                       total, text))
        self._pools[lane].start(_Task(job, control, on_done, on_error, self._relay))
        return TaskHandle(control)

    @staticmethod
    def _deliver(control: TaskControl, callback: Callable[[Any], None], value: Any,
                 error: BaseException | None) -> None:
        if not control.cancelled:
            callback(error if error is not None else value)

    @staticmethod
    def _deliver_progress(control: TaskControl, callback: Progress, done: int, total: int, text: str) -> None:
        if not control.cancelled:
            callback(done, total, text)

    def wait(self, msecs: int = -1) -> bool:
        """Block until running tasks finish (used on close so no worker outlives the database)."""
        return all(pool.waitForDone(msecs) for pool in self._pools.values())


class SyncTaskRunner:
    """Runs each task at once on the calling thread: deterministic tests, same callbacks."""

    def run(self, fn: Callable[[], Any], on_done: Done, on_error: Failed, *,
            lane: Lane = Lane.DATABASE) -> TaskHandle:
        return self.start(lambda _control: fn(), on_done, on_error, lane=lane)

    def start(self, job: Callable[[TaskControl], Any], on_done: Done, on_error: Failed, *, lane: Lane,
              on_progress: Progress | None = None) -> TaskHandle:
        control = TaskControl(on_progress)
        try:
            value = job(control)
        except CancelledError:
            return TaskHandle(control)
        except Exception as exc:
            on_error(exc)
        else:
            on_done(value)
        return TaskHandle(control)

    def wait(self, msecs: int = -1) -> bool:
        return True
