"""The publishing queue as people see it: ask for a publish or unpublish, list jobs, retry, cancel, resolve.

Every publish is a durable `OutboxJob`; `runner` runs them (one at a time per target, on any desk sharing
the newsroom). Asking needs Action.PUBLISH (UNPUBLISH to take a story down); only approved, scheduled or
published stories (or unpublished ones, to put back) may be published. Asking again for a story whose job
has not finished reuses that job and its journal, so nothing is published twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from editor_app.domain.errors import NotFoundError, ValidationError
from editor_app.domain.permissions import Action
from editor_app.domain.workflow import Status
from editor_app.services import audit
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.publishing.targets import TargetKind, find_target
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, OutboxJob, PublishRecord, PublishTarget, User, utcnow

logger = logging.getLogger(__name__)


class JobKind(StrEnum):
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    CHECK_SCHEDULE = "check_schedule"
    TOP_STORIES = "top_stories"  # a week's top stories: no story of its own; the week and picks in its payload

    @property
    def label(self) -> str:
        return {"publish": "Publish", "unpublish": "Unpublish", "check_schedule": "Check schedule",
                "top_stories": "Top stories"}[self.value]


class JobState(StrEnum):
    QUEUED = "queued"  # waiting its turn (or its time: next_try_at)
    RUNNING = "running"  # claimed by a desk, lease in lease_until
    RETRY = "retry"  # failed in a way that may pass (network, 5xx, 429): tried again at next_try_at
    DONE = "done"
    FAILED = "failed"  # stopped on something a person must fix (password, permission, a refusal): retry by hand
    CONFLICT = "conflict"  # the post was edited on the site: compare, then overwrite or keep the site's
    MISSED = "missed"  # the site did not publish a scheduled story at its time: publish now?
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"retry": "Waiting to retry", "missed": "Missed schedule", "conflict": "Edited on the site"}.get(
            self.value, self.value.capitalize())


WAITING = frozenset({JobState.QUEUED, JobState.RETRY})
ACTIVE = WAITING | {JobState.RUNNING}
STOPPED = frozenset({JobState.FAILED, JobState.CONFLICT, JobState.MISSED})
PUBLISHABLE = frozenset({Status.APPROVED, Status.SCHEDULED, Status.PUBLISHED, Status.UNPUBLISHED})
UNPUBLISHABLE = frozenset({Status.PUBLISHED, Status.SCHEDULED, Status.UNPUBLISHED})


@dataclass(frozen=True)
class JobInfo:
    id: int
    kind: JobKind
    state: JobState
    target_id: int
    target_name: str
    target_kind: TargetKind
    story_id: int | None
    headline: str
    attempts: int
    next_try_at: datetime | None
    last_error: str
    error_hint: str
    progress_done: int
    progress_total: int
    progress_text: str
    result_url: str
    requested_by: str
    created: datetime
    updated: datetime
    finished_at: datetime | None
    journal: tuple[str, ...]
    claimed_by: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"job": self.id, "kind": self.kind.value, "state": self.state.value, "target": self.target_name,
                "story": self.story_id, "headline": self.headline, "attempts": self.attempts,
                "next_try": self.next_try_at.isoformat() if self.next_try_at else None, "error": self.last_error,
                "hint": self.error_hint, "progress": [self.progress_done, self.progress_total, self.progress_text],
                "url": self.result_url}


@dataclass(frozen=True)
class ConflictView:
    """Both versions of a post edited on the site: what the site has now and what the app would send."""

    job_id: int
    story_id: int | None
    headline: str
    target_name: str
    remote_modified: str
    remote: dict[str, str]  # title, excerpt, content as the site holds them
    local: dict[str, str]  # the same, as the app would publish them
    last_sent: dict[str, str]  # as the app last published them (what the site's editor started from)


def job_info(session: Session, job: OutboxJob) -> JobInfo:
    target = session.get(PublishTarget, job.target_id)
    article = session.get(Article, job.article_id) if job.article_id is not None else None
    user = session.get(User, job.requested_by_id) if job.requested_by_id is not None else None
    journal = tuple(str(entry.get("text", "")) for entry in (job.steps or {}).get("log", []))
    return JobInfo(
        id=job.id, kind=JobKind(job.kind), state=JobState(job.state), target_id=job.target_id,
        target_name=target.name if target else "?", target_kind=TargetKind(target.kind) if target else TargetKind.LOCAL,
        story_id=job.article_id, headline=article.headline if article else str(job.payload.get("headline", "")),
        attempts=job.attempts, next_try_at=job.next_try_at, last_error=job.last_error, error_hint=job.error_hint,
        progress_done=job.progress_done, progress_total=job.progress_total, progress_text=job.progress_text,
        result_url=job.result_url, requested_by=user.display_name if user else "", created=job.created_at,
        updated=job.updated_at, finished_at=job.finished_at, journal=journal, claimed_by=job.claimed_by)


def _article(session: Session, story_id: int) -> Article:
    article = session.get(Article, story_id, populate_existing=True)
    if article is None:
        raise NotFoundError(f"There is no story with id {story_id}.",
                            hint="`editor-app list` shows the stories and their ids.")
    return article


def _jobs_of(session: Session, target_id: int, story_id: int, kind: JobKind,
             states: frozenset[JobState]) -> list[OutboxJob]:
    return list(session.scalars(
        select(OutboxJob).where(OutboxJob.target_id == target_id, OutboxJob.article_id == story_id,
                                OutboxJob.kind == kind.value, OutboxJob.state.in_([s.value for s in states]))
        .order_by(OutboxJob.id)))


def _reset(job: OutboxJob, due: datetime | None, options: dict[str, Any]) -> None:
    """Queue a job again, keeping its journal (markers of creates that may have landed)."""
    job.state = JobState.QUEUED.value
    job.next_try_at = due
    job.last_error = job.error_hint = ""
    job.progress_done = job.progress_total = 0
    job.progress_text = ""
    job.cancel_requested = False
    job.finished_at = None
    payload = dict(job.payload or {})
    payload["options"] = options
    payload.pop("conflict", None)
    job.payload = payload


def _cancel(job: OutboxJob, why: str) -> None:
    job.state = JobState.CANCELLED.value
    job.finished_at = utcnow()
    job.last_error = why
    job.error_hint = ""


def enqueue_publish(db: Database, actor: Actor, story_id: int, target: str | int, *, publish_now: bool = False,
                    now: datetime | None = None) -> JobInfo:
    """Queue `story_id` for publishing on `target`; returns the job (an unfinished one for it, reused)."""
    now = now or utcnow()
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.PUBLISH)
        row = find_target(session, target)
        job = queue_publish(session, user, row, _article(session, story_id), now=now, publish_now=publish_now)
        return job_info(session, job)


def queue_publish(session: Session, user: User, row: PublishTarget, article: Article, *, now: datetime,
                  publish_now: bool = False) -> OutboxJob:
    """`enqueue_publish` inside a transaction the caller holds (the top stories queue their missing picks)."""
    story_id = article.id
    status = Status(article.status)
    if status not in PUBLISHABLE:
        raise ValidationError(
            f"“{article.headline}” is {status.label.lower()}; only approved, scheduled or published stories "
            "can be published.", hint="Have it approved first; nothing was queued.")
    due = None
    if (row.kind == TargetKind.LOCAL.value and status is Status.SCHEDULED and article.scheduled_at is not None
            and article.scheduled_at > now and not publish_now):
        due = article.scheduled_at  # a static site cannot schedule: the job waits for the time
    options = {"publish_now": publish_now}
    for pending in _jobs_of(session, row.id, story_id, JobKind.UNPUBLISH, WAITING | STOPPED):
        _cancel(pending, "Replaced by a newer publish.")
    reusable = _jobs_of(session, row.id, story_id, JobKind.PUBLISH, WAITING | STOPPED)
    if reusable:
        job = reusable[-1]
        for older in reusable[:-1]:
            _cancel(older, "Replaced by a newer publish.")
        _reset(job, due, options)
        job.requested_by_id = user.id
    else:
        job = OutboxJob(target_id=row.id, kind=JobKind.PUBLISH.value, article_id=story_id,
                        requested_by_id=user.id, payload={"options": options, "headline": article.headline},
                        state=JobState.QUEUED.value, next_try_at=due, steps={})
        session.add(job)
    session.flush()
    audit.record(session, user, "publish.queued", story_id, target=row.name, job=job.id)
    logger.info("Queued job %d: publish story %d on %s", job.id, story_id, row.name)
    return job


def enqueue_unpublish(db: Database, actor: Actor, story_id: int, target: str | int) -> JobInfo:
    """Queue taking `story_id` off `target` (WordPress: back to draft; local site: its page removed)."""
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.UNPUBLISH)
        row = find_target(session, target)
        article = _article(session, story_id)
        record = session.scalar(select(PublishRecord).where(PublishRecord.target_id == row.id,
                                                            PublishRecord.article_id == story_id))
        pending = _jobs_of(session, row.id, story_id, JobKind.PUBLISH, ACTIVE)
        if record is None and not pending:
            raise ValidationError(f"“{article.headline}” is not on “{row.name}”: there is nothing to unpublish.",
                                  hint="Publishing targets list what they hold in the publishing queue.")
        if Status(article.status) not in UNPUBLISHABLE:
            raise ValidationError(f"“{article.headline}” is {Status(article.status).label.lower()}; only a "
                                  "published or scheduled story can be unpublished.")
        for job in _jobs_of(session, row.id, story_id, JobKind.PUBLISH, WAITING | STOPPED):
            _cancel(job, "Replaced by an unpublish.")
        for job in _jobs_of(session, row.id, story_id, JobKind.CHECK_SCHEDULE, WAITING | STOPPED):
            _cancel(job, "The story was unpublished.")
        existing = _jobs_of(session, row.id, story_id, JobKind.UNPUBLISH, WAITING | STOPPED)
        if existing:
            job = existing[-1]
            _reset(job, None, {})
            job.requested_by_id = user.id
        else:
            job = OutboxJob(target_id=row.id, kind=JobKind.UNPUBLISH.value, article_id=story_id,
                            requested_by_id=user.id, payload={"options": {}, "headline": article.headline},
                            state=JobState.QUEUED.value, steps={})
            session.add(job)
        session.flush()
        audit.record(session, user, "unpublish.queued", story_id, target=row.name, job=job.id)
        return job_info(session, job)


def _job(session: Session, job_id: int) -> OutboxJob:
    job = session.get(OutboxJob, job_id, populate_existing=True)
    if job is None:
        raise NotFoundError(f"There is no publishing job {job_id}.", hint="It may have been removed with its target.")
    return job


def get_job(db: Database, actor: Actor, job_id: int) -> JobInfo:
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return job_info(session, _job(session, job_id))


def list_jobs(db: Database, actor: Actor, *, target: str | int | None = None, limit: int = 200) -> list[JobInfo]:
    """Jobs that are not finished (oldest first), then the most recent finished ones."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        query = select(OutboxJob)
        if target is not None:
            query = query.where(OutboxJob.target_id == find_target(session, target).id)
        unfinished = [s.value for s in ACTIVE | STOPPED]
        open_jobs = session.scalars(query.where(OutboxJob.state.in_(unfinished)).order_by(OutboxJob.id)).all()
        finished = session.scalars(query.where(OutboxJob.state.not_in(unfinished))
                                   .order_by(OutboxJob.id.desc()).limit(max(0, limit - len(open_jobs)))).all()
        return [job_info(session, job) for job in [*open_jobs, *finished]]


