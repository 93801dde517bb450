"""Photos dropped or pasted into the story's body join the story at the drop point; a text file stays text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QImage, QTextCursor
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from editor_app.domain.workflow import Role
from editor_app.services import users
from editor_app.services.actor import Actor
from editor_app.storage.engine import Database
from editor_app.storage.models import Image
from editor_app.storage.profile import Profile
from editor_app.ui.main_window import MainWindow
from tests.photo_samples import camera_photo
from tests.ui.conftest import WindowFactory
from tests.ui.editor_helpers import fast_autosave, open_in_editor, saved


@pytest.fixture
def window(qtbot: QtBot, make_window: WindowFactory, profile: Profile, sample_stories: list[int],
           tmp_path: Path) -> MainWindow:
    fast_autosave(tmp_path / "config")
    made = make_window(profile.dir)
    qtbot.waitUntil(lambda: made.desk.controller.story_id is not None)
    return made


def files(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def drop_at(window: MainWindow, mime: QMimeData, position: int) -> None:
    body = window.desk.editor.body
    cursor = QTextCursor(body.document())
    cursor.setPosition(position)
    body.setTextCursor(cursor)
    assert body.canInsertFromMimeData(mime)
    body.insertFromMimeData(mime)  # what a drop or Ctrl+V does at the cursor


def test_a_dropped_camera_photo_is_placed_where_it_fell_and_saved(qtbot: QtBot, window: MainWindow,
                                                                   sample_stories: list[int], tmp_path: Path) -> None:
    story_id = sample_stories[0]
    open_in_editor(window, story_id)
    first_paragraph = window.desk.editor.body.toPlainText().split("\n\n")[0]
    photo = tmp_path / "Harvest at Areni.jpg"
    photo.write_bytes(camera_photo(seed=3))
    drop_at(window, files(photo), len(first_paragraph))
    qtbot.waitUntil(lambda: len(window.desk.editor.photos.photos()) == 1)
    assert "![" in window.desk.editor.body.toPlainText()
    qtbot.waitUntil(lambda: len(saved(window, story_id).photos) == 1, timeout=3000)
    story = saved(window, story_id)
    [placed] = story.photos
    assert placed.role == "inline" and placed.ref == "photos/Harvest at Areni.jpg"
    assert story.body.startswith(first_paragraph)  # the figure went where it was dropped, after the paragraph
    assert "Harvest%20at%20Areni.jpg" in story.body or "photos/Harvest at Areni.jpg" in story.body
    assert placed.caption  # the camera's IPTC caption prefilled the photo's words


def test_pasted_image_data_becomes_a_photo_and_a_text_file_stays_text(qtbot: QtBot, window: MainWindow,
                                                                      sample_stories: list[int],
                                                                      tmp_path: Path) -> None:
    story_id = sample_stories[0]
    open_in_editor(window, story_id)
    pasted = QMimeData()
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    pasted.setImageData(image)
    drop_at(window, pasted, 0)
    qtbot.waitUntil(lambda: len(window.desk.editor.photos.photos()) == 1)
    note = tmp_path / "notes.txt"
    note.write_text("not a photo", encoding="utf-8")
    text = files(note)
    text.setText("plain words")
    body = window.desk.editor.body
    body.insertFromMimeData(text)
    assert "plain words" in body.toPlainText() and len(window.desk.editor.photos.photos()) == 1


def test_a_broken_file_is_refused_plainly_and_nothing_is_stored(qtbot: QtBot, window: MainWindow,
                                                                sample_stories: list[int], tmp_path: Path,
                                                                newsroom: Database) -> None:
    story_id = sample_stories[0]
    open_in_editor(window, story_id)
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(camera_photo(seed=4)[:300])
    drop_at(window, files(bad), 0)
    qtbot.waitUntil(lambda: window.errors.last_box is not None)
    box = window.errors.last_box
    assert box is not None and "Not added to the story: broken.jpg" in box.text()
    assert "damaged" in box.informativeText() or "incomplete" in box.informativeText()
    with newsroom.session() as session:
        assert session.scalar(select(func.count()).select_from(Image)) == 0
    assert window.desk.editor.photos.photos() == ()


def test_a_read_only_story_takes_no_photos(qtbot: QtBot, make_window: WindowFactory, profile: Profile,
                                           sample_stories: list[int], newsroom: Database, owner: Actor,
                                           tmp_path: Path) -> None:
    users.add_user(newsroom, owner, "nora", "Nora Writer", Role.WRITER)
    window = make_window(profile.dir, acting_user="nora")
    window.show_story(sample_stories[0])  # the owner's story: Nora reads it
    assert not window.desk.editing
    photo = tmp_path / "x.jpg"
    photo.write_bytes(camera_photo(seed=5))
    assert not window.desk.controller.drops.offer(files(photo), 0)
    with newsroom.session() as session:
        assert session.scalar(select(func.count()).select_from(Image)) == 0
