"""The story's notes and audit trail in the editor's tabs: read when the story opens, when a colleague
changes them (the live refresh says so) and after the user writes; the tab titles carry the counts."""

from __future__ import annotations

import logging
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from editor_app.ui.story_list_model import format_updated
from editor_app.ui.workflow import jobs
from editor_app.ui.workflow.notes_panel import NotesPanel

if TYPE_CHECKING:
    from editor_app.services.audit import AuditEntry
    from editor_app.services.notes import NoteThread
    from editor_app.ui.editor.controller import EditorController
    from editor_app.ui.editor.jobs import OpenedStory
    from editor_app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)


class TrailPanel(QWidget):
    """Everything that happened to the story, oldest first: when, who, what (the services never change it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trailPanel")
        self.entries: list[AuditEntry] = []
        self.view = QTextBrowser(self)
        self.view.setObjectName("trailList")
        self.view.setAccessibleName("Audit trail of the story, oldest first")
        self.view.setOpenLinks(False)
        note = QLabel("Who did what, when: moves, approvals, publication, lock takeovers. Nobody can change it.",
                      self)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)

    def set_entries(self, entries: list[AuditEntry]) -> None:
        self.entries = entries
        rows = "".join(
            f'<p style="margin:0 0 6px 0"><span style="color:gray">{escape(format_updated(entry.at))}</span>'
            f" <b>{escape(entry.user or '—')}</b> {escape(entry.summary)}</p>" for entry in entries)
        self.view.setHtml(rows or "<p style='color:gray'>Nothing recorded yet.</p>")
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.maximum())

    def lines(self) -> list[str]:
        """The trail as the user reads it ("Anna Petrosyan moved it from submitted to approved")."""
        return [f"{entry.user} {entry.summary}" for entry in self.entries]


class StorySide(QObject):
    """Loads the notes and the trail of the open story and handles what the notes panel asks for."""

    def __init__(self, runner: TaskRunner, controller: EditorController, notes: NotesPanel, trail: TrailPanel,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.controller = controller
        self.notes = notes
        self.trail = trail
        controller.opened.connect(self._opened)
        notes.add_wanted.connect(self.add_note)
        notes.resolve_wanted.connect(self.resolve)

    def _opened(self, _opened: OpenedStory) -> None:
        self.notes.set_threads([])
        self.trail.set_entries([])
        self._retitle()
        self.load_notes()
        self.load_trail()

    def load_notes(self) -> None:
        newsroom, story_id = self.controller.newsroom, self.controller.story_id
        if newsroom is None or story_id is None:
            return
        db, actor = newsroom.db, newsroom.actor
        self.runner.run(lambda: jobs.notes(db, actor, story_id), lambda t: self._show_notes(story_id, t),
                        self._failed)

    def load_trail(self) -> None:
        newsroom, story_id = self.controller.newsroom, self.controller.story_id
        if newsroom is None or story_id is None:
            return
        db, actor = newsroom.db, newsroom.actor
        self.runner.run(lambda: jobs.trail(db, actor, story_id), lambda e: self._show_trail(story_id, e),
                        self._failed)

    def add_note(self, text: str, reply_to: int | None) -> None:
        newsroom, story_id = self.controller.newsroom, self.controller.story_id
        if newsroom is None or story_id is None:
            return
        db, actor = newsroom.db, newsroom.actor

        def added(threads: list[NoteThread]) -> None:
            self.notes.written()
            self._show_notes(story_id, threads)

        self.runner.run(lambda: jobs.add_note(db, actor, story_id, text, reply_to), added,
                        self.controller.failed.emit)

    def resolve(self, note_id: int, resolved: bool) -> None:
        newsroom, story_id = self.controller.newsroom, self.controller.story_id
        if newsroom is None or story_id is None:
            return
        db, actor = newsroom.db, newsroom.actor
        def resolved_now(threads: list[NoteThread]) -> None:
            self._show_notes(story_id, threads)
            self.load_trail()  # resolving is audited

        self.runner.run(lambda: jobs.resolve_note(db, actor, story_id, note_id, resolved), resolved_now,
                        self.controller.failed.emit)

    def _show_notes(self, story_id: int, threads: list[NoteThread]) -> None:
        if story_id == self.controller.story_id:
            self.notes.set_threads(threads)
            self._retitle()

    def _show_trail(self, story_id: int, entries: list[AuditEntry]) -> None:
        if story_id == self.controller.story_id:
            self.trail.set_entries(entries)

    def _retitle(self) -> None:
        tabs = self.controller.pane.tabs
        index = tabs.indexOf(self.notes)
        if index >= 0:
            tabs.setTabText(index, self.notes.tab_title())

    def _failed(self, error: BaseException) -> None:
        logger.info("reading the story's notes or trail failed: %s", error)
