"""The `Backend` protocol every publishing target implements, and what a running job offers it.

A backend turns one story into something live on its target (a local site folder, a WordPress site) and
back. It does no database work of its own: the outbox hands it a `JobContext`, whose journal and records
are durable — written before and after every remote create — so a job that stopped anywhere resumes where
it stopped and never creates a second post or photo.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from editor_app.domain.errors import KnownError
from editor_app.domain.stories import StoryDetail
from editor_app.domain.weeks import IsoWeek
from editor_app.render.article import PaperSettings


class JobCancelledError(Exception):
    """Raised inside a job once someone asked to cancel it (checked between steps)."""


class LeaseLostError(Exception):
    """Another desk took this job over (our lease ran out): stop at once, write nothing more."""


class SiteEditedError(KnownError):
    """The post was edited on the site since the app last published it; both versions are kept to compare."""

    def __init__(self, message: str, *, hint: str, remote: Mapping[str, str], local: Mapping[str, str],
                 remote_modified: str) -> None:
        super().__init__(message, hint=hint)
        self.remote = dict(remote)
        self.local = dict(local)
        self.remote_modified = remote_modified


@dataclass(frozen=True)
class RecordInfo:
    """What the outbox knows is live on the target for one story or photo."""

    remote_id: str
    remote_url: str = ""
    remote_status: str = ""  # publish | future | draft
    remote_modified: str = ""  # ISO UTC of the remote change stamp last seen ("" when unknown)
    content_hash: str = ""
    last_sent: Mapping[str, str] | None = None


@dataclass(frozen=True)
class PhotoFile:
    """The bytes a target receives for a photo (a web rendition, or the clean original), with a file name."""

    filename: str
    data: bytes
    mime: str
    width: int = 0
    height: int = 0


@dataclass(frozen=True)
class SiteStory:
    """A story live on a site, with the moment it went live there (orders the pages and the feed)."""

    detail: StoryDetail
    live_since: datetime


TopPicks = tuple[IsoWeek, tuple[int, ...]]  # a week and its top stories' ids, in the editors' order


@dataclass(frozen=True)
class SiteContent:
    """Everything a whole-site backend renders: the live stories (oldest first) and the editors' top picks."""

    stories: tuple[SiteStory, ...]
    top_stories: tuple[TopPicks, ...] = ()  # the orders published to this site, newest week first


@dataclass(frozen=True)
class RoundupPick:
    """One of the week's top stories as it is live on the target: its address there, and its lead photo's."""

    story: StoryDetail
    url: str
    remote_id: str = ""  # WordPress: the story's post id
    image_url: str = ""  # the lead photo on the target ("" when the story has none)
    media_id: int = 0  # WordPress: the lead photo's media id


@dataclass(frozen=True)
class Roundup:
    """A week's top stories to publish, in order: "Top Stories — Week 48" (WordPress: a post in `category`)."""

    week: IsoWeek
    picks: tuple[RoundupPick, ...]
    category: str
    list_version: int
    sticky_first: bool = False  # WordPress: make the first pick's post sticky (and only it, of the past firsts)

    @property
    def title(self) -> str:
        return f"Top Stories — Week {self.week.week}"

    @property
    def slug(self) -> str:
        return f"top-stories-{str(self.week).lower()}"


@dataclass(frozen=True)
class PublishOutcome:
    """What a publish or unpublish left on the target."""

    remote_id: str
    url: str
    remote_status: str  # publish | future | draft
    remote_modified: str = ""
    last_sent: Mapping[str, str] | None = None
    content_hash: str = ""
    scheduled_for: datetime | None = None  # set when the target will publish it later by itself


@dataclass(frozen=True)
class JobOptions:
    """How the person who asked wants this job done."""

    overwrite_modified: str = ""  # overwrite a site edit, but only the one with this stamp (seen in the diff)
    publish_now: bool = False  # a scheduled story: publish at once (a missed schedule)
    extra: Mapping[str, Any] = field(default_factory=dict)


class JobContext(Protocol):
    """What a running job gives its backend. Every write is durable and checks that the job is still ours."""

    paper: PaperSettings
    options: JobOptions
    now: datetime
    published_at: datetime | None  # when the story first went live in the newsroom (None: not yet)

    def marker(self, key: str) -> str | None:
        """The creation marker journalled under `key` ("post", "media:12"), if a create was tried."""
        ...

    def new_marker(self, key: str) -> str:
        """A fresh marker, journalled under `key` (durably) before the create it belongs to is tried."""
        ...

    def forget_marker(self, key: str) -> None: ...

    def log(self, text: str) -> None:
        """One line in the job's journal ("Photo x.jpg uploaded as media 34"), written at once."""
        ...

    def progress(self, done: int, total: int, text: str) -> None: ...

    def check(self) -> None:
        """Raise JobCancelledError or LeaseLostError between steps."""
        ...

    def image_record(self, image_id: int) -> RecordInfo | None: ...

    def save_image_record(self, image_id: int, record: RecordInfo) -> None: ...

    def article_record(self) -> RecordInfo | None: ...

    def save_article_record(self, record: RecordInfo) -> None: ...

    def photo_file(self, image_id: int) -> PhotoFile:
        """The photo's web rendition, bytes included (renditions.web_file: no metadata at all)."""
        ...

    def photo_original(self, image_id: int) -> PhotoFile:
        """The photo's clean original (renditions.original_file: GPS and serial numbers scrubbed)."""
        ...

    def photo_name(self, image_id: int) -> str:
        """The main web file's name, without reading its bytes."""
        ...

    def site_content(self, *, include: StoryDetail | None, exclude: int | None,
                     top: TopPicks | None = None) -> SiteContent:
        """The stories live on this target (plus `include`, minus story `exclude`), for a whole-site render;
        `top` replaces that week's published picks (a top-stories job renders the order it publishes)."""
        ...

    def roundup_record(self) -> RecordInfo | None:
        """What a top-stories job left on this target for its week before (the roundup post), if anything."""
        ...

    def save_roundup_record(self, record: RecordInfo) -> None: ...

    def story_record(self, story_id: int) -> RecordInfo | None:
        """What is live on this target for another story (a roundup links to its picks)."""
        ...

    def save_story_record(self, story_id: int, record: RecordInfo) -> None: ...


class Backend(Protocol):
    """One kind of target. Methods run on a worker thread; they raise KnownErrors (WordPressError has
    `retryable`) and SiteEditedError when a site edit would be overwritten."""

    def publish(self, story: StoryDetail, ctx: JobContext) -> PublishOutcome: ...

    def unpublish(self, story: StoryDetail, ctx: JobContext) -> PublishOutcome: ...

    def check_schedule(self, story: StoryDetail, ctx: JobContext) -> PublishOutcome:
        """Ask the target what became of a story it was to publish by itself (status "publish" or not)."""
        ...

    def publish_top_stories(self, roundup: Roundup, ctx: JobContext) -> PublishOutcome:
        """Put the week's top stories on the target in their order (local site: home and week pages; WordPress:
        the week's roundup post, created once and updated in place)."""
        ...

    def close(self) -> None: ...
