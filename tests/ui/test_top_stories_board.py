"""The Top stories board in the real main window (offscreen, synchronous tasks): its view, week navigation, Enter
and drag and drop into the picks, keyboard reordering, the saved order, the conflict dialog with both orders,
and Publish to a local site through the publishing queue."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QListView, QMessageBox
from pytestqt.qtbot import QtBot

from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.services.actor import Actor
from editor_app.services.publishing.targets import TargetKind, TargetSpec, add_target
from editor_app.services.story_changes import StoryChanges
from editor_app.services.top_stories import current_week, get_picks, history, set_picks
from editor_app.storage.engine import Database
from editor_app.ui.main_window import MainWindow
from editor_app.ui.top_stories.board import TopStoriesBoard
from tests.helpers import create_story
from tests.ui.conftest import WindowFactory


@pytest.fixture
def week_stories(newsroom: Database, owner: Actor) -> list[int]:
    """Four approved stories of this week (on the newsroom's calendar)."""
    week = current_week(newsroom, owner)
    return [create_story(newsroom, owner, StoryChanges(headline=f"Story {word}", section="Community",
                                                       body=f"About {word}.", status=Status.APPROVED, week=week))[0]
            for word in ("alpha", "bravo", "charlie", "delta")]


def open_board(make_window: WindowFactory, newsroom: Database, qtbot: QtBot) -> tuple[MainWindow, TopStoriesBoard]:
    window = make_window(Path(newsroom.url.removeprefix("sqlite:///")).parent)
    assert window.top_stories.action.shortcut().toString() == "Ctrl+3"
    assert window.top_stories.action in window.views_group.actions()
    window.top_stories.action.trigger()  # an offscreen window is not always the active one: no key shortcuts
    board = window.top_stories.board
    assert window.views.currentWidget() is board and window.top_stories.action.isChecked()
    return window, board


def drop(view: QListView, data: QMimeData, row: int, action: Qt.DropAction) -> None:
    """A drag arriving over `view` and dropped at the top edge of `row` (before it), as Qt delivers it."""
    rect = view.visualRect(view.model().index(row, 0))
    point = QPoint(rect.left() + 20, rect.top() + 3)
    viewport = view.viewport()
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    buttons, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, actions, data, buttons, none)
    QApplication.sendEvent(viewport, enter)
    move = QDragMoveEvent(point, actions, data, buttons, none)
    move.setDropAction(action)
    QApplication.sendEvent(viewport, move)
    dropped = QDropEvent(QPointF(point), actions, data, buttons, none)
    dropped.setDropAction(action)
    QApplication.sendEvent(viewport, dropped)


def saved(newsroom: Database, owner: Actor) -> tuple[int, ...]:
    return get_picks(newsroom, owner, current_week(newsroom, owner)).ids


