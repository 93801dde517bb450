"""The story in the editor when colleagues change it: notes, trail and header are read again; the text
reloads by itself when this desk has nothing unsaved (or may not edit anyway), otherwise a banner says who
changed it and offers to compare (the conflict view, where nothing is lost) or to keep editing. A change to
the edit lock makes a lock holder beat at once (a takeover is noticed in a second, not thirty) and makes a
desk that was locked out try again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from editor_app.ui.editor.editor_pane import NOTE_STYLE
from editor_app.ui.workflow.banner import Banner, Level

if TYPE_CHECKING:
    from editor_app.services.changes import ChangeBatch
    from editor_app.services.story_status import StoryStanding
    from editor_app.ui.editor.controller import EditorController
    from editor_app.ui.editor.jobs import OpenedStory
    from editor_app.ui.workflow.edit_lock import EditLockKeeper
    from editor_app.ui.workflow.editor_workflow import EditorWorkflow
    from editor_app.ui.workflow.story_side import StorySide


class OpenStoryRefresh(QObject):
    def __init__(self, controller: EditorController, workflow: EditorWorkflow, side: StorySide,
                 locks: EditLockKeeper, banner: Banner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.workflow = workflow
        self.side = side
        self.locks = locks
        self.banner = banner
        self.reloaded_for = ""  # who changed the story when it last reloaded by itself (for the status line)
        workflow.standing_read.connect(self._standing_read)
        controller.opened.connect(self._opened)
        controller.saved.connect(lambda _saved: self.banner.clear())  # the save settled it (or the conflict view)

    def _opened(self, _opened: OpenedStory) -> None:
        self.banner.clear()
        if self.reloaded_for:
            self.controller.show_status(f"Reloaded: {self.reloaded_for} changed the story.", NOTE_STYLE)
            self.reloaded_for = ""

    def changed(self, batch: ChangeBatch) -> None:
        story_id = self.controller.story_id
        if story_id is None or (story_id not in batch.stories and not batch.reload_all):
            return
        kinds = {kind.value for kind in batch.stories.get(story_id, frozenset())}
        if batch.reload_all:
            kinds = {"story", "notes", "lock"}
        if "notes" in kinds:
            self.side.load_notes()
        self.side.load_trail()  # moves, lock takeovers and resolved notes are all in it
        if "lock" in kinds:
            if self.locks.token is not None:
                self.locks.beat_now()
            elif self.locks.locked_out and not self.controller.dirty:
                self.controller.open_story(story_id, force=True)  # the holder may have left: try again
                return
        if "story" in kinds:
            self.workflow.refresh()  # then _standing_read decides about the text

    def _standing_read(self, standing: StoryStanding) -> None:
        controller, chain = self.controller, self.controller.chain
        if chain is None or standing.id != controller.story_id or standing.version <= chain.version:
            return
        if self.locks.lost_lock or controller.conflicts.showing:
            return  # the banner or the conflict view already says what happened
        who = standing.changed_by or "a colleague"
        if controller.read_only or (not controller.dirty and not controller.saving):
            self.reloaded_for = who
            controller.open_story(standing.id, force=True)
            return
        self.banner.show_message(
            f"{who} changed this story (now version {standing.version}) while you have unsaved edits.",
            [("Compare…", "Compare your text with theirs and choose; nothing is lost", self._compare),
             ("Keep editing", "Keep editing; your next save shows both versions", self.banner.clear)],
            Level.WARNING)

    def _compare(self) -> None:
        self.banner.clear()
        self.controller.save_now()  # against the old version: refused, kept as a revision, compared
