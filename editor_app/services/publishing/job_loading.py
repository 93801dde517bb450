"""Reading a claimed job and what it needs (its target, who asked, the story) in one short transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from editor_app.domain.errors import KnownError, NotFoundError, PermissionDeniedError
from editor_app.domain.permissions import Action
from editor_app.domain.stories import StoryDetail
from editor_app.domain.workflow import Status
from editor_app.services.access import authorize
from editor_app.services.identity import actor_of
from editor_app.services.publishing.backend import JobOptions
from editor_app.services.publishing.claims import Claim
from editor_app.services.publishing.outbox import JobKind
from editor_app.services.publishing.targets import TargetInfo, target_info
from editor_app.services.settings import read_settings
from editor_app.services.story_read import detail_of
from editor_app.services.story_records import load_article
from editor_app.storage.engine import Database
from editor_app.storage.models import OutboxJob, PublishTarget, User, utcnow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedJob:
    """A claimed job with what it needs, read in one transaction (plain data: no session outlives it)."""

    job_kind: JobKind
    target: TargetInfo
    requester: User | None
    story: StoryDetail | None
    story_status: Status | None
    scheduled: datetime | None
    published_at: datetime | None
    options: JobOptions
    steps: dict[str, Any]
    payload: dict[str, Any]
    refusal: KnownError | None  # the person who asked may no longer do it
    attempts: int = 1


def load_job(db: Database, claim: Claim) -> LoadedJob:
    with db.session() as session:
        job = session.get(OutboxJob, claim.job_id)
        target = session.get(PublishTarget, claim.target_id)
        assert job is not None and target is not None
        requester = session.get(User, job.requested_by_id) if job.requested_by_id is not None else None
        kind = JobKind(job.kind)
        refusal = _refusal(session, requester, kind)
        story = status = scheduled = published = None
        if job.article_id is not None:
            try:
                article = load_article(session, job.article_id)
            except NotFoundError:
                pass
            else:
                story, status, scheduled = detail_of(article), Status(article.status), article.scheduled_at
                published = article.published_at
                if kind is JobKind.PUBLISH and status in (Status.APPROVED, Status.UNPUBLISHED):
                    # it goes out in the week of its (first) publication: render it there already
                    story = replace(story, week=read_settings(session).week_of(published or utcnow()))
        raw = dict((job.payload or {}).get("options", {}))
        options = JobOptions(overwrite_modified=str(raw.get("overwrite_modified", "")),
                             publish_now=bool(raw.get("publish_now", False)), extra=raw)
        return LoadedJob(kind, target_info(target, None), requester, story, status, scheduled, published, options,
                         dict(job.steps or {}), dict(job.payload or {}), refusal, job.attempts)


def _refusal(session: Session, requester: User | None, kind: JobKind) -> KnownError | None:
    """Why the person who asked may no longer do it (re-read now: a deactivated account stops the job)."""
    if requester is None:
        return PermissionDeniedError("The staff account that asked for this job no longer exists.",
                                     hint="Ask for the publish again with your own account.")
    try:
        authorize(session, actor_of(requester), Action.UNPUBLISH if kind is JobKind.UNPUBLISH else Action.PUBLISH)
    except KnownError as exc:
        return exc
    return None
