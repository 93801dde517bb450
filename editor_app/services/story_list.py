"""The story list: one page of stories for a filter, with the total, in one or two cheap queries."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Select, Subquery, func, select
from sqlalchemy.orm import Session

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.stories import SortKey, StoryFilter, StoryPage, StoryRow
from editor_app.domain.workflow import Status
from editor_app.services import search
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


def _filtered(session: Session, flt: StoryFilter) -> tuple[Select[Any], Subquery | None]:
    query = select(Article.id).select_from(Article)
    if flt.status is not None:
        query = query.where(Article.status == flt.status.value)
    if flt.week:
        query = query.where(Article.week == flt.week)
    if flt.section:
        query = query.where(
            Article.section_id == select(Section.id).where(Section.name == flt.section).scalar_subquery()
        )
    hits: Subquery | None = None
    matches = search.matches(session, flt.search) if flt.search.strip() else None
    if matches is not None:
        hits = matches.subquery("hits")
        query = query.join(hits, hits.c.article_id == Article.id)
    return query, hits


def list_stories(db: Database, flt: StoryFilter, offset: int = 0, limit: int = PAGE_SIZE) -> StoryPage:
    """A page of stories matching `flt`. With search text and the default sort, best matches come first."""
    with db.session() as session:
        ids_query, hits = _filtered(session, flt)
        total = session.scalar(select(func.count()).select_from(ids_query.subquery())) or 0
        column = _SORT_COLUMNS[flt.sort]
        if flt.sort is SortKey.SECTION:
            ids_query = ids_query.outerjoin(Section, Section.id == Article.section_id)
        if hits is not None and flt.sort is SortKey.UPDATED and flt.descending:
            order = [hits.c.rank, Article.updated_at.desc()]
        else:
            order = [column.desc() if flt.descending else column.asc(), Article.id.desc()]
        page_ids = list(session.scalars(ids_query.order_by(*order).offset(offset).limit(limit)))
        return StoryPage(rows=load_rows(session, page_ids), total=total, offset=offset)


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


def week_options(db: Database) -> list[str]:
    """Weeks that have stories, newest first (for the week filter)."""
    with db.session() as session:
        return list(session.scalars(select(Article.week).distinct().order_by(Article.week.desc())))


def status_counts(db: Database) -> dict[Status, int]:
    with db.session() as session:
        return {Status(s): n for s, n in session.execute(
            select(Article.status, func.count()).group_by(Article.status))}
