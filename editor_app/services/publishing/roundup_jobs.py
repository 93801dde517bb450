"""Running a top-stories job: the week's picks as they are live on the target, and how the job ends.

The job's payload holds the order that was asked for (week, story ids, the list's version, the roundup's
category): later reorders do not change a job already queued. Every pick must already be live on the target
(its own publish job runs first); a pick whose publish job is still queued makes the job wait and try again,
a pick that is not on the target at all stops it with the stories named. At the end one transaction records
the roundup (the WordPress post's id and change stamp, per target and week), closes the job and adds the
order to the week's publication history (who, when, where, the picks with their links).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from editor_app.domain.errors import KnownError, NotFoundError
from editor_app.domain.weeks import IsoWeek
from editor_app.services import audit
from editor_app.services.publishing.backend import PublishOutcome, RecordInfo, Roundup, RoundupPick
from editor_app.services.publishing.claims import Claim, owned_job
from editor_app.services.publishing.job_context import JobRun, fill_record
from editor_app.services.publishing.job_loading import LoadedJob
from editor_app.services.publishing.job_outcome import close_job
from editor_app.services.publishing.outbox import ACTIVE, JobKind, JobState
from editor_app.services.story_read import detail_of
from editor_app.services.story_records import load_article
from editor_app.storage.engine import Database
from editor_app.storage.models import (
    OutboxJob,
    PublishRecord,
    TopStoryPublication,
    TopStoryWeek,
    User,
)

logger = logging.getLogger(__name__)


class PicksNotLiveError(KnownError):
    """Some of the week's picks are not live on the target. `retryable` when each of them has a publish job
    still to run there (the runner tries the roundup again later)."""

    def __init__(self, message: str, *, hint: str, retryable: bool) -> None:
        super().__init__(message, hint=hint)
        self.retryable = retryable


def roundup_of(payload: dict[str, Any]) -> tuple[IsoWeek, int, tuple[int, ...]]:
    """The week, its row id and the ordered story ids a top-stories job was asked to publish."""
    return (IsoWeek.parse(str(payload["week"])), int(payload["week_id"]),
            tuple(int(i) for i in payload.get("picks", [])))


def _live(session: Session, target_id: int, **key: int) -> PublishRecord | None:
    query = select(PublishRecord).where(PublishRecord.target_id == target_id)
    for column, value in key.items():
        query = query.where(getattr(PublishRecord, column) == value)
    return session.scalar(query)


def _waiting(session: Session, target_id: int, story_id: int) -> bool:
    """A publish job for the story on this target is still to run (queued, retrying or running)."""
    return session.scalar(select(OutboxJob.id).where(
        OutboxJob.target_id == target_id, OutboxJob.article_id == story_id,
        OutboxJob.kind == JobKind.PUBLISH.value, OutboxJob.state.in_([s.value for s in ACTIVE])).limit(1)) is not None


def load_roundup(db: Database, target_id: int, target_name: str, payload: dict[str, Any]) -> Roundup:
    """The picks with their addresses on the target; PicksNotLiveError when some are not there."""
    week, week_id, ids = roundup_of(payload)
    with db.session() as session:
        if session.get(TopStoryWeek, week_id) is None:
            raise NotFoundError(f"The top stories of {week.label} were deleted.", hint="Nothing is left to publish.")
        picks: list[RoundupPick] = []
        missing: list[tuple[str, bool]] = []
        for story_id in ids:
            try:
                article = load_article(session, story_id)
            except NotFoundError:
                logger.info("Top stories of %s: story %d was deleted; left out", week, story_id)
                continue
            story = detail_of(article)
            record = _live(session, target_id, article_id=story_id)
            if record is None or record.remote_status != "publish" or not record.remote_url:
                missing.append((story.headline, _waiting(session, target_id, story_id)))
                continue
            lead = next((p for p in story.photos if p.role == "lead"), None)
            photo = _live(session, target_id, image_id=lead.image_id) if lead is not None else None
            picks.append(RoundupPick(story=story, url=record.remote_url, remote_id=record.remote_id,
                                     image_url=photo.remote_url if photo is not None else "",
                                     media_id=int(photo.remote_id) if photo is not None and
                                     photo.remote_id.isdigit() else 0))
    if missing:
        names = ", ".join(f"“{headline}”" for headline, _ in missing)
        waiting = all(pending for _, pending in missing)
        raise PicksNotLiveError(
            f"{len(missing)} of the top stories of {week.label} {'are' if len(missing) > 1 else 'is'} not on "
            f"“{target_name}” yet: {names}.",
            hint=("Their publish jobs run first; this one tries again after them." if waiting else
                  "Publish them to this target first (or take them out of the top stories), then retry."),
            retryable=waiting)
    return Roundup(week=week, picks=tuple(picks), category=str(payload.get("category") or "Top Stories"),
                   list_version=int(payload.get("list_version", 0)),
                   sticky_first=bool(payload.get("sticky_first", False)))


def finish_roundup(db: Database, claim: Claim, loaded: LoadedJob, roundup: Roundup, outcome: PublishOutcome,
                   run: JobRun) -> None:
    """One transaction: the roundup's record, the job closed, the order added to the week's history."""
    assert loaded.requester is not None
    _week, week_id, _ids = roundup_of(loaded.payload)
    with db.session(write=True) as session:
        job = owned_job(session, claim, run.now)
        record = run.record_row(session, week_id=week_id)
        if record is None:
            record = PublishRecord(target_id=claim.target_id, week_id=week_id)
            session.add(record)
        fill_record(record, RecordInfo(remote_id=outcome.remote_id, remote_url=outcome.url,
                                       remote_status=outcome.remote_status, remote_modified=outcome.remote_modified,
                                       content_hash=outcome.content_hash, last_sent=outcome.last_sent), None)
        job.steps = run.steps
        close_job(job, JobState.DONE, outcome.url, "", "")
        user = session.get(User, loaded.requester.id)
        picks = [{"id": p.story.id, "headline": p.story.headline, "url": p.url} for p in roundup.picks]
        session.add(TopStoryPublication(
            week_id=week_id, target_id=claim.target_id, target_name=loaded.target.name, job_id=job.id,
            list_version=roundup.list_version, picks=picks, url=outcome.url, user_id=user.id if user else None,
            user_name=user.display_name if user else "", published_at=run.now))
        audit.record(session, user, "top_stories.publish", week=str(roundup.week), target=loaded.target.name,
                     order=[p.story.id for p in roundup.picks], url=outcome.url, job=job.id)
    logger.info("Job %d: top stories of %s on %s: %s", claim.job_id, roundup.week, loaded.target.name, outcome.url)
