"""The week's top stories on WordPress: one "Top Stories — Week N" post in the roundup category, listing the picks
in order (headline linking to the story's post, its lead photo, deck and byline), created once and updated in
place whenever the order changes — the same post id, checked against its `modified_gmt` like a story's post, so an
edit made on the site is never overwritten silently.

Optionally the first pick's post is made sticky. WordPress keeps sticky posts in one option that it reads,
changes and writes back, so concurrent changes race (WORDPRESS.md): here one request at a time, each read back;
the previous first pick is un-stuck first. A sticky change moves the post's `modified_gmt`: the story's record
takes the new stamp when it had the old one (so its next publish does not see a site edit that never was).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from editor_app.domain.bylines import byline_text
from editor_app.domain.errors import KnownError
from editor_app.render.top_stories import TopStoryItem, roundup_excerpt, roundup_post_html
from editor_app.services.publishing.backend import JobContext, PublishOutcome, RecordInfo, Roundup, RoundupPick
from editor_app.services.publishing.wordpress_client import PostFields

if TYPE_CHECKING:
    from editor_app.services.publishing.wordpress_backend import WordPressBackend

logger = logging.getLogger(__name__)

STICKY_TRIES = 3


class StickyNotKeptError(KnownError):
    """WordPress did not keep a sticky change (another change to the sticky list won the race): try again later."""

    retryable = True


def items_of(roundup: Roundup, paper_name: str) -> tuple[TopStoryItem, ...]:
    """The picks as the roundup and the newsletter list them (their addresses on the target)."""
    items = []
    for pick in roundup.picks:
        story = pick.story
        lead = next((p for p in story.photos if p.role == "lead"), None)
        items.append(TopStoryItem(headline=story.headline, url=pick.url, deck=story.deck, section=story.section,
                                  byline=byline_text(story.bylines, paper_name), image_url=pick.image_url,
                                  image_alt=lead.alt if lead is not None else ""))
    return tuple(items)


def publish_roundup(backend: WordPressBackend, roundup: Roundup, ctx: JobContext) -> PublishOutcome:
    """Create or update the week's roundup post; make the first pick sticky when asked."""
    from editor_app.services.publishing.wordpress_backend import _digest, _stamp

    total = 3 + (1 if roundup.sticky_first else 0)
    ctx.progress(0, total, f"Top stories of {roundup.week.label} on {backend.target.name}")
    category = backend.term("categories", roundup.category)
    ctx.log(f"Category “{roundup.category}” ready ({category})")
    items = items_of(roundup, ctx.paper.name)
    content = roundup_post_html(roundup.week, items, paper=ctx.paper)
    excerpt = roundup_excerpt(roundup.week, items)
    fields = PostFields(title=roundup.title, content=content, excerpt=excerpt, slug=roundup.slug, status="publish",
                        categories=[category], featured_media=0)  # no featured image: themes show it above the list
    sent = {"title": roundup.title, "excerpt": excerpt, "content": content}
    ctx.progress(1, total, "Roundup written")
    record = ctx.roundup_record()
    ctx.check()
    post = backend.update_post_checked(record, fields, sent, ctx) if record is not None else None
    if post is None:
        post = backend.create_post_once(fields, ctx, key="roundup")
    last_sent = dict(sent)
    previous = dict(record.last_sent or {}) if record is not None else {}
    digest = _digest(fields.to_json())
    ctx.save_roundup_record(RecordInfo(remote_id=str(post.id), remote_url=post.link, remote_status=post.status,
                                       remote_modified=_stamp(post.modified_gmt), content_hash=digest,
                                       last_sent=last_sent | _sticky_keys(previous)))
    ctx.forget_marker("roundup")
    ctx.progress(2, total, f"Roundup post {post.id} saved")
    if roundup.sticky_first and roundup.picks:
        last_sent |= make_first_sticky(backend, roundup.picks[0], previous, ctx)
        ctx.save_roundup_record(RecordInfo(remote_id=str(post.id), remote_url=post.link, remote_status=post.status,
                                           remote_modified=_stamp(post.modified_gmt),
                                           content_hash=digest, last_sent=last_sent))
    ctx.progress(total, total, "Top stories published")
    return PublishOutcome(remote_id=str(post.id), url=post.link, remote_status=post.status,
                          remote_modified=_stamp(post.modified_gmt), last_sent=last_sent,
                          content_hash=digest)


def _sticky_keys(previous: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in previous.items() if key in ("sticky_post", "sticky_story")}


def make_first_sticky(backend: WordPressBackend, first: RoundupPick, previous: dict[str, str],
                      ctx: JobContext) -> dict[str, str]:
    """Un-stick the previous first pick (when another), stick this one; each change read back."""
    old_post, old_story = previous.get("sticky_post", ""), previous.get("sticky_story", "")
    if old_post and old_post != first.remote_id and old_post.isdigit():
        set_sticky(backend, int(old_post), int(old_story) if old_story.isdigit() else None, False, ctx)
    set_sticky(backend, int(first.remote_id), first.story.id, True, ctx)
    return {"sticky_post": first.remote_id, "sticky_story": str(first.story.id)}


def set_sticky(backend: WordPressBackend, post_id: int, story_id: int | None, sticky: bool, ctx: JobContext) -> None:
    """One change to one post's sticky flag, read back until WordPress keeps it (or StickyNotKeptError)."""
    from editor_app.services.publishing.wordpress_backend import _stamp

    client = backend.client
    record = ctx.story_record(story_id) if story_id is not None else None
    for attempt in range(1, STICKY_TRIES + 1):
        before = client.get_post(post_id)
        if before.sticky is sticky:
            ctx.log(f"Post {post_id} is {'sticky' if sticky else 'not sticky'}")
            return
        ours = record is not None and record.remote_modified == _stamp(before.modified_gmt)
        client.update_post(post_id, PostFields(sticky=sticky))
        after = client.get_post(post_id)
        if ours and record is not None and story_id is not None:
            record = replace(record, remote_modified=_stamp(after.modified_gmt))
            ctx.save_story_record(story_id, record)
        if after.sticky is sticky:
            ctx.log(f"Post {post_id} made {'sticky' if sticky else 'not sticky'} (read back)")
            return
        logger.warning("Post %d: sticky=%s not kept (try %d); another change to the sticky list won", post_id,
                       sticky, attempt)
    raise StickyNotKeptError(
        f"WordPress did not keep post {post_id} {'sticky' if sticky else 'un-stuck'} after {STICKY_TRIES} tries: "
        "something else changed the site's sticky posts at the same time.",
        hint="The roundup post itself is published; the job tries the sticky change again shortly.")
