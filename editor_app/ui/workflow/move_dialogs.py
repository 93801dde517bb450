"""The two questions a workflow move may ask: the note that goes with sending a story back, and when a
story goes out (a date and time on the newsroom's clock, whatever the computer's time zone)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from editor_app.ui.editor.editor_pane import NOTE_STYLE, WARNING_STYLE


class NoteDialog(QDialog):
    """Request changes: what should change (required; it becomes the story's first note in the thread)."""

    def __init__(self, headline: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Request changes")
        self.resize(480, 260)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName("What should change (sent to the writer as a note)")
        self.text.setPlaceholderText("What should change? The writer sees this note beside the story.")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Send back to the writer")
        layout = QVBoxLayout(self)
        label = QLabel(f"Send “{headline}” back to its writer with a note:", self)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.note().strip()))

    def note(self) -> str:
        return self.text.toPlainText().strip()


def default_time(zone: ZoneInfo, now: datetime | None = None) -> datetime:
    """Tomorrow at 09:00 on the newsroom's clock."""
    local = (now or datetime.now(zone)).astimezone(zone)
    return (local + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)


class ScheduleDialog(QDialog):
    """Choose when an approved story goes out, on the newsroom's clock (its time zone from the settings)."""

    def __init__(self, zone_name: str, current: datetime | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Schedule the story")
        self.zone = ZoneInfo(zone_name)
        start = current.astimezone(self.zone) if current is not None else default_time(self.zone)
        self.when = QDateTimeEdit(self)
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy, HH:mm")
        self.when.setAccessibleName(f"Publication date and time ({zone_name})")
        self.when.setDateTime(QDateTime(QDate(start.year, start.month, start.day), QTime(start.hour, start.minute)))
        self.zone_label = QLabel(f"Time zone: {zone_name} (the newsroom's clock)", self)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Schedule")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Publish on:", self))
        layout.addWidget(self.when)
        layout.addWidget(self.zone_label)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.zone_label.setStyleSheet(NOTE_STYLE)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.when.dateTimeChanged.connect(self._check)
        self._check()

    def chosen(self) -> datetime:
        """The time picked, as a moment with the newsroom's zone."""
        value = self.when.dateTime()
        day, time = value.date(), value.time()
        return datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(), tzinfo=self.zone)

    def _check(self) -> None:
        past = self.chosen() <= datetime.now(self.zone)
        self.problem.setText("That time has already passed; choose one in the future." if past else "")
        self.problem.setStyleSheet(WARNING_STYLE)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not past)
