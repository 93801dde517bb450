"""The import controller the photo desk and the story editor share: reports, writers' uploads, cancel."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, QMimeData, QUrl
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from editor_app.domain.workflow import Role
from editor_app.imaging.cache import RenditionCache
from editor_app.services import users
from editor_app.services.actor import Actor
from editor_app.services.photo_library import list_photos
from editor_app.services.photo_placement import place_photo
from editor_app.services.photos import ImportOutcome
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_read import get_story
from editor_app.storage.engine import Database
from editor_app.ui.photo_desk.importer import ImportReport, PhotoImporter, can_accept, data_from_mime
from editor_app.ui.tasks import SyncTaskRunner, ThreadTaskRunner
from tests import photo_samples
from tests.helpers import create_story


def test_report_summary() -> None:
    report = ImportReport([ImportOutcome("a", image_id=1), ImportOutcome("b", image_id=1, duplicate=True),
                           ImportOutcome("c", error="bad")], [Path("x.txt"), Path("y.xmp")])
    assert report.summary() == ("Imported 1 photo; 1 photo was already in the photo desk; 1 was refused; "
                                "2 other files left out.")
    assert report.image_ids == [1, 1]


def test_mime_data() -> None:
    empty = QMimeData()
    assert not can_accept(empty) and data_from_mime(empty) == []
    raw = QMimeData()
    raw.setData("image/jpeg", QByteArray(photo_samples.plain_jpeg(1)))
    [(data, name)] = data_from_mime(raw, now=datetime(2026, 10, 5, 9, 30))
    assert can_accept(raw) and data == photo_samples.plain_jpeg(1) and name == "Pasted 2026-10-05 09.30.00.jpg"
    remote = QMimeData()
    remote.setUrls([QUrl("https://example.org/photo.jpg")])
    assert not can_accept(remote)  # only local files
    image = QMimeData()
    picture = QImage(10, 10, QImage.Format.Format_RGB32)
    picture.fill(0)
    image.setImageData(picture)
    [(png, _name)] = data_from_mime(image)
    assert png.startswith(b"\x89PNG")


def test_a_writer_gets_uploads_placed_through_save_story(qtbot: QtBot, newsroom: Database, owner: Actor,
                                                         tmp_path: Path) -> None:
    users.add_user(newsroom, owner, "wanda", "Wanda Writer", Role.WRITER)
    writer = users.actor_for(newsroom, "wanda")
    story_id, _ = create_story(newsroom, writer, StoryChanges(headline="Market day", section="Community",
                                                              body="Stalls opened early.\n"))
    path = tmp_path / "market.jpg"
    path.write_bytes(photo_samples.camera_photo(3))
    importer = PhotoImporter(SyncTaskRunner())
    importer.set_newsroom(newsroom, writer, RenditionCache(tmp_path / "r"))
    assert not importer.stores  # a writer may not add to the photo desk
    with qtbot.waitSignal(importer.finished) as done:
        assert importer.import_paths([path])
    report: ImportReport = done.args[0]
    [outcome] = report.outcomes
    assert outcome.ok and outcome.image_id is None and outcome.upload is not None and outcome.location_found
    assert list_photos(newsroom, owner) == []  # nothing stored yet
    version = get_story(newsroom, writer, story_id).version
    place_photo(newsroom, writer, story_id, version, upload=outcome.upload, role="lead")
    [photo] = get_story(newsroom, writer, story_id).photos
    assert photo.role == "lead" and photo.caption == outcome.caption != ""
    assert list_photos(newsroom, owner)[0].location_found is True  # recorded when it was stored


def test_cancel_keeps_what_was_imported(qtbot: QtBot, newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    paths = photo_samples.write_good_photos(tmp_path / "card", 12)
    runner = ThreadTaskRunner()
    importer = PhotoImporter(runner)
    importer.set_newsroom(newsroom, owner, None)
    finished: list[object] = []
    importer.finished.connect(finished.append)
    progress: list[int] = []
    importer.progressed.connect(lambda done, _total, _name: progress.append(done))
    assert importer.import_paths(paths)
    assert importer.busy and not importer.import_paths(paths)  # one import at a time
    qtbot.waitUntil(lambda: bool(progress) and progress[-1] >= 2, timeout=20_000)
    with qtbot.waitSignal(importer.cancelled) as cancelled:
        importer.cancel()
    assert not importer.busy
    runner.wait(20_000)
    qtbot.wait(50)
    stored = len(list_photos(newsroom, owner))
    assert cancelled.args[0] >= 2 and cancelled.args[0] <= stored < 12
    assert finished == []  # a cancelled task reports nothing more


def test_a_long_import_does_not_recurse(qtbot: QtBot, newsroom: Database, owner: Actor) -> None:
    """Each photo is a task of its own; a synchronous runner answers at once, and 1,200 answers must not
    nest 1,200 calls deep."""
    from editor_app.services.photos import PhotoSource

    data = photo_samples.plain_jpeg(1, size=(16, 12))
    importer = PhotoImporter(SyncTaskRunner(), store=False)
    importer.set_newsroom(newsroom, owner, None)
    with qtbot.waitSignal(importer.finished) as done:
        importer.import_sources([PhotoSource.pasted(data, f"{n}.jpg") for n in range(1200)])
    assert len(done.args[0].outcomes) == 1200 and not importer.busy
