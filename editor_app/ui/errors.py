"""The one path from a failure to the user: plain sentences for the environment's faults, a crash
dialog and the log for bugs. No traceback is ever shown as the message."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from editor_app.domain.errors import KnownError

logger = logging.getLogger(__name__)


def describe(error: BaseException) -> tuple[str, str]:
    """(what happened, what to do) in plain words."""
    if isinstance(error, KnownError):
        return error.message, error.hint
    return (f"Something went wrong inside the app ({type(error).__name__}).",
            "This is a bug. Your work is saved; the details are in the log file. Please report it.")


class ErrorReporter:
    """Shows a failure without blocking the event loop (the box is window-modal, opened with open())."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self.last_box: QMessageBox | None = None

    def report(self, error: BaseException, title: str = "Editorial Workstation") -> None:
        message, hint = describe(error)
        icon = QMessageBox.Icon.Warning
        if not isinstance(error, KnownError):
            icon = QMessageBox.Icon.Critical
            logger.error("bug", exc_info=error)
            from editor_app.logs import log_file

            log = log_file()
            if log:
                hint = f"{hint}\nLog file: {log}"
        box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, self._parent)
        box.setInformativeText(hint)
        box.open()
        self.last_box = box
