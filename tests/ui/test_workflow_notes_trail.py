"""Editorial notes beside the story (threads, answers, resolve and reopen, the open count in the tab, a
colleague's note arriving by itself) and the story's audit trail."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from editor_app.services.notes import add_note, list_notes
from editor_app.storage.engine import Database
from editor_app.storage.profile import Profile
from editor_app.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory
from tests.ui.editor_helpers import open_in_editor
from tests.ui.workflow_ui_helpers import poll
from tests.workflow_helpers import Staff, add_staff, new_story


@pytest.fixture
def staff(newsroom: Database) -> Staff:
    return add_staff(newsroom)


def notes_tab(window: MainWindow) -> str:
    tabs = window.desk.editor.tabs
    return tabs.tabText(tabs.indexOf(window.workflow.notes))


def test_write_answer_resolve_and_reopen_a_thread(qtbot: QtBot, make_window: WindowFactory, profile: Profile,
                                                  newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    editor = make_window(profile.dir, acting_user="anna")
    open_in_editor(editor, story_id)
    panel = editor.workflow.notes
    assert notes_tab(editor) == "Notes" and panel.threads == [] and panel.empty.text() == "No notes on this story yet."
    editor.workflow.add_note_action.trigger()  # Ctrl+Shift+N: the notes tab, the cursor in the box
    assert editor.desk.editor.tabs.currentWidget() is panel
    qtbot.keyClicks(panel.input, "Check the mayor's title.")
    qtbot.keyClick(panel.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [t.note.body for t in panel.threads] == ["Check the mayor's title."] and panel.input.toPlainText() == ""
    assert notes_tab(editor) == "Notes (1)"
    view = panel.views[0]
    assert view.note_label.accessibleName() == "Note by Anna Petrosyan: Check the mayor's title."

    view.reply_button.click()
    assert panel.replying.text() == "Answering Anna Petrosyan's note" and panel.add_button.text() == "Add answer"
    qtbot.keyClicks(panel.input, "Deputy mayor since May.")
    panel.add_button.click()
    assert [r.body for r in panel.threads[0].replies] == ["Deputy mayor since May."]

    panel.views[0].resolve_button.click()
    assert panel.threads[0].resolved and panel.threads[0].resolved_by == "Anna Petrosyan"
    assert notes_tab(editor) == "Notes" and panel.views[0].state.text().startswith("Resolved by Anna Petrosyan")
    panel.show_resolved.setChecked(False)
    assert panel.views == []
    panel.show_resolved.setChecked(True)
    panel.views[0].resolve_button.click()  # "Reopen"
    assert not panel.threads[0].resolved and notes_tab(editor) == "Notes (1)"
    trail = editor.workflow.trail.lines()
    assert "Anna Petrosyan resolved a note" in trail and "Anna Petrosyan reopened a note" in trail


def test_a_colleagues_note_arrives_by_itself(make_window: WindowFactory, profile: Profile, newsroom: Database,
                                             staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    editor = make_window(profile.dir, acting_user="anna")
    open_in_editor(editor, story_id)
    add_note(newsroom, staff.writer, story_id, "Photo desk, a credit please.")
    assert editor.workflow.notes.threads == []
    poll(editor)
    assert [t.note.body for t in editor.workflow.notes.threads] == ["Photo desk, a credit please."]
    assert editor.workflow.notes.views[0].note_label.text().startswith("<b>Wendy Writer</b>")
    assert notes_tab(editor) == "Notes (1)"
    assert list_notes(newsroom, staff.editor, story_id)[0].note.mine is False


def test_the_trail_says_who_did_what(make_window: WindowFactory, profile: Profile, newsroom: Database,
                                     staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    editor = make_window(profile.dir, acting_user="anna")
    open_in_editor(editor, story_id)
    editor.workflow.trail_action.trigger()
    assert editor.desk.editor.tabs.currentWidget() is editor.workflow.trail
    assert editor.workflow.trail.lines() == ["Wendy Writer created it (draft)"]
    html = editor.workflow.trail.view.toPlainText()
    assert "Wendy Writer created it (draft)" in html
