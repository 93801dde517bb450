"""A story's revisions: list them, read one as a story, restore one (which is itself a new revision).

A revision names sections, contributors and cities by id and by name. Reading it back prefers the id (the
entry may have been renamed since) and falls back to the name (a merged city's name is an alias of the city
it was merged into), so a later vocabulary change never breaks a restore.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from editor_app.domain.bylines import Byline
from editor_app.domain.errors import NotFoundError
from editor_app.domain.permissions import Action
from editor_app.domain.stories import PhotoUse, StoryDetail
from editor_app.domain.story_state import SNAPSHOT_FORMAT, Named, RevisionKind, StoryState
from editor_app.services import vocab
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.story_changes import PhotoPlacement, StoryChanges
from editor_app.services.story_read import detail_of
from editor_app.services.story_records import load_article
from editor_app.services.story_write import SaveResult, save_story
from editor_app.storage.engine import Database
from editor_app.storage.models import City, Contributor, Image, Revision, Section


@dataclass(frozen=True)
class RevisionInfo:
    number: int
    kind: RevisionKind
    author: str
    created: datetime
    note: str
    version: int | None  # the story's version the text was based on (None: it started the story)


def list_revisions(db: Database, actor: Actor, story_id: int) -> list[RevisionInfo]:
    with db.session() as session:
        authorize(session, actor, Action.READ)
        load_article(session, story_id)  # a clear message for an unknown story
        rows = session.scalars(select(Revision).where(Revision.article_id == story_id).order_by(Revision.number))
        return [RevisionInfo(r.number, RevisionKind(r.kind), r.author_name, r.created_at, r.note, r.base_version)
                for r in rows]


def _revision(session: Session, story_id: int, number: int) -> Revision:
    revision = session.scalar(select(Revision).where(Revision.article_id == story_id, Revision.number == number))
    if revision is None:
        raise NotFoundError(f"Story {story_id} has no revision {number}.",
                            hint=f"`editor-app revisions {story_id}` lists its revisions.")
    return revision


def _section_name(session: Session, named: Named) -> str:
    row = session.get(Section, named.id) if named.id is not None else None
    return row.name if row is not None else named.name


def _contributor_name(session: Session, named: Named) -> str:
    row = session.get(Contributor, named.id) if named.id is not None else None
    return row.name if row is not None else named.name


def _city_name(session: Session, named: Named) -> str:
    row = session.get(City, named.id) if named.id is not None else None
    if row is not None:
        return row.name
    merged_into = vocab.find_city(session, named.name) if named.name else None
    return merged_into.name if merged_into is not None else named.name


def revision_state(db: Database, actor: Actor, story_id: int, number: int) -> tuple[StoryState, bool]:
    """The story as revision `number` recorded it, and whether the revision recorded its photos."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        snapshot = _revision(session, story_id, number).snapshot
        return StoryState.from_snapshot(dict(snapshot)), snapshot.get("format") == SNAPSHOT_FORMAT


@dataclass(frozen=True)
class _Names:
    """A revision's vocabulary references, read back as today's names."""

    section: str
    bylines: tuple[Byline, ...]
    cities: tuple[str, ...]
    photos: tuple[PhotoPlacement, ...]


def _read_back(session: Session, state: StoryState) -> _Names:
    return _Names(
        section=_section_name(session, state.section) if state.section else "",
        bylines=tuple(Byline(_contributor_name(session, b.contributor), b.role) for b in state.bylines),
        cities=tuple(_city_name(session, c) for c in state.cities),
        photos=tuple(PhotoPlacement(image_id=p.image_id, role=p.role, ref=p.ref, caption=p.caption,
                                    credit=p.credit, alt=p.alt) for p in state.photos),
    )


def restore_revision(db: Database, actor: Actor, story_id: int, number: int, expected_version: int) -> SaveResult:
    """Bring back revision `number`'s text, bylines, tags, photos and schedule (not its status)."""
    state, with_photos = revision_state(db, actor, story_id, number)
    with db.session() as session:
        names = _read_back(session, state)
    changes = StoryChanges(headline=state.headline, deck=state.deck, slug=state.slug, body=state.body,
                           dateline=state.dateline, bylines=names.bylines, cities=names.cities,
                           scheduled=state.scheduled)
    if names.section:
        changes = replace(changes, section=names.section)
    if with_photos:
        changes = replace(changes, photos=names.photos)
    return save_story(db, actor, story_id, expected_version, changes, kind=RevisionKind.RESTORE,
                      note=f"restored revision {number}")


def revision_detail(db: Database, actor: Actor, story_id: int, number: int) -> StoryDetail:
    """Revision `number` as a StoryDetail (for export --revision), with today's version of the story."""
    state, with_photos = revision_state(db, actor, story_id, number)
    with db.session() as session:
        article = load_article(session, story_id)
        names = _read_back(session, state)
        photos = [use for placement in names.photos if (use := _photo_use(session, placement)) is not None]
        if not with_photos:
            photos = list(detail_of(article).photos)
        return StoryDetail(
            id=story_id, headline=state.headline, deck=state.deck, slug=state.slug, section=names.section,
            status=state.status, week=state.week or article.week, body=state.body, bylines=names.bylines,
            cities=names.cities, dateline=state.dateline, photos=tuple(photos), scheduled=state.scheduled,
            created=article.created_at, updated=article.updated_at, version=article.version)


def _photo_use(session: Session, placement: PhotoPlacement) -> PhotoUse | None:
    image = session.get(Image, placement.image_id) if placement.image_id is not None else None
    if image is None:
        return None
    return PhotoUse(
        image_id=image.id, sha256=image.sha256, role=placement.role,
        caption=image.caption if placement.caption is None else placement.caption,
        credit=image.credit if placement.credit is None else placement.credit,
        alt=image.alt_text if placement.alt is None else placement.alt,
        photographer=image.photographer.name if image.photographer else "", filename=image.filename,
        width=image.width, height=image.height, ref=placement.ref or image.filename)
