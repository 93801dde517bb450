"""The queues sidebar (counts per user, choosing one lists its stories) and the live refresh: colleagues'
changes show in the list without a reload, the counts follow, and the open story reloads by itself unless
the desk has unsaved edits (then a banner offers to compare)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from editor_app.domain.workflow import Status
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_write import save_story
from editor_app.services.workflow import submit
from editor_app.storage.engine import Database
from editor_app.storage.profile import Profile
from tests.ui.conftest import WindowFactory
from tests.ui.editor_helpers import open_in_editor
from tests.ui.workflow_ui_helpers import choose_queue, list_headlines, poll, press, queue_count, type_at_end
from tests.workflow_helpers import Staff, add_staff, complete_story, force_status, new_story, version_of


@pytest.fixture
def staff(newsroom: Database) -> Staff:
    return add_staff(newsroom)


def test_queues_count_for_each_user_and_list_their_stories(make_window: WindowFactory, profile: Profile,
                                                           newsroom: Database, staff: Staff) -> None:
    mine = new_story(newsroom, staff.writer, complete_story("Wendy's draft"))
    theirs = new_story(newsroom, staff.writer2, complete_story("Walt's submitted story"))
    submit(newsroom, staff.writer2, theirs)
    approved = new_story(newsroom, staff.writer, complete_story("An approved story"))
    force_status(newsroom, staff.admin, approved, Status.SUBMITTED, Status.APPROVED)
    writer = make_window(profile.dir, acting_user="wendy")
    editor = make_window(profile.dir, acting_user="anna")
    assert (queue_count(writer, "My drafts"), queue_count(writer, "Awaiting review")) == (1, 0)  # Walt's is not hers
    assert (queue_count(editor, "My drafts"), queue_count(editor, "Awaiting review")) == (0, 1)
    assert queue_count(writer, "Approved") == queue_count(editor, "Approved") == 1

    choose_queue(writer, "my_drafts")
    assert list_headlines(writer) == ["Wendy's draft"] and writer.list_pane.queue == "My drafts"
    writer.workflow.queue_actions[4].trigger()  # Alt+4: Approved
    assert list_headlines(writer) == ["An approved story"]
    choose_queue(writer, "scheduled")
    empty = writer.list_pane.empty
    assert writer.list_pane.stack.currentWidget() is empty and empty.title.text() == "Nothing in “Scheduled”"
    empty.click("Show all stories")
    assert writer.list_pane.queue is None and len(list_headlines(writer)) == 3
    choose_queue(writer, "my_drafts")
    writer.list_pane.status_box.setCurrentIndex(1)  # a filter: back to the filtered list, the sidebar follows
    assert writer.list_pane.queue is None
    assert writer.workflow.queues_panel.tree.currentItem().text(0) == "All stories"
    assert list_headlines(writer) == ["Wendy's draft"] and mine  # the status filter: drafts


def test_colleagues_changes_update_rows_and_counts_without_a_reload(qtbot: QtBot, make_window: WindowFactory,
                                                                    profile: Profile, newsroom: Database,
                                                                    staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer, complete_story("The first headline"))
    editor = make_window(profile.dir, acting_user="anna")
    model = editor.list_pane.model
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    save_story(newsroom, staff.writer, story_id, version_of(newsroom, story_id),
               StoryChanges(headline="A colleague's new headline"))
    poll(editor)
    assert list_headlines(editor) == ["A colleague's new headline"] and resets == []  # in place
    submit(newsroom, staff.writer, story_id)
    poll(editor)
    assert model.row_at(0) is not None and model.row_at(0).status is Status.SUBMITTED  # type: ignore[union-attr]
    assert queue_count(editor, "Awaiting review") == 1 and resets == []
    new_story(newsroom, staff.writer, complete_story("A brand new story"))
    poll(editor)
    assert list_headlines(editor)[0] == "A brand new story" and resets == [1]  # a newcomer: the page reloads
    assert editor.list_pane.count_label.text() == "2 stories"


def test_the_open_story_reloads_unless_the_desk_has_unsaved_edits(make_window: WindowFactory, profile: Profile,
                                                                  newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    here, there = make_window(profile.dir, acting_user="anna"), make_window(profile.dir, acting_user="anna")
    open_in_editor(here, story_id)
    open_in_editor(there, story_id)
    type_at_end(there, " Added at the other desk.")
    there.editor_actions.save.trigger()
    poll(here)
    assert here.desk.editor.body.toPlainText().endswith("Added at the other desk.")
    assert here.desk.editor.status.text() == "Reloaded: Anna Petrosyan changed the story."

    type_at_end(here, " Typed here, not saved yet.")
    type_at_end(there, " And more from there.")
    there.editor_actions.save.trigger()
    poll(here)
    banner = here.workflow.change_banner
    assert banner.text.startswith("Anna Petrosyan changed this story (now version ")
    assert here.desk.editor.body.toPlainText().endswith("Typed here, not saved yet.")  # nothing replaced
    press(banner, "Keep editing")
    assert banner.text == ""
    poll(here)  # nothing new: the banner stays away
    assert banner.text == ""
    there.editor_actions.save.trigger()  # (nothing to save)
    save_story(newsroom, staff.editor, story_id, version_of(newsroom, story_id), StoryChanges(deck="A new deck"))
    poll(here)
    press(here.workflow.change_banner, "Compare…")
    assert here.desk.editor.middle.currentWidget() is here.desk.editor.conflict
    assert here.desk.editor.conflict.mine.toPlainText().endswith("Typed here, not saved yet.")
