"""Sending the week's top stories out: to a publishing target through the outbox, as a newsletter, and what the
target knows of its readers ("Most read stories of the month").

Publishing is a `top_stories` job on the target's queue (journaled, resumable, one roundup post per week: see
publishing/roundup_jobs). The job takes the order as it is when asked. Every pick must be live on the target
first: a pick that is not is refused with its headline named — or, with `publish_missing`, its own publish job is
queued ahead of the roundup (only for stories that go out at once: a story scheduled for later cannot be linked
from today's roundup yet).

The newsletter links to the published site: a WordPress target's posts and media, or a local site's pages (under
its `base_url` option when it is served from a web address, else as files).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from editor_app.domain.bylines import byline_text
from editor_app.domain.errors import KnownError, ValidationError
from editor_app.domain.permissions import Action
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.render.article import PaperSettings
from editor_app.render.top_stories import Newsletter, TopStoryItem, newsletter
from editor_app.services import audit
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.publishing.outbox import (
    ACTIVE,
    STOPPED,
    WAITING,
    JobInfo,
    JobKind,
    JobState,
    _cancel,
    job_info,
    queue_publish,
)
from editor_app.services.publishing.targets import TargetInfo, TargetKind, find_target, target_info
from editor_app.services.settings import read_settings
from editor_app.services.story_read import detail_of
from editor_app.services.story_records import load_article
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, OutboxJob, PublishRecord, PublishTarget, TopStoryWeek, User, utcnow

if TYPE_CHECKING:
    from editor_app.services.publishing.credentials import Credentials
    from editor_app.services.publishing.targets import ClientFactory

logger = logging.getLogger(__name__)


class PicksNotPublishedError(ValidationError):
    """Some picks are not live on the target; `headlines` names them (the UI offers to publish them first)."""

    def __init__(self, message: str, *, hint: str, story_ids: tuple[int, ...], headlines: tuple[str, ...]) -> None:
        super().__init__(message, hint=hint)
        self.story_ids = story_ids
        self.headlines = headlines


@dataclass(frozen=True)
class TopStoriesQueued:
    job: JobInfo  # the roundup's job
    story_jobs: tuple[JobInfo, ...] = ()  # publish jobs queued ahead of it for picks that were not live


def _live(session: Session, target_id: int, story_id: int) -> PublishRecord | None:
    record = session.scalar(select(PublishRecord).where(PublishRecord.target_id == target_id,
                                                        PublishRecord.article_id == story_id))
    return record if record is not None and record.remote_status == "publish" and record.remote_url else None


def _pending_publish(session: Session, target_id: int, story_id: int) -> bool:
    return session.scalar(select(OutboxJob.id).where(
        OutboxJob.target_id == target_id, OutboxJob.article_id == story_id, OutboxJob.kind == JobKind.PUBLISH.value,
        OutboxJob.state.in_([s.value for s in ACTIVE])).limit(1)) is not None


def _week_with_picks(session: Session, week: IsoWeek) -> TopStoryWeek:
    row = session.scalar(select(TopStoryWeek).where(TopStoryWeek.week == week))
    if row is None or not row.entries:
        raise ValidationError(f"{week.label} has no top stories to send out yet.",
                              hint="Pick them on the Top stories board (or `editor-app top-stories set`).")
    return row


def enqueue_top_stories(db: Database, actor: Actor, week: IsoWeek, target: str | int, *,
                        publish_missing: bool = False, sticky_first: bool = False,
                        now: datetime | None = None) -> TopStoriesQueued:
    """Queue the week's picks, in their order now, for `target` (see the module docstring)."""
    now = now or utcnow()
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.PUBLISH)
        row = find_target(session, target)
        week_row = _week_with_picks(session, week)
        ids = [e.article_id for e in week_row.entries]
        story_jobs = _missing_picks(session, user, row, ids, publish_missing, now)
        settings = read_settings(session)
        payload = {"week": str(week), "week_id": week_row.id, "picks": ids, "list_version": week_row.version,
                   "category": settings.roundup_category, "sticky_first": sticky_first,
                   "headline": f"Top Stories — Week {week.week}", "options": {}}
        job = _roundup_job(session, user, row, week_row.id, payload)
        audit.record(session, user, "top_stories.queued", week=str(week), target=row.name, job=job.id, order=ids)
        logger.info("Queued job %d: top stories of %s on %s", job.id, week, row.name)
        return TopStoriesQueued(job_info(session, job), tuple(job_info(session, j) for j in story_jobs))


