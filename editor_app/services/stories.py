"""Create and read stories. Input and output are plain records; permissions are checked here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from editor_app.domain.bylines import Byline, BylineRole, ContributorKind
from editor_app.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from editor_app.domain.stories import Dateline, PhotoUse, StoryDetail
from editor_app.domain.text import slugify
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status, can_create_in
from editor_app.services import audit, vocab
from editor_app.services.actor import Actor
from editor_app.services.images import store_image
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, ArticleCity, ArticleImage, Note, Revision, utcnow
from editor_app.storage.models import Byline as BylineRecord


@dataclass(frozen=True)
class PhotoInput:
    data: bytes
    filename: str
    role: str = "inline"  # lead | inline
    caption: str = ""
    credit: str = ""
    alt: str = ""
    photographer: str = ""
    ref: str = ""  # the path the story file used, e.g. "photos/gantz-baku.jpg"


@dataclass(frozen=True)
class StoryInput:
    headline: str
    section: str
    body: str = ""
    deck: str = ""
    slug: str = ""
    bylines: tuple[Byline, ...] = ()
    dateline: Dateline | None = None
    cities: tuple[str, ...] = ()
    status: Status = Status.DRAFT
    scheduled: datetime | None = None
    week: str = ""  # ISO week the story runs in; from `scheduled` or today when empty
    photos: tuple[PhotoInput, ...] = field(default=())


def unique_slug(session: Session, wanted: str) -> str:
    base = slugify(wanted)
    taken = set(session.scalars(select(Article.slug).where(Article.slug.like(f"{base}%"))))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _missing(kind: str, name: str) -> NotFoundError:
    return NotFoundError(f"The {kind} '{name}' is not in the newsroom's vocabulary.",
                         hint="Add it first, or import with --create-missing to create it.")


def create_story(db: Database, actor: Actor, story: StoryInput, *, create_missing: bool = False) -> tuple[int, str]:
    """Add a story with its bylines, city tags and photos in one transaction; returns (id, slug)."""
    if not story.headline.strip():
        raise ValidationError("The story has no headline.")
    if not can_create_in(actor.role, story.status):
        raise PermissionDeniedError(
            f"{actor.display_name} ({actor.role.label.lower()}) may not add a story as {story.status.label.lower()}.",
            hint="Import it as a draft and submit it for review.",
        )
    week = story.week or str(IsoWeek.of(story.scheduled or utcnow()))
    IsoWeek.parse(week)
    with db.session() as session:
        section = vocab.find_section(session, story.section)
        if story.slug and session.scalar(select(Article.id).where(Article.slug == story.slug)) is not None:
            raise ValidationError(f"Another story already uses the slug '{story.slug}'.",
                                  hint="Change the slug or leave it out to have one made from the headline.")
        article = Article(
            headline=story.headline.strip(), deck=story.deck.strip(), body=story.body,
            slug=story.slug or unique_slug(session, story.headline), section_id=section.id,
            dateline_place=story.dateline.place if story.dateline else "",
            dateline_source=story.dateline.source if story.dateline else "",
            status=story.status.value, week=week, scheduled_at=story.scheduled,
            published_at=utcnow() if story.status is Status.PUBLISHED else None,
            created_by_id=actor.user_id,
        )
        for position, byline in enumerate(story.bylines):
            contributor = vocab.find_contributor(session, byline.name)
            if contributor is None:
                if not create_missing:
                    raise _missing("contributor", byline.name)
                contributor = vocab.add_contributor(session, byline.name)
            article.bylines.append(BylineRecord(contributor_id=contributor.id, role=byline.role.value,
                                                position=position))
        seen: set[int] = set()
        for name in story.cities:
            city = vocab.find_city(session, name)
            if city is None:
                if not create_missing:
                    raise _missing("city", name)
                city = vocab.add_city(session, name)
            if city.id not in seen:
                seen.add(city.id)
                article.city_links.append(ArticleCity(city_id=city.id, position=len(seen) - 1))
        for position, photo in enumerate(story.photos):
            photographer_id = None
            if photo.photographer:
                person = vocab.find_contributor(session, photo.photographer)
                if person is None:
                    if not create_missing:
                        raise _missing("contributor", photo.photographer)
                    person = vocab.add_contributor(session, photo.photographer, ContributorKind.FREELANCE)
                photographer_id = person.id
            image = store_image(session, photo.data, photo.filename, caption=photo.caption,
                                credit=photo.credit, alt_text=photo.alt, photographer_id=photographer_id)
            article.images.append(ArticleImage(
                image_id=image.id, role=photo.role, position=position, ref=photo.ref or photo.filename,
                # the same photo may already be stored with other words: this story keeps its own
                caption=_if_other(photo.caption, image.caption), credit=_if_other(photo.credit, image.credit),
                alt_text=_if_other(photo.alt, image.alt_text)))
        session.add(article)
        session.flush()
        session.add(Revision(article_id=article.id, number=1, snapshot=snapshot(article),
                             author_id=actor.user_id, note="created"))
        audit.record(session, actor, "story.create", article.id, status=article.status)
        return article.id, article.slug


def _if_other(wanted: str, stored: str) -> str | None:
    return None if wanted == stored else wanted


def snapshot(article: Article) -> dict[str, object]:
    """The editable fields of a story, for a revision."""
    return {
        "headline": article.headline, "deck": article.deck, "slug": article.slug, "body": article.body,
        "section_id": article.section_id, "dateline_place": article.dateline_place,
        "dateline_source": article.dateline_source, "status": article.status, "week": article.week,
        "bylines": [[b.contributor_id, b.role] for b in article.bylines],
        "cities": [link.city_id for link in article.city_links],
    }


def get_story(db: Database, story_id: int) -> StoryDetail:
    with db.session() as session:
        article = session.scalar(
            select(Article).where(Article.id == story_id).options(
                selectinload(Article.section),
                selectinload(Article.bylines).selectinload(BylineRecord.contributor),
                selectinload(Article.city_links).selectinload(ArticleCity.city),
                selectinload(Article.images).selectinload(ArticleImage.image),
            )
        )
        if article is None:
            raise NotFoundError(f"There is no story with id {story_id}.",
                                hint="`editor-app list` shows the stories and their ids.")
        notes = tuple(session.scalars(select(Note.body).where(Note.article_id == story_id).order_by(Note.id)))
        photos = []
        for use in article.images:
            img = use.image
            photos.append(PhotoUse(
                image_id=img.id, sha256=img.sha256, role=use.role, caption=use.shown_caption(),
                credit=use.shown_credit(), alt=use.shown_alt_text(),
                photographer=img.photographer.name if img.photographer else "",
                filename=img.filename, width=img.width, height=img.height, ref=use.ref or img.filename,
            ))
        return StoryDetail(
            id=article.id, headline=article.headline, deck=article.deck, slug=article.slug,
            section=article.section.name if article.section else "", status=Status(article.status),
            week=article.week, body=article.body,
            bylines=tuple(Byline(b.contributor.name, BylineRole(b.role)) for b in article.bylines),
            cities=tuple(link.city.name for link in article.city_links),
            dateline=Dateline(article.dateline_place, article.dateline_source) if article.dateline_place else None,
            photos=tuple(photos), scheduled=article.scheduled_at, created=article.created_at,
            updated=article.updated_at, version=article.version, notes=notes,
        )
