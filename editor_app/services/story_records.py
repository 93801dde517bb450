"""Between a story's rows (article, bylines, city tags, photo uses) and its plain StoryState.

The write path reads and writes with SQLAlchemy Core: four small queries to read a story, one UPDATE guarded
by the version it was read at (a row count of 0 means somebody saved first), and children rewritten only
when they changed. Loading ORM objects for this cost more than the save itself. Reads that show a story
(with photo sizes and photographers) use `load_article`, the ORM way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session, selectinload

from editor_app.domain.bylines import BylineRole
from editor_app.domain.errors import NotFoundError
from editor_app.domain.stories import Dateline
from editor_app.domain.story_state import BylineState, Named, PhotoState, StoryState
from editor_app.domain.workflow import Correction, Status
from editor_app.storage.models import Article, ArticleCity, ArticleImage, City, Contributor, Image, Section
from editor_app.storage.models import Byline as BylineRecord

_CHILDREN = (
    selectinload(Article.section),
    selectinload(Article.bylines).selectinload(BylineRecord.contributor),
    selectinload(Article.city_links).selectinload(ArticleCity.city),
    selectinload(Article.images).selectinload(ArticleImage.image),
)
ARTICLE: Table = Article.__table__  # type: ignore[assignment]
BYLINE: Table = BylineRecord.__table__  # type: ignore[assignment]
ARTICLE_CITY: Table = ArticleCity.__table__  # type: ignore[assignment]
ARTICLE_IMAGE: Table = ArticleImage.__table__  # type: ignore[assignment]


def _missing(story_id: int) -> NotFoundError:
    return NotFoundError(f"There is no story with id {story_id}.",
                         hint="`editor-app list` shows the stories and their ids.")


def load_article(session: Session, story_id: int, *, lock: bool = False) -> Article:
    """The story as ORM objects with everything that hangs off it (for showing it, and for the workflow's
    own columns). `lock` holds its row until the transaction ends on PostgreSQL."""
    query = select(Article).where(Article.id == story_id).options(*_CHILDREN)
    if lock and session.get_bind().dialect.name != "sqlite":
        query = query.with_for_update(of=Article)
    article = session.scalar(query.execution_options(populate_existing=True))
    if article is None:
        raise _missing(story_id)
    return article


@dataclass(frozen=True)
class StoryHead:
    """What the write path needs besides the story's state: its identity, version and ownership."""

    id: int
    version: int
    slug: str
    headline: str
    created_by_id: int | None
    assignee_id: int | None
    published_at: datetime | None
    correction: Correction = Correction.NONE


# The four reads of `read_story`, built once: making a statement costs more Python than running it (an
# autosave runs them about once a second while somebody types).
_STORY_ID = bindparam("story_id", type_=Integer)
_STORY_ROW = (select(Article.id, Article.version, Article.slug, Article.headline, Article.created_by_id,
                     Article.assignee_id, Article.published_at, Article.correction, Article.deck, Article.body,
                     Article.dateline_place, Article.dateline_source, Article.status, Article.scheduled_at,
                     Article.week, Article.section_id, Section.name.label("section_name"))
              .outerjoin(Section, Section.id == Article.section_id).where(Article.id == _STORY_ID))
_STORY_ROW_LOCKED = _STORY_ROW.with_for_update(of=ARTICLE)
_BYLINES = (select(BylineRecord.contributor_id, Contributor.name, BylineRecord.role)
            .join(Contributor, Contributor.id == BylineRecord.contributor_id)
            .where(BylineRecord.article_id == _STORY_ID).order_by(BylineRecord.position))
_CITIES = (select(ArticleCity.city_id, City.name).join(City, City.id == ArticleCity.city_id)
           .where(ArticleCity.article_id == _STORY_ID).order_by(ArticleCity.position))
_PHOTOS = (select(ArticleImage.image_id, Image.sha256, ArticleImage.role, ArticleImage.ref, ArticleImage.caption,
                  ArticleImage.credit, ArticleImage.alt_text)
           .join(Image, Image.id == ArticleImage.image_id)
           .where(ArticleImage.article_id == _STORY_ID).order_by(ArticleImage.position))


