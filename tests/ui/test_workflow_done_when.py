"""Issue 9's "Done when", driven through two windows on one newsroom: a writer submits, an editor requests
changes with a note, the writer fixes the house-style findings with one click, the editor approves — each
step seen in both desks' queues and the audit trail — and when the editor takes the story over from the
writer, the writer's unsaved words are kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from editor_app.domain.stories import Dateline
from editor_app.domain.story_state import RevisionKind
from editor_app.domain.workflow import Status
from editor_app.services.story_read import get_story
from editor_app.storage.engine import Database
from editor_app.storage.profile import Profile
from editor_app.ui.workflow.jobs import MoveKey
from tests.ui.conftest import WindowFactory
from tests.ui.editor_helpers import fast_autosave, open_in_editor
from tests.ui.workflow_ui_helpers import (
    choose_queue,
    finding_codes,
    fix_button,
    kept_body,
    list_headlines,
    move,
    offered,
    poll,
    press,
    queue_count,
    status_shown,
    type_at_end,
)
from tests.workflow_helpers import Staff, add_staff, complete_story, new_story, status_of


@pytest.fixture
def staff(newsroom: Database) -> Staff:
    return add_staff(newsroom)


def test_submit_request_changes_fix_approve_with_queues_and_trail(
        qtbot: QtBot, make_window: WindowFactory, profile: Profile, newsroom: Database, staff: Staff,
        tmp_path: Path) -> None:
    fast_autosave(tmp_path / "config")
    hurried = complete_story("Gyumri library reopens after the flood", bylines=(), dateline=Dateline("Gyumri"))
    story_id = new_story(newsroom, staff.writer, hurried)
    writer = make_window(profile.dir, acting_user="wendy")
    editor = make_window(profile.dir, acting_user="anna")
    assert queue_count(writer, "My drafts") == 1 and queue_count(editor, "Awaiting review") == 0

    # the writer opens her draft: the checks find what she left out, and she submits anyway
    open_in_editor(writer, story_id)
    assert finding_codes(writer)[0] == "no-byline"
    assert "dateline-city-untagged" in finding_codes(writer)
    assert offered(writer) == {"Submit for review": True}
    move(writer, MoveKey.SUBMIT)
    assert status_of(newsroom, story_id) is Status.SUBMITTED
    assert "Submitted for review. 2 house-style findings remain" in writer.desk.editor.status.text()
    assert queue_count(writer, "My drafts") == 0 and queue_count(writer, "Awaiting review") == 1

    # the editor's desk hears of it, opens the queue, and the story (the writer still has it open)
    poll(editor)
    assert queue_count(editor, "Awaiting review") == 1
    choose_queue(editor, "awaiting_review")
    assert list_headlines(editor) == ["Gyumri library reopens after the flood"]
    assert editor.list_pane.count_label.text() == "Awaiting review: 1 story"
    open_in_editor(editor, story_id)
    assert editor.workflow.lock_banner.text.startswith("Being edited by Wendy Writer since ")
    assert offered(editor) == {"Approve": False, "Request changes…": True}  # a blocker remains
    assert "Fix the blockers first: The story has no byline" in editor.workflow.moves.actions[MoveKey.APPROVE].toolTip()

    editor.workflow.workflow.ask_note = lambda headline: "Add your byline and tag Gyumri, please."
    move(editor, MoveKey.REQUEST_CHANGES)
    assert status_of(newsroom, story_id) is Status.CHANGES_REQUESTED
    assert status_shown(editor).startswith("Changes requested · version")
    assert [t.note.body for t in editor.workflow.notes.threads] == ["Add your byline and tag Gyumri, please."]
    assert queue_count(editor, "Changes requested") == 1 and queue_count(editor, "Awaiting review") == 0

    # the writer's desk reloads the story (she had nothing unsaved) and shows the note
    poll(writer)
    assert status_shown(writer).startswith("Changes requested")
    assert writer.desk.editor.tabs.tabText(writer.desk.editor.tabs.indexOf(writer.workflow.notes)) == "Notes (1)"
    assert queue_count(writer, "Changes requested") == 1

    # one click per finding, autosave saves them, and she submits again
    fix_button(writer, "no-byline").click()
    fix_button(writer, "dateline-city-untagged").click()
    assert writer.desk.editor.bylines.bylines()[0].name == "Wendy Writer"
    qtbot.waitUntil(lambda: get_story(newsroom, staff.writer, story_id).cities == ("Yerevan", "Gyumri"), timeout=3000)
    assert [b.name for b in get_story(newsroom, staff.writer, story_id).bylines] == ["Wendy Writer"]
    writer.workflow.checker.check_now()
    assert finding_codes(writer) == []
    move(writer, MoveKey.SUBMIT)
    assert status_of(newsroom, story_id) is Status.SUBMITTED

    # the editor's desk reloads the words (read-only while the writer holds it) and approves
    poll(editor)
    assert editor.desk.editor.bylines.bylines()[0].name == "Wendy Writer"
    assert finding_codes(editor) == []
    assert offered(editor) == {"Approve": True, "Request changes…": True}
    move(editor, MoveKey.APPROVE)
    assert status_of(newsroom, story_id) is Status.APPROVED
    assert editor.desk.editor.status.text() == "Approved."
    poll(writer, editor)
    for window in (writer, editor):
        assert queue_count(window, "Approved") == 1 and queue_count(window, "Awaiting review") == 0
    assert status_shown(writer).startswith("Approved")

    trail = editor.workflow.trail.lines()
    assert "Wendy Writer moved it from draft to submitted" in trail
    assert "Anna Petrosyan moved it from submitted to changes requested: “Add your byline and tag Gyumri, please.”" \
        in trail
    assert "Wendy Writer moved it from changes requested to submitted" in trail
    assert trail[-1] == "Anna Petrosyan moved it from submitted to approved"


def test_a_takeover_keeps_the_unsaved_words_of_the_desk_that_lost_the_story(
        qtbot: QtBot, make_window: WindowFactory, profile: Profile, newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    writer = make_window(profile.dir, acting_user="wendy")
    editor = make_window(profile.dir, acting_user="anna")
    open_in_editor(writer, story_id)
    type_at_end(writer, "A last sentence the writer had not saved yet.")
    open_in_editor(editor, story_id)
    press(editor.workflow.lock_banner, "Take over")
    assert editor.workflow.lock_banner.text == ("You took the story over from Wendy Writer; their unsaved text is kept "
                                                "as a revision for them.")
    assert not editor.desk.editor.body.isReadOnly()

    writer.workflow.locks.beat_now()  # the writer's next heartbeat: the lock is gone, her text is kept
    number, body = kept_body(newsroom, staff, story_id, RevisionKind.TAKEOVER)
    assert body.endswith("A last sentence the writer had not saved yet.")
    assert writer.desk.editor.body.isReadOnly()
    assert f"Your unsaved text is kept as revision {number} (takeover)" in writer.workflow.lock_banner.text
    assert writer.desk.editor.body.toPlainText().endswith("A last sentence the writer had not saved yet.")

    type_at_end(editor, " The editor's words.")
    editor.editor_actions.save.trigger()
    assert get_story(newsroom, staff.editor, story_id).body.endswith("The editor's words.")
    poll(editor)
    assert any("took over editing from Wendy Writer" in line for line in editor.workflow.trail.lines())