def retry_job(db: Database, actor: Actor, job_id: int) -> JobInfo:
    """Try a stopped or waiting job again now (its journal kept: it resumes where it stopped)."""
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.PUBLISH)
        job = _job(session, job_id)
        state = JobState(job.state)
        if state not in WAITING | STOPPED | {JobState.CANCELLED}:
            raise ValidationError(f"Publishing job {job_id} is {state.label.lower()}; it cannot be retried now.")
        _reset(job, None, dict((job.payload or {}).get("options", {})))
        audit.record(session, user, "publish.retry", job.article_id, job=job.id)
        return job_info(session, job)


def cancel_job(db: Database, actor: Actor, job_id: int) -> JobInfo:
    """Cancel a job; a running one stops at its next step (what it already put on the site stays recorded)."""
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.PUBLISH)
        job = _job(session, job_id)
        state = JobState(job.state)
        if state is JobState.RUNNING:
            job.cancel_requested = True
        elif state in WAITING | STOPPED:
            _cancel(job, f"Cancelled by {user.display_name}.")
        else:
            raise ValidationError(f"Publishing job {job_id} is {state.label.lower()}; there is nothing to cancel.")
        audit.record(session, user, "publish.cancel", job.article_id, job=job.id)
        return job_info(session, job)


def conflict_view(db: Database, actor: Actor, job_id: int) -> ConflictView:
    """What the site holds and what the app would send, for a job stopped by an edit made on the site."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        job = _job(session, job_id)
        conflict = (job.payload or {}).get("conflict")
        if job.state != JobState.CONFLICT.value or not isinstance(conflict, dict):
            raise ValidationError(f"Publishing job {job_id} is not stopped by an edit on the site.")
        info = job_info(session, job)
        return ConflictView(job_id=job.id, story_id=job.article_id, headline=info.headline,
                            target_name=info.target_name, remote_modified=str(conflict.get("remote_modified", "")),
                            remote=dict(conflict.get("remote", {})), local=dict(conflict.get("local", {})),
                            last_sent=dict(conflict.get("last_sent") or {}))


def resolve_conflict(db: Database, actor: Actor, job_id: int, *, overwrite: bool) -> JobInfo:
    """After comparing: overwrite the site's edit (only the version that was compared), or keep it."""
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.PUBLISH)
        job = _job(session, job_id)
        conflict = (job.payload or {}).get("conflict")
        if job.state != JobState.CONFLICT.value or not isinstance(conflict, dict):
            raise ValidationError(f"Publishing job {job_id} is not stopped by an edit on the site.")
        if overwrite:
            options = dict((job.payload or {}).get("options", {}))
            options["overwrite_modified"] = str(conflict.get("remote_modified", ""))
            _reset(job, None, options)
        else:
            _cancel(job, f"{user.display_name} kept the version edited on the site.")
        audit.record(session, user, "publish.conflict", job.article_id, job=job.id,
                     decision="overwrite" if overwrite else "keep site version")
        return job_info(session, job)


def publish_now(db: Database, actor: Actor, job_id: int) -> JobInfo:
    """For a missed schedule: publish the story at once (the check job is closed)."""
    with db.session(write=True) as session:
        authorize(session, actor, Action.PUBLISH)
        job = _job(session, job_id)
        if job.article_id is None:
            raise ValidationError(f"Publishing job {job_id} has no story any more.")
        story_id, target_id = job.article_id, job.target_id
        if JobState(job.state) in WAITING | STOPPED:
            _cancel(job, "Published at once instead.")
            job.state = JobState.DONE.value
    return enqueue_publish(db, actor, story_id, target_id, publish_now=True)
