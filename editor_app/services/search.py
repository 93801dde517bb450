"""Full-text search over stories: the one place that speaks FTS5 or tsquery. Never LIKE over bodies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, func, literal_column, select, table, text
from sqlalchemy.orm import Session

from editor_app.domain.search_query import TermGroups, fts5_query, split_terms, tsquery
from editor_app.services.vocab import city_alternates


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
    None when the text has no searchable words."""
    groups = term_groups(session, text_)
    if not groups:
        return None
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
