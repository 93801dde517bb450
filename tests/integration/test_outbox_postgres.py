"""Several desks on one PostgreSQL newsroom share the outbox: with two real connections (two engines, as two
workstations have) no job ever runs twice, one target never runs two jobs at once, and a desk claiming on a
target makes the other skip it (FOR UPDATE SKIP LOCKED) instead of waiting."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from editor_app.domain.stories import StoryDetail
from editor_app.services.actor import Actor
from editor_app.services.publishing.backend import Backend, JobContext, PublishOutcome, Roundup
from editor_app.services.publishing.claims import claim_next
from editor_app.services.publishing.outbox import JobState, enqueue_publish, list_jobs
from editor_app.services.publishing.runner import drain, run_claimed
from editor_app.services.publishing.targets import TargetInfo
from editor_app.storage.engine import Database
from editor_app.storage.models import utcnow
from editor_app.storage.open import open_database
from editor_app.storage.profile import resolve_profile
from tests.conftest import fill_small_newsroom
from tests.helpers import owner_of
from tests.publishing_helpers import full_story, local_target, memory_credentials

pytestmark = pytest.mark.postgres
CREDS = memory_credentials()


@dataclass
class Recorder:
    """A target that notes when each publish starts and ends (all desks write to one list)."""

    events: list[tuple[str, int, int]] = field(default_factory=list)  # ("start"|"end", target id, job story)
    lock: threading.Lock = field(default_factory=threading.Lock)
    pause: threading.Event = field(default_factory=threading.Event)

    def factory(self, target: TargetInfo) -> Backend:
        recorder = self

        class Publisher:
            def publish(self, story: StoryDetail, ctx: JobContext) -> PublishOutcome:
                with recorder.lock:
                    recorder.events.append(("start", target.id, story.id))
                ctx.log("working")
                recorder.pause.wait(0.02)  # long enough for the other desk to try the same target
                with recorder.lock:
                    recorder.events.append(("end", target.id, story.id))
                return PublishOutcome(remote_id=str(story.id), url="", remote_status="publish")

            def unpublish(self, story: StoryDetail, ctx: JobContext) -> PublishOutcome:
                raise NotImplementedError

            def check_schedule(self, story: StoryDetail, ctx: JobContext) -> PublishOutcome:
                raise NotImplementedError

            def publish_top_stories(self, roundup: Roundup, ctx: JobContext) -> PublishOutcome:
                raise NotImplementedError

            def close(self) -> None:
                pass

        return Publisher()


@pytest.fixture
def desks(pg_url: str, tmp_path: Path) -> Iterator[tuple[Database, Database, Actor]]:
    desk_a = open_database(resolve_profile(tmp_path / "desk-a", pg_url))
    desk_b = open_database(resolve_profile(tmp_path / "desk-b", pg_url))
    fill_small_newsroom(desk_a)
    try:
        yield desk_a, desk_b, owner_of(desk_a)
    finally:
        desk_a.dispose()
        desk_b.dispose()


def test_two_desks_draining_at_once_run_every_job_once_and_one_per_target_at_a_time(
        desks: tuple[Database, Database, Actor], tmp_path: Path) -> None:
    desk_a, desk_b, owner = desks
    for name in ("north", "south"):
        local_target(desk_a, owner, tmp_path / name, name=name)
    queued = [enqueue_publish(desk_a, owner, full_story(desk_a, owner, colours=(n, n + 1)), ("north", "south")[n % 2])
              for n in range(10)]
    recorder = Recorder()
    start = threading.Barrier(2)
    ran: dict[str, list[int]] = {}

    def work(desk: Database, name: str) -> None:
        start.wait()
        ran[name] = [j.id for j in drain(desk, credentials=CREDS, worker=name, backend_factory=recorder.factory)]

    threads = [threading.Thread(target=work, args=(desk, name)) for desk, name in ((desk_a, "a"), (desk_b, "b"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(ran["a"] + ran["b"]) == sorted(j.id for j in queued)  # every job once, by one desk
    assert all(j.state is JobState.DONE for j in list_jobs(desk_a, owner))
    for target in {t for _kind, t, _story in recorder.events}:
        kinds = [kind for kind, t, _story in recorder.events if t == target]
        assert kinds == ["start", "end"] * (len(kinds) // 2), kinds  # never two at once on one target


def test_a_desk_skips_a_target_another_desk_is_claiming_on(desks: tuple[Database, Database, Actor],
                                                           tmp_path: Path) -> None:
    desk_a, desk_b, owner = desks
    north = local_target(desk_a, owner, tmp_path / "north", name="north")
    south = local_target(desk_a, owner, tmp_path / "south", name="south")
    enqueue_publish(desk_a, owner, full_story(desk_a, owner), "north")  # older: would come first
    later = enqueue_publish(desk_a, owner, full_story(desk_a, owner), "south")

    with desk_a.engine.connect() as conn:
        transaction = conn.begin()
        conn.execute(text("SELECT id FROM publish_target WHERE id = :id FOR UPDATE"), {"id": north.id})
        claim = claim_next(desk_b, "desk-b")  # returns at once, with the other target's job
        transaction.rollback()

    assert claim is not None and claim.job_id == later.id and claim.target_id == south.id


def test_a_desk_whose_lease_ran_out_loses_the_job_to_the_other(desks: tuple[Database, Database, Actor],
                                                               tmp_path: Path) -> None:
    desk_a, desk_b, owner = desks
    local_target(desk_a, owner, tmp_path / "site", name="site")
    job = enqueue_publish(desk_a, owner, full_story(desk_a, owner), "site")
    now = utcnow()
    stale = claim_next(desk_a, "desk-a", now=now, lease=timedelta(seconds=30))
    assert stale is not None and claim_next(desk_b, "desk-b", now=now) is None
    fresh = claim_next(desk_b, "desk-b", now=now + timedelta(seconds=31))
    assert fresh is not None and fresh.job_id == job.id

    recorder = Recorder()
    assert run_claimed(desk_a, stale, credentials=CREDS, backend_factory=recorder.factory).claimed_by == "desk-b"
    assert recorder.events == []  # desk A published nothing
    assert run_claimed(desk_b, fresh, credentials=CREDS, backend_factory=recorder.factory).state is JobState.DONE