def read_story(session: Session, story_id: int, *, lock: bool = False) -> tuple[StoryHead, StoryState]:
    """The story's head and whole state. `lock` holds its row until the transaction ends on PostgreSQL
    (SQLite's write transaction already holds the whole file)."""
    query = _STORY_ROW_LOCKED if lock and session.get_bind().dialect.name != "sqlite" else _STORY_ROW
    given = {"story_id": story_id}
    row = session.execute(query, given).one_or_none()
    if row is None:
        raise _missing(story_id)
    bylines = session.execute(_BYLINES, given)
    cities = session.execute(_CITIES, given)
    photos = session.execute(_PHOTOS, given)
    head = StoryHead(row.id, row.version, row.slug, row.headline, row.created_by_id, row.assignee_id,
                     row.published_at, Correction(row.correction))
    state = StoryState(
        headline=row.headline, deck=row.deck, slug=row.slug, body=row.body,
        section=Named(row.section_id, row.section_name) if row.section_id is not None else None,
        dateline=Dateline(row.dateline_place, row.dateline_source) if row.dateline_place else None,
        bylines=tuple(BylineState(Named(cid, name), BylineRole(role)) for cid, name, role in bylines),
        cities=tuple(Named(cid, name) for cid, name in cities),
        photos=tuple(PhotoState(*photo) for photo in photos),
        status=Status(row.status), scheduled=row.scheduled_at, week=row.week,
    )
    return head, state


def _columns(state: StoryState, fields: set[str]) -> dict[str, Any]:
    """The article columns that say `fields` of `state`."""
    values: dict[str, Any] = {name: getattr(state, name) for name in ("headline", "deck", "slug", "body", "week")
                              if name in fields}
    if "status" in fields:
        values["status"] = state.status.value
    if "scheduled" in fields:
        values["scheduled_at"] = state.scheduled
    if "section" in fields:
        values["section_id"] = state.section.id if state.section else None
    if "dateline" in fields:
        values["dateline_place"] = state.dateline.place if state.dateline else ""
        values["dateline_source"] = state.dateline.source if state.dateline else ""
    return values


_ALL = {"headline", "deck", "slug", "body", "week", "status", "scheduled", "section", "dateline", "bylines",
        "cities", "photos"}


def insert_story(session: Session, state: StoryState, *, created_by: int, now: datetime,
                 published_at: datetime | None) -> StoryHead:
    """A new story's rows; returns its head (version 1)."""
    values = _columns(state, _ALL) | {"created_by_id": created_by, "assignee_id": created_by, "created_at": now,
                                      "updated_at": now, "published_at": published_at, "version": 1}
    story_id = session.execute(insert(ARTICLE).values(**values).returning(ARTICLE.c.id)).scalar_one()
    _write_children(session, story_id, None, state, _ALL)
    return StoryHead(story_id, 1, state.slug, state.headline, created_by, created_by, published_at)


def update_story(session: Session, head: StoryHead, old: StoryState, new: StoryState, *, now: datetime,
                 published_at: datetime | None, correction: Correction) -> StoryHead | None:
    """Make the rows say `new` where it differs from `old`, only if the story is still at `head.version`;
    None when somebody saved first. The version always moves on, even when only children changed."""
    changed = set(new.changed_fields(old))
    values = _columns(new, changed) | {"updated_at": now, "version": head.version + 1, "published_at": published_at,
                                       "correction": correction.value}
    result = session.execute(update(ARTICLE).where(ARTICLE.c.id == head.id, ARTICLE.c.version == head.version)
                             .values(**values))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    _write_children(session, head.id, old, new, changed)
    return StoryHead(head.id, head.version + 1, new.slug, new.headline, head.created_by_id, head.assignee_id,
                     published_at, correction)


def _write_children(session: Session, story_id: int, old: StoryState | None, new: StoryState,
                    changed: set[str]) -> None:
    """Rewrite the bylines, city tags and photo uses that changed (delete, then insert in the new order)."""
    tables = {"bylines": BYLINE, "cities": ARTICLE_CITY, "photos": ARTICLE_IMAGE}
    for name, table in tables.items():
        if name not in changed:
            continue
        if old is not None and getattr(old, name):
            session.execute(delete(table).where(table.c.article_id == story_id))
        rows = _child_rows(name, story_id, new)
        if rows:
            session.execute(insert(table), rows)


def _child_rows(name: str, story_id: int, state: StoryState) -> list[dict[str, Any]]:
    if name == "bylines":
        return [{"article_id": story_id, "contributor_id": b.contributor.id, "role": b.role.value, "position": n}
                for n, b in enumerate(state.bylines)]
    if name == "cities":
        return [{"article_id": story_id, "city_id": c.id, "position": n} for n, c in enumerate(state.cities)]
    return [{"article_id": story_id, "image_id": p.image_id, "role": p.role, "position": n, "ref": p.ref,
             "caption": p.caption, "credit": p.credit, "alt_text": p.alt} for n, p in enumerate(state.photos)]
