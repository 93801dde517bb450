"""The workflow of the story in the editor: read where it stands and what the user may do with it, make a
move (asking for the note or the time a move needs), and say what happened. Unsaved edits are flushed
first, on the same database lane, so a move always applies to the text on screen; a colleague's newer
version makes the service refuse the move with its own message."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from editor_app.domain.workflow import Correction, Status
from editor_app.ui.editor.editor_pane import NOTE_STYLE
from editor_app.ui.workflow import jobs
from editor_app.ui.workflow.jobs import MoveKey
from editor_app.ui.workflow.move_actions import MoveActions
from editor_app.ui.workflow.move_dialogs import NoteDialog, ScheduleDialog
from editor_app.ui.workflow.workflow_bar import WorkflowBar, when

if TYPE_CHECKING:
    from editor_app.services.story_editing import DraftSaved
    from editor_app.services.story_status import StoryStanding
    from editor_app.services.workflow import WorkflowResult
    from editor_app.ui.editor.controller import EditorController
    from editor_app.ui.editor.jobs import OpenedStory
    from editor_app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

AskNote = Callable[[str], "str | None"]  # headline -> the note, or None (cancelled)
AskTime = Callable[[str, "datetime | None"], "datetime | None"]  # zone name, current time -> chosen, or None


def ask_note_with_a_dialog(parent: QWidget) -> AskNote:
    def ask(headline: str) -> str | None:
        dialog = NoteDialog(headline, parent)
        return dialog.note() if dialog.exec() == QDialog.DialogCode.Accepted else None

    return ask


def ask_time_with_a_dialog(parent: QWidget) -> AskTime:
    def ask(zone_name: str, current: datetime | None) -> datetime | None:
        dialog = ScheduleDialog(zone_name, current, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None

    return ask


class EditorWorkflow(QObject):
    moved = Signal(int)  # a move was made on this story: lists and queues refresh
    standing_read = Signal(object)  # the open story's StoryStanding, whenever it is read again

    def __init__(self, runner: TaskRunner, controller: EditorController, actions: MoveActions, bar: WorkflowBar,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.controller = controller
        self.actions = actions
        self.bar = bar
        self.standing: StoryStanding | None = None
        self.publish_handler: Callable[[int], None] | None = None  # the publishing queue, when wired in
        self.ask_note: AskNote = ask_note_with_a_dialog(controller.pane)
        self.ask_time: AskTime = ask_time_with_a_dialog(controller.pane)
        controller.opened.connect(self._opened)
        controller.saved.connect(self._saved)
        actions.move_wanted.connect(self.move)

    def _opened(self, opened: OpenedStory) -> None:
        self.standing = None
        if not opened.editable.may_edit:
            self.actions.update([])
            self.bar.clear()
            return
        self.refresh()

    def _saved(self, saved: DraftSaved) -> None:
        """The editor saved: the header's version follows (a published story's first edit makes a correction,
        which is read from the story)."""
        standing, newsroom = self.standing, self.controller.newsroom
        if standing is None or newsroom is None or standing.id != self.controller.story_id:
            return
        if standing.status is Status.PUBLISHED and standing.correction is not Correction.PENDING:
            self.refresh()
            return
        self.standing = replace(standing, version=saved.result.version)
        self.bar.show_standing(self.standing, newsroom.settings.tz, newsroom.settings.time_zone)

    def refresh(self) -> None:
        """Read the open story's standing and moves again (after a move, or a colleague's change)."""
        newsroom, story_id = self.controller.newsroom, self.controller.story_id
        if newsroom is None or story_id is None:
            return
        db, actor = newsroom.db, newsroom.actor
        self.runner.run(lambda: jobs.story_workflow(db, actor, story_id), lambda w: self._show(story_id, w),
                        self._refresh_failed)

    def _show(self, story_id: int, workflow: jobs.StoryWorkflow) -> None:
        newsroom = self.controller.newsroom
        if story_id != self.controller.story_id or newsroom is None:
            return
        self.standing = workflow.standing
        self.actions.update(workflow.moves)
        settings = newsroom.settings
        self.bar.show_standing(workflow.standing, settings.tz, settings.time_zone)
        self.standing_read.emit(workflow.standing)

    def _refresh_failed(self, error: BaseException) -> None:
        logger.info("reading the story's standing failed: %s", error)
        self.controller.failed.emit(error)

    # --- moves -------------------------------------------------------------------------------------------
    def move(self, key: MoveKey) -> None:
        controller = self.controller
        newsroom, story_id = controller.newsroom, controller.story_id
        if newsroom is None or story_id is None or not self.actions.actions[key].isEnabled():
            return
        if key is MoveKey.PUBLISH and self.publish_handler is not None:
            self.publish_handler(story_id)
            return
        note, at = "", None
        if key is MoveKey.REQUEST_CHANGES:
            note = self.ask_note(controller.pane.headline.text()) or ""
            if not note:
                return
        if key is MoveKey.SCHEDULE:
            at = self.ask_time(newsroom.settings.time_zone, self.standing.scheduled if self.standing else None)
            if at is None:
                return
        controller.flush()  # the move applies to the words on screen: they are saved first, in order
        db, actor, chain = newsroom.db, newsroom.actor, controller.chain
        controller.show_status("Working…", NOTE_STYLE)
        self.runner.run(lambda: jobs.make_move(db, actor, story_id, key, chain, note=note, at=at),
                        lambda result: self._moved(story_id, key, result, at), self._move_failed)

    def _moved(self, story_id: int, key: MoveKey, result: WorkflowResult, at: datetime | None) -> None:
        if story_id == self.controller.story_id:
            self.controller.show_status(self.said(key, result, at), NOTE_STYLE)
            self.refresh()
        self.moved.emit(story_id)

    def said(self, key: MoveKey, result: WorkflowResult, at: datetime | None = None) -> str:
        """What the editor's status line says after a move."""
        settings = self.controller.newsroom.settings if self.controller.newsroom else None
        warnings = [f for f in result.findings if not f.blocks]
        if key is MoveKey.SUBMIT:
            left = len(result.findings)
            return "Submitted for review." + (f" {left} house-style finding{'s' if left != 1 else ''} remain: "
                                              "see Checks." if left else "")
        if key is MoveKey.APPROVE:
            return ("Correction approved." if result.correction.value else "Approved.") + (
                f" {len(warnings)} warning{'s' if len(warnings) != 1 else ''} remain." if warnings else "")
        if key is MoveKey.SCHEDULE and at is not None and settings is not None:
            return f"Scheduled: it goes out {when(at, settings.tz, settings.time_zone)}."
        return {MoveKey.REQUEST_CHANGES: "Sent back to the writer with your note.",
                MoveKey.UNSCHEDULE: "Taken off the schedule; it stays approved.",
                MoveKey.PUBLISH: "Marked published.", MoveKey.UNPUBLISH: "Unpublished.",
                MoveKey.REOPEN: "Reopened as a draft."}.get(key, "Done.")

    def _move_failed(self, error: BaseException) -> None:
        self.controller.show_status("Not done: see the message.", NOTE_STYLE)
        self.controller.failed.emit(error)
        self.refresh()
