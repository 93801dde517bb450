"""The WordPress backend: a story becomes a post, its photos media items, its section and cities terms.

Mapping: section -> category; city tags -> the site's `city` taxonomy when it has one (else tags); photos ->
media with the house-style caption (credit inside it) and alt text; the lead photo -> `featured_media`;
inline photos -> image blocks; byline and dateline at the head of the content (render.wordpress_content);
approved -> `publish`, scheduled -> `future` (at its time), unpublish -> `draft`.

Never twice: before each create (a photo upload, the post) a marker is journalled; a retry first asks the
site whether that create landed (`find_*_by_marker`). Once the site answers, its id is recorded at once.
Never over a site edit: an update sends the post's `modified_gmt` as last seen; an edit made on the site
since then stops the job with both versions (SiteEditedError) instead of overwriting it.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import PurePosixPath

from markupsafe import escape

from editor_app.domain.captions import caption_with_credit
from editor_app.domain.stories import PhotoUse, StoryDetail
from editor_app.domain.workflow import Status
from editor_app.render.wordpress_content import RemoteMedia as ContentMedia
from editor_app.render.wordpress_content import wordpress_content
from editor_app.services.publishing.backend import JobContext, PublishOutcome, RecordInfo, Roundup, SiteEditedError
from editor_app.services.publishing.renditions import RENDITION_KEY
from editor_app.services.publishing.targets import ClientFactory, TargetInfo
from editor_app.services.publishing.wordpress_client import PostFields, RemotePost, WordPressClient
from editor_app.services.publishing.wordpress_errors import RemoteChangedError, RemoteNotFoundError
from editor_app.services.publishing.wordpress_types import PostStatus

logger = logging.getLogger(__name__)

SCHEDULE_MARGIN = timedelta(seconds=90)  # WordPress publishes a `future` post at once below 60 s ahead
SUMMARY_WORDS = 40
_PARAGRAPH = re.compile(r"<p(\s[^>]*)?>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_UNSET = object()


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _parse_stamp(text: str) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def summary(content_html: str, words: int = SUMMARY_WORDS) -> str:
    """The post's excerpt for a story without a deck: its first paragraph of text (the dateline's), as plain
    text cut to `words` words (WordPress would glue the byline's lines together in its own)."""
    for attributes, paragraph in _PARAGRAPH.findall(content_html):
        text = " ".join(html.unescape(_TAG.sub(" ", paragraph)).split())
        if text and "byline" not in attributes:
            cut = text.split()
            return text if len(cut) <= words else " ".join(cut[:words]) + " …"
    return ""


def unique_photos(story: StoryDetail) -> list[PhotoUse]:
    """The story's photos, each once (the lead first, as placed), in the order they appear."""
    seen: set[int] = set()
    photos = []
    for photo in sorted(story.photos, key=lambda p: p.role != "lead"):
        if photo.image_id not in seen:
            seen.add(photo.image_id)
            photos.append(photo)
    return photos


class WordPressBackend:
    """Publishes to one WordPress site with one user's Application Password (held only in memory)."""

    def __init__(self, target: TargetInfo, password: str, *, client_factory: ClientFactory | None = None) -> None:
        self.target = target
        self.client = (client_factory or WordPressClient)(target.url, target.username, password)
        self._terms: dict[tuple[str, str], int] = {}
        self._city_base: object = _UNSET

    def close(self) -> None:
        self.client.close()

    # --- terms
    def city_rest_base(self) -> str:
        """Where city tags go: the site's `city` taxonomy when it has one (option city_taxonomy=tags: tags)."""
        if self._city_base is _UNSET:
            wanted = str(self.target.options.get("city_taxonomy", "auto"))
            self._city_base = None if wanted == "tags" else self.client.taxonomy_rest_base("city")
        return self._city_base if isinstance(self._city_base, str) else "tags"

    def term(self, rest_base: str, name: str) -> int:
        """The id of the term `name` (found or created once per backend)."""
        key = (rest_base, name.strip().casefold())
        if key not in self._terms:
            self._terms[key] = self.client.ensure_term(rest_base, name.strip())
        return self._terms[key]

    def _ensure_terms(self, story: StoryDetail, ctx: JobContext) -> tuple[list[int], str, list[int]]:
        categories = [self.term("categories", story.section)] if story.section else []
        base = self.city_rest_base()
        cities = [self.term(base, city) for city in story.cities]
        where = "tags" if base == "tags" else f"the “{base}” taxonomy"
        ctx.log(f"Terms ensured: category {story.section or '(none)'}"
                + (f"; cities in {where}: {', '.join(story.cities)}" if story.cities else ""))
        return categories, base, cities

    # --- media
    def _ensure_media(self, photo: PhotoUse, ctx: JobContext) -> ContentMedia:
        caption_html = str(escape(caption_with_credit(photo.caption, photo.credit, ctx.paper.credit_pattern)))
        alt = photo.alt
        title = photo.caption.strip()[:120] or PurePosixPath(photo.filename).stem or f"Photo {photo.image_id}"
        wanted = _digest(photo.sha256, caption_html, alt, title, RENDITION_KEY)
        key = f"media:{photo.image_id}"
        record = ctx.image_record(photo.image_id)
        if record is not None:
            if record.content_hash == wanted:
                return ContentMedia(int(record.remote_id), record.remote_url)
            try:
                media = self.client.update_media(int(record.remote_id), caption_html=caption_html, alt_text=alt,
                                                 title=title)
            except RemoteNotFoundError:
                ctx.log(f"Photo {photo.filename} (media {record.remote_id}) was deleted on the site; uploading again")
            else:
                self._save_media(ctx, photo, media.id, media.source_url, media.modified_gmt, wanted)
                ctx.log(f"Photo {photo.filename}: caption and alt text updated on media {media.id}")
                return ContentMedia(media.id, media.source_url)
        marker = ctx.marker(key)
        if marker is not None:
            found = self.client.find_media_by_marker(marker)
            if found is not None:
                self.client.finish_media(found.id)
                media = self.client.update_media(found.id, caption_html=caption_html, alt_text=alt, title=title)
                self._save_media(ctx, photo, media.id, media.source_url, media.modified_gmt, wanted)
                ctx.log(f"Photo {photo.filename} found on the site from an earlier try (media {media.id})")
                ctx.forget_marker(key)
                return ContentMedia(media.id, media.source_url)
        else:
            marker = ctx.new_marker(key)
        file = ctx.photo_original(photo.image_id)  # scrubbed: no GPS, no serial numbers
        media = self.client.upload_media(file.data, file.filename, file.mime, caption_html=caption_html,
                                         alt_text=alt, title=title, marker=marker)
        self._save_media(ctx, photo, media.id, media.source_url, media.modified_gmt, wanted)
        ctx.log(f"Photo {photo.filename} uploaded as media {media.id}")
        ctx.forget_marker(key)
        return ContentMedia(media.id, media.source_url)

    @staticmethod
    def _save_media(ctx: JobContext, photo: PhotoUse, media_id: int, url: str, modified: datetime,
                    digest: str) -> None:
        ctx.save_image_record(photo.image_id, RecordInfo(remote_id=str(media_id), remote_url=url,
                                                         remote_status="inherit", remote_modified=_stamp(modified),
                                                         content_hash=digest))

    # --- the post
    def _status(self, story: StoryDetail, ctx: JobContext, *, creating: bool) -> tuple[PostStatus, datetime | None]:
        """'future' at the story's time when it is scheduled far enough ahead; 'publish' otherwise — dated now
        for a scheduled story (WordPress would keep a post dated ahead as 'future'), dated when it first went
        live in the newsroom for a published story new to this site, undated for the rest (the site dates a
        first publish now; a correction keeps its date)."""
        when = story.scheduled
        if story.status is Status.SCHEDULED and when is not None:
            if not ctx.options.publish_now and when - ctx.now >= SCHEDULE_MARGIN:
                return "future", when
            return "publish", ctx.now
        if creating and ctx.published_at is not None and ctx.published_at < ctx.now:
            return "publish", ctx.published_at
        return "publish", None

    def _fields(self, story: StoryDetail, media: dict[int, ContentMedia], categories: Sequence[int],
                city_base: str, cities: Sequence[int], ctx: JobContext, *,
                creating: bool) -> tuple[PostFields, dict[str, str]]:
        content = wordpress_content(story, paper=ctx.paper, media=lambda photo: media[photo.image_id])
        lead = next((p for p in story.photos if p.role == "lead"), None)
        status, when = self._status(story, ctx, creating=creating)
        excerpt = story.deck.strip() or summary(content)
        fields = PostFields(
            title=story.headline, content=content, excerpt=excerpt, slug=story.slug,
            status=status, date_gmt=when, categories=list(categories),
            tags=list(cities) if city_base == "tags" else None,
            terms={city_base: list(cities)} if city_base != "tags" else None,
            featured_media=media[lead.image_id].id if lead is not None else 0)
        sent = {"title": story.headline, "excerpt": excerpt, "content": content}
        return fields, sent

    def update_post_checked(self, record: RecordInfo, fields: PostFields, sent: dict[str, str],
                            ctx: JobContext) -> RemotePost | None:
        """Update the recorded post unless it was edited on the site; None when it is gone from the site."""
        post_id = int(record.remote_id)
        expected = _parse_stamp(ctx.options.overwrite_modified or record.remote_modified)
        try:
            post = self.client.update_post(post_id, fields, expected_modified_gmt=expected)
        except RemoteChangedError:
            remote = self.client.get_post(post_id)
            raise SiteEditedError(
                f"“{fields.title}” was edited on {self.target.name} at {remote.modified_gmt:%Y-%m-%d %H:%M} UTC, "
                "after the app last published it; the site's version was not overwritten.",
                hint="Compare the two versions in the publishing queue, then overwrite the site's version or keep "
                     "it (copy its changes into the story first).",
                remote={"title": remote.title, "excerpt": remote.excerpt, "content": remote.content},
                local=sent, remote_modified=_stamp(remote.modified_gmt)) from None
        except RemoteNotFoundError:
            ctx.log(f"Post {post_id} is gone from the site; creating it again")
            return None
        ctx.log(f"Post {post.id} updated ({post.status})")
        return post

    def create_post_once(self, fields: PostFields, ctx: JobContext, *, key: str = "post") -> RemotePost:
        """Create the post, unless an earlier try of this job already did (its marker, journalled as `key`)."""
        marker = ctx.marker(key)
        if marker is not None:
            found = self.client.find_post_by_marker(marker)
            if found is not None:
                ctx.log(f"Post {found.id} found on the site from an earlier try")
                return self.client.update_post(found.id, fields)
        else:
            marker = ctx.new_marker(key)
        post = self.client.create_post(fields, marker=marker)
        ctx.log(f"Post created as {post.id} ({post.status})")
        return post

    def publish(self, story: StoryDetail, ctx: JobContext) -> PublishOutcome:
        photos = unique_photos(story)
        total = len(photos) + 2
        ctx.progress(0, total, f"Publishing to {self.target.name}")
        media: dict[int, ContentMedia] = {}
        for number, photo in enumerate(photos, start=1):
            ctx.check()
            media[photo.image_id] = self._ensure_media(photo, ctx)
            ctx.progress(number, total, f"Photo {number} of {len(photos)} on the site")
        categories, city_base, cities = self._ensure_terms(story, ctx)
        ctx.progress(len(photos) + 1, total, "Section and cities ready")
        record = ctx.article_record()
        fields, sent = self._fields(story, media, categories, city_base, cities, ctx, creating=record is None)
        ctx.check()
        post = self.update_post_checked(record, fields, sent, ctx) if record is not None else None
        if post is None:
            post = self.create_post_once(fields, ctx)
        digest = _digest(fields.to_json())
        ctx.save_article_record(RecordInfo(remote_id=str(post.id), remote_url=post.link, remote_status=post.status,
                                           remote_modified=_stamp(post.modified_gmt), content_hash=digest,
                                           last_sent=sent))
        ctx.forget_marker("post")
        ctx.progress(total, total, "Post saved")
        return PublishOutcome(remote_id=str(post.id), url=post.link, remote_status=post.status,
                              remote_modified=_stamp(post.modified_gmt), last_sent=sent, content_hash=digest,
                              scheduled_for=post.date_gmt if post.status == "future" else None)

    def unpublish(self, story: StoryDetail, ctx: JobContext) -> PublishOutcome:
        record = ctx.article_record()
        if record is None:
            ctx.log("The story was not on the site")
            return PublishOutcome(remote_id="", url="", remote_status="draft")
        try:
            post = self.client.update_post(int(record.remote_id), PostFields(status="draft"))
        except RemoteNotFoundError:
            ctx.log(f"Post {record.remote_id} was already gone from the site")
            return PublishOutcome(remote_id=record.remote_id, url="", remote_status="draft")
        ctx.log(f"Post {post.id} moved back to draft")
        return PublishOutcome(remote_id=str(post.id), url=post.link, remote_status=post.status,
                              remote_modified=_stamp(post.modified_gmt), content_hash=record.content_hash)

    def publish_top_stories(self, roundup: Roundup, ctx: JobContext) -> PublishOutcome:
        """The week's "Top Stories — Week N" post (see wordpress_roundup)."""
        from editor_app.services.publishing.wordpress_roundup import publish_roundup

        return publish_roundup(self, roundup, ctx)

    def check_schedule(self, story: StoryDetail, ctx: JobContext) -> PublishOutcome:
        record = ctx.article_record()
        if record is None:
            return PublishOutcome(remote_id="", url="", remote_status="draft")
        post = self.client.get_post(int(record.remote_id))
        ctx.log(f"Post {post.id} is {post.status} on the site")
        return PublishOutcome(remote_id=str(post.id), url=post.link, remote_status=post.status,
                              remote_modified=_stamp(post.modified_gmt), content_hash=record.content_hash,
                              last_sent=record.last_sent)