def test_building_the_week_with_enter_drag_and_drop_and_keys(make_window: WindowFactory, newsroom: Database,
                                                             owner: Actor, week_stories: list[int],
                                                             qtbot: QtBot) -> None:
    a, b, c, d = week_stories
    _window, board = open_board(make_window, newsroom, qtbot)
    assert board.week == current_week(newsroom, owner) and "this week" in board.week_bar.label.text()
    assert sorted(board.candidates_model.ids) == sorted(week_stories) and board.counter.text() == "0 of 10"

    board.candidates.setFocus()
    board.candidates.setCurrentIndex(board.candidates_model.index(board.candidates_model.row_of(b), 0))
    qtbot.keyClick(board.candidates, Qt.Key.Key_Return)
    assert board.picks_model.ids == [b] and saved(newsroom, owner) == (b,) and board.counter.text() == "1 of 10"

    for story_id in (c, a):  # dragged from the candidates to the top of the picks
        row = board.candidates_model.row_of(story_id)
        drop(board.picks, board.candidates_model.mimeData([board.candidates_model.index(row)]), 0,
             Qt.DropAction.CopyAction)
    assert board.picks_model.ids == [a, c, b] and saved(newsroom, owner) == (a, c, b)
    assert board.candidates_model.is_picked(a) and not board.candidates_model.is_picked(d)

    drop(board.picks, board.picks_model.mimeData([board.picks_model.index(2)]), 0, Qt.DropAction.MoveAction)
    assert board.picks_model.ids == [b, a, c] and saved(newsroom, owner) == (b, a, c)  # moved, not copied

    board.picks.setFocus()
    board.picks.setCurrentIndex(board.picks_model.index(2))
    qtbot.keyClick(board.picks, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert board.picks_model.ids == [b, c, a] and board.picks.currentIndex().row() == 1
    qtbot.keyClick(board.picks, Qt.Key.Key_Delete)
    assert board.picks_model.ids == [b, a] and saved(newsroom, owner) == (b, a)
    assert "version" in board.save_state.text()

    week = board.week
    assert week is not None
    qtbot.keyClick(board.picks, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert board.week == week.shifted(-1) and board.picks_model.ids == [] and board.candidates_model.ids == []
    board.week_bar.this_button.click()
    assert board.week == week and board.picks_model.ids == [b, a]


def test_a_colleagues_order_is_shown_beside_mine_and_i_choose(make_window: WindowFactory, newsroom: Database,
                                                              owner: Actor, week_stories: list[int],
                                                              qtbot: QtBot) -> None:
    a, b, c, _d = week_stories
    week = current_week(newsroom, owner)
    first = set_picks(newsroom, owner, week, [a, b], expected_version=0)
    _window, board = open_board(make_window, newsroom, qtbot)
    set_picks(newsroom, owner, week, [c, a, b], expected_version=first.version)  # another desk, meanwhile

    board.picks_model.move_rows([1], 0)  # mine: b, a
    dialog = board.conflict_dialog
    assert dialog.isVisible()
    mine = [dialog.mine.item(i).text() for i in range(dialog.mine.count())]
    theirs = [dialog.theirs.item(i).text() for i in range(dialog.theirs.count())]
    assert mine == ["1. Story bravo", "2. Story alpha"]
    assert theirs == ["1. Story charlie", "2. Story alpha", "3. Story bravo"]
    dialog.keep.click()
    assert saved(newsroom, owner) == (b, a) and board.picks_model.ids == [b, a]

    set_picks(newsroom, owner, week, [c], expected_version=None)
    board.picks_model.remove_rows([0])
    board.conflict_dialog.take.click()
    assert board.picks_model.ids == [c] and saved(newsroom, owner) == (c,)
    board.picks_model.insert_stories([board.candidates_model.stories[0]], 1)  # saving again works (theirs' version)
    assert len(saved(newsroom, owner)) == 2


def test_publish_to_the_local_site_through_the_queue(make_window: WindowFactory, newsroom: Database, owner: Actor,
                                                     week_stories: list[int], qtbot: QtBot, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, _c, _d = week_stories
    site = tmp_path / "site"
    add_target(newsroom, owner, TargetSpec("Local site", TargetKind.LOCAL, path=str(site)))
    set_picks(newsroom, owner, current_week(newsroom, owner), [b, a], expected_version=0)
    _window, board = open_board(make_window, newsroom, qtbot)
    assert board.publish_bar.target_box.currentText() == "Local site"
    assert "does not count its readers" in board.panels.most_read_note.text()
    assert not board.publish_bar.sticky.isEnabled()  # sticky posts are WordPress's

    monkeypatch.setattr(QMessageBox, "open", lambda box: None)  # the question stays on screen; we answer it
    board.publish_bar.publish_button.click()
    box = board.publishing.missing_box
    assert box is not None and "2 of the picks are not on “Local site” yet" in box.text()
    next(button for button in box.buttons() if button.text() == "Publish Them Too").click()

    assert "Published to Local site" in board.publish_bar.state.text()
    home = (site / "index.html").read_text(encoding="utf-8")
    week = board.week
    assert isinstance(week, IsoWeek)
    top = home[home.index(f"Top stories week {week.week}"):home.index("Latest articles of the week")]
    assert top.index("Story bravo") < top.index("Story alpha")
    entries = history(newsroom, owner, week)
    assert [[p.id for p in e.picks] for e in entries] == [[b, a]] and entries[0].target == "Local site"
    assert board.panels.history.count() == 1 and "Local site" in board.panels.history.item(0).text()
    assert board.panels.latest.count() == 2  # both went out this week


def test_a_colleagues_new_order_shows_on_the_board_by_itself(make_window: WindowFactory, newsroom: Database,
                                                            owner: Actor, week_stories: list[int],
                                                            qtbot: QtBot) -> None:
    a, b, c, _d = week_stories
    week = current_week(newsroom, owner)
    first = set_picks(newsroom, owner, week, [a, b], expected_version=0)
    window, board = open_board(make_window, newsroom, qtbot)
    assert board.picks_model.ids == [a, b]
    board.search.setText("charlie")  # what this desk is doing stays as it is
    live = window.workflow.live
    live.poll_now()  # nothing new yet
    assert board.picks_model.ids == [a, b] and board.version == first.version

    theirs = set_picks(newsroom, owner, week, [c, b, a], expected_version=first.version)  # another desk
    live.poll_now()  # what the 1.5-second timer does
    assert board.picks_model.ids == [c, b, a] and board.version == theirs.version
    assert "were changed" in window.statusBar().currentMessage()
    assert board.search.text() == "charlie"

    board.picks_model.move_rows([0], 2)  # c to the second place, as a drag does
    mine = saved(newsroom, owner)
    assert mine != (c, b, a) and tuple(board.picks_model.ids) == mine  # my own change is saved …
    live.poll_now()
    assert tuple(board.picks_model.ids) == mine  # … and hearing of it changes nothing on my board
