"""Full-text search over stories: the one place that speaks FTS5 or tsquery. Never LIKE over bodies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, func, literal_column, select, table, text, union
from sqlalchemy.orm import Session

from editor_app.domain.search_query import TermGroups, fts5_query, split_terms, tsquery
from editor_app.services.vocab import find_city
from editor_app.storage.models import ArticleCity, City


def term_groups(session: Session, text_: str, known: dict[str, City | None] | None = None) -> TermGroups:
    """Each typed word with its alternates from the city vocabulary ("Bakı" also searches "Baku").
    `known` holds cities already looked up, by the word as typed."""
    groups: TermGroups = []
    for word in split_terms(text_):
        city = known[word] if known and word in known else find_city(session, word)
        alternates = {word}
        for spelling in ([city.name, *(a.alias for a in city.aliases)] if city else []):
            alternates.update(split_terms(spelling)[:1])  # first word of a multi-word name
        groups.append(sorted(alternates))
    return groups


def matches(session: Session, text_: str) -> Select[Any] | None:
    """A query of the ids (`article_id`) of the stories matching `text_`, or None when it has no
    searchable words. Text that names a city (or one of its aliases) also finds the stories tagged
    with that city. The story list orders these itself (newest first by default)."""
    city = find_city(session, text_.strip())
    groups = term_groups(session, text_, known={text_.strip(): city})
    if not groups:
        return None
    in_text = _text_hits(session, groups, ranked=False)
    if city is None:
        return in_text
    tagged = select(ArticleCity.article_id.label("article_id")).where(ArticleCity.city_id == city.id)
    return select(union(in_text, tagged).subquery("either").c.article_id)


def _text_hits(session: Session, groups: TermGroups, *, ranked: bool = True) -> Select[Any]:
    """(article_id, rank) for the stories whose text matches, lower rank better; unranked, only article_id
    (scoring tens of thousands of hits costs more than finding them)."""
    if session.get_bind().dialect.name == "sqlite":
        fts = table("article_fts")
        rowid: ColumnElement[Any] = literal_column("rowid")
        bm25: ColumnElement[Any] = literal_column("bm25(article_fts, 10.0, 4.0, 1.0, 2.0)")
        columns = [rowid.label("article_id"), bm25.label("rank")] if ranked else [rowid.label("article_id")]
        return (
            select(*columns)
            .select_from(fts)
            .where(text("article_fts MATCH :fts_query").bindparams(fts_query=fts5_query(groups)))
        )
    document: ColumnElement[Any] = literal_column("document")
    query = func.to_tsquery("simple", func.unaccent(tsquery(groups)))
    article_id = literal_column("article_id", Integer).label("article_id")
    columns = [article_id, (-func.ts_rank(document, query)).label("rank")] if ranked else [article_id]
    return select(*columns).select_from(table("article_fts")).where(document.op("@@")(query))


def search_story_ids(session: Session, text_: str, limit: int = 100) -> list[int]:
    """Ids of the stories whose text best matches `text_` (by relevance: bm25 / ts_rank), best first."""
    groups = term_groups(session, text_)
    if not groups:
        return []
    hits = _text_hits(session, groups).subquery("text_hits")
    return list(session.scalars(select(hits.c.article_id).order_by(hits.c.rank, hits.c.article_id).limit(limit)))
