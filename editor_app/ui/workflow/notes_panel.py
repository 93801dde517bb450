"""Editorial notes beside the story: threads (a note and its answers) with who wrote them and when, resolved
or open; write a note, answer one, resolve or reopen a thread. Anyone on the staff may write; the services
decide who may resolve. The tab says how many threads are open."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from editor_app.ui.story_list_model import format_updated
from editor_app.ui.workflow.row_list import RowList

if TYPE_CHECKING:
    from editor_app.services.notes import NoteInfo, NoteThread


def _note_html(note: NoteInfo) -> str:
    return (f"<b>{escape(note.author)}</b> <span style='color:gray'>· {escape(format_updated(note.created))}"
            f"</span><br>{escape(note.body).replace(chr(10), '<br>')}")


def _label(html: str, parent: QWidget) -> QLabel:
    label = QLabel(html, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


class ThreadView(QFrame):
    """One thread: the note, its answers indented, and what can be done with it."""

    def __init__(self, thread: NoteThread, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note_thread = thread
        self.setObjectName("noteThread")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        self.note_label = _label(_note_html(thread.note), self)
        self.note_label.setAccessibleName(f"Note by {thread.note.author}: {thread.note.body}")
        layout.addWidget(self.note_label)
        for reply in thread.replies:
            answer = _label(_note_html(reply), self)
            answer.setContentsMargins(18, 0, 0, 0)
            answer.setAccessibleName(f"Answer by {reply.author}: {reply.body}")
            layout.addWidget(answer)
        footer = QHBoxLayout()
        state = ""
        if thread.resolved:
            state = f"Resolved by {thread.resolved_by}" + (
                f" · {format_updated(thread.resolved_at)}" if isinstance(thread.resolved_at, datetime) else "")
        self.state = _label(state, self)
        self.state.setStyleSheet("color: palette(placeholder-text);")
        self.reply_button = QPushButton("Reply", self)
        self.reply_button.setAccessibleName(f"Answer {thread.note.author}'s note")
        self.resolve_button = QPushButton("Reopen" if thread.resolved else "Resolve", self)
        self.resolve_button.setAccessibleName(("Reopen" if thread.resolved else "Resolve") + " this thread")
        for button in (self.reply_button, self.resolve_button):
            button.setAutoDefault(False)
        footer.addWidget(self.state, 1)
        footer.addWidget(self.reply_button)
        footer.addWidget(self.resolve_button)
        layout.addLayout(footer)


class NotesPanel(QWidget):
    add_wanted = Signal(str, object)  # text, the thread answered (a note id) or None for a new thread
    resolve_wanted = Signal(int, bool)  # thread id, resolved

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notesPanel")
        self.threads: list[NoteThread] = []
        self.views: list[ThreadView] = []
        self.reply_to: int | None = None
        self.show_resolved = QCheckBox("Show resolved threads", self)
        self.show_resolved.setChecked(True)
        self.empty = QLabel("No notes on this story yet.", self)
        self.list = RowList(self)
        self.replying = QLabel(self)
        self.cancel_reply = QPushButton("Write a new note instead", self)
        self.cancel_reply.setAutoDefault(False)
        self.input = QPlainTextEdit(self)
        self.input.setObjectName("noteInput")
        self.input.setAccessibleName("Write a note")
        self.input.setPlaceholderText("Write a note for the desk… (Ctrl+Enter adds it)")
        self.input.setMaximumHeight(90)
        self.input.installEventFilter(self)
        self.add_button = QPushButton("Add note", self)
        self.add_button.setAccessibleName("Add the note")
        self.add_button.setAutoDefault(False)
        reply_row = QHBoxLayout()
        reply_row.addWidget(self.replying, 1)
        reply_row.addWidget(self.cancel_reply)
        add_row = QHBoxLayout()
        add_row.addWidget(self.input, 1)
        add_row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addWidget(self.show_resolved)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(reply_row)
        layout.addLayout(add_row)
        self.add_button.clicked.connect(self.submit)
        self.cancel_reply.clicked.connect(lambda: self.answer(None))
        self.show_resolved.toggled.connect(lambda _on: self.set_threads(self.threads))
        self.answer(None)

    @property
    def open_count(self) -> int:
        return sum(1 for t in self.threads if not t.resolved)

    def tab_title(self) -> str:
        return f"Notes ({self.open_count})" if self.open_count else "Notes"

    def set_threads(self, threads: list[NoteThread]) -> None:
        self.threads = threads
        self.views = []
        for thread in threads:
            if thread.resolved and not self.show_resolved.isChecked():
                continue
            view = ThreadView(thread, self.list.holder)
            view.reply_button.clicked.connect(lambda _c=False, t=thread: self.answer(t))
            view.resolve_button.clicked.connect(
                lambda _c=False, t=thread: self.resolve_wanted.emit(t.id, not t.resolved))
            self.views.append(view)
        self.list.set_rows(self.views)
        self.empty.setVisible(not threads)
        if self.reply_to is not None and all(t.id != self.reply_to for t in threads):
            self.answer(None)

    def answer(self, thread: NoteThread | None) -> None:
        """Write an answer to `thread` (None: a new thread)."""
        self.reply_to = thread.id if thread is not None else None
        self.replying.setText(f"Answering {thread.note.author}'s note" if thread is not None else "")
        self.replying.setVisible(thread is not None)
        self.cancel_reply.setVisible(thread is not None)
        self.add_button.setText("Add answer" if thread is not None else "Add note")
        if thread is not None:
            self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        text = self.input.toPlainText().strip()
        if text:
            self.add_wanted.emit(text, self.reply_to)

    def written(self) -> None:
        """The note was saved: clear the box."""
        self.input.clear()
        self.answer(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.submit()
            return True
        return False
