"""Edit locks in the editor: a banner and read-only fields for the desk that does not hold the story, take
over for editors only, the lock given back when the story leaves the editor, and a save refused because
somebody else holds the story keeps the words and says where."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from editor_app.domain.story_state import RevisionKind
from editor_app.services.locks import lock_of
from editor_app.services.story_read import get_story
from editor_app.storage.engine import Database
from editor_app.storage.profile import Profile
from tests.ui.conftest import WindowFactory
from tests.ui.editor_helpers import open_in_editor
from tests.ui.workflow_ui_helpers import kept_body, poll, press, type_at_end
from tests.workflow_helpers import Staff, add_staff, new_story


@pytest.fixture
def staff(newsroom: Database) -> Staff:
    return add_staff(newsroom)


def test_the_desk_without_the_lock_reads_only_and_a_writer_cannot_take_over(
        make_window: WindowFactory, profile: Profile, newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    editor = make_window(profile.dir, acting_user="anna")
    open_in_editor(editor, story_id)  # the editor holds it
    other_writer = make_window(profile.dir, acting_user="walt")
    other_writer.show_story(story_id)  # a writer who may not edit it at all: the read view, no lock asked
    assert not other_writer.desk.editing and other_writer.workflow.lock_banner.text == ""
    owner_desk = make_window(profile.dir, acting_user="wendy")
    open_in_editor(owner_desk, story_id)  # her own story, but Anna holds it
    pane, banner = owner_desk.desk.editor, owner_desk.workflow.lock_banner
    assert banner.text.startswith("Being edited by Anna Petrosyan since ")
    assert "An editor may take it over." in banner.text
    assert banner.button("Take over") is None and not owner_desk.workflow.take_over_action.isEnabled()
    assert pane.body.isReadOnly() and pane.headline.isReadOnly() and not pane.bylines.isEnabled()
    assert pane.status.text() == "Read only while Anna Petrosyan edits it."
    before = get_story(newsroom, staff.admin, story_id).version
    pane.body.insertPlainText("typed into a read-only story")  # programmatic: the keyboard cannot
    owner_desk.editor_actions.save.trigger()
    assert get_story(newsroom, staff.admin, story_id).version == before  # nothing was sent


def test_leaving_the_story_gives_the_lock_back_and_the_waiting_desk_gets_it(
        make_window: WindowFactory, profile: Profile, newsroom: Database, staff: Staff) -> None:
    first, second = new_story(newsroom, staff.writer), new_story(newsroom, staff.writer, None)
    editor = make_window(profile.dir, acting_user="anna")
    writer = make_window(profile.dir, acting_user="wendy")
    open_in_editor(editor, first)
    open_in_editor(writer, first)
    assert writer.desk.editor.body.isReadOnly()
    open_in_editor(editor, second)  # the editor moves on: her lock on the first story is released
    lock = lock_of(newsroom, staff.admin, first)
    assert lock is None
    poll(writer)  # the writer's desk hears the lock change and tries again
    assert not writer.desk.editor.body.isReadOnly()
    assert writer.workflow.lock_banner.text == ""
    held = lock_of(newsroom, staff.admin, first)
    assert held is not None and held.holder == "Wendy Writer"
    writer.close()
    assert lock_of(newsroom, staff.admin, first) is None  # closing the window gives it back too


def test_a_save_refused_by_somebody_elses_lock_keeps_the_words_and_says_so(
        qtbot: QtBot, make_window: WindowFactory, profile: Profile, newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    writer = make_window(profile.dir, acting_user="wendy")
    editor = make_window(profile.dir, acting_user="anna")
    open_in_editor(writer, story_id)
    open_in_editor(editor, story_id)
    press(editor.workflow.lock_banner, "Take over")
    type_at_end(writer, " Words typed before the heartbeat noticed.")
    writer.editor_actions.save.trigger()  # the save finds Anna's lock before the heartbeat does
    number, body = kept_body(newsroom, staff, story_id, RevisionKind.CONFLICT)
    assert body.endswith("Words typed before the heartbeat noticed.")
    banner = writer.workflow.lock_banner.text
    assert banner.startswith(f"Anna Petrosyan is editing story {story_id}")
    assert f"Your text is kept as revision {number} (conflict)" in banner
    assert writer.desk.editor.body.isReadOnly()
    assert not get_story(newsroom, staff.admin, story_id).body.endswith("noticed.")
    press(writer.workflow.lock_banner, "Reload")  # back to the newsroom's version, read-only
    assert writer.workflow.lock_banner.text.startswith("Being edited by Anna Petrosyan")
