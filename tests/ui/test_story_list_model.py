"""The story table model without a window: pages, paging requests, sorting requests, display."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from editor_app.domain.bylines import Byline
from editor_app.domain.stories import SortKey, StoryPage, StoryRow
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.ui.story_list_model import (
    COL_BYLINE,
    COL_HEADLINE,
    COL_STATUS,
    COL_UPDATED,
    COL_WEEK,
    ROW_ROLE,
    StoryListModel,
    format_updated,
)

WHEN = datetime(2026, 10, 5, 9, 30, tzinfo=UTC)


def rows(start: int, count: int) -> list[StoryRow]:
    return [StoryRow(id=i, headline=f"Headline {i}", slug=f"h-{i}", section="Community", status=Status.SUBMITTED,
                     week=IsoWeek.parse("2026-W41"), updated=WHEN,
                     bylines=(Byline("Ash Obel"), Byline("Ani Sarkissian")))
            for i in range(start, start + count)]


def test_first_page_then_more_on_request(qtbot: QtBot) -> None:
    model = StoryListModel()
    model.set_page(StoryPage(rows(0, 200), total=450, offset=0))
    assert model.rowCount() == 200 and model.canFetchMore()
    with qtbot.waitSignal(model.more_wanted) as blocker:
        model.fetchMore()
    assert blocker.args == [200]
    assert not model.canFetchMore(), "a second request must wait for the first answer"
    model.append_page(StoryPage(rows(200, 200), total=450, offset=200))
    assert model.rowCount() == 400 and model.canFetchMore()


def test_a_stale_page_is_ignored() -> None:
    model = StoryListModel()
    model.set_page(StoryPage(rows(0, 200), total=450, offset=0))
    model.append_page(StoryPage(rows(400, 50), total=450, offset=400))
    assert model.rowCount() == 200


def test_cells_and_the_row_role() -> None:
    model = StoryListModel()
    model.set_page(StoryPage(rows(7, 1), total=1, offset=0))
    assert model.data(model.index(0, COL_HEADLINE)) == "Headline 7"
    assert model.data(model.index(0, COL_BYLINE)) == "Ash Obel, Ani Sarkissian"
    assert model.data(model.index(0, COL_STATUS)) == "Submitted"
    assert model.data(model.index(0, COL_WEEK)) == "2026-W41"
    row = model.data(model.index(0, COL_HEADLINE), ROW_ROLE)
    assert isinstance(row, StoryRow) and row.id == 7
    assert model.data(model.index(0, COL_STATUS), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.headerData(COL_UPDATED, Qt.Orientation.Horizontal) == "Updated"
    assert model.data(model.index(5, 0)) is None


def test_sorting_is_asked_of_the_database(qtbot: QtBot) -> None:
    model = StoryListModel()
    with qtbot.waitSignal(model.sort_wanted) as blocker:
        model.sort(COL_HEADLINE, Qt.SortOrder.AscendingOrder)
    assert blocker.args == [SortKey.HEADLINE, False]
    with qtbot.assertNotEmitted(model.sort_wanted):
        model.sort(COL_BYLINE, Qt.SortOrder.AscendingOrder)


def test_updated_is_short_when_recent() -> None:
    now = datetime(2026, 10, 5, 18, 0, tzinfo=UTC)
    assert ":" in format_updated(WHEN, now) and "Oct" not in format_updated(WHEN, now)
    assert "Oct" in format_updated(datetime(2026, 10, 1, 9, 0, tzinfo=UTC), now)
    assert "2024" in format_updated(datetime(2024, 3, 1, 12, 0, tzinfo=UTC), now)


def test_the_week_column_starts_hidden_and_the_header_menu_shows_it(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QMenu

    from editor_app.ui.story_list_model import COL_WEEK
    from editor_app.ui.story_list_pane import StoryListPane
    from editor_app.ui.tasks import SyncTaskRunner

    pane = StoryListPane(SyncTaskRunner())
    qtbot.addWidget(pane)
    header = pane.table.horizontalHeader()
    assert header.isSectionHidden(COL_WEEK) and not header.isSectionHidden(0)
    header.customContextMenuRequested.emit(header.rect().center())
    menu = header.findChild(QMenu)
    assert menu is not None
    week = next(a for a in menu.actions() if a.text() == "Week")
    assert not week.isChecked() and "Headline" not in [a.text() for a in menu.actions()]
    week.trigger()
    assert not header.isSectionHidden(COL_WEEK)
    menu.close()
