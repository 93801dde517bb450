"""The picks model without a window: moves (begin/endMoveRows, never a reset), drops from the candidates and
within the picks, the slot limit and no duplicates; the candidates model marks what is picked."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.qtbot import QtBot

from editor_app.domain.top_stories import TopStory, inserted, moved
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.ui.top_stories.model import (
    PICKED_ROLE,
    RANK_ROLE,
    CandidatesModel,
    PicksModel,
    decode,
    encode,
)

WEEK = IsoWeek(2026, 48)


def story(n: int) -> TopStory:
    return TopStory(id=n, headline=f"Story {n}", section="Community", status=Status.PUBLISHED, week=WEEK,
                    byline="Anna Petrosyan", published=datetime(2026, 11, 23, 9, n, tzinfo=UTC))


class Recorder:
    """What the model told its views: moves, inserts, removals, resets, edits."""

    def __init__(self, model: PicksModel) -> None:
        self.events: list[str] = []
        self.refusals: list[str] = []
        model.rowsMoved.connect(lambda _p, first, last, _d, row: self.events.append(f"move {first}-{last}>{row}"))
        model.rowsInserted.connect(lambda _p, first, last: self.events.append(f"insert {first}-{last}"))
        model.rowsRemoved.connect(lambda _p, first, last: self.events.append(f"remove {first}-{last}"))
        model.modelReset.connect(lambda: self.events.append("reset"))
        model.edited.connect(lambda: self.events.append("edited"))
        model.refused.connect(self.refusals.append)


@pytest.fixture
def picks(qtbot: QtBot) -> PicksModel:
    model = PicksModel(slots=5)
    model.set_picks([story(n) for n in (1, 2, 3, 4)], 5)
    model.lookup.update({n: story(n) for n in range(1, 10)})
    return model


def test_the_order_rules_on_paper() -> None:
    assert moved([1, 2, 3, 4], [0], 3) == [2, 3, 1, 4]
    assert moved([1, 2, 3, 4], [3], 0) == [4, 1, 2, 3]
    assert moved([1, 2, 3, 4], [0, 2], 4) == [2, 4, 1, 3]
    assert moved([1, 2, 3, 4], [1], 1) == [1, 2, 3, 4]
    assert inserted([1, 2], [3, 1, 3, 4], 1, 3) == [1, 3, 2]


def test_moves_are_moves_not_resets_and_selection_follows(picks: PicksModel) -> None:
    seen = Recorder(picks)
    held = QPersistentModelIndex(picks.index(0))  # what a view's selection holds on to
    assert picks.move_rows([0], 3)
    assert picks.ids == [2, 3, 1, 4] and held.row() == 2
    assert "reset" not in seen.events and seen.events.count("edited") == 1
    assert all(e.startswith("move") for e in seen.events if e != "edited")
    assert [picks.data(picks.index(r), RANK_ROLE) for r in range(4)] == [1, 2, 3, 4]
    assert picks.move_rows([2, 3], 0) and picks.ids == [1, 4, 2, 3]
    assert not picks.move_rows([0], 0) and not picks.move_rows([9], 1)  # nothing to do: nothing said
    assert seen.events.count("edited") == 2


def test_qt_moverows_is_the_same_move(picks: PicksModel) -> None:
    assert picks.moveRow(QModelIndex(), 3, QModelIndex(), 1)
    assert picks.ids == [1, 4, 2, 3]


def test_candidates_dropped_in_are_inserted_where_dropped(picks: PicksModel) -> None:
    seen = Recorder(picks)
    data = encode([7, 8], "candidates")
    assert picks.canDropMimeData(data, Qt.DropAction.CopyAction, 1, 0, QModelIndex())
    assert picks.dropMimeData(data, Qt.DropAction.CopyAction, 1, 0, QModelIndex())
    assert picks.ids == [1, 7, 2, 3, 4] and seen.events[:2] == ["insert 1-1", "edited"]
    assert picks.counter == "5 of 5" and picks.full


def test_no_story_twice_and_no_more_than_the_slots(picks: PicksModel) -> None:
    seen = Recorder(picks)
    assert picks.insert_stories([story(2)], 0) == []
    assert seen.refusals == ["“Story 2” is already a top story this week."] and "edited" not in seen.events
    assert picks.insert_stories([story(8), story(9)], 4) == [8]  # one slot left
    assert picks.ids == [1, 2, 3, 4, 8] and "5 slots and 4 are taken: 1 could not be added" in seen.refusals[-1]
    assert not picks.canDropMimeData(encode([1, 2], "candidates"), Qt.DropAction.CopyAction, 0, 0, QModelIndex())


def test_picks_dropped_within_the_list_move_and_are_not_removed_after(picks: PicksModel) -> None:
    data = picks.mimeData([picks.index(3)])
    assert decode(data) == ([4], "picks")
    assert picks.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex()) is False  # the view removes nothing
    assert picks.ids == [4, 1, 2, 3]
    assert picks.dropMimeData(picks.mimeData([picks.index(0)]), Qt.DropAction.MoveAction, -1, 0, QModelIndex()) is False
    assert picks.ids == [1, 2, 3, 4]  # row -1: the end
    assert picks.dropMimeData(encode([9], "candidates"), Qt.DropAction.CopyAction, -1, 0, picks.index(1))
    assert picks.ids == [1, 9, 2, 3, 4]  # dropped on a pick: before it


def test_removing_says_what_went(picks: PicksModel) -> None:
    seen = Recorder(picks)
    assert picks.remove_rows([3, 0]) == [1, 4] and picks.ids == [2, 3]
    assert seen.events == ["remove 3-3", "remove 0-0", "edited"]
    assert picks.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled
    assert not picks.flags(picks.index(0)) & Qt.ItemFlag.ItemIsDropEnabled  # between picks, never onto one


def test_candidates_mark_the_picked_ones_and_do_not_drag_them(qtbot: QtBot) -> None:
    model = CandidatesModel()
    model.set_rows([story(n) for n in (1, 2, 3)])
    changed: list[int] = []
    model.dataChanged.connect(lambda first, _last: changed.append(first.row()))
    model.set_picked([2])
    assert changed == [1] and model.data(model.index(1), PICKED_ROLE) is True
    assert not model.flags(model.index(1)) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.flags(model.index(0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert "already a top story" in str(model.data(model.index(1), Qt.ItemDataRole.AccessibleTextRole))
    assert decode(model.mimeData([model.index(2), model.index(0)])) == ([1, 3], "candidates")
