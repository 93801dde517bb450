"""The editing session of the story in the editor: open it, autosave it, preview it, keep its history.

Autosave: the first edit after a save starts one timer (not restarted by later keystrokes), so text reaches
the database within the delay plus one save even while the writer types without a pause; a close or a
story switch flushes at once. Saves queue on the database lane through a SaveChain, so each starts from the
version the previous one left. A conflict stops the chain and shows the conflict view.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.errors import ConflictError, KnownError, LockedError
from editor_app.domain.stories import StoryDetail
from editor_app.domain.story_draft import FieldWarning, detail_with, draft_warnings
from editor_app.domain.story_state import RevisionKind
from editor_app.ui.editor import jobs
from editor_app.ui.editor.conflicts import ConflictResolver
from editor_app.ui.editor.editor_pane import NOTE_STYLE, WARNING_STYLE, EditorPane, set_style
from editor_app.ui.editor.photo_drops import PhotoDrops, Target
from editor_app.ui.editor.preview import PreviewController
from editor_app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from editor_app.services.rescue import Recovered, UnsavedStore
    from editor_app.services.story_editing import DraftSaved
    from editor_app.ui.newsroom_jobs import OpenedNewsroom

logger = logging.getLogger(__name__)

AUTOSAVE_DELAY_MS = 1000
RETRY_SAVE_MS = 10_000  # after a save that failed, the next try (the text is kept on this computer meanwhile)
Ask = Callable[[str, str], bool]


def ask_with_a_box(parent: QWidget) -> Ask:
    def ask(title: str, question: str) -> bool:
        answer = QMessageBox.question(parent, title, question, QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    return ask


class EditorController(QObject):
    opened = Signal(object)  # jobs.OpenedStory, once it is in the editor (or read-only, see may_edit)
    saved = Signal(object)  # services.story_editing.DraftSaved
    story_saved = Signal(int, str)  # story id, headline: the list shows the new headline
    stories_changed = Signal()  # an explicit save, a restore: the list reloads
    failed = Signal(object)  # an error for the window's one error path
    leaving = Signal(int)  # the story is about to leave the editor (another opens, or the editor closes)
    lock_refused = Signal(object)  # a save was refused: somebody else holds the edit lock (LockedError)
    notice = Signal(str)  # a sentence for the status bar (text left unsaved last time, saved now)

    def __init__(self, runner: TaskRunner, pane: EditorPane, autosave_ms: int = AUTOSAVE_DELAY_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.pane = pane
        self.newsroom: OpenedNewsroom | None = None
        self.ask: Ask = ask_with_a_box(pane)
        self.story: jobs.OpenedStory | None = None
        self.chain: jobs.SaveChain | None = None
        self.preview = PreviewController(runner, pane.preview, self.preview_detail, parent=self)
        self._timer = QTimer(self, singleShot=True, interval=autosave_ms)
        self._timer.timeout.connect(self.autosave)
        # after a failed save (the server away, a full disk): try again, typing or not
        self._retry = QTimer(self, singleShot=True, interval=RETRY_SAVE_MS)
        self._retry.timeout.connect(self._retry_save)
        self._unsaved: UnsavedStore | None = None
        self._edits = 0  # edits since the story was opened
        self._saved_edits = 0  # edits covered by the last save that finished
        self._queued_edits = 0  # edits covered by the last save queued
        self._in_flight = 0
        self._generation = 0
        self.last_saved: datetime | None = None
        self._left_out: tuple[FieldWarning, ...] = ()  # fields the last save could not take, and why
        self.read_only = False  # no saves: the user may not edit it, or somebody else holds the edit lock
        self.conflicts = ConflictResolver(self)
        self.drops = PhotoDrops(runner, pane, self._drop_target, self)
        self.drops.message.connect(lambda text: self.show_status(text, NOTE_STYLE))
        self.drops.failed.connect(self.failed)
        pane.edited.connect(self._edited)
        pane.bylines.new_contributor_wanted.connect(self._new_contributor)
        pane.cities.new_city_wanted.connect(self._new_city)
        pane.history.revision_chosen.connect(self._show_revision)
        pane.history.restore_wanted.connect(self.restore)
        pane.tabs.currentChanged.connect(self._tab_changed)

    # --- the newsroom and its vocabulary ------------------------------------------------
    def set_newsroom(self, newsroom: OpenedNewsroom | None) -> None:
        self.newsroom = newsroom
        self._unsaved = None
        if newsroom is not None:
            self.preview.settings = newsroom.settings
            self.pane.bylines.paper_name = newsroom.settings.paper_name
            self.load_vocabulary()
            self._recover_unsaved(newsroom)

    def _recover_unsaved(self, newsroom: OpenedNewsroom) -> None:
        """Save what was left unsaved on this computer last time (before any story opens: same lane)."""
        self._unsaved = store = jobs.unsaved_store(newsroom.db)
        db, actor = newsroom.db, newsroom.actor

        def recovered(done: list[Recovered]) -> None:
            if done:
                self.notice.emit(" ".join(item.sentence() for item in done))
                self.stories_changed.emit()

        self.runner.run(lambda: jobs.recover_unsaved(db, actor, store), recovered, self.failed.emit)

    def load_vocabulary(self) -> None:
        if self.newsroom is None:
            return
        db, actor = self.newsroom.db, self.newsroom.actor
        self.runner.run(lambda: jobs.vocabulary(db, actor),
                        lambda v: self.pane.set_vocabulary(v.sections, v.cities, v.contributors), self.failed.emit)

    # --- opening -------------------------------------------------------------------------
    @property
    def story_id(self) -> int | None:
        return self.chain.story_id if self.chain is not None else None

    @property
    def dirty(self) -> bool:
        return self._edits > self._queued_edits

    @property
    def saving(self) -> bool:
        """A save is on its way to the database."""
        return self._in_flight > 0

    def open_story(self, story_id: int, *, force: bool = False) -> None:
        """Show `story_id` in the editor, after flushing the story that was there."""
        if self.newsroom is None or (story_id == self.story_id and not force):
            return
        self.flush()
        if self.story_id is not None and story_id != self.story_id:
            self.leaving.emit(self.story_id)
        self._generation += 1
        generation = self._generation
        db, actor = self.newsroom.db, self.newsroom.actor
        self.runner.run(lambda: jobs.open_story(db, actor, story_id), lambda o: self._opened(generation, o),
                        self.failed.emit)

    def _opened(self, generation: int, opened: jobs.OpenedStory) -> None:
        if generation != self._generation:
            return
        editable = opened.editable
        self.story = opened
        self._timer.stop()
        self._edits = self._saved_edits = self._queued_edits = 0
        self._retry.stop()
        self.chain = jobs.SaveChain(editable.detail.id, editable.detail.version, editable.draft, editable.slug_fixed,
                                    self._unsaved)
        self.pane.photos.set_photos(editable.draft.photos, editable.detail.photos, opened.images)
        self.pane.load(editable.draft, editable.slug_fixed)
        self.read_only = not editable.may_edit or opened.locked_out
        self.pane.set_read_only(self.read_only)
        self.pane.history.clear()
        self.last_saved = None
        self._left_out = ()
        self.show_status(f"Version {editable.detail.version} · {editable.detail.status.label}", NOTE_STYLE)
        self.preview.reset(opened.images)
        self.preview.render_now()
        if self.pane.tabs.currentWidget() is self.pane.history:
            self.load_history()
        self.opened.emit(opened)

    def reload(self) -> None:
        """Take the database's version of the story (after a conflict: theirs)."""
        if self.story_id is not None:
            self._edits = self._queued_edits  # what is on screen is dropped on purpose
            self.open_story(self.story_id, force=True)

    def close_story(self) -> None:
        self.flush()
        if self.story_id is not None:
            self.leaving.emit(self.story_id)
        self._generation += 1
        self.chain = None
        self.story = None

    # --- editing and saving ------------------------------------------------------------------
    def _edited(self, name: str) -> None:
        if self.chain is None or self.chain.stopped or self.read_only:
            return
        self._edits += 1
        if name != "body" or self.pane.headline_note.isVisible():
            self.pane.show_warnings(draft_warnings(self.pane.draft()) if name == "headline" else
                                    [w for w in draft_warnings(self.pane.draft()) if w.field == "headline"])
        self.show_status("Unsaved changes…", NOTE_STYLE)
        if not self._timer.isActive():
            self._timer.start()
        self.preview.request()

    def preview_detail(self) -> StoryDetail | None:
        if self.story is None:
            return None
        return detail_with(self.story.editable.detail, self.pane.draft())

    def autosave(self) -> None:
        if self._in_flight:
            self._timer.start()  # one autosave at a time; the next starts when this one is done
            return
        self._save(RevisionKind.AUTOSAVE)

    def save_now(self) -> None:
        """Ctrl+S: a "save" revision, whatever autosave already wrote."""
        self._timer.stop()
        self._save(RevisionKind.SAVE)

    def flush(self) -> None:
        """Queue a save of anything unsaved now (a close or a story switch); the database lane keeps the order."""
        self._timer.stop()
        if self.dirty:
            self._save(RevisionKind.AUTOSAVE)

    def _save(self, kind: RevisionKind) -> None:
        chain, newsroom = self.chain, self.newsroom
        if chain is None or newsroom is None or chain.stopped or self.read_only:
            return
        after = self.pane.draft()
        covered = self._edits
        self._queued_edits = covered
        self._in_flight += 1
        db, actor = newsroom.db, newsroom.actor
        self.show_status("Saving…", NOTE_STYLE)
        self.runner.run(lambda: chain.save(db, actor, after, kind),
                        lambda saved: self._saved(chain, covered, kind, saved),
                        lambda error: self._save_failed(chain, covered, error))

    def _saved(self, chain: jobs.SaveChain, covered: int, kind: RevisionKind, saved: DraftSaved | None) -> None:
        self._in_flight -= 1
        if chain is not self.chain:
            return
        self._saved_edits = max(self._saved_edits, covered)
        if saved is not None:
            self._left_out = saved.left_out
            self.last_saved = datetime.now()
            self.pane.slug_saved(saved.saved.slug)
            warnings = [*saved.left_out, *[w for w in draft_warnings(self.pane.draft()) if not w.blocking]]
            self.pane.show_warnings(warnings)
            if "headline" in saved.result.changed:
                self.story_saved.emit(chain.story_id, saved.saved.headline)
            self.saved.emit(saved)
            if kind is RevisionKind.SAVE:
                self.stories_changed.emit()
            if self.pane.tabs.currentWidget() is self.pane.history:
                self.load_history()
        if not self._in_flight:
            if self._edits > self._saved_edits and not self._timer.isActive():
                self._timer.start()
            if self._left_out:
                self.show_status("Saved, except: " + " ".join(w.message for w in self._left_out), WARNING_STYLE)
            else:
                self.show_status(self._saved_text(chain) if self._edits <= self._saved_edits
                                  else "Unsaved changes…", NOTE_STYLE)

    def _saved_text(self, chain: jobs.SaveChain) -> str:
        when = self.last_saved.strftime("%H:%M:%S") if self.last_saved else "earlier"
        return f"All changes saved · {when} · version {chain.version}"

    def _save_failed(self, chain: jobs.SaveChain, covered: int, error: BaseException) -> None:
        self._in_flight -= 1
        if chain is not self.chain:
            return
        if isinstance(error, LockedError):
            self.make_read_only(f"Not saved: {error.message}")
            self.lock_refused.emit(error)
            return
        if isinstance(error, ConflictError):
            self.conflicts.show(error)
            return
        self._queued_edits = min(self._queued_edits, self._saved_edits)  # still to be saved
        kept = "Your text is kept on this computer; saving is tried again every " \
               f"{RETRY_SAVE_MS // 1000} seconds." if self._unsaved is not None else ""
        if isinstance(error, KnownError):
            self.show_status(f"Not saved: {error.message} {kept or error.hint}".strip(), WARNING_STYLE)
        else:
            self.show_status(f"Not saved: something went wrong inside the app (see the log). {kept}".strip(),
                             WARNING_STYLE)
            self.failed.emit(error)
        self._retry.start()

    def _retry_save(self) -> None:
        if self.dirty and not self._timer.isActive():
            self.autosave()

    def _drop_target(self) -> Target | None:
        """Where dropped photos go: the open story, while it may be changed."""
        if self.newsroom is None or self.chain is None or self.read_only or self.chain.stopped:
            return None
        return Target(self.newsroom.db, self.newsroom.actor, self.chain.story_id)

    def show_status(self, text: str, style: str) -> None:
        if self.pane.status.text() != text:
            self.pane.status.setText(text)
        set_style(self.pane.status, style)

    # --- stopping ---------------------------------------------------------------------------------
    def stop_autosave(self) -> None:
        self._timer.stop()
        self._retry.stop()

    def make_read_only(self, why: str) -> None:
        """No more saves from this editor (the edit lock is gone): the fields lock, the text stays on screen."""
        self._timer.stop()
        self.read_only = True
        if self.chain is not None:
            self.chain.stop()
        self.pane.set_read_only(True)
        self.show_status(why, WARNING_STYLE)

    # --- vocabulary on the fly ---------------------------------------------------------------------
    def _new_contributor(self, name: str, role: BylineRole) -> None:
        if self.newsroom is None or not self.ask(
                "New contributor", f"“{name}” is not in the contributor registry. Add {name} as a freelance "
                                   "contributor and put them in the byline?"):
            return
        db, actor = self.newsroom.db, self.newsroom.actor

        def added(real: str) -> None:
            self.pane.bylines.add_byline(Byline(real, role))
            self.load_vocabulary()

        self.runner.run(lambda: jobs.new_contributor(db, actor, name), added, self.failed.emit)

    def _new_city(self, name: str) -> None:
        if self.newsroom is None or not self.ask(
                "New city", f"“{name}” is not in the city vocabulary. Add it (for every story) and tag this "
                            "story with it?"):
            return
        db, actor = self.newsroom.db, self.newsroom.actor

        def added(real: str) -> None:
            self.load_vocabulary()
            self.pane.cities.add_name(real)

        self.runner.run(lambda: jobs.new_city(db, actor, name), added, self.failed.emit)

    # --- history -----------------------------------------------------------------------------------
    def _tab_changed(self, _index: int) -> None:
        if self.pane.tabs.currentWidget() is self.pane.history:
            self.load_history()

    def load_history(self) -> None:
        if self.newsroom is None or self.story_id is None:
            return
        db, actor, story_id = self.newsroom.db, self.newsroom.actor, self.story_id
        self.runner.run(lambda: jobs.revisions(db, actor, story_id), self.pane.history.set_revisions,
                        self.failed.emit)

    def _show_revision(self, number: int) -> None:
        if self.newsroom is None or self.story_id is None:
            return
        db, actor, story_id, draft = self.newsroom.db, self.newsroom.actor, self.story_id, self.pane.draft()
        self.runner.run(lambda: jobs.revision_diff(db, actor, story_id, number, draft), self.pane.history.show_diff,
                        self.failed.emit)

    def restore(self, number: int) -> None:
        """Save what is on screen, then bring back revision `number` as a new revision and reopen the story."""
        chain, newsroom = self.chain, self.newsroom
        if chain is None or newsroom is None or chain.stopped:
            return
        self.flush()
        db, actor = newsroom.db, newsroom.actor

        def restored(_result: object) -> None:
            self.show_status(f"Revision {number} restored.", NOTE_STYLE)
            self.stories_changed.emit()
            self.open_story(chain.story_id, force=True)

        self.runner.run(lambda: chain.restore(db, actor, number), restored, self._restore_failed)

    def _restore_failed(self, error: BaseException) -> None:
        self.failed.emit(error)
        if self.story_id is not None:
            self.open_story(self.story_id, force=True)

    def focus_body(self) -> None:
        self.pane.body.setFocus(Qt.FocusReason.ShortcutFocusReason)
