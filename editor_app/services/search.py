"""Full-text search over stories: the one place that speaks FTS5 or tsquery. Never LIKE over bodies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.orm import Session

from editor_app.domain.search_query import TermGroups, fts5_query, split_terms, tsquery
from editor_app.services.vocab import city_alternates, find_city
from editor_app.storage.models import ArticleCity

TAG_RANK = 0.0  # text ranks are negative (better is lower); a city tag alone comes after them


def term_groups(session: Session, text_: str) -> TermGroups:
    """Each typed word with its alternates from the city vocabulary ("Bakı" also searches "Baku")."""
    groups: TermGroups = []
    for word in split_terms(text_):
        alternates = {word}
        for spelling in city_alternates(session, word):
            alternates.update(split_terms(spelling)[:1])  # first word of a multi-word name
        groups.append(sorted(alternates))
    return groups


def matches(session: Session, text_: str) -> Select[Any] | None:
    """A subquery of (article_id, rank) for the stories matching `text_`, best first (rank ascending);
    None when the text has no searchable words. Text that names a city (or one of its aliases) also
    finds the stories tagged with that city, ranked after those that mention it."""
    groups = term_groups(session, text_)
    if not groups:
        return None
    in_text = _text_matches(session, groups)
    city = find_city(session, text_.strip())
    if city is None:
        return in_text
    tagged = select(ArticleCity.article_id.label("article_id"), literal(TAG_RANK, Float).label("rank")).where(
        ArticleCity.city_id == city.id)
    both = union_all(in_text, tagged).subquery("either")
    return select(both.c.article_id, func.min(both.c.rank).label("rank")).group_by(both.c.article_id)


def _text_matches(session: Session, groups: TermGroups) -> Select[Any]:
    if session.get_bind().dialect.name == "sqlite":
        fts = table("article_fts")
        rowid: ColumnElement[Any] = literal_column("rowid")
        bm25: ColumnElement[Any] = literal_column("bm25(article_fts, 10.0, 4.0, 1.0, 2.0)")
        return (
            select(rowid.label("article_id"), bm25.label("rank"))
            .select_from(fts)
            .where(text("article_fts MATCH :fts_query").bindparams(fts_query=fts5_query(groups)))
        )
    document: ColumnElement[Any] = literal_column("document")
    query = func.to_tsquery("simple", func.unaccent(tsquery(groups)))
    return (
        select(literal_column("article_id", Integer).label("article_id"),
               (-func.ts_rank(document, query)).label("rank"))
        .select_from(table("article_fts"))
        .where(document.op("@@")(query))
    )


def search_story_ids(session: Session, text_: str, limit: int = 100) -> list[int]:
    """Ids of the best-matching stories for `text_`, best first."""
    subquery = matches(session, text_)
    if subquery is None:
        return []
    hits = subquery.subquery()
    return list(session.scalars(select(hits.c.article_id).order_by(hits.c.rank).limit(limit)))
