"""Photos dropped or pasted into the story's body: checked and read off the GUI thread (the photo desk's
importer, which stores nothing itself here), stored for the story on the database lane, then placed: the
photo joins the story's photos and its figure goes where it was dropped. Autosave saves both."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QImage, QTextCursor

from editor_app.domain.errors import ValidationError
from editor_app.domain.photo_markdown import figure_markdown
from editor_app.ui.photo_desk.importer import ImportReport, PhotoImporter
from editor_app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from editor_app.services.actor import Actor
    from editor_app.services.photo_placement import Attached
    from editor_app.storage.engine import Database
    from editor_app.ui.editor.editor_pane import EditorPane

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Target:
    """Where dropped photos go: the open story, if the user may change it now."""

    db: Database
    actor: Actor
    story_id: int


def attach(db: Database, actor: Actor, story_id: int, report: ImportReport,
           taken: set[str]) -> list[tuple[Attached, QImage | None]]:
    """Runs on the database lane: store each checked photo for the story, with a thumbnail for the list."""
    from editor_app.services.photo_placement import attach_photo
    from editor_app.ui.newsroom_jobs import decode_photos, image_src

    attached = []
    for outcome in report.outcomes:
        if outcome.upload is None:
            continue
        done = attach_photo(db, actor, story_id, outcome.upload, taken)
        taken.add(done.state.ref)
        attached.append((done, decode_photos(db, (done.use,)).get(image_src(done.use))))
    return attached


class PhotoDrops(QObject):
    message = Signal(str)  # a line for the editor's status
    failed = Signal(object)

    def __init__(self, runner: TaskRunner, pane: EditorPane, target: Callable[[], Target | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._pane = pane
        self._target = target
        self._position = 0
        self.importer = PhotoImporter(runner, self, store=False)  # checks and reads; attaching stores them
        self.importer.finished.connect(self._checked)
        self.importer.failed.connect(self.failed)
        pane.body.photos_offered.connect(self.offer)

    def offer(self, mime: QMimeData, position: int) -> bool:
        """Take the photos in `mime` for the open story, placing them at `position`; False when there are
        none or the story cannot take them now (read-only, or an import still running)."""
        target = self._target()
        if target is None:
            self.message.emit("This story cannot take photos now: it is read-only.")
            return False
        self.importer.set_newsroom(target.db, target.actor, None)
        self._position = position
        started = self.importer.import_mime(mime)
        if started:
            self.message.emit("Adding photos…")
        return started

    def _checked(self, report: ImportReport) -> None:
        target = self._target()
        refused = report.refused
        if refused:  # said in a box, not a status line that the next autosave replaces
            names = ", ".join(o.name for o in refused)
            self.failed.emit(ValidationError(f"Not added to the story: {names}.",
                                             hint=" ".join(o.message for o in refused)))
        if target is None or not any(o.upload is not None for o in report.outcomes):
            return
        taken = {photo.ref for photo in self._pane.photos.photos()}
        self._runner.run(lambda: attach(target.db, target.actor, target.story_id, report, taken),
                         lambda attached: self._place(target.story_id, attached), self.failed.emit)

    def _place(self, story_id: int, attached: list[tuple[Attached, QImage | None]]) -> None:
        target = self._target()
        if target is None or target.story_id != story_id:
            return  # another story is open now: the photos stay in the photo desk, unplaced
        body = self._pane.body
        cursor = QTextCursor(body.document())
        cursor.setPosition(min(self._position, len(body.toPlainText())))
        body.setTextCursor(cursor)
        for done, image in attached:
            self._pane.photos.add_photo(done.state, done.use, image)
            body.insert_at_cursor(figure_markdown(done.state.ref, done.use.alt, done.use.caption))
        self.message.emit(f"Added {len(attached)} photo{'s' if len(attached) != 1 else ''} to the story.")
