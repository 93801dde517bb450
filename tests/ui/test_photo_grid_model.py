"""The photo grid's model and thumbnail loader, without a window: rows, roles, lazy thumbnails, LRU."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPixmap
from pytestqt.qtbot import QtBot

from editor_app.domain.photos import PhotoRow, StoryUse
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.imaging.cache import RenditionCache
from editor_app.services.actor import Actor
from editor_app.services.photo_library import list_photos
from editor_app.services.photos import PhotoSource, import_photos
from editor_app.storage.engine import Database
from editor_app.ui.photo_desk.model import BROKEN_ROLE, ROW_ROLE, PhotoGridModel, describe
from editor_app.ui.photo_desk.thumbnails import ThumbnailLoader
from editor_app.ui.tasks import SyncTaskRunner
from tests import photo_samples


def row(image_id: int, **fields: object) -> PhotoRow:
    values: dict[str, object] = dict(
        id=image_id, sha256=f"{image_id:064x}", filename=f"IMG_{image_id}.jpg", mime="image/jpeg", width=640,
        height=426, byte_size=1000, caption="", credit="", alt="", photographer="", photographer_id=None, source="",
        date_taken="", copyright="", camera="", file_byline="", location_found=False, serial_found=False,
        focal=(0.5, 0.5), version=1, imported=datetime(2026, 10, 1, tzinfo=UTC))
    values.update(fields)
    return PhotoRow(**values)  # type: ignore[arg-type]


@pytest.fixture
def stored(newsroom: Database, owner: Actor, tmp_path: Path) -> tuple[list[PhotoRow], RenditionCache]:
    cache = RenditionCache(tmp_path / "renditions")
    sources = [PhotoSource.pasted(photo_samples.plain_jpeg(n), f"p{n}.jpg") for n in range(6)]
    import_photos(newsroom, owner, sources)  # no cache given: thumbnails are made when the grid asks
    return list_photos(newsroom, owner), cache


def test_rows_and_roles(qtbot: QtBot) -> None:
    model = PhotoGridModel(ThumbnailLoader(SyncTaskRunner()))
    used = StoryUse(7, "Election day", "lead", Status.DRAFT, IsoWeek.parse("2026-W40"))
    model.set_rows([row(2, caption="Voters in Gyumri", credit="AP photo", location_found=True, stories=(used,)),
                    row(1)])
    assert model.rowCount() == 2 and model.rowCount(model.index(0)) == 0
    first, second = model.index(0), model.index(1)
    assert first.data(Qt.ItemDataRole.DisplayRole) == "Voters in Gyumri"
    assert second.data(Qt.ItemDataRole.DisplayRole) == "IMG_1.jpg"  # no caption yet: the file name
    assert first.data(ROW_ROLE).id == 2 and model.row_of(1) == 1 and model.row_of(99) == -1
    tip = first.data(Qt.ItemDataRole.ToolTipRole)
    assert "Needs alt text" in tip and "Location data in the original" in tip and "Election day (lead)" in tip
    assert describe(row(1)).startswith("IMG_1.jpg (no caption yet)")
    assert model.data(QModelIndex()) is None
    assert model.flags(first) & Qt.ItemFlag.ItemIsSelectable and not model.flags(first) & Qt.ItemFlag.ItemIsEditable


def test_merge_rows_inserts_new_photos_on_top_without_a_reset(qtbot: QtBot) -> None:
    model = PhotoGridModel(ThumbnailLoader(SyncTaskRunner()))
    model.set_rows([row(2), row(1)])
    resets: list[bool] = []
    inserted: list[tuple[int, int]] = []
    changed: list[int] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.dataChanged.connect(lambda top, _bottom, _roles=(): changed.append(top.row()))
    model.merge_rows([row(4), row(3), row(2, caption="Now captioned"), row(1)])
    assert (resets, inserted, changed) == ([], [(0, 1)], [2])
    assert [model.row_at(n).id for n in range(4)] == [4, 3, 2, 1]  # type: ignore[union-attr]
    assert model.row_of(1) == 3
    model.merge_rows([row(3), row(1)])  # something went away: start again
    assert resets == [True] and model.rowCount() == 2


def test_thumbnails_are_made_only_for_what_is_asked(qtbot: QtBot, newsroom: Database,
                                                   stored: tuple[list[PhotoRow], RenditionCache]) -> None:
    rows, cache = stored
    loader = ThumbnailLoader(SyncTaskRunner())
    loader.set_source(newsroom, cache)
    model = PhotoGridModel(loader)
    model.set_rows(rows)
    ready: list[int] = []
    loader.ready.connect(ready.append)
    asked = model.index(2)
    assert asked.data(Qt.ItemDataRole.DecorationRole) is None  # asked for, not there yet
    assert asked.data(Qt.ItemDataRole.DecorationRole) is None  # asking twice queues it once
    qtbot.waitUntil(lambda: ready == [rows[2].id])
    pixmap = asked.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(pixmap, QPixmap) and max(pixmap.width(), pixmap.height()) == 256
    assert loader.requested == 1 and not asked.data(BROKEN_ROLE)
    files = sorted(p.name for p in cache.folder.rglob("*.jpg"))
    assert files == [f"{rows[2].sha256}-thumb-256x256.jpg"]  # the other five were never made


def test_the_pixmap_cache_is_bounded(qtbot: QtBot, newsroom: Database,
                                     stored: tuple[list[PhotoRow], RenditionCache]) -> None:
    rows, cache = stored
    loader = ThumbnailLoader(SyncTaskRunner(), capacity=3, batch=2)
    loader.set_source(newsroom, cache)
    for found in rows:
        loader.request(found.id, found.sha256, found.filename)
    qtbot.waitUntil(lambda: sum(loader.pixmap(r.id) is not None for r in rows) == 3)
    assert loader.requested == 6
    # the last asked is loaded first (it is what the view shows now); the LRU keeps the three that came last
    assert {r.id for r in rows if loader.pixmap(r.id) is not None} == {r.id for r in rows[:3]}


def test_a_photo_that_cannot_be_decoded_is_shown_broken(qtbot: QtBot, newsroom: Database, tmp_path: Path) -> None:
    loader = ThumbnailLoader(SyncTaskRunner())
    loader.set_source(newsroom, RenditionCache(tmp_path / "r"))
    model = PhotoGridModel(loader)
    model.set_rows([row(42)])  # no such photo in the database
    with qtbot.waitSignal(loader.ready):
        model.index(0).data(Qt.ItemDataRole.DecorationRole)
    assert model.index(0).data(BROKEN_ROLE) is True
    assert model.index(0).data(Qt.ItemDataRole.DecorationRole) is None
    assert loader.requested == 1
