"""Bring photos in from files, folders, drops and the clipboard, off the GUI thread, with progress and cancel.

`PhotoImporter` is the one controller for it: the photo desk uses it, and the story editor can too (a photo
dropped or pasted on a story). With `store=True` (the default, for users who may caption photos) each photo
is imported into the photo desk and the report carries its id; with `store=False` (a writer) the photos are
only checked and prefilled, and the report carries `PhotoUpload`s that become photos when the story is saved
(`services.photo_placement.place_photo` or `with_photo` + `save_story`).

    importer = PhotoImporter(runner, parent)
    importer.set_newsroom(db, actor, cache)        # cache: services.photo_renditions.rendition_cache(db)
    importer.finished.connect(lambda report: ...)  # report.outcomes: one ImportOutcome per file
    importer.import_mime(event.mimeData())         # a drop or a paste; or import_paths([...])
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QObject, Signal
from PySide6.QtGui import QImage

from editor_app.domain.permissions import Action, allowed
from editor_app.ui.tasks import Lane, TaskRunner

if TYPE_CHECKING:
    from editor_app.imaging.cache import RenditionCache
    from editor_app.services.actor import Actor
    from editor_app.services.photos import FolderScan, ImportOutcome, PhotoSource
    from editor_app.storage.engine import Database

logger = logging.getLogger(__name__)

# Clipboard formats that carry a photo file's own bytes, best first (a browser's copied image, a screenshot).
RAW_IMAGE_FORMATS = (("image/jpeg", ".jpg"), ("image/png", ".png"), ("image/webp", ".webp"), ("image/gif", ".gif"),
                     ("image/tiff", ".tif"))


@dataclass(frozen=True)
class ImportReport:
    """What an import did: one outcome per file, and the files left out of folders (not photos by name)."""

    outcomes: list[ImportOutcome] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)

    @property
    def imported(self) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.ok and not o.duplicate]

    @property
    def duplicates(self) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.duplicate]

    @property
    def refused(self) -> list[ImportOutcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def image_ids(self) -> list[int]:
        """The photos now in the photo desk, new or already there, in the order given."""
        return [o.image_id for o in self.outcomes if o.image_id is not None]

    def summary(self) -> str:
        """'Imported 12 photos; 2 were already in the photo desk; 1 was refused.'"""
        parts = [f"Imported {_photos(len(self.imported))}"]
        if self.duplicates:
            parts.append(f"{_photos(len(self.duplicates))} {'was' if len(self.duplicates) == 1 else 'were'} "
                         "already in the photo desk")
        if self.refused:
            parts.append(f"{len(self.refused)} {'was' if len(self.refused) == 1 else 'were'} refused")
        if self.skipped:
            parts.append(f"{len(self.skipped)} other file{'s' if len(self.skipped) != 1 else ''} left out")
        return "; ".join(parts) + "."


def _photos(n: int) -> str:
    return f"{n:,} photo{'s' if n != 1 else ''}"


def can_accept(mime: QMimeData) -> bool:
    """True for what a drop or paste of photos looks like: local files or image data."""
    return any(url.isLocalFile() for url in mime.urls()) or mime.hasImage() or any(
        mime.hasFormat(kind) for kind, _suffix in RAW_IMAGE_FORMATS)


def paths_from_mime(mime: QMimeData) -> list[Path]:
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def data_from_mime(mime: QMimeData, now: datetime | None = None) -> list[tuple[bytes, str]]:
    """Image data on the clipboard or in a drop, as (bytes, name): the file's own bytes when the source gave
    them, else the picture encoded as PNG (lossless)."""
    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H.%M.%S")
    for kind, suffix in RAW_IMAGE_FORMATS:
        if mime.hasFormat(kind):
            raw = bytes(mime.data(kind).data())
            if raw:
                return [(raw, f"Pasted {stamp}{suffix}")]
    image = mime.imageData() if mime.hasImage() else None
    if isinstance(image, QImage) and not image.isNull():
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide6 wants str
        data: QByteArray = buffer.data()
        return [(bytes(data.data()), f"Pasted {stamp}.png")]
    return []


class PhotoImporter(QObject):
    """Imports on the CPU lane; one import at a time. Signals arrive on the GUI thread."""

    started = Signal(int)  # how many things were given (folders count once; the total follows in progress)
    progressed = Signal(int, int, str)  # done, total, the file just done
    finished = Signal(object)  # an ImportReport
    cancelled = Signal(int)  # how many were done before the cancel (those stay imported)
    failed = Signal(object)  # an exception: the database went away, or a bug

    def __init__(self, runner: TaskRunner, parent: QObject | None = None, *, store: bool | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._store = store
        self._db: Database | None = None
        self._actor: Actor | None = None
        self._cache: RenditionCache | None = None
        self._active = False
        self._waiting = False  # a photo is being imported on the worker
        self._in_next = False
        self._generation = 0
        self._done = self._total = 0
        self._queue: list[PhotoSource] = []
        self._report = ImportReport()
        self._work: Callable[[PhotoSource], ImportOutcome] = _nothing

    def set_newsroom(self, db: Database | None, actor: Actor | None, cache: RenditionCache | None) -> None:
        self._db, self._actor, self._cache = db, actor, cache

    @property
    def busy(self) -> bool:
        return self._active

    @property
    def stores(self) -> bool:
        """True when photos go into the photo desk (the actor may caption photos, unless told otherwise)."""
        if self._store is not None:
            return self._store
        return self._actor is not None and allowed(self._actor.role, Action.CAPTION_PHOTOS)

    def import_mime(self, mime: QMimeData) -> bool:
        """Import what was dropped or pasted: files and folders, or image data. False when there was none."""
        paths = paths_from_mime(mime)
        if paths:
            return self.import_paths(paths)
        from editor_app.services.photos import PhotoSource

        found = data_from_mime(mime)
        return self.import_sources([PhotoSource.pasted(data, name) for data, name in found]) if found else False

    def import_paths(self, paths: Sequence[Path]) -> bool:
        """Import files, and the photo files inside folders (walked on the worker)."""
        from editor_app.services.photos import collect_sources

        wanted = list(paths)
        return self._start(len(wanted), lambda: collect_sources(wanted))

    def import_sources(self, sources: Sequence[PhotoSource]) -> bool:
        from editor_app.services.photos import FolderScan

        chosen = list(sources)
        return self._start(len(chosen), lambda: FolderScan(sources=chosen))

    def cancel(self) -> None:
        """Stop after the photo being imported now; what was imported stays."""
        if self._active:
            self._generation += 1  # answers still on their way are for an import that has ended
            self._active = False
            self.cancelled.emit(self._done)

    # --- running: the folders are read in one task, then each photo is a task of its own, so that the grid's
    # thumbnails (on the same lane) are never stuck behind a long import ------------------------------------
    def _start(self, count: int, scan: Callable[[], FolderScan]) -> bool:
        if self._active or self._db is None or self._actor is None or count == 0:
            return False
        from editor_app.services.photos import import_one, prepare_upload

        db, actor, cache = self._db, self._actor, self._cache
        if self.stores:  # what each worker task does, with plain data only
            self._work = lambda item: import_one(db, actor, item, cache=cache)
        else:
            self._work = prepare_upload
        self._generation += 1
        generation = self._generation
        self._active = True
        self._done = 0
        self._report = ImportReport()
        self._queue = []
        self.started.emit(count)
        self._runner.run(scan, lambda found: self._scanned(generation, found),
                         lambda error: self._failed(generation, error), lane=Lane.CPU)
        return True

    def _scanned(self, generation: int, found: FolderScan) -> None:
        if generation != self._generation:
            return
        self._report = ImportReport([], list(found.skipped))
        self._queue = list(found.sources)
        self._total = len(self._queue)
        self.progressed.emit(0, self._total, "")
        self._next(generation)

    def _next(self, generation: int) -> None:
        """Start the next photo. A synchronous runner answers inside `run`, so this loops, never recurses."""
        self._in_next = True
        try:
            while generation == self._generation and self._queue and not self._waiting:
                self._waiting = True
                self._start_one(generation, self._queue.pop(0))
        finally:
            self._in_next = False
        if generation == self._generation and not self._queue and not self._waiting and self._active:
            self._active = False
            for outcome in self._report.refused:
                logger.info("not imported: %s", outcome.message)
            self.finished.emit(self._report)

    def _start_one(self, generation: int, item: PhotoSource) -> None:
        work = self._work
        self._runner.run(lambda: work(item), lambda outcome: self._one_done(generation, outcome),
                         lambda error: self._failed(generation, error), lane=Lane.CPU)

    def _one_done(self, generation: int, outcome: ImportOutcome) -> None:
        self._waiting = False
        if generation != self._generation:
            return
        self._report.outcomes.append(outcome)
        self._done += 1
        self.progressed.emit(self._done, self._total, outcome.name)
        if not self._in_next:
            self._next(generation)

    def _failed(self, generation: int, error: BaseException) -> None:
        self._waiting = False
        if generation != self._generation:
            return
        self._generation += 1
        self._active = False
        self.failed.emit(error)


def _nothing(item: PhotoSource) -> ImportOutcome:
    raise RuntimeError("no import is running")
