"""Thumbnails for the grid, loaded lazily: only what the view paints asks for one.

Requests queue on the GUI thread; a few small batches at a time go to the CPU lane, newest requests first
(what is on screen now), and the oldest are forgotten when the user scrolls far past them. Thumbnails come
back as QImages and become QPixmaps here, kept in an LRU of a bounded size.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap

from editor_app.ui.photo_desk.jobs import ThumbRequest, load_thumbnails
from editor_app.ui.tasks import Lane, TaskRunner

if TYPE_CHECKING:
    from editor_app.imaging.cache import RenditionCache
    from editor_app.storage.engine import Database

logger = logging.getLogger(__name__)


class ThumbnailLoader(QObject):
    """Get-or-request thumbnails by photo id; `ready(id)` says one arrived (or failed: `broken(id)`)."""

    ready = Signal(int)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None, *, capacity: int = 800,
                 batch: int = 8, in_flight: int = 2, max_pending: int = 400) -> None:
        super().__init__(parent)
        self._runner = runner
        self._capacity, self._batch, self._max_in_flight, self._max_pending = capacity, batch, in_flight, max_pending
        self._db: Database | None = None
        self._cache: RenditionCache | None = None
        self._pixmaps: OrderedDict[int, QPixmap] = OrderedDict()
        self._pending: OrderedDict[int, ThumbRequest] = OrderedDict()
        self._running: set[int] = set()
        self._broken: set[int] = set()
        self._jobs = 0
        self._generation = 0
        self.requested = 0  # how many thumbnails were asked of the workers (for tests and the bench)
        self._pump_timer = QTimer(self, singleShot=True, interval=0)
        self._pump_timer.timeout.connect(self._pump)

    def set_source(self, db: Database | None, cache: RenditionCache | None) -> None:
        """A newsroom opened (or closed): forget everything of the last one."""
        self._db, self._cache = db, cache
        self._generation += 1
        self._pixmaps.clear()
        self._pending.clear()
        self._running.clear()
        self._broken.clear()
        self._jobs = 0

    def pixmap(self, image_id: int) -> QPixmap | None:
        found = self._pixmaps.get(image_id)
        if found is not None:
            self._pixmaps.move_to_end(image_id)
        return found

    def is_broken(self, image_id: int) -> bool:
        return image_id in self._broken

    def request(self, image_id: int, sha256: str, name: str) -> None:
        """Ask for a thumbnail (cheap to call on every paint: repeats are ignored)."""
        if image_id in self._pixmaps or image_id in self._running or image_id in self._broken:
            return
        self._pending[image_id] = ThumbRequest(image_id, sha256, name)
        self._pending.move_to_end(image_id)
        while len(self._pending) > self._max_pending:
            self._pending.popitem(last=False)  # scrolled far past: it is asked again if it shows again
        if not self._pump_timer.isActive():
            self._pump_timer.start()

    def forget(self, image_id: int) -> None:
        """Drop a thumbnail (its photo changed)."""
        self._pixmaps.pop(image_id, None)
        self._broken.discard(image_id)

    def _pump(self) -> None:
        if self._db is None or self._cache is None:
            return
        while self._pending and self._jobs < self._max_in_flight:
            wanted = [self._pending.popitem(last=True)[1] for _ in range(min(self._batch, len(self._pending)))]
            self._running.update(item.image_id for item in wanted)
            self._jobs += 1
            self.requested += len(wanted)
            self._start(self._db, self._cache, self._generation, wanted)

    def _start(self, db: Database, cache: RenditionCache, generation: int, wanted: list[ThumbRequest]) -> None:
        self._runner.run(lambda: load_thumbnails(db, cache, wanted),
                         lambda found: self._arrived(generation, wanted, found),
                         lambda error: self._failed(generation, wanted, error), lane=Lane.CPU)

    def _arrived(self, generation: int, wanted: list[ThumbRequest], found: list[tuple[int, QImage]]) -> None:
        if generation != self._generation:
            return
        self._jobs -= 1
        for image_id, image in found:
            self._running.discard(image_id)
            if image.isNull():
                self._broken.add(image_id)
            else:
                self._pixmaps[image_id] = QPixmap.fromImage(image)
                while len(self._pixmaps) > self._capacity:
                    self._pixmaps.popitem(last=False)
            self.ready.emit(image_id)
        self._pump()

    def _failed(self, generation: int, wanted: list[ThumbRequest], error: BaseException) -> None:
        if generation != self._generation:
            return
        self._jobs -= 1
        logger.warning("thumbnails could not be loaded: %s", error)
        for item in wanted:
            self._running.discard(item.image_id)
            self._broken.add(item.image_id)
            self.ready.emit(item.image_id)
        self._pump()
