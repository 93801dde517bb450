"""Read one story as its clients show it (editor, story view, export, publishing)."""

from __future__ import annotations

from sqlalchemy import select

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.permissions import Action
from editor_app.domain.stories import Dateline, PhotoUse, StoryDetail
from editor_app.domain.workflow import Status
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.story_records import load_article
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, Note


def get_story(db: Database, actor: Actor, story_id: int) -> StoryDetail:
    with db.session() as session:
        authorize(session, actor, Action.READ)
        article = load_article(session, story_id)
        notes = tuple(session.scalars(select(Note.body).where(Note.article_id == story_id).order_by(Note.id)))
        return detail_of(article, notes)


def detail_of(article: Article, notes: tuple[str, ...] = ()) -> StoryDetail:
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
