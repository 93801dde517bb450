"""The sidebar queues, and soft edit locks: heartbeat, expiry, takeover, and nothing typed lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from editor_app.domain.errors import LockedError, LockLostError, PermissionDeniedError
from editor_app.domain.story_state import RevisionKind
from editor_app.domain.workflow import Status
from editor_app.services import locks
from editor_app.services.audit import story_trail
from editor_app.services.queues import Queue, queue_counts, queue_stories, week_start
from editor_app.services.revisions import list_revisions, revision_state
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_read import get_story
from editor_app.services.story_write import save_story
from editor_app.services.workflow import schedule
from editor_app.storage.engine import Database
from editor_app.storage.models import Article
from tests.workflow_helpers import Staff, add_staff, complete_story, force_status, new_story, version_of


@pytest.fixture
def staff(newsroom: Database) -> Staff:
    return add_staff(newsroom)


# --- queues ---------------------------------------------------------------------------------------------
def test_queues_count_and_list_for_each_role(newsroom: Database, staff: Staff) -> None:
    db = newsroom
    mine = new_story(db, staff.writer, complete_story("Wendy's draft"))
    theirs = new_story(db, staff.writer2, complete_story("Walt's draft"))
    sent = new_story(db, staff.writer, complete_story("Wendy's submitted"))
    force_status(db, staff.admin, sent, Status.SUBMITTED)
    walts_sent = new_story(db, staff.writer2, complete_story("Walt's submitted"))
    force_status(db, staff.admin, walts_sent, Status.SUBMITTED)
    back = new_story(db, staff.writer2, complete_story("Walt's sent back"))
    force_status(db, staff.admin, back, Status.SUBMITTED, Status.CHANGES_REQUESTED)
    approved = new_story(db, staff.writer2, complete_story("Approved one"))
    force_status(db, staff.admin, approved, Status.SUBMITTED, Status.APPROVED)
    scheduled = new_story(db, staff.writer2, complete_story("Scheduled one"))
    force_status(db, staff.admin, scheduled, Status.SUBMITTED, Status.APPROVED)
    schedule(db, staff.editor, scheduled, datetime.now(UTC) + timedelta(days=2))
    out = new_story(db, staff.writer, complete_story("Published one"))
    force_status(db, staff.admin, out, Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED)

    assert queue_counts(db, staff.writer) == {
        Queue.MY_DRAFTS: 1, Queue.AWAITING_REVIEW: 1, Queue.CHANGES_REQUESTED: 0, Queue.APPROVED: 1,
        Queue.SCHEDULED: 1, Queue.PUBLISHED_THIS_WEEK: 1}
    assert queue_counts(db, staff.writer2)[Queue.CHANGES_REQUESTED] == 1
    assert queue_counts(db, staff.editor) == {
        Queue.MY_DRAFTS: 0, Queue.AWAITING_REVIEW: 2, Queue.CHANGES_REQUESTED: 1, Queue.APPROVED: 1,
        Queue.SCHEDULED: 1, Queue.PUBLISHED_THIS_WEEK: 1}
    assert [r.id for r in queue_stories(db, staff.writer, Queue.MY_DRAFTS)] == [mine]
    assert [r.id for r in queue_stories(db, staff.writer2, Queue.MY_DRAFTS)] == [theirs]
    assert {r.id for r in queue_stories(db, staff.editor, Queue.AWAITING_REVIEW)} == {sent, walts_sent}
    assert [r.headline for r in queue_stories(db, staff.photo, Queue.APPROVED)] == ["Approved one"]
    assert queue_stories(db, staff.editor, Queue.SCHEDULED)[0].status is Status.SCHEDULED
    assert Queue.PUBLISHED_THIS_WEEK.label == "Published this week"


def test_published_this_week_starts_on_monday(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    force_status(newsroom, staff.admin, story_id, Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED)
    wednesday = datetime(2026, 10, 7, 15, 0, tzinfo=UTC)
    assert week_start(wednesday) == datetime(2026, 10, 5, 0, 0, tzinfo=UTC)
    for published, expected in ((datetime(2026, 10, 5, 0, 1, tzinfo=UTC), 1),
                                (datetime(2026, 10, 4, 23, 59, tzinfo=UTC), 0)):
        with newsroom.session() as session:
            session.execute(update(Article).where(Article.id == story_id).values(published_at=published))
        assert queue_counts(newsroom, staff.editor, now=wednesday)[Queue.PUBLISHED_THIS_WEEK] == expected


# --- locks ----------------------------------------------------------------------------------------------
T0 = datetime(2026, 10, 5, 10, 42, tzinfo=UTC)


def test_the_first_editor_holds_the_lock_others_read(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    mine = locks.open_for_editing(newsroom, staff.writer, story_id, now=T0)
    assert mine.editable and mine.lock is not None and mine.lock.token
    other = locks.open_for_editing(newsroom, staff.editor, story_id, now=T0 + timedelta(seconds=20))
    assert not other.editable and other.may_take_over and other.lock is not None and other.lock.token is None
    assert other.lock.banner(UTC) == "Being edited by Wendy Writer since 10:42"
    assert locks.open_for_editing(newsroom, staff.writer2, story_id, now=T0).lock is None  # may not edit at all
    again = locks.open_for_editing(newsroom, staff.writer, story_id, now=T0 + timedelta(seconds=30))
    assert again.editable and again.lock is not None and again.lock.token == mine.lock.token
    assert locks.locks_for(newsroom, staff.photo, [story_id], now=T0)[story_id].holder == "Wendy Writer"


def test_a_save_by_somebody_else_is_refused_while_the_lock_is_held(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    locks.open_for_editing(newsroom, staff.writer, story_id)
    with pytest.raises(LockedError, match="Wendy Writer is editing story") as refused:
        save_story(newsroom, staff.editor, story_id, version_of(newsroom, story_id),
                   StoryChanges(body="The editor's version.\n"))
    assert refused.value.holder == "Wendy Writer" and refused.value.revision is not None
    state, _ = revision_state(newsroom, staff.editor, story_id, refused.value.revision)
    assert state.body == "The editor's version.\n"  # kept, not lost
    assert get_story(newsroom, staff.editor, story_id).body != "The editor's version.\n"
    # a status move is not a text change: the lock does not stop it
    save_story(newsroom, staff.admin, story_id, version_of(newsroom, story_id), StoryChanges(status=Status.SUBMITTED),
               kind=None)


def test_heartbeats_keep_the_lock_and_expiry_frees_it(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    held = locks.open_for_editing(newsroom, staff.writer, story_id, now=T0)
    assert held.lock is not None and held.lock.token is not None
    token = held.lock.token
    for minute in range(1, 4):  # beating every minute keeps it long past the TTL
        locks.heartbeat(newsroom, staff.writer, token, now=T0 + timedelta(minutes=minute))
    late = T0 + timedelta(minutes=3) + locks.LOCK_TTL + timedelta(seconds=1)
    assert locks.lock_of(newsroom, staff.editor, story_id, now=late) is None  # expired: nobody holds it
    # nobody took it: the holder's next heartbeat renews it
    renewed = locks.heartbeat(newsroom, staff.writer, token, now=late)
    assert renewed.mine and renewed.expires == late + locks.LOCK_TTL


def test_an_expired_lock_taken_by_another_is_told_and_the_text_kept(newsroom: Database, staff: Staff) -> None:
    """Wendy's laptop slept; Walt's editor opened the story; Wendy wakes with unsaved text."""
    story_id = new_story(newsroom, staff.writer)
    held = locks.open_for_editing(newsroom, staff.writer, story_id, now=T0)
    assert held.lock is not None and held.lock.token is not None
    later = T0 + locks.LOCK_TTL + timedelta(minutes=5)
    anna = locks.open_for_editing(newsroom, staff.editor, story_id, now=later)
    assert anna.editable and anna.taken_from_expired == "Wendy Writer"
    base = version_of(newsroom, story_id)
    with pytest.raises(LockLostError, match=r"Your edit lock on story \d+ expired, and Anna Petrosyan opened") as lost:
        locks.heartbeat(newsroom, staff.writer, held.lock.token, unsaved=StoryChanges(body="Wendy's last lines.\n"),
                        base_version=base, now=later + timedelta(seconds=10))
    assert lost.value.taken_by == "Anna Petrosyan" and lost.value.revision is not None
    [kept] = [r for r in list_revisions(newsroom, staff.writer, story_id) if r.kind is RevisionKind.TAKEOVER]
    assert kept.author == "Wendy Writer" and kept.version == base
    assert revision_state(newsroom, staff.writer, story_id, kept.number)[0].body == "Wendy's last lines.\n"


def test_an_editor_takes_over_and_the_holder_is_told(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    held = locks.open_for_editing(newsroom, staff.writer, story_id)  # real time: saves check it
    assert held.lock is not None and held.lock.token is not None
    with pytest.raises(PermissionDeniedError):
        locks.take_over(newsroom, staff.writer2, story_id)  # writers may not take a live lock
    taken = locks.take_over(newsroom, staff.editor, story_id)
    assert taken.mine and taken.holder == "Anna Petrosyan"
    save_story(newsroom, staff.editor, story_id, version_of(newsroom, story_id), StoryChanges(deck="Anna's deck"))
    # Wendy's autosave comes in: refused, kept
    with pytest.raises(LockedError, match="Anna Petrosyan is editing") as refused:
        save_story(newsroom, staff.writer, story_id, version_of(newsroom, story_id),
                   StoryChanges(body="Wendy typed this.\n"), kind=RevisionKind.AUTOSAVE)
    kept = revision_state(newsroom, staff.writer, story_id, refused.value.revision or 0)[0]
    assert kept.body == "Wendy typed this.\n"
    # and her next heartbeat tells her who took it
    with pytest.raises(LockLostError, match="Anna Petrosyan took over story") as lost:
        locks.heartbeat(newsroom, staff.writer, held.lock.token)
    assert lost.value.revision is None and "read-only" in lost.value.hint
    trail = [e for e in story_trail(newsroom, staff.admin, story_id) if e.action == "lock.takeover"]
    assert [(e.user, e.detail["taken_from"]) for e in trail] == [("Anna Petrosyan", "Wendy Writer")]
    assert get_story(newsroom, staff.admin, story_id).deck == "Anna's deck"


def test_release_frees_the_story(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    held = locks.open_for_editing(newsroom, staff.writer, story_id)
    assert held.lock is not None and held.lock.token is not None
    locks.release(newsroom, staff.writer, held.lock.token)
    locks.release(newsroom, staff.writer, held.lock.token)  # twice: harmless
    assert locks.lock_of(newsroom, staff.editor, story_id) is None
    assert locks.open_for_editing(newsroom, staff.editor, story_id).editable
    with pytest.raises(LockLostError, match="was released"):
        locks.heartbeat(newsroom, staff.writer, held.lock.token)
