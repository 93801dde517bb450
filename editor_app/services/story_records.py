"""Between a story's rows (article, bylines, city tags, photo uses) and its plain StoryState."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from editor_app.domain.bylines import BylineRole
from editor_app.domain.errors import NotFoundError
from editor_app.domain.stories import Dateline
from editor_app.domain.story_state import BylineState, Named, PhotoState, StoryState
from editor_app.domain.workflow import Status
from editor_app.storage.models import Article, ArticleCity, ArticleImage
from editor_app.storage.models import Byline as BylineRecord

_CHILDREN = (
    selectinload(Article.section),
    selectinload(Article.bylines).selectinload(BylineRecord.contributor),
    selectinload(Article.city_links).selectinload(ArticleCity.city),
    selectinload(Article.images).selectinload(ArticleImage.image),
)


def load_article(session: Session, story_id: int, *, lock: bool = False) -> Article:
    """The story with everything that hangs off it; `lock` holds its row until the transaction ends
    (PostgreSQL; SQLite's write transaction already holds the whole file)."""
    query = select(Article).where(Article.id == story_id).options(*_CHILDREN)
    if lock and session.get_bind().dialect.name != "sqlite":
        query = query.with_for_update(of=Article)
    article = session.scalar(query.execution_options(populate_existing=True))
    if article is None:
        raise NotFoundError(f"There is no story with id {story_id}.",
                            hint="`editor-app list` shows the stories and their ids.")
    return article


def state_of(article: Article) -> StoryState:
    return StoryState(
        headline=article.headline, deck=article.deck, slug=article.slug, body=article.body,
        section=Named(article.section.id, article.section.name) if article.section else None,
        dateline=Dateline(article.dateline_place, article.dateline_source) if article.dateline_place else None,
        bylines=tuple(BylineState(Named(b.contributor_id, b.contributor.name), BylineRole(b.role))
                      for b in article.bylines),
        cities=tuple(Named(link.city_id, link.city.name) for link in article.city_links),
        photos=tuple(PhotoState(use.image_id, use.image.sha256, use.role, use.ref, use.caption, use.credit,
                                use.alt_text) for use in article.images),
        status=Status(article.status), scheduled=article.scheduled_at, week=article.week,
    )


def write_state(article: Article, old: StoryState | None, new: StoryState) -> None:
    """Make the rows say `new`, touching only what differs from `old` (None: a new story)."""
    changed = set(new.changed_fields(old)) if old is not None else {
        "headline", "deck", "slug", "body", "section", "dateline", "bylines", "cities", "photos", "status",
        "scheduled", "week"}
    for name in ("headline", "deck", "slug", "body", "week"):
        if name in changed:
            setattr(article, name, getattr(new, name))
    if "status" in changed:
        article.status = new.status.value
    if "scheduled" in changed:
        article.scheduled_at = new.scheduled
    if "section" in changed:
        article.section_id = new.section.id if new.section else None
    if "dateline" in changed:
        article.dateline_place = new.dateline.place if new.dateline else ""
        article.dateline_source = new.dateline.source if new.dateline else ""
    if "bylines" in changed:
        article.bylines = [BylineRecord(contributor_id=b.contributor.id, role=b.role.value, position=n)
                           for n, b in enumerate(new.bylines)]
    if "cities" in changed:
        # reuse the rows of tags that stay (their key is article + city), so a reorder is an UPDATE
        kept = {link.city_id: link for link in article.city_links}
        links = []
        for n, city in enumerate(new.cities):
            link = (kept.get(city.id) if city.id is not None else None) or ArticleCity(city_id=city.id)
            link.position = n
            links.append(link)
        article.city_links = links
    if "photos" in changed:
        article.images = [ArticleImage(image_id=p.image_id, role=p.role, position=n, ref=p.ref, caption=p.caption,
                                       credit=p.credit, alt_text=p.alt) for n, p in enumerate(new.photos)]
