"""The durable outbox: who may queue what, retries with backoff, stops a person must fix, cancel, conflicts,
claims and leases, schedules, and jobs that outlive the app. The backend here is a small stand-in whose
failures the test scripts; everything asserted is what the outbox itself stored."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from editor_app.domain.errors import PermissionDeniedError, ValidationError
from editor_app.domain.stories import StoryDetail
from editor_app.domain.workflow import Role, Status
from editor_app.services import users
from editor_app.services.actor import Actor
from editor_app.services.publishing.backend import Backend, JobContext, PublishOutcome, Roundup, SiteEditedError
from editor_app.services.publishing.claims import LEASE, claim_next, owned_job
from editor_app.services.publishing.outbox import (
    JobKind,
    JobState,
    cancel_job,
    conflict_view,
    enqueue_publish,
    get_job,
    list_jobs,
    publish_now,
    resolve_conflict,
    retry_job,
)
from editor_app.services.publishing.runner import drain, retry_delay, run_claimed
from editor_app.services.publishing.targets import TargetInfo
from editor_app.services.publishing.wordpress_errors import (
    NetworkError,
    RateLimitedError,
    RequestRejectedError,
)
from editor_app.services.story_read import get_story
from editor_app.storage.engine import Database
from editor_app.storage.models import AuditEvent, OutboxJob, PublishRecord, utcnow
from editor_app.storage.open import open_database
from editor_app.storage.profile import resolve_profile
from tests.publishing_helpers import full_story, local_target, memory_credentials

CREDS = memory_credentials()


@dataclass
class StandIn:
    """A target in memory. `script` holds what each publish call does first: an error to raise, or a
    callable run with the context (None: succeed). Every marker the outbox handed out is noted."""

    script: list[BaseException | Callable[[JobContext], object] | None] = field(default_factory=list)
    markers_seen: list[str | None] = field(default_factory=list)
    status: str = "publish"
    calls: int = 0

    def factory(self, _target: TargetInfo) -> Backend:
        return self

    def publish(self, story: StoryDetail, ctx: JobContext) -> PublishOutcome:
        self.calls += 1
        self.markers_seen.append(ctx.marker("post"))
        if ctx.marker("post") is None:
            ctx.new_marker("post")
        ctx.log(f"try {self.calls}")
        ctx.progress(1, 2, "half way")
        step = self.script.pop(0) if self.script else None
        if isinstance(step, BaseException):
            raise step
        if step is not None:
            step(ctx)
        ctx.check()
        return PublishOutcome(remote_id="p1", url=f"https://site.example/{story.slug}", remote_status=self.status,
                              remote_modified="2026-11-26T10:00:00+00:00",
                              scheduled_for=story.scheduled if self.status == "future" else None)

    def unpublish(self, story: StoryDetail, ctx: JobContext) -> PublishOutcome:
        return PublishOutcome(remote_id="p1", url="", remote_status="draft")

    def check_schedule(self, story: StoryDetail, ctx: JobContext) -> PublishOutcome:
        return PublishOutcome(remote_id="p1", url="", remote_status=self.status)

    def publish_top_stories(self, roundup: Roundup, ctx: JobContext) -> PublishOutcome:
        return PublishOutcome(remote_id=str(roundup.week), url="", remote_status="publish")

    def close(self) -> None:
        pass


@pytest.fixture
def story(newsroom: Database, owner: Actor, tmp_path: Path) -> int:
    local_target(newsroom, owner, tmp_path / "site", name="site")
    return full_story(newsroom, owner)


def writer(db: Database, owner: Actor) -> Actor:
    users.add_user(db, owner, "wanda", "Wanda Writer", Role.WRITER)
    return users.actor_for(db, "wanda")


def job_row(db: Database, job_id: int) -> OutboxJob:
    with db.session() as session:
        job = session.get(OutboxJob, job_id)
        assert job is not None
        return job


def test_only_approved_scheduled_or_published_stories_may_be_queued(newsroom: Database, owner: Actor,
                                                                    tmp_path: Path) -> None:
    local_target(newsroom, owner, tmp_path / "site", name="site")
    draft = full_story(newsroom, owner, status=Status.DRAFT)
    with pytest.raises(ValidationError, match="is draft; only approved, scheduled or published"):
        enqueue_publish(newsroom, owner, draft, "site")
    assert list_jobs(newsroom, owner) == []


def test_a_writer_may_not_publish_and_nothing_is_queued(newsroom: Database, owner: Actor, story: int) -> None:
    with pytest.raises(PermissionDeniedError, match="may not publish stories"):
        enqueue_publish(newsroom, writer(newsroom, owner), story, "site")
    assert list_jobs(newsroom, owner) == []


def test_asking_twice_reuses_the_unfinished_job(newsroom: Database, owner: Actor, story: int) -> None:
    first = enqueue_publish(newsroom, owner, story, "site")
    second = enqueue_publish(newsroom, owner, story, "site")
    assert second.id == first.id and [j.id for j in list_jobs(newsroom, owner)] == [first.id]


def test_a_network_error_waits_with_backoff_and_the_next_try_resumes_with_the_same_marker(
        newsroom: Database, owner: Actor, story: int) -> None:
    backend = StandIn(script=[NetworkError("The connection to the site was cut.", hint="It retries.")])
    job = enqueue_publish(newsroom, owner, story, "site")
    start = utcnow()

    [first] = drain(newsroom, credentials=CREDS, backend_factory=backend.factory, clock=lambda: start)
    assert first.state is JobState.RETRY and first.attempts == 1
    assert first.last_error == "The connection to the site was cut." and first.next_try_at is not None
    assert timedelta(seconds=5) <= first.next_try_at - start <= timedelta(seconds=10)
    assert drain(newsroom, credentials=CREDS, backend_factory=backend.factory, clock=lambda: start) == []  # not due

    later = start + timedelta(seconds=11)
    [second] = drain(newsroom, credentials=CREDS, backend_factory=backend.factory, clock=lambda: later)
    assert second.id == job.id and second.state is JobState.DONE and second.attempts == 2
    assert backend.markers_seen[0] is None and backend.markers_seen[1] is not None  # the first try's marker
    assert second.journal[:2] == ("try 1", "try 2")
    assert get_story(newsroom, owner, story).status is Status.PUBLISHED


def test_a_refusal_stops_the_job_with_the_servers_words_and_retry_resumes_it(newsroom: Database, owner: Actor,
                                                                             story: int) -> None:
    refusal = RequestRejectedError("The site refused to create the post: Invalid parameter(s): slug.",
                                   hint="Correct what the message names and try again.", status=400)
    backend = StandIn(script=[refusal])
    job = enqueue_publish(newsroom, owner, story, "site")

    [stopped] = drain(newsroom, credentials=CREDS, backend_factory=backend.factory)
    assert stopped.state is JobState.FAILED and "Invalid parameter(s): slug" in stopped.last_error
    assert stopped.error_hint == "Correct what the message names and try again."
    assert get_story(newsroom, owner, story).status is Status.APPROVED  # nothing claimed it went out
    assert drain(newsroom, credentials=CREDS, backend_factory=backend.factory) == []  # stays stopped

    retry_job(newsroom, owner, job.id)
    [done] = drain(newsroom, credentials=CREDS, backend_factory=backend.factory)
    assert done.state is JobState.DONE and backend.markers_seen[0] is None  # the first try made the marker…
    assert backend.markers_seen[1] == job_row(newsroom, job.id).steps["markers"]["post"]  # …the retry found it


def test_a_429_waits_at_least_what_the_site_asked(newsroom: Database, owner: Actor, story: int) -> None:
    backend = StandIn(script=[RateLimitedError("Slow down.", retry_after=300.0, status=429)])
    enqueue_publish(newsroom, owner, story, "site")
    start = utcnow()
    [job] = drain(newsroom, credentials=CREDS, backend_factory=backend.factory, clock=lambda: start)
    assert job.state is JobState.RETRY and job.next_try_at is not None
    assert job.next_try_at - start >= timedelta(seconds=300)


def test_retry_delays_double_with_jitter_up_to_a_ceiling() -> None:
    rng = random.Random(4)
    delays = [retry_delay(n, rng=rng) for n in range(1, 12)]
    assert 5 <= delays[0] <= 10 and 10 <= delays[1] <= 20 and 20 <= delays[2] <= 40
    assert max(delays) <= 15 * 60 and delays[-1] >= 15 * 60 / 2
    assert retry_delay(1, 120.0, rng=rng) >= 120.0


def test_cancelling_a_waiting_job_and_a_running_one(newsroom: Database, owner: Actor, story: int) -> None:
    waiting = enqueue_publish(newsroom, owner, story, "site")
    assert cancel_job(newsroom, owner, waiting.id).state is JobState.CANCELLED

    job = enqueue_publish(newsroom, owner, story, "site")  # a new job: the cancelled one is finished
    assert job.id != waiting.id
    def click_cancel_then_upload(ctx: JobContext) -> None:  # someone clicks Cancel while a photo goes up
        cancel_job(newsroom, owner, job.id)
        ctx.new_marker("media:1")  # the next step's journal write notices it, before its create

    backend = StandIn(script=[click_cancel_then_upload])
    [ran] = drain(newsroom, credentials=CREDS, backend_factory=backend.factory)
    assert ran.state is JobState.CANCELLED and "Cancelled while running" in ran.last_error
    assert get_story(newsroom, owner, story).status is Status.APPROVED


def test_a_site_edit_stops_the_job_with_both_versions_and_overwrite_needs_the_seen_stamp(
        newsroom: Database, owner: Actor, story: int) -> None:
    edited = SiteEditedError("“X” was edited on the site.", hint="Compare the two versions.",
                             remote={"title": "Site title", "content": "<p>site words</p>"},
                             local={"title": "Our title", "content": "<p>our words</p>"},
                             remote_modified="2026-11-26T11:00:00+00:00")
    backend = StandIn(script=[edited, edited])
    job = enqueue_publish(newsroom, owner, story, "site")
    [stopped] = drain(newsroom, credentials=CREDS, backend_factory=backend.factory)
    assert stopped.state is JobState.CONFLICT

    view = conflict_view(newsroom, owner, job.id)
    assert view.remote["content"] == "<p>site words</p>" and view.local["content"] == "<p>our words</p>"
    assert view.remote_modified == "2026-11-26T11:00:00+00:00"

    resolve_conflict(newsroom, owner, job.id, overwrite=True)
    assert job_row(newsroom, job.id).payload["options"]["overwrite_modified"] == "2026-11-26T11:00:00+00:00"
    [again] = drain(newsroom, credentials=CREDS, backend_factory=backend.factory)
    assert again.state is JobState.CONFLICT  # the site changed once more: still not clobbered
    kept = resolve_conflict(newsroom, owner, job.id, overwrite=False)
    assert kept.state is JobState.CANCELLED and "kept the version edited on the site" in kept.last_error


def test_one_job_at_a_time_per_target_and_a_storys_older_job_first(newsroom: Database, owner: Actor,
                                                                   story: int) -> None:
    other = full_story(newsroom, owner)
    first = enqueue_publish(newsroom, owner, story, "site")
    enqueue_publish(newsroom, owner, other, "site")
    claim = claim_next(newsroom, "desk-a")
    assert claim is not None and claim.job_id == first.id
    assert claim_next(newsroom, "desk-b") is None  # the target is busy with the first job

    run_claimed(newsroom, claim, credentials=CREDS, backend_factory=StandIn().factory)
    second = claim_next(newsroom, "desk-b")
    assert second is not None and second.job_id != first.id


def test_an_expired_lease_is_taken_over_and_the_old_desk_can_write_nothing(newsroom: Database, owner: Actor,
                                                                           story: int) -> None:
    job = enqueue_publish(newsroom, owner, story, "site")
    start = utcnow()
    stale = claim_next(newsroom, "desk-a", now=start, lease=timedelta(seconds=30))
    assert stale is not None
    assert claim_next(newsroom, "desk-b", now=start + timedelta(seconds=10)) is None
    fresh = claim_next(newsroom, "desk-b", now=start + timedelta(seconds=31))
    assert fresh is not None and fresh.job_id == job.id and fresh.token != stale.token

    finished = run_claimed(newsroom, stale, credentials=CREDS, backend_factory=StandIn().factory)
    assert finished.state is JobState.RUNNING and finished.claimed_by == "desk-b"  # desk A wrote nothing
    assert run_claimed(newsroom, fresh, credentials=CREDS, backend_factory=StandIn().factory).state is JobState.DONE
    assert job_row(newsroom, job.id).attempts == 2


def test_a_scheduled_story_waits_for_its_time_on_a_local_site(newsroom: Database, owner: Actor,
                                                              tmp_path: Path) -> None:
    local_target(newsroom, owner, tmp_path / "site", name="site")
    when = (utcnow() + timedelta(hours=2)).replace(microsecond=0)
    story_id = full_story(newsroom, owner, status=Status.SCHEDULED, scheduled=when)
    job = enqueue_publish(newsroom, owner, story_id, "site")
    assert job.next_try_at == when

    assert drain(newsroom, credentials=CREDS) == []
    [ran] = drain(newsroom, credentials=CREDS, clock=lambda: when + timedelta(seconds=1))
    assert ran.state is JobState.DONE and get_story(newsroom, owner, story_id).status is Status.PUBLISHED
    assert (tmp_path / "site" / "index.html").exists()


def test_a_missed_schedule_is_said_and_can_be_published_at_once(newsroom: Database, owner: Actor,
                                                                tmp_path: Path) -> None:
    local_target(newsroom, owner, tmp_path / "site", name="site")
    when = (utcnow() + timedelta(hours=2)).replace(microsecond=0)
    story_id = full_story(newsroom, owner, status=Status.SCHEDULED, scheduled=when)
    backend = StandIn(status="future")  # a site that schedules by itself (WordPress)
    enqueue_publish(newsroom, owner, story_id, "site", publish_now=True)
    [published] = drain(newsroom, credentials=CREDS, backend_factory=backend.factory)
    assert published.state is JobState.DONE
    assert get_story(newsroom, owner, story_id).status is Status.SCHEDULED  # live only at its time

    check = next(j for j in list_jobs(newsroom, owner) if j.kind is JobKind.CHECK_SCHEDULE)
    assert check.next_try_at == when + timedelta(minutes=2)
    [missed] = drain(newsroom, credentials=CREDS, backend_factory=backend.factory,
                     clock=lambda: when + timedelta(minutes=3))
    assert missed.state is JobState.MISSED and "did not publish" in missed.last_error
    assert "Publish it now" in missed.error_hint

    backend.status = "publish"
    again = publish_now(newsroom, owner, missed.id)
    assert job_row(newsroom, again.id).payload["options"]["publish_now"] is True
    [done] = drain(newsroom, credentials=CREDS, backend_factory=backend.factory)
    assert done.state is JobState.DONE and get_story(newsroom, owner, story_id).status is Status.PUBLISHED


def test_a_deactivated_requester_stops_the_job(newsroom: Database, owner: Actor, story: int) -> None:
    users.add_user(newsroom, owner, "ed", "Ed Editor", Role.EDITOR)
    editor = users.actor_for(newsroom, "ed")
    enqueue_publish(newsroom, editor, story, "site")
    users.set_active(newsroom, owner, "ed", False)
    [job] = drain(newsroom, credentials=CREDS, backend_factory=StandIn().factory)
    assert job.state is JobState.FAILED and "deactivated" in job.last_error


def test_a_bug_in_a_backend_fails_the_job_in_plain_words(newsroom: Database, owner: Actor, story: int,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    enqueue_publish(newsroom, owner, story, "site")
    [job] = drain(newsroom, credentials=CREDS, backend_factory=StandIn(script=[ZeroDivisionError("x")]).factory)
    assert job.state is JobState.FAILED and "ZeroDivisionError" in job.last_error and "bug" in job.error_hint
    assert any(r.exc_info for r in caplog.records)


def test_jobs_survive_a_restart(profile_path: Path, tmp_path: Path) -> None:
    from tests.conftest import fill_small_newsroom

    db = open_database(resolve_profile(profile_path))
    fill_small_newsroom(db)
    owner = users.profile_owner(db)
    local_target(db, owner, tmp_path / "site", name="site")
    job = enqueue_publish(db, owner, full_story(db, owner), "site")
    db.dispose()  # the app quits before the job ran

    reopened = open_database(resolve_profile(profile_path))
    try:
        [ran] = drain(reopened, credentials=CREDS)
        assert ran.id == job.id and ran.state is JobState.DONE
        with reopened.session() as session:
            assert session.scalars(select(PublishRecord.remote_status)).all() == ["publish"]
            actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert "publish.queued" in actions and "story.publish" in actions
    finally:
        reopened.dispose()


@pytest.fixture
def profile_path(tmp_path: Path) -> Path:
    return tmp_path / "restart-profile"


def test_a_running_jobs_lease_is_renewed_by_each_journal_write(newsroom: Database, owner: Actor,
                                                              story: int) -> None:
    enqueue_publish(newsroom, owner, story, "site")
    start = datetime(2030, 1, 1, tzinfo=UTC)
    claim = claim_next(newsroom, "desk-a", now=start)
    assert claim is not None
    with newsroom.session(write=True) as session:
        owned_job(session, claim, now=start + timedelta(minutes=4))
    assert job_row(newsroom, claim.job_id).lease_until == start + timedelta(minutes=4) + LEASE
    assert get_job(newsroom, owner, claim.job_id).claimed_by == "desk-a"
