"""The editor's side of the soft edit lock (services.locks): the lock is taken when a story opens; a
heartbeat keeps it every 30 seconds, carrying the text not saved yet; it is given back when the story
leaves the editor. Somebody else's lock opens the story read-only under a banner ("Being edited by Anna
since 10:42"), with "Take over" for editors. A lock lost to a takeover (or a save refused because
somebody else holds it) turns the editor read-only and says which revision keeps the unsaved text."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from editor_app.domain.errors import KnownError, LockLostError
from editor_app.ui.editor.editor_pane import NOTE_STYLE
from editor_app.ui.workflow import jobs
from editor_app.ui.workflow.banner import Banner, Level

if TYPE_CHECKING:
    from editor_app.domain.errors import LockedError
    from editor_app.ui.editor.controller import EditorController
    from editor_app.ui.editor.jobs import OpenedStory
    from editor_app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

HEARTBEAT_MS = 30_000  # services.lock_records.HEARTBEAT_EVERY; a lock lapses after 90 s without one


class EditLockKeeper(QObject):
    lost = Signal(object)  # LockLostError or LockedError: this desk may no longer edit the story

    def __init__(self, runner: TaskRunner, controller: EditorController, banner: Banner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.controller = controller
        self.banner = banner
        self.token: str | None = None
        self.story_id: int | None = None
        self.locked_out = False  # somebody else holds the lock of the open story
        self.lost_lock = False  # this desk lost the lock of the open story (read-only until reopened)
        self._taken_from = ""  # the holder this desk just took the story from (said once it reopens)
        self._holder = ""  # who holds the lock of the story open read-only
        self.timer = QTimer(self, interval=HEARTBEAT_MS)
        self.timer.timeout.connect(self.beat_now)
        controller.opened.connect(self._opened)
        controller.leaving.connect(lambda _story_id: self.release())
        controller.lock_refused.connect(self._refused)

    # --- opening and leaving --------------------------------------------------------------------------
    def _opened(self, opened: OpenedStory) -> None:
        outcome = opened.lock
        self.story_id = opened.editable.detail.id
        self.locked_out = opened.locked_out
        self.lost_lock = False
        if outcome is None or outcome.lock is None:  # the user may not edit it: no lock to keep
            self._forget()
            self.banner.clear()
            return
        if outcome.editable:
            self.token = outcome.lock.token
            self.timer.start()
            taken_from, self._taken_from = self._taken_from, ""
            if taken_from:
                self.banner.show_message(f"You took the story over from {taken_from}; their unsaved text is kept "
                                         "as a revision for them.", level=Level.INFO)
            elif outcome.taken_from_expired:
                self.banner.show_message(f"{outcome.taken_from_expired} had this story open but stopped "
                                         "answering; it is yours to edit now.", level=Level.INFO)
            else:
                self.banner.clear()
            return
        self._forget()
        holder = outcome.lock
        self._holder = holder.holder
        buttons = [("Take over", f"Take the story over from {holder.holder}; their unsaved text is kept as a "
                                 "revision", self.take_over)] if outcome.may_take_over else []
        self.banner.show_message(f"{holder.banner()}. You can read it; your changes would not be saved."
                                 + (" An editor may take it over." if not outcome.may_take_over else ""),
                                 buttons)
        self.controller.show_status(f"Read only while {holder.holder} edits it.", NOTE_STYLE)

    def _forget(self) -> None:
        self.timer.stop()
        self.token = None

    def release(self) -> None:
        """Give the lock back (the story leaves the editor, or the window closes); queued after any save."""
        token, newsroom = self.token, self.controller.newsroom
        self._forget()
        self.banner.clear()
        if token is None or newsroom is None:
            return
        db, actor = newsroom.db, newsroom.actor
        self.runner.run(lambda: jobs.release(db, actor, token), lambda _none: None,
                        lambda error: logger.info("releasing an edit lock failed: %s", error))

    # --- the heartbeat --------------------------------------------------------------------------------
    def beat_now(self) -> None:
        """Tell the newsroom this desk still edits the story; a lost lock is found out here."""
        token, newsroom, chain = self.token, self.controller.newsroom, self.controller.chain
        if token is None or newsroom is None:
            return
        db, actor = newsroom.db, newsroom.actor
        draft = self.controller.pane.draft() if not self.controller.read_only else None
        self.runner.run(lambda: jobs.heartbeat(db, actor, token, chain, draft), lambda _info: None,
                        lambda error: self._beat_failed(token, error))

    def _beat_failed(self, token: str, error: BaseException) -> None:
        if token != self.token:
            return
        if isinstance(error, LockLostError):
            self._lose(error)
        elif isinstance(error, KnownError):  # the server is away: the next beat tries again
            logger.info("edit-lock heartbeat failed: %s", error)
        else:
            self.controller.failed.emit(error)

    def _lose(self, error: LockLostError) -> None:
        self._forget()
        self.lost_lock = True
        self.controller.make_read_only("Read only: you no longer hold this story.")
        self.banner.show_message(f"{error.message} {error.hint}".strip(), [
            ("Reload", "Reload the story to see the version in the newsroom now", self.reload)])
        self.lost.emit(error)

    def _refused(self, error: LockedError) -> None:
        """A save found somebody else's lock: the same as losing it (the text was kept as a revision)."""
        self._forget()
        self.lost_lock = True
        self.banner.show_message(f"{error.message} {error.hint}".strip(), [
            ("Reload", "Reload the story to see the version in the newsroom now", self.reload)])
        self.lost.emit(error)

    # --- taking over -----------------------------------------------------------------------------------
    def take_over(self) -> None:
        newsroom, story_id = self.controller.newsroom, self.story_id
        if newsroom is None or story_id is None:
            return
        db, actor = newsroom.db, newsroom.actor
        self.banner.show_message("Taking the story over…", level=Level.INFO)
        self.runner.run(lambda: jobs.take_over(db, actor, story_id), lambda _info: self._taken(story_id),
                        self._take_over_failed)

    def _taken(self, story_id: int) -> None:
        self._taken_from = self._holder
        self.controller.open_story(story_id, force=True)  # the newest text, and the lock is ours now

    def _take_over_failed(self, error: BaseException) -> None:
        self.reload()
        self.controller.failed.emit(error)

    def reload(self) -> None:
        if self.story_id is not None:
            self.controller.open_story(self.story_id, force=True)
