"""Threaded notes, the audit trail as it reads back, and accounts that are renamed, removed or deactivated."""

from __future__ import annotations

import pytest
from sqlalchemy import Delete, Update, delete, select, update

from editor_app.domain.errors import NotFoundError, StorageError, ValidationError
from editor_app.domain.workflow import Role, Status
from editor_app.services import notes, users, workflow
from editor_app.services.audit import recent_events, story_trail
from editor_app.storage.engine import Database
from editor_app.storage.models import AuditEvent, User
from tests.workflow_helpers import Staff, add_staff, complete_story, new_story


@pytest.fixture
def staff(newsroom: Database) -> Staff:
    return add_staff(newsroom)


def test_threads_with_replies_in_order(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    first = notes.add_note(newsroom, staff.editor, story_id, "Check the mayor's title.")
    second = notes.add_note(newsroom, staff.photo, story_id, "The lead photo is from 2019.")
    answer = notes.add_note(newsroom, staff.writer, story_id, "Deputy mayor — fixed.", reply_to=first.id)
    # answering a reply answers the thread (one level deep)
    again = notes.add_note(newsroom, staff.editor, story_id, "Thanks!", reply_to=answer.id)
    assert again.parent_id == first.id
    threads = notes.list_notes(newsroom, staff.writer, story_id)
    assert [(t.note.author, t.note.body) for t in threads] == [("Anna Petrosyan", "Check the mayor's title."),
                                                               ("Pat Photo", "The lead photo is from 2019.")]
    assert [(r.author, r.body, r.mine) for r in threads[0].replies] == [
        ("Wendy Writer", "Deputy mayor — fixed.", True), ("Anna Petrosyan", "Thanks!", False)]
    assert threads[1].id == second.id and threads[1].replies == ()
    assert notes.open_thread_counts(newsroom, staff.editor, [story_id]) == {story_id: 2}


def test_resolving_and_a_new_answer_reopening(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    note = notes.add_note(newsroom, staff.editor, story_id, "Source for the figure?")
    thread = notes.resolve_thread(newsroom, staff.writer, note.id)  # the story's writer may resolve it
    assert thread.resolved and thread.resolved_by == "Wendy Writer" and thread.resolved_at is not None
    assert notes.list_notes(newsroom, staff.editor, story_id, include_resolved=False) == []
    assert notes.open_thread_counts(newsroom, staff.editor, [story_id]) == {}
    notes.add_note(newsroom, staff.editor, story_id, "Still missing the year.", reply_to=note.id)
    [thread] = notes.list_notes(newsroom, staff.editor, story_id)
    assert not thread.resolved and thread.resolved_by == ""
    assert not notes.resolve_thread(newsroom, staff.editor, note.id, resolved=False).resolved  # no change: fine


def test_bad_notes_are_refused_plainly(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    other = new_story(newsroom, staff.writer2, complete_story(headline="Another story"))
    elsewhere = notes.add_note(newsroom, staff.editor, other, "On the other story.")
    with pytest.raises(ValidationError, match="empty"):
        notes.add_note(newsroom, staff.editor, story_id, "   ")
    with pytest.raises(ValidationError, match="limit is 5,000"):
        notes.add_note(newsroom, staff.editor, story_id, "x" * 5001)
    with pytest.raises(NotFoundError, match=f"no note {elsewhere.id} to answer"):
        notes.add_note(newsroom, staff.editor, story_id, "hi", reply_to=elsewhere.id)
    with pytest.raises(NotFoundError, match="There is no story with id 999"):
        notes.add_note(newsroom, staff.editor, 999, "hi")
    with pytest.raises(NotFoundError, match="no note 12345"):
        notes.resolve_thread(newsroom, staff.editor, 12345)


def test_the_trail_names_survive_rename_deactivation_and_removal(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    workflow.submit(newsroom, staff.writer, story_id)
    workflow.request_changes(newsroom, staff.editor, story_id, "More quotes.")
    users.rename_user(newsroom, staff.admin, "anna", "Anna P. Karapetyan")
    users.set_active(newsroom, staff.admin, "wendy", False)
    trail = [(e.user, e.action) for e in story_trail(newsroom, staff.editor2, story_id)]
    assert ("Anna Petrosyan", "story.transition") in trail and ("Wendy Writer", "story.transition") in trail
    assert all(name != "Anna P. Karapetyan" for name, _ in trail)
    [thread] = notes.list_notes(newsroom, staff.editor2, story_id)
    assert thread.note.author == "Anna Petrosyan"
    # removing an account with history is refused; deactivating keeps it
    with pytest.raises(ValidationError, match="has history in the newsroom") as refused:
        users.remove_user(newsroom, staff.admin, "wendy")
    assert "users deactivate wendy" in refused.value.hint
    # even when the row goes by other means (a database admin's DELETE), the trail keeps its names: the link
    # becomes NULL (the one change the trail allows), the name stays
    with newsroom.session() as session:
        session.execute(delete(User).where(User.username == "anna"))
    with newsroom.session() as session:
        assert session.scalar(select(AuditEvent.user_id).where(AuditEvent.user_name == "Anna Petrosyan")) is None
    assert notes.list_notes(newsroom, staff.admin, story_id)[0].note.author == "Anna Petrosyan"
    assert [e.user for e in story_trail(newsroom, staff.admin, story_id)] == [e for e, _ in trail]


def test_an_account_without_history_can_be_removed(newsroom: Database, staff: Staff) -> None:
    users.add_user(newsroom, staff.admin, "typo", "Typo Account", Role.WRITER)
    users.remove_user(newsroom, staff.admin, "typo")
    assert "typo" not in {u.username for u in users.list_users(newsroom, staff.admin)}
    assert recent_events(newsroom, staff.admin, action_prefix="user.")[0].action == "user.remove"
    with pytest.raises(ValidationError, match="your own account"):
        users.remove_user(newsroom, staff.admin, staff.admin.username)
    with pytest.raises(NotFoundError):
        users.remove_user(newsroom, staff.admin, "nobody")


@pytest.mark.parametrize("change", ["user_name", "action", "detail", "at", "relink", "delete"])
def test_the_database_refuses_to_change_the_trail(newsroom: Database, staff: Staff, change: str) -> None:
    """No service edits the trail, and the database refuses anybody who tries (triggers from 0006)."""
    story_id = new_story(newsroom, staff.writer)
    workflow.submit(newsroom, staff.writer, story_id)
    statements: dict[str, Update | Delete] = {
        "user_name": update(AuditEvent).values(user_name="Somebody Else"),
        "action": update(AuditEvent).values(action="story.nothing"),
        "detail": update(AuditEvent).values(detail={"to": "published"}),
        "at": update(AuditEvent).values(at=AuditEvent.at),  # the same value is fine …
        "relink": update(AuditEvent).values(user_id=staff.editor.user_id),
        "delete": delete(AuditEvent),
    }
    before = [(e.at, e.user, e.action, e.detail) for e in story_trail(newsroom, staff.admin, story_id)]
    if change == "at":  # writing the same value changes nothing, and is let through
        with newsroom.session() as session:
            session.execute(statements[change])
    else:
        with pytest.raises(StorageError), newsroom.session() as session:
            session.execute(statements[change].where(AuditEvent.article_id == story_id))
    assert [(e.at, e.user, e.action, e.detail) for e in story_trail(newsroom, staff.admin, story_id)] == before


def test_trail_summaries_read_as_sentences(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    workflow.submit(newsroom, staff.writer, story_id)
    workflow.request_changes(newsroom, staff.editor, story_id, "Shorter, please.")
    lines = [f"{e.user} {e.summary}" for e in story_trail(newsroom, staff.writer, story_id)]
    assert lines == ["Wendy Writer created it (draft)", "Wendy Writer moved it from draft to submitted",
                     "Anna Petrosyan moved it from submitted to changes requested: “Shorter, please.”"]
    assert story_trail(newsroom, staff.writer, story_id)[-1].detail == {"from": "submitted",
                                                                        "to": Status.CHANGES_REQUESTED.value,
                                                                        "note": "Shorter, please."}
