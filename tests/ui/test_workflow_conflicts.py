"""Two desks of one person saving the same story (the edit lock lets them: it is theirs on both): the second
save is refused, the words are kept, and the conflict view shows both side by side with keep mine, take
theirs and merge by hand. A colleague's status move alone (approval while the writer types) is no conflict."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from editor_app.domain.story_state import RevisionKind
from editor_app.domain.workflow import Status
from editor_app.services.story_read import get_story
from editor_app.storage.engine import Database
from editor_app.storage.profile import Profile
from editor_app.ui.main_window import MainWindow
from editor_app.ui.workflow.jobs import MoveKey
from tests.ui.conftest import WindowFactory
from tests.ui.editor_helpers import open_in_editor
from tests.ui.workflow_ui_helpers import kept_body, move, poll, type_at_end
from tests.workflow_helpers import Staff, add_staff, force_status, new_story, status_of

FIRST_BODY = "The city council voted on Tuesday to fund three new classrooms.\n"


@pytest.fixture
def staff(newsroom: Database) -> Staff:
    return add_staff(newsroom)


def two_desks(make_window: WindowFactory, profile: Profile, story_id: int) -> tuple[MainWindow, MainWindow]:
    """Anna at two workstations with the same story open; the first saves a new deck and body."""
    first, second = make_window(profile.dir, acting_user="anna"), make_window(profile.dir, acting_user="anna")
    open_in_editor(first, story_id)
    open_in_editor(second, story_id)
    first.desk.editor.deck.setText("A deck written at the first desk")
    first.desk.editor.deck.textEdited.emit("A deck written at the first desk")
    first.desk.editor.body.set_text("Theirs: the council voted on Tuesday.")
    first.desk.editor.body.document().contentsChanged.emit()
    first.editor_actions.save.trigger()
    second.desk.editor.body.set_text("Mine: the council voted on Monday night.")
    second.desk.editor.body.document().contentsChanged.emit()
    second.editor_actions.save.trigger()
    return first, second


def test_both_versions_side_by_side_and_keep_mine(make_window: WindowFactory, profile: Profile, newsroom: Database,
                                                  staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    _first, second = two_desks(make_window, profile, story_id)
    view = second.desk.editor.conflict
    assert second.desk.editor.middle.currentWidget() is view
    assert view.mine.toPlainText() == "Mine: the council voted on Monday night."
    assert view.theirs.toPlainText() == "Theirs: the council voted on Tuesday."
    assert "Also different: deck." in view.also.text()
    assert 'text-decoration: underline' in view.mine.toHtml() and "Monday" in view.mine.toHtml()
    number, kept = kept_body(newsroom, staff, story_id, RevisionKind.CONFLICT)
    assert kept == "Mine: the council voted on Monday night." and f"revision {number}" in view.message.text()
    view.mine_button.click()
    saved = get_story(newsroom, staff.editor, story_id)
    assert saved.body == "Mine: the council voted on Monday night."
    assert saved.deck == "A deck written at the first desk"  # what I did not touch stays theirs
    assert second.desk.editor.middle.currentWidget() is second.desk.editor.work
    assert second.desk.editor.deck.text() == "A deck written at the first desk"
    type_at_end(second, " Then more.")
    second.editor_actions.save.trigger()  # editing goes on from the new version
    assert get_story(newsroom, staff.editor, story_id).body.endswith("Then more.")


def test_take_theirs_and_merge_by_hand(make_window: WindowFactory, profile: Profile, newsroom: Database,
                                       staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    first, second = two_desks(make_window, profile, story_id)
    view = second.desk.editor.conflict
    view.merge_button.click()
    assert view.merging and view.merged.toPlainText() == "Mine: the council voted on Monday night."
    view.merged.setPlainText("Merged: the council voted on Tuesday, and again on Monday night.")
    view.save_merge_button.click()
    assert get_story(newsroom, staff.editor, story_id).body == \
        "Merged: the council voted on Tuesday, and again on Monday night."
    assert second.desk.editor.body.toPlainText().startswith("Merged:")

    # now the first desk is behind: it takes theirs (the merged text); its own words stay a revision
    first.desk.editor.body.set_text("First desk again.")
    first.desk.editor.body.document().contentsChanged.emit()
    first.editor_actions.save.trigger()
    assert first.desk.editor.middle.currentWidget() is first.desk.editor.conflict
    first.desk.editor.conflict.theirs_button.click()
    assert first.desk.editor.body.toPlainText().startswith("Merged:") and not first.desk.editor.body.isReadOnly()
    assert kept_body(newsroom, staff, story_id, RevisionKind.CONFLICT)[1] == "First desk again."


def test_an_approval_while_the_writer_types_is_no_conflict(
        qtbot: QtBot, make_window: WindowFactory, profile: Profile, newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    force_status(newsroom, staff.admin, story_id, Status.SUBMITTED)
    writer = make_window(profile.dir, acting_user="wendy")
    editor = make_window(profile.dir, acting_user="anna")
    open_in_editor(writer, story_id)
    open_in_editor(editor, story_id)
    type_at_end(writer, "A late sentence.")
    move(editor, MoveKey.APPROVE)  # the version moves on under the writer's feet; her words did not change
    assert status_of(newsroom, story_id) is Status.APPROVED
    writer.editor_actions.save.trigger()
    assert writer.desk.editor.middle.currentWidget() is writer.desk.editor.work  # no conflict view
    saved = get_story(newsroom, staff.writer, story_id)
    assert saved.body == FIRST_BODY + "A late sentence." and saved.status is Status.APPROVED
    poll(writer)
    assert writer.workflow.bar.status.accessibleDescription() == "Approved"
