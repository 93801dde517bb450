"""The editor's use cases: open a story for editing, save what the writer changed, duplicate a story.

Every write goes through `save_story`. `save_draft` sends only the fields that changed since the editor's
last save, leaves out a field the writer has not finished (an empty or over-long headline, a slug another
story uses) and saves the rest, so that no typing is ever refused as a whole.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from editor_app.domain.errors import ValidationError
from editor_app.domain.permissions import may_edit
from editor_app.domain.stories import StoryDetail
from editor_app.domain.story_draft import FieldWarning, StoryDraft, draft_of, draft_warnings
from editor_app.domain.story_state import PhotoState, RevisionKind
from editor_app.domain.text import slugify
from editor_app.domain.workflow import Role, Status
from editor_app.services.access import current_user, is_own
from editor_app.services.actor import Actor
from editor_app.services.story_changes import PhotoPlacement, StoryChanges
from editor_app.services.story_read import detail_of
from editor_app.services.story_records import load_article, read_story
from editor_app.services.story_write import SaveResult, save_story
from editor_app.storage.engine import Database
from editor_app.storage.models import Article

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EditableStory:
    """A story as the editor opens it: what it shows, the draft it edits, and whether it may edit at all
    (a hint from the permission table; the write path decides again on every save)."""

    detail: StoryDetail
    draft: StoryDraft
    may_edit: bool
    slug_fixed: bool  # published once: its address never changes by itself


@dataclass(frozen=True)
class DraftSaved:
    result: SaveResult
    saved: StoryDraft  # what the database now holds of the draft (fields left out keep their old value)
    left_out: tuple[FieldWarning, ...]  # fields not saved this time, and why


def open_for_editing(db: Database, actor: Actor, story_id: int) -> EditableStory:
    with db.session() as session:
        user = current_user(session, actor)
        article = load_article(session, story_id)
        detail = detail_of(article)
        photos = read_story(session, story_id)[1].photos
        published = article.published_at is not None or detail.status is Status.PUBLISHED
        follows = not published and slug_follows(article.slug, article.headline)
        return EditableStory(detail=detail, draft=draft_of(detail, photos, follows),
                             may_edit=may_edit(Role(user.role), own=is_own(user, article)), slug_fixed=published)


def slug_follows(slug: str, headline: str) -> bool:
    """True when `slug` is what the headline makes ("x", or "x-2" after a clash): it may keep following it."""
    base = slugify(headline)
    return slug == base or re.fullmatch(re.escape(base) + r"-\d+", slug) is not None


def _slug_taken(db: Database, slug: str, story_id: int) -> bool:
    with db.session() as session:
        return session.scalar(select(Article.id).where(Article.slug == slugify(slug), Article.id != story_id)
                              .limit(1)) is not None


def _photo_placements(photos: tuple[PhotoState, ...]) -> tuple[PhotoPlacement, ...]:
    return tuple(PhotoPlacement(image_id=p.image_id, role=p.role, ref=p.ref, caption=p.caption, credit=p.credit,
                                alt=p.alt) for p in photos)


def _changes(before: StoryDraft, after: StoryDraft, left_out: set[str], slug_fixed: bool) -> StoryChanges:
    changed = set(after.changed(before)) - left_out
    values: dict[str, Any] = {}
    for name in ("headline", "deck", "body", "section"):
        if name in changed:
            values[name] = getattr(after, name)
    if changed & {"dateline_place", "dateline_source"}:
        values["dateline"] = after.dateline
    if "bylines" in changed:
        values["bylines"] = after.bylines
    if "cities" in changed:
        values["cities"] = after.cities
    if "photos" in changed:
        values["photos"] = _photo_placements(after.photos)
    if after.slug_follows_headline and not slug_fixed:
        if "headline" in values or not after.slug.strip():
            values["slug"] = ""  # the write path makes a free one from the headline
    elif "slug" in changed and after.slug.strip():
        values["slug"] = after.slug
    return StoryChanges(**values)


def unsaved_changes(before: StoryDraft, after: StoryDraft, slug_fixed: bool = False) -> StoryChanges:
    """What the editor has that the database does not (`after` against `before`), as StoryChanges: the
    text an edit-lock heartbeat keeps as a revision when the lock was taken over."""
    return _changes(before, after, set(), slug_fixed)


def save_draft(db: Database, actor: Actor, story_id: int, expected_version: int, before: StoryDraft,
               after: StoryDraft, *, kind: RevisionKind = RevisionKind.AUTOSAVE, slug_fixed: bool = False,
               note: str = "") -> DraftSaved:
    """Save what changed from `before` (what the database holds) to `after` (what the editor shows), based on
    `expected_version`. A stale version raises ConflictError (the text is kept as a revision)."""
    warnings = [w for w in draft_warnings(after) if w.blocking]
    if not after.slug_follows_headline and after.slug.strip() and after.slug != before.slug \
            and _slug_taken(db, after.slug, story_id):
        warnings.append(FieldWarning("slug", f"Another story already uses the slug '{slugify(after.slug)}'. "
                                             "Choose another; the old one is kept until then."))
    left_out = {w.field for w in warnings}
    if left_out & {"dateline_place", "dateline_source"}:
        left_out |= {"dateline_place", "dateline_source"}  # one dateline: both parts or neither
    changes = _changes(before, after, left_out, slug_fixed)
    try:
        result = save_story(db, actor, story_id, expected_version, changes, kind=kind, note=note)
    except ValidationError as exc:
        if "slug" not in changes.given() or "slug" in left_out:
            raise
        # someone took the slug between the check and the save: save the rest, say so at the slug
        warnings.append(FieldWarning("slug", exc.message))
        left_out.add("slug")
        changes = _changes(before, after, left_out, slug_fixed)
        result = save_story(db, actor, story_id, expected_version, changes, kind=kind, note=note)
    kept = {name: getattr(before, name) for name in left_out}
    kept["slug"] = before.slug if "slug" in left_out else result.slug
    saved = after.with_fields(**kept)
    if result.changed:
        logger.debug("saved story %s (%s) as version %s: %s", story_id, kind.value, result.version,
                     ", ".join(result.changed))
    return DraftSaved(result=result, saved=saved, left_out=tuple(warnings))


def duplicate_story(db: Database, actor: Actor, story_id: int) -> SaveResult:
    """A new draft with the story's text, bylines, tags and photos (this story's own words for them)."""
    with db.session() as session:
        current_user(session, actor)
        detail = detail_of(load_article(session, story_id))
        photos = read_story(session, story_id)[1].photos
    changes = StoryChanges(headline=detail.headline, deck=detail.deck, section=detail.section, body=detail.body,
                           dateline=detail.dateline, bylines=detail.bylines, cities=detail.cities,
                           photos=_photo_placements(photos), status=Status.DRAFT)
    result = save_story(db, actor, None, None, changes, note=f"duplicated from story {story_id}")
    logger.info("duplicated story %s as %s (%s)", story_id, result.id, result.slug)
    return result


def story_id_for_slug(db: Database, actor: Actor, slug: str) -> int:
    """The story at `slug` (how a screenshot or a link names one)."""
    from editor_app.domain.errors import NotFoundError
    from editor_app.domain.permissions import Action
    from editor_app.services.access import authorize

    with db.session() as session:
        authorize(session, actor, Action.READ)
        found = session.scalar(select(Article.id).where(Article.slug == slug))
    if found is None:
        raise NotFoundError(f"There is no story at the slug '{slug}'.", hint="`editor-app list` shows the slugs.")
    return found
