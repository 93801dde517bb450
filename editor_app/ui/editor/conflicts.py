"""What the editor does after a save lost to a colleague's newer version: show both side by side (the
conflict view), then keep mine, take theirs or save a text merged by hand, each against the version in the
database now. The losing text is already a revision (the write path kept it), so every way out loses nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from editor_app.domain.errors import ConflictError, LockedError
from editor_app.domain.story_draft import StoryDraft
from editor_app.ui.editor import jobs
from editor_app.ui.editor.editor_pane import NOTE_STYLE, WARNING_STYLE

if TYPE_CHECKING:
    from editor_app.ui.editor.controller import EditorController

_FIELD_NAMES = {"headline": "headline", "deck": "deck", "section": "section", "slug": "slug",
                "dateline_place": "dateline", "dateline_source": "dateline", "bylines": "bylines",
                "cities": "city tags", "photos": "photos"}


def other_differences(mine: StoryDraft, theirs: StoryDraft) -> str:
    """ "Also different: headline, city tags." for the fields beside the body that the two versions disagree on."""
    names = sorted({_FIELD_NAMES[name] for name in mine.changed(theirs) if name in _FIELD_NAMES})
    return f"Also different: {', '.join(names)}. Keep mine saves the fields you changed." if names else ""


class ConflictResolver(QObject):
    def __init__(self, controller: EditorController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.view = controller.pane.conflict
        self._mine: StoryDraft | None = None
        self._baseline: StoryDraft | None = None
        self.view.take_theirs.connect(controller.reload)
        self.view.copy_mine.connect(self.copy_mine)
        self.view.keep_mine.connect(lambda: self.resolve(None))
        self.view.save_merged.connect(self.resolve)

    @property
    def showing(self) -> bool:
        return self.controller.pane.middle.currentWidget() is self.view

    def show(self, error: ConflictError) -> None:
        """Stop editing, show mine at once and theirs once it is read."""
        controller, pane = self.controller, self.controller.pane
        controller.stop_autosave()
        mine = pane.draft()
        self._mine = mine
        self._baseline = controller.chain.baseline if controller.chain is not None else None
        self.view.show_conflict(error.message, error.hint, mine.body, None)
        pane.middle.setCurrentWidget(self.view)
        pane.set_read_only(True)
        controller.show_status("Not saved: a colleague's newer version is in the database.", WARNING_STYLE)
        newsroom, story_id = controller.newsroom, controller.story_id
        if newsroom is None or story_id is None:
            return
        db, actor = newsroom.db, newsroom.actor

        def read(theirs: jobs.OpenedStory) -> None:
            if self._mine is mine and self.showing:
                draft = theirs.editable.draft
                self.view.show_conflict(error.message, error.hint, mine.body, draft.body,
                                        other_differences(mine, draft))

        controller.runner.run(lambda: jobs.open_story(db, actor, story_id, take_lock=False), read,
                              controller.failed.emit)

    def resolve(self, body: str | None) -> None:
        """Keep mine (`body` None) or save the text merged by hand, against the version there now."""
        controller = self.controller
        chain, newsroom, mine, baseline = controller.chain, controller.newsroom, self._mine, self._baseline
        if chain is None or newsroom is None or mine is None or baseline is None:
            return
        db, actor, story_id = newsroom.db, newsroom.actor, chain.story_id
        self.view.set_busy(True)
        how = "Merged text saved" if body is not None else "Your version saved"

        def saved(version: int) -> None:
            self._mine = None
            controller.show_status(f"{how} as version {version}; theirs is in the history.", NOTE_STYLE)
            controller.stories_changed.emit()
            controller.open_story(story_id, force=True)

        def failed(error: BaseException) -> None:
            self.view.set_busy(False)
            if isinstance(error, LockedError):  # somebody took the story meanwhile: their lock rules
                controller.make_read_only(f"Not saved: {error.message}")
                controller.lock_refused.emit(error)
            elif isinstance(error, ConflictError):  # yet another version arrived meanwhile: compare again
                self.show(error)
            else:
                controller.failed.emit(error)

        controller.runner.run(lambda: jobs.resolve_conflict(db, actor, story_id, baseline, mine, body,
                                                            chain.slug_fixed), saved, failed)

    def copy_mine(self) -> None:
        draft = self._mine or self.controller.pane.draft()
        QGuiApplication.clipboard().setText(f"{draft.headline}\n\n{draft.deck}\n\n{draft.body}".replace(
            "\n\n\n\n", "\n\n"))
        self.controller.show_status("Your text is on the clipboard.", NOTE_STYLE)
