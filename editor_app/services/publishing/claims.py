"""Claiming outbox jobs so that no two desks ever run the same job, and one target runs one job at a time.

A desk claims a due job in one short transaction: on PostgreSQL the job rows and then the target row are
locked with `FOR UPDATE SKIP LOCKED` (another desk claiming at the same moment skips them instead of
waiting), the target must have no other running job with a live lease, and an older unfinished job for
the same story goes first. The claim sets `claim_token` and `lease_until`; every journal write renews the
lease and checks the token, so a desk whose lease ran out (it crashed, or hung) finds out at its next
write (LeaseLostError) and another desk may take the job over. On SQLite the write transaction already
holds the whole file.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from editor_app.services.publishing.backend import LeaseLostError
from editor_app.services.publishing.outbox import ACTIVE, WAITING, JobState
from editor_app.storage.engine import Database
from editor_app.storage.models import OutboxJob, PublishTarget, utcnow

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # longer than the longest upload (the client's upload timeout: 5 min)
_CANDIDATES = 20


@dataclass(frozen=True)
class Claim:
    """A job this desk holds: its id and the token that proves it (until the lease runs out)."""

    job_id: int
    token: str
    worker: str
    target_id: int


def worker_name() -> str:
    """Who claims: 'host:pid:random' (shown in the queue while a job runs)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def _due(now: datetime) -> ColumnElement[bool]:
    waiting = and_(OutboxJob.state.in_([s.value for s in WAITING]),
                   or_(OutboxJob.next_try_at.is_(None), OutboxJob.next_try_at <= now))
    abandoned = and_(OutboxJob.state == JobState.RUNNING.value, OutboxJob.lease_until < now)
    return or_(waiting, abandoned)


def _lock_target(session: Session, target_id: int) -> bool:
    """Lock the target row for this claim; False when another desk is claiming on it right now."""
    query = select(PublishTarget.id).where(PublishTarget.id == target_id).with_for_update(skip_locked=True)
    return session.scalar(query) is not None


def _target_running(session: Session, job: OutboxJob, now: datetime) -> bool:
    """Another job of the same target runs under a live lease: one job at a time per target."""
    running = select(OutboxJob.id).where(OutboxJob.target_id == job.target_id, OutboxJob.id != job.id,
                                         OutboxJob.state == JobState.RUNNING.value, OutboxJob.lease_until >= now)
    return session.scalar(running.limit(1)) is not None


def _older_for_story(session: Session, job: OutboxJob) -> bool:
    """An older unfinished job for the same story and target goes first (publish before unpublish)."""
    if job.article_id is None:
        return False
    older = select(OutboxJob.id).where(OutboxJob.target_id == job.target_id, OutboxJob.article_id == job.article_id,
                                       OutboxJob.id < job.id, OutboxJob.state.in_([s.value for s in ACTIVE]))
    return session.scalar(older.limit(1)) is not None


def _take(job: OutboxJob, worker: str, now: datetime, lease: timedelta) -> Claim:
    if job.state == JobState.RUNNING.value:
        logger.warning("Job %d: the lease of %s ran out at %s; %s takes it over", job.id, job.claimed_by,
                       job.lease_until, worker)
    token = uuid.uuid4().hex
    job.state = JobState.RUNNING.value
    job.claimed_by = worker
    job.claim_token = token
    job.lease_until = now + lease
    job.attempts += 1
    return Claim(job.id, token, worker, job.target_id)


def claim_next(db: Database, worker: str, *, targets: Collection[int] | None = None, now: datetime | None = None,
               lease: timedelta = LEASE) -> Claim | None:
    """Claim the oldest due job this desk may run (on `targets`, when given), or None."""
    now = now or utcnow()
    with db.session(write=True) as session:
        query = select(OutboxJob).where(_due(now))
        if targets is not None:
            if not targets:
                return None
            query = query.where(OutboxJob.target_id.in_(list(targets)))
        query = query.order_by(OutboxJob.id).limit(_CANDIDATES).with_for_update(skip_locked=True)
        checked: set[int] = set()
        for job in session.scalars(query.execution_options(populate_existing=True)).all():
            if job.target_id in checked:
                continue
            if not _lock_target(session, job.target_id) or _target_running(session, job, now):
                checked.add(job.target_id)
                continue
            if _older_for_story(session, job):
                continue
            return _take(job, worker, now, lease)
    return None


def claim_job(db: Database, job_id: int, worker: str, *, now: datetime | None = None,
              lease: timedelta = LEASE) -> Claim | None:
    """Claim one given job now, its next try time aside (the CLI's `publish`); None when it is not free."""
    now = now or utcnow()
    with db.session(write=True) as session:
        job = session.scalar(select(OutboxJob).where(OutboxJob.id == job_id).with_for_update(skip_locked=True)
                             .execution_options(populate_existing=True))
        if job is None:
            return None
        state = JobState(job.state)
        abandoned = state is JobState.RUNNING and job.lease_until is not None and job.lease_until < now
        if state not in WAITING and not abandoned:
            return None
        if (not _lock_target(session, job.target_id) or _target_running(session, job, now)
                or _older_for_story(session, job)):
            return None
        return _take(job, worker, now, lease)


def owned_job(session: Session, claim: Claim, now: datetime | None = None, lease: timedelta = LEASE) -> OutboxJob:
    """The claimed job, locked for this transaction, its lease renewed; LeaseLostError when it is not ours."""
    job = session.scalar(select(OutboxJob).where(OutboxJob.id == claim.job_id).with_for_update()
                         .execution_options(populate_existing=True))
    if job is None or job.claim_token != claim.token or job.state != JobState.RUNNING.value:
        raise LeaseLostError(f"job {claim.job_id} is no longer held by {claim.worker}")
    job.lease_until = (now or utcnow()) + lease
    return job
