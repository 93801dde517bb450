"""The durable `JobContext` of a claimed job: journal, markers, records, progress, content to publish.

Each write is its own short transaction that checks the claim is still ours (LeaseLostError otherwise),
renews its lease and notices a cancel (JobCancelledError): no transaction stays open while a backend
talks to its target.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.orm import Session

from editor_app.domain.stories import StoryDetail
from editor_app.domain.weeks import IsoWeek
from editor_app.render.article import PaperSettings
from editor_app.services.publishing.backend import (
    JobCancelledError,
    JobOptions,
    LeaseLostError,
    PhotoFile,
    RecordInfo,
    SiteContent,
    SiteStory,
    TopPicks,
)
from editor_app.services.publishing.claims import LEASE, Claim
from editor_app.services.publishing.renditions import main_rendition_name, original_file, web_file
from editor_app.services.story_read import detail_of
from editor_app.services.story_records import load_article
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, OutboxJob, PublishRecord, TopStoryPublication, TopStoryWeek, utcnow

logger = logging.getLogger(__name__)

FLUSH_EVERY = 0.5  # seconds: journal lines and progress are written at least this often
_LOG_LIMIT = 200
TOP_WEEKS = 8  # the weeks of top stories a site render reads
Progress = Callable[[int, int, str], None]


class JobRun:
    """The `JobContext` of one claimed job. Markers and records are written at once (each its own short
    transaction, which also renews the claim's lease); journal lines and progress ride along with the next
    such write, or go on their own at most every FLUSH_EVERY seconds, so a job costs few writes."""

    def __init__(self, db: Database, claim: Claim, *, paper: PaperSettings, options: JobOptions,
                 steps: dict[str, Any], story_id: int | None, on_progress: Progress | None = None,
                 clock: Callable[[], datetime] = utcnow, published_at: datetime | None = None,
                 week_id: int | None = None) -> None:
        self.db = db
        self.claim = claim
        self.paper = paper
        self.options = options
        self.story_id = story_id
        self.week_id = week_id  # a top-stories job: the week whose roundup it publishes
        self.published_at = published_at
        self._clock = clock
        self.now = clock()
        self._steps = steps
        self._on_progress = on_progress
        self._progress: tuple[int, int, str] | None = None
        self._dirty = False
        self._last_write = self._last_seen = time.monotonic()  # the claim was just written

    @property
    def steps(self) -> dict[str, Any]:
        """The journal as it stands (what the end of the job writes)."""
        return dict(self._steps)

    # --- journal
    def _write(self, change: Callable[[Session], None] | None = None) -> None:
        """One statement for the journal (UPDATE … WHERE the claim is still ours, RETURNING the cancel flag),
        then `change` in the same transaction."""
        now = self._clock()
        values: dict[str, Any] = {"steps": dict(self._steps), "lease_until": now + LEASE,
                                  "version": OutboxJob.version + 1, "updated_at": now}
        if self._progress is not None:
            values["progress_done"], values["progress_total"], values["progress_text"] = self._progress
        statement = (update(OutboxJob).where(OutboxJob.id == self.claim.job_id,
                                             OutboxJob.claim_token == self.claim.token,
                                             OutboxJob.state == "running")
                     .values(values).returning(OutboxJob.cancel_requested))
        with self.db.session(write=True) as session:
            cancel = session.connection().execute(statement).scalar_one_or_none()
            if cancel is None:
                raise LeaseLostError(f"job {self.claim.job_id} is no longer held by {self.claim.worker}")
            if change is not None:
                change(session)
        self._dirty, self._progress = False, None
        self._last_write = self._last_seen = time.monotonic()
        if cancel:
            raise JobCancelledError(f"job {self.claim.job_id} was cancelled")

    def _touch(self) -> None:
        """Something worth keeping but not critical changed: write it soon, with the next write."""
        self._dirty = True
        if time.monotonic() - self._last_write >= FLUSH_EVERY:
            self._write()

    def marker(self, key: str) -> str | None:
        value = self._steps.get("markers", {}).get(key)
        return value if isinstance(value, str) else None

    def new_marker(self, key: str) -> str:
        from editor_app.services.publishing.wordpress_client import new_marker

        marker = new_marker()
        self._steps["markers"] = {**self._steps.get("markers", {}), key: marker}
        self._write()  # durable before the create it belongs to is tried
        return marker

    def forget_marker(self, key: str) -> None:
        """Once the create is recorded its marker is not needed (the record is looked at first)."""
        markers = dict(self._steps.get("markers", {}))
        if markers.pop(key, None) is not None:
            self._steps["markers"] = markers
            self._touch()

    def log(self, text: str) -> None:
        logger.info("Job %d: %s", self.claim.job_id, text)
        entries = [*self._steps.get("log", []), {"at": self._clock().isoformat(timespec="seconds"), "text": text}]
        self._steps["log"] = entries[-_LOG_LIMIT:]
        self._touch()

    def progress(self, done: int, total: int, text: str) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total, text)
        self._progress = (done, total, text[:300])
        self._touch()

    def check(self, *, force: bool = False) -> None:
        """Still ours and not cancelled? Known from a write or a check less than FLUSH_EVERY ago; else a read
        (or the pending write, when one is due). `force`: ask the database now."""
        if not force and time.monotonic() - self._last_seen < FLUSH_EVERY:
            return
        if self._dirty and time.monotonic() - self._last_write >= FLUSH_EVERY:
            self._write()
            return
        with self.db.session() as session:
            row = session.execute(select(OutboxJob.claim_token, OutboxJob.state, OutboxJob.cancel_requested)
                                  .where(OutboxJob.id == self.claim.job_id)).one_or_none()
        if row is None or row.claim_token != self.claim.token or row.state != "running":
            raise LeaseLostError(f"job {self.claim.job_id} is no longer held by {self.claim.worker}")
        if row.cancel_requested:
            raise JobCancelledError(f"job {self.claim.job_id} was cancelled")
        self._last_seen = time.monotonic()

    # --- records
    def record_row(self, session: Session, *, article_id: int | None = None, image_id: int | None = None,
                   week_id: int | None = None) -> PublishRecord | None:
        query = select(PublishRecord).where(PublishRecord.target_id == self.claim.target_id)
        if article_id is not None:
            query = query.where(PublishRecord.article_id == article_id)
        elif week_id is not None:
            query = query.where(PublishRecord.week_id == week_id)
        else:
            query = query.where(PublishRecord.image_id == image_id)
        return session.scalar(query.execution_options(populate_existing=True))

    def _save(self, record: RecordInfo, *, article_id: int | None = None, image_id: int | None = None,
              week_id: int | None = None) -> None:
        """Record what is live (update the target's record of this story, photo or roundup, or add it) with the
        journal."""
        def upsert(session: Session) -> None:
            connection = session.connection()
            where = (PublishRecord.article_id == article_id if article_id is not None
                     else PublishRecord.week_id == week_id if week_id is not None
                     else PublishRecord.image_id == image_id)
            values = record_values(record) | {"updated_at": utcnow()}
            changed = connection.execute(update(PublishRecord).where(
                PublishRecord.target_id == self.claim.target_id, where).values(values)).rowcount
            if not changed:
                connection.execute(insert(PublishRecord).values(
                    values | {"target_id": self.claim.target_id, "article_id": article_id, "image_id": image_id,
                              "week_id": week_id, "created_at": values["updated_at"]}))

        self._write(upsert)

    def _record(self, **key: int) -> RecordInfo | None:
        with self.db.session() as session:
            row = self.record_row(session, **key)
            return _record_info(row) if row is not None and row.remote_id else None

    def image_record(self, image_id: int) -> RecordInfo | None:
        return self._record(image_id=image_id)

    def save_image_record(self, image_id: int, record: RecordInfo) -> None:
        self._save(record, image_id=image_id)

    def article_record(self) -> RecordInfo | None:
        return None if self.story_id is None else self._record(article_id=self.story_id)

    def save_article_record(self, record: RecordInfo) -> None:
        if self.story_id is not None:
            self._save(record, article_id=self.story_id)

    def roundup_record(self) -> RecordInfo | None:
        return None if self.week_id is None else self._record(week_id=self.week_id)

    def save_roundup_record(self, record: RecordInfo) -> None:
        if self.week_id is not None:
            self._save(record, week_id=self.week_id)

    def story_record(self, story_id: int) -> RecordInfo | None:
        return self._record(article_id=story_id)

    def save_story_record(self, story_id: int, record: RecordInfo) -> None:
        self._save(record, article_id=story_id)

    # --- content
    def photo_file(self, image_id: int) -> PhotoFile:
        return web_file(self.db, image_id, self._destination)

    def photo_original(self, image_id: int) -> PhotoFile:
        return original_file(self.db, image_id, self._destination)

    @property
    def _destination(self) -> str:
        return f"publishing target {self.claim.target_id}"

    def photo_name(self, image_id: int) -> str:
        with self.db.session() as session:
            return main_rendition_name(session, image_id)

    def site_content(self, *, include: StoryDetail | None, exclude: int | None,
                     top: TopPicks | None = None) -> SiteContent:
        with self.db.session() as session:
            return load_site_content(session, self.claim.target_id, include=include, exclude=exclude,
                                     now=self.now, top=top)


def record_values(record: RecordInfo) -> dict[str, Any]:
    """The columns of a publish record that say what is live (Core statements)."""
    values: dict[str, Any] = {"remote_id": record.remote_id, "remote_url": record.remote_url,
                              "remote_status": record.remote_status, "remote_modified": record.remote_modified,
                              "content_hash": record.content_hash}
    if record.last_sent is not None:
        values["last_sent"] = dict(record.last_sent)
    return values


def fill_record(row: PublishRecord, record: RecordInfo, version: int | None) -> None:
    row.remote_id = record.remote_id
    row.remote_url = record.remote_url
    row.remote_status = record.remote_status
    row.remote_modified = record.remote_modified
    row.content_hash = record.content_hash
    if record.last_sent is not None:
        row.last_sent = dict(record.last_sent)
    if version is not None:
        row.published_version = version


def _record_info(row: PublishRecord) -> RecordInfo:
    return RecordInfo(remote_id=row.remote_id, remote_url=row.remote_url, remote_status=row.remote_status,
                      remote_modified=row.remote_modified, content_hash=row.content_hash,
                      last_sent=dict(row.last_sent) if row.last_sent else None)


def load_site_content(session: Session, target_id: int, *, include: StoryDetail | None, exclude: int | None,
                      now: datetime, top: TopPicks | None = None) -> SiteContent:
    """The stories live on a target (with `include`, without `exclude`), oldest first, and its top picks (with
    `top` in place of what was published for its week)."""
    records = session.execute(
        select(PublishRecord.article_id, PublishRecord.created_at)
        .where(PublishRecord.target_id == target_id, PublishRecord.article_id.is_not(None),
               PublishRecord.remote_status == "publish")).all()
    since: dict[int, datetime] = {article_id: created for article_id, created in records if article_id is not None}
    ids = [i for i in since if i != exclude and (include is None or i != include.id)]
    stories: list[SiteStory] = []
    for article_id in ids:
        article = load_article(session, article_id)
        stories.append(SiteStory(detail_of(article), article.published_at or since[article_id]))
    if include is not None and include.id != exclude:
        published = session.scalar(select(Article.published_at).where(Article.id == include.id))
        stories.append(SiteStory(include, published or since.get(include.id) or now))
    stories.sort(key=lambda s: (s.live_since, s.detail.id))
    return SiteContent(stories=tuple(stories), top_stories=published_top_stories(session, target_id, top=top))


def published_top_stories(session: Session, target_id: int, *, top: TopPicks | None = None,
                          weeks: int = TOP_WEEKS) -> tuple[TopPicks, ...]:
    """The orders last published to a target, one per week, newest week first (an order published before the
    app kept its history, with no target, counts for every target that has none of its own)."""
    rows = session.execute(
        select(TopStoryWeek.week, TopStoryPublication.target_id, TopStoryPublication.picks)
        .join(TopStoryWeek, TopStoryWeek.id == TopStoryPublication.week_id)
        .where(or_(TopStoryPublication.target_id == target_id, TopStoryPublication.target_id.is_(None)))
        .order_by(TopStoryWeek.week.desc(), TopStoryPublication.id.desc()))
    chosen: dict[IsoWeek, tuple[int, ...]] = {}
    own: set[IsoWeek] = set()
    for week, owner, picks in rows:
        if week in own or (week in chosen and owner is None):
            continue
        chosen[week] = tuple(int(p["id"]) for p in picks)
        if owner is not None:
            own.add(week)
    if top is not None:
        chosen[top[0]] = top[1]
    return tuple(sorted(chosen.items(), key=lambda pair: pair[0], reverse=True)[:weeks])
