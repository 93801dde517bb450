"""The photo desk's writes, on the database lane: save one photo's words, set its focal point, batch-edit a
selection, and recount what still needs a caption, credit or alt text. Results come back as signals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from editor_app.domain.photos import Keep, Needs, PhotoEdit, PhotoRow
from editor_app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from editor_app.ui.newsroom_jobs import OpenedNewsroom


class PhotoEditing(QObject):
    rows_changed = Signal(list, str)  # the changed PhotoRows, a line for the status bar
    counts_changed = Signal(dict)  # Needs -> how many photos lack it
    save_failed = Signal(int, object, object)  # image id, the PhotoEdit that was not saved, the error
    failed = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._newsroom: OpenedNewsroom | None = None

    def set_newsroom(self, newsroom: OpenedNewsroom | None) -> None:
        self._newsroom = newsroom

    def save(self, image_id: int, version: int, edit: PhotoEdit) -> None:
        if self._newsroom is None:
            return
        db, actor = self._newsroom.db, self._newsroom.actor

        def job() -> PhotoRow:
            from editor_app.services.photo_edits import update_photo

            return update_photo(db, actor, image_id, edit, expected_version=version)

        self._runner.run(job, lambda row: self._changed([row], f"Saved photo {image_id}."),
                         lambda error: self.save_failed.emit(image_id, edit, error))

    def set_focal(self, image_id: int, x: float, y: float) -> None:
        if self._newsroom is None:
            return
        db, actor = self._newsroom.db, self._newsroom.actor

        def job() -> PhotoRow:
            from editor_app.services.photo_edits import set_focal_point

            return set_focal_point(db, actor, image_id, x, y)

        self._runner.run(job, lambda row: self.rows_changed.emit([row], "Focal point set: crops centre there."),
                         self.failed.emit)

    def apply_batch(self, ids: list[int], credit: str | Keep, photographer: str | Keep, source: str | Keep) -> None:
        if self._newsroom is None:
            return
        db, actor = self._newsroom.db, self._newsroom.actor

        def job() -> list[PhotoRow]:
            from editor_app.services.photo_edits import batch_update

            return batch_update(db, actor, ids, credit=credit, photographer=photographer, source=source)

        self._runner.run(job, lambda rows: self._changed(rows, f"Changed {len(rows)} photos."), self.failed.emit)

    def refresh_counts(self) -> None:
        if self._newsroom is None:
            return
        db, actor = self._newsroom.db, self._newsroom.actor

        def job() -> dict[Needs, int]:
            from editor_app.services.photo_library import count_needing

            return count_needing(db, actor)

        self._runner.run(job, self.counts_changed.emit, self.failed.emit)

    def _changed(self, rows: list[PhotoRow], text: str) -> None:
        self.rows_changed.emit(rows, text)
        self.refresh_counts()
