"""The house-style checks in the editor: live on the text on screen, each finding with where it is (a link
that puts the cursor there) and a one-click fix that autosave saves; approval waits for the blockers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from editor_app.domain.stories import Dateline
from editor_app.domain.workflow import Status
from editor_app.services.story_read import get_story
from editor_app.storage.engine import Database
from editor_app.storage.profile import Profile
from editor_app.ui.main_window import MainWindow
from editor_app.ui.workflow.findings import where
from editor_app.ui.workflow.jobs import MoveKey
from tests.helpers import photo
from tests.ui.conftest import WindowFactory
from tests.ui.editor_helpers import fast_autosave, open_in_editor
from tests.ui.workflow_ui_helpers import finding_codes, fix_button, offered
from tests.workflow_helpers import Staff, add_staff, complete_story, force_status, new_story, png


@pytest.fixture
def staff(newsroom: Database) -> Staff:
    return add_staff(newsroom)


@pytest.fixture
def editor(make_window: WindowFactory, profile: Profile, staff: Staff, tmp_path: Path) -> MainWindow:
    fast_autosave(tmp_path / "config")
    return make_window(profile.dir, acting_user="anna")


def tab_title(window: MainWindow) -> str:
    tabs = window.desk.editor.tabs
    return tabs.tabText(tabs.indexOf(window.workflow.findings))


def test_findings_follow_the_text_on_screen_and_block_approval(qtbot: QtBot, editor: MainWindow,
                                                               newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer, complete_story(deck=""))
    force_status(newsroom, staff.admin, story_id, Status.SUBMITTED)
    open_in_editor(editor, story_id)
    assert finding_codes(editor) == ["no-deck"] and tab_title(editor) == "Chec&ks (1)"
    assert editor.workflow.findings.summary.text() == "No blockers; 1 warning. Checked as you type."
    assert offered(editor)["Approve"] is True
    pane = editor.desk.editor
    pane.headline.selectAll()
    qtbot.keyClick(pane.headline, "\b")  # the writer deletes the headline: not saved yet, checked at once
    qtbot.waitUntil(lambda: finding_codes(editor) == ["no-headline", "no-deck"], timeout=2000)
    assert editor.workflow.findings.summary.text() == ("1 blocker (approval waits for it); 1 warning. Checked as you "
                                                       "type.")
    assert offered(editor)["Approve"] is False
    assert "The story has no headline" in editor.workflow.moves.actions[MoveKey.APPROVE].toolTip()
    editor.workflow.findings.rows[0].text.linkActivated.emit("go")  # "Go to headline"
    assert QApplication.focusWidget() is pane.headline
    qtbot.keyClicks(pane.headline, "A headline again")
    qtbot.waitUntil(lambda: finding_codes(editor) == ["no-deck"], timeout=2000)
    assert offered(editor)["Approve"] is True


def test_one_click_fixes_change_the_fields_and_autosave_saves_them(qtbot: QtBot, editor: MainWindow,
                                                                   newsroom: Database, staff: Staff) -> None:
    lead = photo(png(), "lead.png", role="lead", ref="lead.png", caption="The new library", credit="Photo: Ash Obel",
                 alt="Readers at the library")
    story_id = new_story(newsroom, staff.writer, complete_story(bylines=(), dateline=Dateline("Gyumri"),
                                                                photos=(lead,)))
    new_story(newsroom, staff.writer, complete_story("Another story"))
    open_in_editor(editor, story_id)
    assert set(finding_codes(editor)) == {"no-byline", "credit-form", "dateline-city-untagged"}
    assert editor.workflow.findings.rows[0].finding.code == "no-byline"  # blockers first
    for code in ("no-byline", "credit-form", "dateline-city-untagged"):
        fix_button(editor, code).click()
    assert finding_codes(editor) == []
    assert editor.workflow.findings.summary.text().startswith("No house-style findings")
    qtbot.waitUntil(lambda: get_story(newsroom, staff.editor, story_id).cities == ("Yerevan", "Gyumri"), timeout=3000)
    saved = get_story(newsroom, staff.editor, story_id)
    assert [b.name for b in saved.bylines] == ["Wendy Writer"]
    assert saved.photos[0].credit == "Ash Obel photo"

    pane = editor.desk.editor
    pane.slug.setText("another-story")  # typed: another story's address
    pane.slug.textEdited.emit("another-story")
    editor.workflow.checker.check_now()
    assert finding_codes(editor) == ["slug-taken"]
    fix_button(editor, "slug-taken").click()
    assert pane.slug.text() == "another-story-2"
    qtbot.waitUntil(lambda: get_story(newsroom, staff.editor, story_id).slug == "another-story-2", timeout=3000)


def test_a_photo_finding_leads_to_the_photo(editor: MainWindow, newsroom: Database, staff: Staff) -> None:
    inline = photo(png(), "a.png", ref="a.png", caption="One", credit="AP photo", alt="One")
    lead = photo(png((0, 90, 0)), "b.png", role="lead", ref="b.png", caption="Two", credit="", alt="Two")
    story_id = new_story(newsroom, staff.writer, complete_story(photos=(inline, lead)))
    open_in_editor(editor, story_id)
    assert finding_codes(editor) == ["lead-photo-credit"]
    assert where(editor.workflow.findings.findings[0].field) == "Photo 2: credit"
    editor.workflow.findings.rows[0].text.linkActivated.emit("go")
    pane = editor.desk.editor
    assert pane.tabs.currentWidget() is pane.photos and pane.photos.list.currentRow() == 1


def test_where_names_fields_as_the_editor_shows_them() -> None:
    assert [where(f) for f in ("headline", "cities[2]", "photos[0].alt", "bylines")] == \
        ["Headline", "City tag 3", "Photo 1: alt text", "Bylines"]
