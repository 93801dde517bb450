"""Writing how a job ended: what is live where, the job closed, the story moved through the write path (as the
person who asked) — or, for a job that did not finish, why, and when it tries again."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from editor_app.domain.errors import KnownError
from editor_app.domain.workflow import Status
from editor_app.services import audit
from editor_app.services.identity import actor_of
from editor_app.services.publishing.backend import LeaseLostError, PublishOutcome, RecordInfo
from editor_app.services.publishing.claims import Claim, owned_job
from editor_app.services.publishing.job_context import JobRun, fill_record
from editor_app.services.publishing.job_loading import LoadedJob
from editor_app.services.publishing.outbox import JobKind, JobState
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_write import write_story
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, OutboxJob, PublishRecord, User, utcnow

logger = logging.getLogger(__name__)

SCHEDULE_GRACE = timedelta(minutes=2)  # how long after its time a scheduled post is checked


def finish(db: Database, claim: Claim, loaded: LoadedJob, outcome: PublishOutcome, run: JobRun) -> None:
    """One transaction: the record, the job closed, the story moved (as the person who asked)."""
    story = loaded.story
    assert story is not None and loaded.requester is not None
    actor = actor_of(loaded.requester)
    warning = ""
    with db.session(write=True) as session:
        job = owned_job(session, claim, run.now)
        record = run.record_row(session, article_id=story.id)
        if record is None:
            record = PublishRecord(target_id=claim.target_id, article_id=story.id)
            session.add(record)
        live = RecordInfo(remote_id=outcome.remote_id, remote_url=outcome.url, remote_status=outcome.remote_status,
                          remote_modified=outcome.remote_modified, content_hash=outcome.content_hash,
                          last_sent=outcome.last_sent)
        fill_record(record, live, story.version if loaded.job_kind is JobKind.PUBLISH else None)
        job.steps = run.steps
        missed = loaded.job_kind is JobKind.CHECK_SCHEDULE and outcome.remote_status == "future"
        if missed:
            when = f"{loaded.scheduled:%Y-%m-%d %H:%M} UTC" if loaded.scheduled else "its time"
            close_job(job, JobState.MISSED, outcome.url,
                      f"{loaded.target.name} did not publish “{story.headline}” at {when}; it is still scheduled "
                      "there.", "Publish it now from the publishing queue, or check the site's scheduled tasks "
                      "(WP-Cron).")
            return
        wanted = next_status(loaded.job_kind, loaded.story_status, outcome.remote_status)
        if wanted is not None:
            try:
                with session.begin_nested():
                    version = session.scalar(select(Article.version).where(Article.id == story.id))
                    write_story(session, actor, story.id, version, StoryChanges(status=wanted), kind=None)
            except KnownError as exc:
                warning = (f"It is on {loaded.target.name}, but the story could not be marked "
                           f"{wanted.label.lower()}: {exc.message}")
                logger.warning("Job %d: %s", claim.job_id, warning)
        if outcome.scheduled_for is not None and loaded.job_kind is JobKind.PUBLISH:
            session.add(OutboxJob(target_id=claim.target_id, kind=JobKind.CHECK_SCHEDULE.value, article_id=story.id,
                                  requested_by_id=loaded.requester.id, state=JobState.QUEUED.value,
                                  next_try_at=outcome.scheduled_for + SCHEDULE_GRACE, steps={},
                                  payload={"options": {}, "headline": story.headline,
                                           "scheduled_for": outcome.scheduled_for.isoformat()}))
        close_job(job, JobState.DONE, outcome.url, warning, "")
        user = session.get(User, loaded.requester.id)
        audit.record(session, user, f"story.{loaded.job_kind.value}", story.id, target=loaded.target.name,
                     url=outcome.url, status=outcome.remote_status, job=job.id)
    logger.info("Job %d (%s “%s” on %s) done: %s", claim.job_id, loaded.job_kind.value, story.headline,
                loaded.target.name, outcome.url)


def next_status(kind: JobKind, current: Status | None, remote_status: str) -> Status | None:
    """Where the story goes after the job: published once live, unpublished once taken down."""
    if kind in (JobKind.PUBLISH, JobKind.CHECK_SCHEDULE) and remote_status == "publish":
        return Status.PUBLISHED if current in (Status.APPROVED, Status.SCHEDULED, Status.UNPUBLISHED) else None
    if kind is JobKind.UNPUBLISH:
        return {Status.PUBLISHED: Status.UNPUBLISHED, Status.SCHEDULED: Status.APPROVED}.get(current)  # type: ignore[arg-type]
    return None


def close_job(job: OutboxJob, state: JobState, url: str, error: str, hint: str) -> None:
    """A job that ended (done, missed): no claim, no next try, progress full."""
    job.state = state.value
    job.result_url = url or job.result_url
    job.last_error, job.error_hint = error, hint
    job.finished_at = utcnow()
    job.next_try_at = None
    job.claim_token = ""
    job.lease_until = None
    if job.progress_total:
        job.progress_done = job.progress_total
    job.progress_text = state.label if state is not JobState.DONE else "Done"


def stop(db: Database, claim: Claim, state: JobState, error: str, hint: str = "", *,
         next_try_at: datetime | None = None, payload: dict[str, Any] | None = None,
         steps: dict[str, Any] | None = None) -> None:
    """End a run that did not finish; the journal stays (with its last lines), so a retry resumes."""
    try:
        with db.session(write=True) as session:
            job = owned_job(session, claim)
            job.state = state.value
            job.last_error, job.error_hint = error, hint
            job.next_try_at = next_try_at
            job.claim_token = ""
            job.lease_until = None
            job.cancel_requested = False
            job.progress_text = state.label
            if state is JobState.CANCELLED:
                job.finished_at = utcnow()
            if payload:
                job.payload = {**(job.payload or {}), **payload}
            if steps is not None:
                job.steps = steps
    except LeaseLostError:
        logger.warning("Job %d: lease lost before recording: %s", claim.job_id, error)
        return
    logger.info("Job %d stopped (%s): %s", claim.job_id, state.value, error)  # the queue and the CLI say it
