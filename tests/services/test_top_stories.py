"""The week's top stories through the services: a story's week follows its publication or schedule on the
newsroom's calendar; picks are ordered, versioned, limited to the slots and to the week's candidates; a stale
change is refused with both orders; who may pick is the permission table's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from editor_app.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from editor_app.domain.top_stories import PicksConflictError
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.services.actor import Actor
from editor_app.services.settings import get_settings, update_settings
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_read import get_story
from editor_app.services.story_write import write_story
from editor_app.services.top_stories import (
    add_picks,
    board,
    candidates,
    get_picks,
    history,
    latest_of_week,
    move_pick,
    remove_picks,
    set_picks,
)
from editor_app.storage.engine import Database
from tests.workflow_helpers import Staff, add_staff, complete_story

W40, W41 = IsoWeek(2026, 40), IsoWeek(2026, 41)
MONDAY_W40 = datetime(2026, 9, 28, 15, 0, tzinfo=UTC)  # Monday of 2026-W40, 11:00 in New York


@pytest.fixture
def staff(newsroom: Database) -> Staff:
    return add_staff(newsroom)


def new_york(db: Database, actor: Actor) -> None:
    update_settings(db, actor, get_settings(db, actor).version, time_zone="America/New_York", top_story_slots=3)


def story(db: Database, actor: Actor, headline: str, *, status: Status = Status.APPROVED,
          at: datetime = MONDAY_W40, scheduled: datetime | None = None) -> int:
    """A story created at `at` (in that week) and moved to `status` then, as the write path does it."""
    with db.session(write=True) as session:
        made = write_story(session, actor, None, None,
                           complete_story(headline, status=Status.APPROVED, week=IsoWeek.of(at)), now=at)
        if status is not Status.APPROVED:
            write_story(session, actor, made.id, made.version, StoryChanges(status=status, scheduled=scheduled),
                        kind=None, now=at)
        return made.id


# --- the week of a story ------------------------------------------------------------------------------------------
def test_a_draft_keeps_the_week_it_was_created_in_on_the_newsrooms_calendar(newsroom: Database,
                                                                            staff: Staff) -> None:
    new_york(newsroom, staff.admin)
    sunday_night = datetime(2026, 10, 5, 2, 30, tzinfo=UTC)  # Monday in UTC, still Sunday 22:30 in New York
    with newsroom.session(write=True) as session:
        made = write_story(session, staff.writer, None, None, StoryChanges(headline="Late copy", section="Community"),
                           now=sunday_night)
        write_story(session, staff.writer, made.id, made.version, StoryChanges(body="Edited a week later."),
                    now=sunday_night + timedelta(days=7))
    assert get_story(newsroom, staff.admin, made.id).week == W40


def test_scheduling_and_publishing_move_the_week_to_their_dates(newsroom: Database, staff: Staff) -> None:
    new_york(newsroom, staff.admin)
    story_id = story(newsroom, staff.admin, "Harvest festival")
    assert get_story(newsroom, staff.admin, story_id).week == W40
    friday_w41 = datetime(2026, 10, 10, 3, 0, tzinfo=UTC)  # Friday 23:00 in New York, Saturday in UTC
    with newsroom.session(write=True) as session:
        version = get_story(newsroom, staff.admin, story_id).version
        write_story(session, staff.editor, story_id, version, StoryChanges(status=Status.SCHEDULED,
                                                                           scheduled=friday_w41), kind=None,
                    now=MONDAY_W40)
    assert get_story(newsroom, staff.admin, story_id).week == W41
    sunday_w42_in_utc = datetime(2026, 10, 12, 3, 0, tzinfo=UTC)  # Sunday 23:00 in New York: still W41
    with newsroom.session(write=True) as session:
        version = get_story(newsroom, staff.admin, story_id).version
        write_story(session, staff.editor, story_id, version, StoryChanges(scheduled=sunday_w42_in_utc), kind=None,
                    now=MONDAY_W40)
    assert get_story(newsroom, staff.admin, story_id).week == W41
    published_in_w42 = datetime(2026, 10, 13, 14, 0, tzinfo=UTC)
    with newsroom.session(write=True) as session:
        version = get_story(newsroom, staff.admin, story_id).version
        write_story(session, staff.editor, story_id, version, StoryChanges(status=Status.PUBLISHED), kind=None,
                    now=published_in_w42)
    assert get_story(newsroom, staff.admin, story_id).week == IsoWeek(2026, 42)


def test_a_correction_keeps_the_week_of_the_first_publication(newsroom: Database, staff: Staff) -> None:
    story_id = story(newsroom, staff.admin, "Council votes", status=Status.PUBLISHED)
    assert get_story(newsroom, staff.admin, story_id).week == W40
    later = MONDAY_W40 + timedelta(days=15)
    with newsroom.session(write=True) as session:
        version = get_story(newsroom, staff.admin, story_id).version
        saved = write_story(session, staff.editor, story_id, version, StoryChanges(body="Corrected.\n"), now=later)
        write_story(session, staff.editor, story_id, saved.version, StoryChanges(status=Status.PUBLISHED), kind=None,
                    now=later)
    assert get_story(newsroom, staff.admin, story_id).week == W40


# --- picks ------------------------------------------------------------------------------------------------------
def test_picks_are_ordered_versioned_and_reordered(newsroom: Database, staff: Staff) -> None:
    a, b, c = (story(newsroom, staff.admin, f"Story {n}") for n in "abc")
    empty = get_picks(newsroom, staff.writer, W40)
    assert (empty.ids, empty.version, empty.slots) == ((), 0, 10)
    first = set_picks(newsroom, staff.editor, W40, [b, a], expected_version=0)
    assert first.ids == (b, a) and first.version == 1 and first.updated_by == "Anna Petrosyan"
    assert first.counter == "2 of 10"
    added = add_picks(newsroom, staff.editor, W40, [c, a], first.version, position=1)
    assert added.ids == (b, c, a) and added.version == 2
    moved = move_pick(newsroom, staff.editor, W40, a, 0, added.version)
    assert moved.ids == (a, b, c)
    last = move_pick(newsroom, staff.editor, W40, a, 2, moved.version)
    assert last.ids == (b, c, a)
    removed = remove_picks(newsroom, staff.editor, W40, [c], last.version)
    assert removed.ids == (b, a) and removed.version == 5
    assert get_picks(newsroom, staff.photo, W40).ids == (b, a)  # everyone reads


def test_a_stale_change_is_refused_with_both_orders(newsroom: Database, staff: Staff) -> None:
    a, b, c = (story(newsroom, staff.admin, f"Story {n}") for n in "abc")
    seen = set_picks(newsroom, staff.editor, W40, [a, b], expected_version=0)
    set_picks(newsroom, staff.editor2, W40, [b, a, c], expected_version=seen.version)  # a colleague, first
    with pytest.raises(PicksConflictError) as caught:
        set_picks(newsroom, staff.editor, W40, [a, c], expected_version=seen.version)
    conflict = caught.value
    assert "Eddie Editor" in conflict.message and conflict.mine == (a, c) and conflict.theirs.ids == (b, a, c)
    assert conflict.order_lines(conflict.mine) == ["1. Story a", "2. Story c"]
    assert get_picks(newsroom, staff.admin, W40).ids == (b, a, c)  # nothing of the loser's was saved
    kept_mine = set_picks(newsroom, staff.editor, W40, conflict.mine, expected_version=conflict.theirs.version)
    assert kept_mine.ids == (a, c)


def test_two_desks_starting_the_same_week_cannot_both_win(newsroom: Database, staff: Staff) -> None:
    a, b = story(newsroom, staff.admin, "Story a"), story(newsroom, staff.admin, "Story b")
    set_picks(newsroom, staff.editor, W40, [a], expected_version=0)
    with pytest.raises(PicksConflictError):
        set_picks(newsroom, staff.editor2, W40, [b], expected_version=0)


def test_no_duplicates_no_more_than_the_slots_and_only_candidates(newsroom: Database, staff: Staff) -> None:
    new_york(newsroom, staff.admin)  # 3 slots
    a, b, c, d = (story(newsroom, staff.admin, f"Story {n}") for n in "abcd")
    with pytest.raises(ValidationError, match="picked twice"):
        set_picks(newsroom, staff.editor, W40, [a, b, a], expected_version=0)
    with pytest.raises(ValidationError, match="3 slots"):
        set_picks(newsroom, staff.editor, W40, [a, b, c, d], expected_version=0)
    draft_id = story(newsroom, staff.admin, "Still a draft", status=Status.APPROVED)
    with newsroom.session(write=True) as session:
        made = write_story(session, staff.writer, None, None, StoryChanges(headline="Draft", section="Community"),
                           now=MONDAY_W40)
    with pytest.raises(ValidationError, match="only approved, scheduled or published"):
        set_picks(newsroom, staff.editor, W40, [made.id], expected_version=0)
    next_week = story(newsroom, staff.admin, "Next week's", at=MONDAY_W40 + timedelta(days=7))
    with pytest.raises(ValidationError, match="runs in Week 41, 2026, not Week 40, 2026"):
        set_picks(newsroom, staff.editor, W40, [next_week], expected_version=0)
    with pytest.raises(NotFoundError):
        set_picks(newsroom, staff.editor, W40, [99999], expected_version=0)
    assert get_picks(newsroom, staff.admin, W40).ids == ()
    assert set_picks(newsroom, staff.editor, W40, [draft_id, a, b], expected_version=0).counter == "3 of 3"


@pytest.mark.parametrize("who", ["writer", "photo"])
def test_only_editors_and_admins_pick(newsroom: Database, staff: Staff, who: str) -> None:
    a = story(newsroom, staff.admin, "Story a")
    with pytest.raises(PermissionDeniedError, match="pick and order the week's top stories"):
        set_picks(newsroom, getattr(staff, who), W40, [a], expected_version=0)
    assert set_picks(newsroom, staff.admin, W40, [a], expected_version=0).ids == (a,)


# --- candidates, latest, the board ----------------------------------------------------------------------------
def test_candidates_are_the_weeks_approved_scheduled_and_published_stories(newsroom: Database, staff: Staff) -> None:
    approved = story(newsroom, staff.admin, "Approved harvest story")
    published = story(newsroom, staff.admin, "Published council story", status=Status.PUBLISHED,
                      at=MONDAY_W40 + timedelta(days=1))
    scheduled = story(newsroom, staff.admin, "Scheduled harvest preview", status=Status.SCHEDULED,
                      scheduled=MONDAY_W40 + timedelta(days=3))
    with newsroom.session(write=True) as session:
        write_story(session, staff.writer, None, None, StoryChanges(headline="A draft", section="Community"),
                    now=MONDAY_W40)
    story(newsroom, staff.admin, "Another week", at=MONDAY_W40 + timedelta(days=7))
    found = candidates(newsroom, staff.writer, W40)
    assert [s.id for s in found] == [scheduled, published, approved]  # newest out first
    assert {s.status for s in found} == {Status.APPROVED, Status.PUBLISHED, Status.SCHEDULED}
    assert [s.id for s in candidates(newsroom, staff.writer, W40, "harvest")] == [scheduled, approved]
    assert found[1].byline == "Wendy Writer" and found[1].published is not None
    assert [s.id for s in latest_of_week(newsroom, staff.writer, W40)] == [published]


def test_the_board_opens_on_this_week_in_the_newsrooms_time_zone(newsroom: Database, staff: Staff) -> None:
    new_york(newsroom, staff.admin)
    a = story(newsroom, staff.admin, "Story a")
    set_picks(newsroom, staff.editor, W40, [a], expected_version=0)
    sunday_night = datetime(2026, 10, 5, 2, 30, tzinfo=UTC)  # Monday of W41 in UTC, Sunday of W40 in New York
    shown = board(newsroom, staff.writer, now=sunday_night)
    assert shown.current_week == W40 and shown.picks.week == W40 and shown.picks.ids == (a,)
    assert [s.id for s in shown.candidates] == [a] and shown.history == ()
    assert board(newsroom, staff.writer, W41).picks.ids == ()
    assert history(newsroom, staff.writer) == []
