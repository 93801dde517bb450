"""The story list: one page of stories for a filter, with the total, in one or two cheap queries."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.permissions import Action
from editor_app.domain.stories import SortKey, StoryFilter, StoryPage, StoryRow
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.services import search
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, ArticleCity, City, Contributor, Section
from editor_app.storage.models import Byline as BylineRecord

PAGE_SIZE = 200

_SORT_COLUMNS = {
    SortKey.UPDATED: Article.updated_at,
    SortKey.HEADLINE: Article.headline,
    SortKey.SECTION: Section.name,
    SortKey.STATUS: Article.status,
    SortKey.WEEK: Article.week,
}


# Above this many hits, page through the sort column's index and probe the hits, instead of
# fetching every hit's row to sort them (article rows are large: whole bodies).
MANY_HITS = 2_000


def _filtered(flt: StoryFilter, hits: Select[Any] | None, *, probe_hits: bool = False) -> Select[Any]:
    query = select(Article.id).select_from(Article)
    if flt.status is not None:
        query = query.where(Article.status == flt.status.value)
    if flt.week is not None:
        query = query.where(Article.week == flt.week)
    if flt.section:
        query = query.where(
            Article.section_id == select(Section.id).where(Section.name == flt.section).scalar_subquery()
        )
    if hits is not None:
        # `id + 0` keeps the planner from driving the query by the hits (a row fetch per hit)
        key = Article.id + 0 if probe_hits else Article.id
        query = query.where(key.in_(hits))
    return query


def _count(session: Session, query: Select[Any]) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def page_ids(session: Session, flt: StoryFilter, offset: int = 0, limit: int = PAGE_SIZE) -> tuple[list[int], int]:
    """The ids of one page of stories matching `flt`, in the filter's order, and how many match in all.

    With search text, the search index counts its hits first (cheap). Few hits: fetch and sort them.
    Many: walk the sort column's index and probe the hits, which never reads a large article row."""
    hits = search.matches(session, flt.search) if flt.search.strip() else None
    many = False
    if hits is None:
        total = _count(session, _filtered(flt, None))
    else:
        hit_count = _count(session, hits)
        many = hit_count > MANY_HITS
        total = _count(session, _filtered(flt, hits, probe_hits=True)) if flt.narrowed else hit_count
    query = _filtered(flt, hits, probe_hits=many)
    column = _SORT_COLUMNS[flt.sort]
    if flt.sort is SortKey.SECTION:
        query = query.outerjoin(Section, Section.id == Article.section_id)
    if flt.descending:
        query = query.order_by(column.desc(), Article.id.desc())
    else:
        query = query.order_by(column.asc(), Article.id.asc())
    return list(session.scalars(query.offset(offset).limit(limit))), total


def find_story_ids(db: Database, actor: Actor, flt: StoryFilter, offset: int = 0,
                   limit: int = PAGE_SIZE) -> tuple[list[int], int]:
    """`page_ids` in its own session: the search step alone (what the benchmark compares with LIKE)."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return page_ids(session, flt, offset, limit)


def list_stories(db: Database, actor: Actor, flt: StoryFilter, offset: int = 0, limit: int = PAGE_SIZE) -> StoryPage:
    """A page of stories matching `flt` in the filter's order (newest first by default), and the total."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        ids, total = page_ids(session, flt, offset, limit)
        return StoryPage(rows=load_rows(session, ids), total=total, offset=offset)


def load_rows(session: Session, ids: list[int]) -> list[StoryRow]:
    """StoryRows for `ids`, in that order, with bylines and cities fetched in one query each."""
    if not ids:
        return []
    bylines: dict[int, list[Byline]] = defaultdict(list)
    for article_id, name, role in session.execute(
        select(BylineRecord.article_id, Contributor.name, BylineRecord.role)
        .join(Contributor, Contributor.id == BylineRecord.contributor_id)
        .where(BylineRecord.article_id.in_(ids))
        .order_by(BylineRecord.article_id, BylineRecord.position)
    ):
        bylines[article_id].append(Byline(name, BylineRole(role)))
    cities: dict[int, list[str]] = defaultdict(list)
    for article_id, name in session.execute(
        select(ArticleCity.article_id, City.name)
        .join(City, City.id == ArticleCity.city_id)
        .where(ArticleCity.article_id.in_(ids))
        .order_by(ArticleCity.article_id, ArticleCity.position)
    ):
        cities[article_id].append(name)
    rows = {
        r.id: StoryRow(
            id=r.id, headline=r.headline, slug=r.slug, section=r.section or "", status=Status(r.status),
            week=r.week, updated=r.updated_at, bylines=tuple(bylines[r.id]), cities=tuple(cities[r.id]),
        )
        for r in session.execute(
            select(Article.id, Article.headline, Article.slug, Section.name.label("section"), Article.status,
                   Article.week, Article.updated_at)
            .outerjoin(Section, Section.id == Article.section_id)
            .where(Article.id.in_(ids))
        )
    }
    return [rows[i] for i in ids if i in rows]


def week_options(db: Database, actor: Actor) -> list[IsoWeek]:
    """Weeks that have stories, newest first (for the week filter)."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return list(session.scalars(select(Article.week).distinct().order_by(Article.week.desc())))


def status_counts(db: Database, actor: Actor) -> dict[Status, int]:
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return {Status(s): n for s, n in session.execute(
            select(Article.status, func.count()).group_by(Article.status))}


def story_rows(db: Database, actor: Actor, ids: list[int]) -> list[StoryRow]:
    """The list's rows for `ids` as they are now (the live refresh updates changed lines in place)."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return load_rows(session, ids)
