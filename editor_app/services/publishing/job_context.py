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

from sqlalchemy import select
from sqlalchemy.orm import Session

from editor_app.domain.stories import StoryDetail
from editor_app.domain.weeks import IsoWeek
from editor_app.render.article import PaperSettings
from editor_app.services.publishing.backend import (
    JobCancelledError,
    JobOptions,
    PhotoFile,
    RecordInfo,
    SiteContent,
    SiteStory,
)
from editor_app.services.publishing.claims import Claim, owned_job
from editor_app.services.publishing.renditions import main_rendition_name, renditions_for
from editor_app.services.story_read import detail_of
from editor_app.services.story_records import load_article
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, OutboxJob, PublishRecord, TopStoryWeek, utcnow

logger = logging.getLogger(__name__)

_PROGRESS_EVERY = 0.5  # seconds between progress writes to the database
_LOG_LIMIT = 200
Progress = Callable[[int, int, str], None]


class JobRun:
    """The `JobContext` of one claimed job: durable journal, records and progress, each in a short transaction."""

    def __init__(self, db: Database, claim: Claim, *, paper: PaperSettings, options: JobOptions,
                 steps: dict[str, Any], story_id: int | None, on_progress: Progress | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.claim = claim
        self.paper = paper
        self.options = options
        self.story_id = story_id
        self._clock = clock
        self.now = clock()
        self._steps = steps
        self._on_progress = on_progress
        self._last_progress_write = 0.0

    # --- journal
    def _write(self, change: Callable[[OutboxJob, Session], None] | None = None) -> None:
        with self.db.session(write=True) as session:
            job = owned_job(session, self.claim, self._clock())
            if change is not None:
                change(job, session)
            job.steps = dict(self._steps)
            cancel = job.cancel_requested
        if cancel:
            raise JobCancelledError(f"job {self.claim.job_id} was cancelled")

    def marker(self, key: str) -> str | None:
        value = self._steps.get("markers", {}).get(key)
        return value if isinstance(value, str) else None

    def new_marker(self, key: str) -> str:
        from editor_app.services.publishing.wordpress_client import new_marker

        marker = new_marker()
        self._steps["markers"] = {**self._steps.get("markers", {}), key: marker}
        self._write()
        return marker

    def forget_marker(self, key: str) -> None:
        markers = dict(self._steps.get("markers", {}))
        if markers.pop(key, None) is not None:
            self._steps["markers"] = markers
            self._write()

    def log(self, text: str) -> None:
        logger.info("Job %d: %s", self.claim.job_id, text)
        entries = [*self._steps.get("log", []), {"at": self._clock().isoformat(timespec="seconds"), "text": text}]
        self._steps["log"] = entries[-_LOG_LIMIT:]
        self._write()

    def progress(self, done: int, total: int, text: str) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total, text)
        moment = time.monotonic()
        if moment - self._last_progress_write < _PROGRESS_EVERY and done < total:
            return
        self._last_progress_write = moment

        def store(job: OutboxJob, _session: Session) -> None:
            job.progress_done, job.progress_total, job.progress_text = done, total, text[:300]

        self._write(store)

    def check(self) -> None:
        self._write()

    # --- records
    def record_row(self, session: Session, *, article_id: int | None = None,
                image_id: int | None = None) -> PublishRecord | None:
        query = select(PublishRecord).where(PublishRecord.target_id == self.claim.target_id)
        if article_id is not None:
            query = query.where(PublishRecord.article_id == article_id)
        else:
            query = query.where(PublishRecord.image_id == image_id)
        return session.scalar(query.execution_options(populate_existing=True))

    def _save(self, record: RecordInfo, *, article_id: int | None = None, image_id: int | None = None,
              version: int | None = None) -> None:
        def upsert(_job: OutboxJob, session: Session) -> None:
            row = self.record_row(session, article_id=article_id, image_id=image_id)
            if row is None:
                row = PublishRecord(target_id=self.claim.target_id, article_id=article_id, image_id=image_id)
                session.add(row)
            fill_record(row, record, version)

        self._write(upsert)

    def image_record(self, image_id: int) -> RecordInfo | None:
        with self.db.session() as session:
            row = self.record_row(session, image_id=image_id)
            return _record_info(row) if row is not None and row.remote_id else None

    def save_image_record(self, image_id: int, record: RecordInfo) -> None:
        self._save(record, image_id=image_id)

    def article_record(self) -> RecordInfo | None:
        if self.story_id is None:
            return None
        with self.db.session() as session:
            row = self.record_row(session, article_id=self.story_id)
            return _record_info(row) if row is not None and row.remote_id else None

    def save_article_record(self, record: RecordInfo) -> None:
        if self.story_id is not None:
            self._save(record, article_id=self.story_id)

    # --- content
    def photo_file(self, image_id: int) -> PhotoFile:
        with self.db.session() as session:
            return renditions_for(session, image_id)[0]

    def photo_name(self, image_id: int) -> str:
        with self.db.session() as session:
            return main_rendition_name(session, image_id)

    def site_content(self, *, include: StoryDetail | None, exclude: int | None) -> SiteContent:
        with self.db.session() as session:
            return load_site_content(session, self.claim.target_id, include=include, exclude=exclude,
                                     now=self.now)


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
                      now: datetime) -> SiteContent:
    """The stories live on a target (with `include`, without `exclude`), oldest first, and its top picks."""
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
    weeks = session.scalars(select(TopStoryWeek).where(TopStoryWeek.state == "published")
                            .order_by(TopStoryWeek.year.desc(), TopStoryWeek.week.desc()).limit(8)).all()
    top = tuple((IsoWeek(w.year, w.week), tuple(e.article_id for e in w.entries)) for w in weeks)
    return SiteContent(stories=tuple(stories), top_stories=top)