def _missing_picks(session: Session, user: User, row: PublishTarget, ids: list[int], publish_missing: bool,
                   now: datetime) -> list[OutboxJob]:
    """Refuse picks that are not on the target (naming them), or queue their publish jobs when asked to."""
    missing = [i for i in ids if _live(session, row.id, i) is None and not _pending_publish(session, row.id, i)]
    if not missing:
        return []
    articles = [session.get(Article, i) for i in missing]
    later = [a for a in articles if a is not None and a.status == Status.SCHEDULED.value
             and a.scheduled_at is not None and a.scheduled_at > now]
    names = tuple(a.headline for a in articles if a is not None)
    if later:
        raise ValidationError(
            f"“{later[0].headline}” is scheduled for {later[0].scheduled_at:%Y-%m-%d %H:%M} UTC and not on "
            f"“{row.name}” yet, so the top stories cannot link to it.",
            hint="Publish the top stories after it goes out, publish it now, or take it out of the picks.")
    if not publish_missing:
        listed = ", ".join(f"“{name}”" for name in names)
        raise PicksNotPublishedError(
            f"{len(names)} of the picks {'are' if len(names) > 1 else 'is'} not on “{row.name}” yet: {listed}.",
            hint="Publish them first, or have them published just before the top stories (the board offers it; "
                 "the command line's --publish-missing).",
            story_ids=tuple(missing), headlines=names)
    return [queue_publish(session, user, row, article, now=now) for article in articles if article is not None]


def _roundup_job(session: Session, user: User, row: PublishTarget, week_id: int, payload: dict[str, object]
                 ) -> OutboxJob:
    """A new job after any just queued for the picks (jobs run in the order they were queued); an unfinished one
    for the same week is replaced, its journal carried over (the markers of creates that may have landed)."""
    steps: dict[str, object] = {}
    for older in session.scalars(select(OutboxJob).where(
            OutboxJob.target_id == row.id, OutboxJob.kind == JobKind.TOP_STORIES.value,
            OutboxJob.state.in_([s.value for s in WAITING | STOPPED])).order_by(OutboxJob.id)):
        if int((older.payload or {}).get("week_id", 0)) == week_id:
            steps = dict(older.steps or {})
            _cancel(older, "Replaced by a newer publish of the top stories.")
    job = OutboxJob(target_id=row.id, kind=JobKind.TOP_STORIES.value, article_id=None, requested_by_id=user.id,
                    payload=payload, state=JobState.QUEUED.value, steps=steps)
    session.add(job)
    session.flush()
    return job


# --- the newsletter --------------------------------------------------------------------------------------------
def _single_target(session: Session, wanted: str | int | None) -> PublishTarget:
    if wanted is not None:
        return find_target(session, wanted)
    rows = session.scalars(select(PublishTarget).order_by(PublishTarget.name)).all()
    if len(rows) == 1:
        return rows[0]
    if not rows:
        raise ValidationError("The newsletter links to the published site, and there is no publishing target yet.",
                              hint="Add a target and publish the week's stories first.")
    raise ValidationError("Say which site the newsletter links to: " + ", ".join(f"“{r.name}”" for r in rows) + ".",
                          hint="Give --target NAME (or choose the target on the board).")


