"""The photo desk pane with pytest-qt: grid, filters, details, batch edit, focal point, drop, paste, keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from bench import sample_photos
from editor_app.domain.newsroom_settings import NewsroomSettings
from editor_app.domain.photos import Needs, PhotoFilter
from editor_app.domain.weeks import IsoWeek
from editor_app.services.actor import Actor
from editor_app.services.photo_edits import PhotoEdit, update_photo
from editor_app.services.photo_library import get_photo, list_photos
from editor_app.services.photos import PhotoSource, import_one
from editor_app.services.story_changes import PhotoPlacement, StoryChanges
from editor_app.storage.engine import Database
from editor_app.ui.newsroom_jobs import OpenedNewsroom
from editor_app.ui.photo_desk import PhotoDeskPane
from editor_app.ui.photo_desk.delegate import TILE
from editor_app.ui.tasks import SyncTaskRunner
from tests import photo_samples
from tests.helpers import create_story
from tests.ui.conftest import WindowFactory


def add(db: Database, actor: Actor, seed: int, **words: str) -> int:
    image_id = import_one(db, actor, PhotoSource.pasted(photo_samples.plain_jpeg(seed), f"photo-{seed}.jpg")).image_id
    assert image_id is not None
    if words:
        update_photo(db, actor, image_id, PhotoEdit(**words))  # type: ignore[arg-type]
    return image_id


@pytest.fixture
def photos(newsroom: Database, owner: Actor) -> dict[str, int]:
    ids = {"bare": add(newsroom, owner, 1), "captioned": add(newsroom, owner, 2, caption="Voters in Gyumri"),
           "done": add(newsroom, owner, 3, caption="Harbour", credit="AP photo", alt="Boats")}
    create_story(newsroom, owner, StoryChanges(headline="Harbour reopens", section="Community", week=IsoWeek(2026, 41),
                                               photos=(PhotoPlacement(image_id=ids["done"], role="lead"),)))
    return ids


@pytest.fixture
def pane(qtbot: QtBot, newsroom: Database, owner: Actor, photos: dict[str, int]) -> Iterator[PhotoDeskPane]:
    desk = PhotoDeskPane(SyncTaskRunner())
    qtbot.addWidget(desk)
    desk.resize(1200, 800)
    desk.show()
    qtbot.waitExposed(desk)
    desk.set_newsroom(OpenedNewsroom(db=newsroom, actor=owner, settings=NewsroomSettings(), description="test",
                                     label="test"))
    qtbot.waitUntil(lambda: desk.model.rowCount() == 3)
    yield desk
    QApplication.clipboard().clear()


def shown_ids(desk: PhotoDeskPane) -> list[int]:
    return [row.id for row in desk.model.rows]


def select(qtbot: QtBot, desk: PhotoDeskPane, *ids: int) -> None:
    selection = desk.grid.selectionModel()
    selection.clear()
    for n, image_id in enumerate(ids):
        flag = QItemSelectionModel.SelectionFlag.Select
        index = desk.model.index(desk.model.row_of(image_id))
        if n == 0:
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        else:
            selection.select(index, flag)
    qtbot.waitUntil(lambda: desk.selected_ids() == sorted(ids, key=desk.model.row_of))
    desk._selection_timer.timeout.emit()  # the debounce, now


def test_grid_shows_photos_newest_first_with_thumbnails(qtbot: QtBot, pane: PhotoDeskPane,
                                                        photos: dict[str, int]) -> None:
    assert shown_ids(pane) == [photos["done"], photos["captioned"], photos["bare"]]
    qtbot.waitUntil(lambda: all(pane.thumbnails.pixmap(i) is not None for i in photos.values()))
    assert pane.count_label.text() == "3 photos · 1 without caption, 2 without credit, 2 without alt text"
    rect = pane.grid.visualRect(pane.model.index(0))
    width = pane.grid.viewport().width()
    columns = width // TILE.width()
    assert rect.height() == TILE.height() and TILE.width() <= rect.width() == (width - 4) // columns
    assert pane.grid.visualRect(pane.model.index(columns - 1)).top() == rect.top()  # a full row


def test_filters(qtbot: QtBot, pane: PhotoDeskPane, photos: dict[str, int]) -> None:
    box = pane.filters.needs_box
    assert [box.itemText(i) for i in range(box.count())] == [
        "All photos", "Needs caption (1)", "Needs credit (2)", "Needs alt text (2)"]
    box.setCurrentIndex(box.findData(Needs.CREDIT.value))
    qtbot.waitUntil(lambda: shown_ids(pane) == [photos["captioned"], photos["bare"]])
    assert pane.count_label.text().startswith("2 of 3 photos")
    pane.filters.week_box.setCurrentIndex(pane.filters.week_box.findData("2026-W41"))
    qtbot.waitUntil(lambda: pane.grid_stack.currentWidget() is pane.empty)
    assert pane.empty.title.text() == "No photos match these filters"
    pane.set_filter(PhotoFilter(week=IsoWeek.parse("2026-W41")))
    qtbot.waitUntil(lambda: shown_ids(pane) == [photos["done"]])
    assert pane.filters.needs_box.currentIndex() == 0
    pane.filters.search.setText("gyumri")
    pane.filters.search.returnPressed.emit()
    qtbot.waitUntil(lambda: pane.grid_stack.currentWidget() is pane.empty)
    pane.clear_filters()
    qtbot.waitUntil(lambda: len(shown_ids(pane)) == 3)


def test_details_edit_and_save(qtbot: QtBot, pane: PhotoDeskPane, newsroom: Database, owner: Actor,
                               photos: dict[str, int]) -> None:
    select(qtbot, pane, photos["bare"])
    details = pane.details
    qtbot.waitUntil(lambda: details.image_id == photos["bare"])
    assert details.title.text().startswith("<b>photo-1.jpg</b>")
    assert "No location data or serial numbers" in details.protection.text()
    assert not details.picture.picture_rect().isEmpty()
    pane.grid.setFocus()
    qtbot.keyClick(pane.grid, Qt.Key.Key_Return)  # Enter goes to the caption
    assert details.caption.hasFocus()
    qtbot.keyClicks(details.caption, "The new library in Gyumri")
    details.alt.setPlainText("Shelves of books")
    qtbot.keyClick(details.caption, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    row = get_photo(newsroom, owner, photos["bare"])
    assert (row.caption, row.alt) == ("The new library in Gyumri", "Shelves of books")
    assert pane.model.row_at(pane.model.row_of(photos["bare"])).caption == row.caption  # type: ignore[union-attr]
    assert "Needs caption (0)" in pane.filters.needs_box.itemText(1)
    qtbot.keyClick(details.caption, Qt.Key.Key_Escape)
    assert pane.grid.hasFocus()


def test_save_and_next_moves_on(qtbot: QtBot, pane: PhotoDeskPane, newsroom: Database, owner: Actor,
                                photos: dict[str, int]) -> None:
    select(qtbot, pane, photos["captioned"])
    qtbot.waitUntil(lambda: pane.details.image_id == photos["captioned"])
    pane.details.credit.setText("Meridian photo")
    qtbot.keyClick(pane.details.credit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: pane.details.image_id == photos["bare"])
    assert get_photo(newsroom, owner, photos["captioned"]).credit == "Meridian photo"
    qtbot.keyClick(pane.details.caption, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: pane.details.image_id == photos["captioned"])


def test_a_stale_save_is_refused_and_the_text_kept(qtbot: QtBot, pane: PhotoDeskPane, newsroom: Database,
                                                   owner: Actor, photos: dict[str, int]) -> None:
    errors: list[BaseException] = []
    pane.failed.connect(errors.append)
    select(qtbot, pane, photos["bare"])
    qtbot.waitUntil(lambda: pane.details.image_id == photos["bare"])
    update_photo(newsroom, owner, photos["bare"], PhotoEdit(caption="A colleague was quicker"))
    pane.details.caption.setPlainText("My caption")
    pane.details.save()
    assert "changed by someone else" in str(errors[0])
    assert pane.details.caption.toPlainText() == "My caption"
    assert get_photo(newsroom, owner, photos["bare"]).caption == "A colleague was quicker"


def test_photographer_fills_the_usual_credit(qtbot: QtBot, pane: PhotoDeskPane, newsroom: Database,
                                             owner: Actor, photos: dict[str, int]) -> None:
    update_photo(newsroom, owner, photos["done"], PhotoEdit(photographer="Ash Obel", credit="Meridian Weekly photo"))
    pane.reload()
    select(qtbot, pane, photos["bare"])
    qtbot.waitUntil(lambda: pane.details.image_id == photos["bare"])
    pane.details.photographer.setCurrentText("Ash Obel")
    assert pane.details.credit.text() == "Meridian Weekly photo"
    pane.details.credit.setText("Handout")
    pane.details.photographer.setCurrentText("Ani Sarkissian")  # no usual credit: a typed credit stays
    assert pane.details.credit.text() == "Handout"


def test_batch_edit_of_a_selection(qtbot: QtBot, pane: PhotoDeskPane, newsroom: Database, owner: Actor,
                                   photos: dict[str, int]) -> None:
    select(qtbot, pane, photos["bare"], photos["captioned"])
    assert pane.side.currentWidget() is pane.batch
    assert pane.batch.heading.text() == "2 photos selected"
    assert pane.batch.summary.text() == "2 of them have no credit yet."
    pane.batch.photographer.setCurrentText("Ani Sarkissian")
    pane.batch.credit.setText("Meridian Weekly photo")
    qtbot.mouseClick(pane.batch.apply_button, Qt.MouseButton.LeftButton)
    for image_id in (photos["bare"], photos["captioned"]):
        row = get_photo(newsroom, owner, image_id)
        assert (row.credit, row.photographer) == ("Meridian Weekly photo", "Ani Sarkissian")
    assert get_photo(newsroom, owner, photos["done"]).credit == "AP photo"
    assert pane.model.row_at(pane.model.row_of(photos["bare"])).credit == "Meridian Weekly photo"  # type: ignore[union-attr]


def test_clicking_the_photo_sets_the_focal_point(qtbot: QtBot, pane: PhotoDeskPane, newsroom: Database,
                                                 owner: Actor, photos: dict[str, int]) -> None:
    select(qtbot, pane, photos["done"])
    qtbot.waitUntil(lambda: pane.details.image_id == photos["done"])
    picture = pane.details.picture
    rect = picture.picture_rect()
    point = QPoint(rect.left() + rect.width() // 4, rect.top() + rect.height() * 3 // 4)
    qtbot.mouseClick(picture, Qt.MouseButton.LeftButton, pos=point)
    x, y = get_photo(newsroom, owner, photos["done"]).focal
    assert x == pytest.approx(0.25, abs=0.01) and y == pytest.approx(0.75, abs=0.01)
    assert picture.focal == (x, y)


def drop(desk: PhotoDeskPane, mime: QMimeData) -> None:
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    desk.dropEvent(event)


def test_drop_files_and_folders(qtbot: QtBot, pane: PhotoDeskPane, newsroom: Database, owner: Actor,
                                tmp_path: Path) -> None:
    folder = tmp_path / "card"
    photo_samples.write_good_photos(folder, 3)
    bad = photo_samples.write_bad_file(tmp_path, "truncated")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder)), QUrl.fromLocalFile(str(bad))])
    messages: list[str] = []
    pane.message.connect(messages.append)
    drop(pane, mime)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 6)
    assert "Imported 3 photos; 1 was refused." in messages
    assert len(list_photos(newsroom, owner)) == 6
    box = pane.refusals_box
    assert isinstance(box, QMessageBox) and "cut-short.jpg is incomplete" in box.informativeText()
    box.close()
    assert pane.progress.isHidden()
    qtbot.waitUntil(lambda: pane.details.image_id is not None)  # the first new photo is shown
    assert get_photo(newsroom, owner, pane.details.image_id or 0).filename == "IMG_0002.jpg"  # the newest, on top


def test_paste_an_image_and_a_file(qtbot: QtBot, pane: PhotoDeskPane, newsroom: Database, owner: Actor,
                                   tmp_path: Path) -> None:
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    QGuiApplication.clipboard().setImage(image)
    pane.grid.setFocus()
    qtbot.keyClick(pane.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 4)
    newest = list_photos(newsroom, owner)[0]
    assert newest.filename.startswith("Pasted ") and newest.filename.endswith(".png")
    assert (newest.width, newest.height) == (120, 80)
    path = tmp_path / "from the file manager.jpg"
    path.write_bytes(sample_photos.camera_jpeg(200, 150, detail=5))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    QGuiApplication.clipboard().setMimeData(mime)
    pane.paste()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 5)
    assert list_photos(newsroom, owner)[0].caption == sample_photos.CAPTION


def test_the_main_window_switches_to_the_photo_desk(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path,
                                                    newsroom: Database, photos: dict[str, int]) -> None:
    window = make_window(tmp_path / "profile")
    assert window.photo_desk_action.shortcut().toString() == "Ctrl+2"
    window.photo_desk_action.trigger()  # an offscreen window is not always the active one: no key shortcuts
    assert window.views.currentWidget() is window.photo_desk
    qtbot.waitUntil(lambda: window.photo_desk.model.rowCount() == 3)
    window.stories_view_action.trigger()
    assert window.views.currentWidget() is window.splitter
    window.photo_desk_action.trigger()
    desk = window.photo_desk
    select(qtbot, desk, photos["done"])
    qtbot.waitUntil(lambda: desk.details.uses.count() == 1)
    assert desk.details.uses.item(0).text() == "Harbour reopens — lead · 2026-W41 · draft"
    desk.details.uses.itemActivated.emit(desk.details.uses.item(0))  # Enter or double-click on it
    assert window.views.currentWidget() is window.splitter
    qtbot.waitUntil(lambda: "Harbour reopens" in (window.desk.editor.headline.text() if window.desk.editing
                                                  else window.story_view.toPlainText()))
