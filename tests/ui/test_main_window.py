"""The main window on a real profile: the list, filters, search, sorting, paging, the story view."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.services.actor import Actor
from editor_app.storage.engine import Database
from editor_app.storage.profile import Profile
from editor_app.ui.settings import PREFERENCES_FILE, WINDOW_STATE_FILE
from editor_app.ui.story_list_model import COL_HEADLINE
from tests.ui.conftest import WindowFactory, add_stories


def headlines(window: object) -> list[str]:
    model = window.list_pane.model  # type: ignore[attr-defined]
    return [model.row_at(i).headline for i in range(model.rowCount())]


def test_list_shows_the_newsroom(make_window: WindowFactory, profile: Profile, sample_stories: list[int]) -> None:
    window = make_window(profile.dir)
    pane = window.list_pane
    assert pane.stack.currentWidget() is pane.table
    assert sorted(headlines(window)) == sorted(["Defense minister visits Azerbaijan", "Gyumri opens a new library",
                                                "Community choir returns"])
    assert pane.count_label.text() == "3 stories"
    statuses = [pane.status_box.itemText(i) for i in range(pane.status_box.count())]
    assert "Submitted (1)" in statuses and statuses[0] == "All statuses"
    assert pane.week_box.findData("2026-W41") > 0
    assert window.database_label.text() == f"SQLite · {profile.dir}"
    assert str(profile.dir / "newsroom.sqlite") in window.database_label.toolTip()


def test_search_box_uses_full_text_search(qtbot: QtBot, make_window: WindowFactory, profile: Profile,
                                          sample_stories: list[int]) -> None:
    window = make_window(profile.dir)
    pane = window.list_pane
    assert window.find_action.shortcut().toString() == "Ctrl+F"
    window.find_action.trigger()
    assert window.focusWidget() is pane.search
    qtbot.keyClicks(pane.search, "Baku")
    qtbot.waitUntil(lambda: headlines(window) == ["Defense minister visits Azerbaijan"])
    assert pane.count_label.text() == "1 of 3 stories match"
    pane.search.clear()
    pane.search.setText("գրադարան")  # QTest cannot type Armenian keys; the text arrives the same way
    qtbot.keyClick(pane.search, Qt.Key.Key_Return)
    assert headlines(window) == ["Gyumri opens a new library"]
    qtbot.keyClicks(pane.search, "zzzz")
    qtbot.keyClick(pane.search, Qt.Key.Key_Return)
    assert pane.stack.currentWidget() is pane.empty
    assert pane.empty.button_labels() == ["Clear filters"]
    pane.empty.click("Clear filters")
    assert len(headlines(window)) == 3 and pane.search.text() == ""


def test_filters_by_status_section_and_week(make_window: WindowFactory, profile: Profile,
                                            sample_stories: list[int]) -> None:
    window = make_window(profile.dir)
    pane = window.list_pane
    pane.status_box.setCurrentIndex(pane.status_box.findData(Status.SUBMITTED.value))
    assert headlines(window) == ["Gyumri opens a new library"]
    pane.status_box.setCurrentIndex(0)
    pane.week_box.setCurrentIndex(pane.week_box.findData("2026-W41"))
    assert sorted(headlines(window)) == ["Community choir returns", "Gyumri opens a new library"]
    pane.section_box.setCurrentIndex(pane.section_box.findData("Community"))
    assert headlines(window) == ["Community choir returns"]
    window.clear_filters_action.trigger()
    assert len(headlines(window)) == 3


def test_header_click_sorts_in_the_database(qtbot: QtBot, make_window: WindowFactory, profile: Profile,
                                            sample_stories: list[int]) -> None:
    window = make_window(profile.dir)
    window.list_pane.table.sortByColumn(COL_HEADLINE, Qt.SortOrder.AscendingOrder)
    assert headlines(window) == sorted(headlines(window))
    window.list_pane.table.sortByColumn(COL_HEADLINE, Qt.SortOrder.DescendingOrder)
    assert headlines(window) == sorted(headlines(window), reverse=True)


def test_scrolling_fetches_the_next_page(make_window: WindowFactory, profile: Profile, newsroom: Database,
                                         owner: Actor) -> None:
    add_stories(newsroom, owner, 230)
    window = make_window(profile.dir)
    model = window.list_pane.model
    assert model.rowCount() == 200 and model.total == 230
    window.list_pane.table.scrollToBottom()
    QApplication.processEvents()
    assert model.rowCount() == 230
    assert len({model.row_at(i).id for i in range(230)}) == 230  # type: ignore[union-attr]


def test_selecting_a_story_opens_it_in_the_editor(qtbot: QtBot, make_window: WindowFactory, profile: Profile,
                                                  sample_stories: list[int]) -> None:
    window = make_window(profile.dir)
    table = window.list_pane.table
    table.setFocus()
    first = window.list_pane.current_story_id()
    qtbot.waitUntil(lambda: window.desk.controller.story_id == first)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    second = window.list_pane.current_story_id()
    assert second != first
    qtbot.waitUntil(lambda: window.desk.controller.story_id == second)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.desk.editing and window.focusWidget() is window.desk.editor.body
    row = window.list_pane.model.row_at(table.currentIndex().row())
    assert row is not None and window.desk.editor.headline.text() == row.headline
    assert row.headline in window.desk.editor.preview.toPlainText()


def test_empty_newsroom_offers_a_start(make_window: WindowFactory, profile: Profile, newsroom: Database) -> None:
    window = make_window(profile.dir)
    pane = window.list_pane
    assert pane.stack.currentWidget() is pane.empty
    assert "no stories yet" in pane.empty.title.text()
    assert pane.empty.button_labels() == ["Load the demo newsroom", "Import a story file…"]


def test_the_empty_newsroom_button_loads_the_demo(make_window: WindowFactory, tmp_path: Path) -> None:
    window = make_window(tmp_path / "fresh")
    pane = window.list_pane
    pane.empty.click("Load the demo newsroom")
    assert pane.stack.currentWidget() is pane.table
    assert pane.model.total == 60 and pane.count_label.text() == "60 stories"
    assert "Demo newsroom created" in window.statusBar().currentMessage()
    assert pane.section_box.findData("Arts & Culture") > 0


def test_importing_a_story_file_adds_it_to_the_list(make_window: WindowFactory, profile: Profile,
                                                    sample_stories: list[int], tmp_path: Path) -> None:
    story = tmp_path / "choir.md"
    story.write_text("---\nheadline: Choir Tours Gyumri\nsection: Community\ncities: [Գյումրի]\n---\nThey sang.\n",
                     encoding="utf-8")
    window = make_window(profile.dir)
    window.import_file(story)
    assert "Choir Tours Gyumri" in headlines(window)
    assert window.list_pane.count_label.text() == "4 stories"
    assert "Imported “choir.md”" in window.statusBar().currentMessage()


def test_a_profile_that_is_not_a_database_is_explained(make_window: WindowFactory, tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "newsroom.sqlite").write_text("shopping list: eggs, milk\n")
    window = make_window(folder)
    pane = window.list_pane
    assert pane.empty.title.text() == "The newsroom could not be opened"
    assert "newsroom.sqlite" in pane.empty.text.text()
    assert "Traceback" not in pane.empty.text.text()
    assert (folder / "newsroom.sqlite").read_text() == "shopping list: eggs, milk\n"
    assert not window.import_action.isEnabled()
    assert not pane.search.isEnabled() and pane.section_box.currentText() == "All sections"


def test_window_state_is_kept_apart_from_preferences(make_window: WindowFactory, profile: Profile,
                                                     newsroom: Database, tmp_path: Path) -> None:
    window = make_window(profile.dir)
    window.resize(700, 500)  # inside the offscreen screen, so restoring does not clamp it
    window.splitter.setSizes([450, 230])
    sizes = window.splitter.sizes()
    window.close()
    config = tmp_path / "config"
    assert (config / WINDOW_STATE_FILE).exists()
    assert "splitter" in (config / WINDOW_STATE_FILE).read_text()
    assert not (config / PREFERENCES_FILE).exists() or "splitter" not in (config / PREFERENCES_FILE).read_text()
    again = make_window(profile.dir)
    assert again.splitter.sizes() == sizes


def test_a_failing_action_is_told_in_plain_words(make_window: WindowFactory, profile: Profile, newsroom: Database,
                                                 tmp_path: Path) -> None:
    window = make_window(profile.dir)
    window.import_file(tmp_path / "missing-story.md")
    box = window.errors.last_box
    assert box is not None and box.icon() == QMessageBox.Icon.Warning
    assert "missing-story.md" in box.text()
    box.close()


def test_a_bug_gets_the_crash_dialog_and_the_log(make_window: WindowFactory, profile: Profile,
                                                 newsroom: Database) -> None:
    window = make_window(profile.dir)
    try:
        raise RuntimeError("index out of whack")
    except RuntimeError as error:
        window.report(error)
    box = window.errors.last_box
    assert box is not None and box.icon() == QMessageBox.Icon.Critical
    assert "Traceback" not in box.text() and "RuntimeError" in box.text()
    log = profile.dir / "logs" / "editor-app.log"
    assert str(log) in box.informativeText()
    assert "index out of whack" in log.read_text() and "Traceback" in log.read_text()
    box.close()


def test_the_quick_page_shows_before_the_newsroom_opens_and_yields_to_it(qtbot: QtBot, tmp_path: Path) -> None:
    from editor_app.domain.stories import FilterChoices, StoryPage, StoryRow
    from editor_app.ui.story_list_pane import StoryListPane
    from editor_app.ui.tasks import SyncTaskRunner

    pane = StoryListPane(SyncTaskRunner())
    qtbot.addWidget(pane)
    row = StoryRow(7, "Quick headline", "quick", "Community", Status.DRAFT, IsoWeek.parse("2026-W40"),
                   datetime(2026, 10, 1, tzinfo=UTC))
    quick = (StoryPage([row], 1, 0), FilterChoices(["Community"], [IsoWeek.parse("2026-W40")], {Status.DRAFT: 1}))
    with qtbot.waitSignal(pane.first_page_shown, timeout=1000):
        pane.show_quick_page(quick)
    assert pane.model.rowCount() == 1 and pane.current_story_id() == 7
    assert not pane.search.isEnabled()  # filters wait for the real newsroom
    pane.show_quick_page(None)
    assert pane.model.rowCount() == 1