def build_newsletter(db: Database, actor: Actor, week: IsoWeek, target: str | int | None = None) -> Newsletter:
    """The week's picks as a ready-to-send email (HTML with inline CSS, and text) linking to `target`'s pages."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        row = _single_target(session, target)
        info = target_info(row, None)
        week_row = _week_with_picks(session, week)
        paper = PaperSettings.of(read_settings(session))
        items, missing = [], []
        for entry in week_row.entries:
            item = _item(session, info, entry.article_id, paper)
            if item is None:
                missing.append(entry.article_id)
            else:
                items.append(item)
        if missing:
            names = [a.headline for a in session.scalars(select(Article).where(Article.id.in_(missing)))]
            raise PicksNotPublishedError(
                f"The newsletter would link to stories that are not on “{row.name}”: "
                + ", ".join(f"“{n}”" for n in names) + ".",
                hint="Publish them (or the week's top stories) to that target first.", story_ids=tuple(missing),
                headlines=tuple(names))
        web_url, site_url = _week_addresses(session, info, week_row.id, week)
    return newsletter(week, tuple(items), paper=paper, web_url=web_url, site_url=site_url)


def _item(session: Session, target: TargetInfo, story_id: int, paper: PaperSettings) -> TopStoryItem | None:
    record = _live(session, target.id, story_id)
    if record is None:
        return None
    story = detail_of(load_article(session, story_id))
    lead = next((p for p in story.photos if p.role == "lead"), None)
    if target.kind is TargetKind.LOCAL:
        from editor_app.services.publishing.local_site import LocalSiteBackend
        from editor_app.services.publishing.renditions import main_rendition_name
        from editor_app.services.publishing.site_builder import story_path

        site = LocalSiteBackend(target)
        url = site.address(story_path(story))
        image = site.address(f"photos/{main_rendition_name(session, lead.image_id)}") if lead else ""
    else:
        url = record.remote_url
        photo = session.scalar(select(PublishRecord.remote_url).where(
            PublishRecord.target_id == target.id, PublishRecord.image_id == lead.image_id)) if lead else None
        image = photo or ""
    return TopStoryItem(headline=story.headline, url=url, deck=story.deck, section=story.section,
                        byline=byline_text(story.bylines, paper.name), image_url=image,
                        image_alt=lead.alt if lead else "")


def _week_addresses(session: Session, target: TargetInfo, week_id: int, week: IsoWeek) -> tuple[str, str]:
    """Where the week's list reads on the site (its roundup post, or week page) and the site's home page."""
    if target.kind is TargetKind.LOCAL:
        from editor_app.services.publishing.local_site import LocalSiteBackend
        from editor_app.services.publishing.site_builder import week_path

        site = LocalSiteBackend(target)
        return site.address(week_path(week)), site.address("index.html")
    roundup = session.scalar(select(PublishRecord.remote_url).where(PublishRecord.target_id == target.id,
                                                                    PublishRecord.week_id == week_id))
    return roundup or "", target.url.rstrip("/") + "/"


def write_newsletter(letter: Newsletter, folder: Path) -> tuple[Path, Path]:
    """newsletter.html and newsletter.txt in `folder` (created), each written whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (("newsletter.html", letter.html), ("newsletter.txt", letter.text)):
        path = folder / name
        partial = folder / f".{name}.part"
        try:
            partial.write_text(text, encoding="utf-8")
            partial.replace(path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise KnownError(f"Cannot write {path}: {exc.strerror or exc}.",
                             hint="Choose a folder you may write to, with free space.") from exc
        written.append(path)
    return written[0], written[1]


# --- most read -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReadCount:
    headline: str
    url: str
    views: int
    story_id: int | None  # the newsroom's story, when the post is one the app published


@dataclass(frozen=True)
class MostRead:
    """ "Most read stories of the month" from a target, or why there is none (`note`)."""

    available: bool
    note: str
    items: tuple[ReadCount, ...] = ()


def most_read(db: Database, actor: Actor, target: str | int, *, credentials: Credentials,
              client_factory: ClientFactory | None = None, limit: int = 10) -> MostRead:
    """What the target counts of its readers over the last 30 days (WordPress: the WordPress Popular Posts
    plugin's REST route, when the site runs it). Network work: call it off the GUI thread."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        info = target_info(find_target(session, target), credentials)
        by_post = {record.remote_id: record.article_id for record in session.scalars(
            select(PublishRecord).where(PublishRecord.target_id == info.id, PublishRecord.article_id.is_not(None)))}
    if info.kind is TargetKind.LOCAL:
        return MostRead(False, f"“{info.name}” is a local site: it does not count its readers.")
    from editor_app.services.publishing.targets import password_for
    from editor_app.services.publishing.wordpress_client import WordPressClient

    factory = client_factory or WordPressClient
    with factory(info.url, info.username, password_for(info, credentials)) as client:
        posts = client.popular_posts(days=30, limit=limit)
    if posts is None:
        return MostRead(False, f"“{info.name}” does not report how often stories are read (the WordPress Popular "
                               "Posts plugin would).")
    items = tuple(ReadCount(p.title, p.link, p.views, by_post.get(str(p.id))) for p in posts)
    return MostRead(True, f"Most read on “{info.name}” over the last 30 days.", items)

