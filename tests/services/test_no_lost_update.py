"""Two real processes on the same SQLite file: 500 interleaved saves of one story, none lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor_app.services.story_changes import StoryChanges
from editor_app.storage.engine import Database
from editor_app.storage.profile import Profile
from tests.concurrency import check_nothing_lost, run_desks, start_body
from tests.workflow_helpers import Staff, add_staff, complete_story, new_story, version_of

PER_DESK = 250


@pytest.fixture
def staff(newsroom: Database) -> Staff:
    return add_staff(newsroom)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_two_processes_500_saves_on_one_sqlite_file(newsroom: Database, staff: Staff, profile: Profile,
                                                    tmp_path: Path) -> None:
    story_id = new_story(newsroom, staff.writer, complete_story(body=start_body(["anna", "wendy"])))
    first = version_of(newsroom, story_id)
    # both processes open the same profile folder: the same newsroom.sqlite
    reports = run_desks(story_id, [("wendy", "wendy"), ("anna", "anna")], [profile.dir, profile.dir], "", tmp_path,
                        PER_DESK)
    check_nothing_lost(newsroom, staff.editor, story_id, reports, PER_DESK, first)


def test_the_counter_body_reads_back() -> None:
    from tests.concurrent_saver import body_of, counters

    assert counters(body_of({"a": 3, "b": 12})) == {"a": 3, "b": 12}
    assert StoryChanges(body=body_of({"a": 1})).body == "a: 1\n\n"
