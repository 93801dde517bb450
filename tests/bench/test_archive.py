"""The benchmark archive generator makes a real, searchable newsroom database (no timings here)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench.archive import build_archive, cache_path
from editor_app.domain.stories import StoryFilter
from editor_app.domain.workflow import Status
from editor_app.services import search
from editor_app.services.story_list import list_stories, status_counts
from editor_app.storage.engine import Database
from editor_app.storage.migrate import current_revision, head_revision
from editor_app.storage.models import Article, ArticleCity, Byline
from editor_app.storage.open import open_database
from editor_app.storage.profile import DB_FILENAME, resolve_profile
from tests.helpers import owner_of

STORIES = 300


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    folder = tmp_path_factory.mktemp("archive")
    database_file = build_archive(folder, n=STORIES, seed=3, cache=False)
    assert database_file == folder / DB_FILENAME
    db = open_database(resolve_profile(folder))
    yield db
    db.dispose()


def test_archive_holds_the_requested_number_of_stories_at_the_schema_head(archive: Database) -> None:
    with archive.session() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == STORIES
        assert session.scalars(select(func.count()).select_from(Byline)).one() >= STORIES
        assert session.scalars(select(func.count()).select_from(ArticleCity)).one() > 0
    assert current_revision(archive) == head_revision()


def test_every_status_is_present(archive: Database) -> None:
    counts = status_counts(archive, owner_of(archive))
    assert set(counts) == set(Status)
    assert all(count > 0 for count in counts.values())


def test_bodies_are_long_news_text(archive: Database) -> None:
    with archive.session() as session:
        bodies = list(session.scalars(select(Article.body)))
    lengths = sorted(len(body.split()) for body in bodies)
    assert lengths[0] >= 400
    assert lengths[-1] <= 1500
    assert any("համայնք" in body for body in bodies)


def test_full_text_search_finds_a_generated_word(archive: Database) -> None:
    with archive.session() as session:
        body = session.scalars(select(Article.body).order_by(Article.id.desc()).limit(1)).one()
        word = next(w for w in body.split() if w.isalpha() and len(w) >= 6)
        ids = search.search_story_ids(session, word, limit=STORIES)
        with_word = [i for i, text in session.execute(select(Article.id, Article.body)) if word in words(text)]
    assert ids
    assert set(with_word) <= set(ids)


def test_city_search_ignores_diacritics(archive: Database) -> None:
    with archive.session() as session:
        with_baku = {i for i, text in session.execute(select(Article.id, Article.body))
                     if {"Baku", "Bakı"} & words(text)}
    assert with_baku
    page = list_stories(archive, owner_of(archive), StoryFilter(search="Bakı"), limit=STORIES)
    assert with_baku <= {row.id for row in page.rows}


def test_story_list_pages_through_the_archive(archive: Database) -> None:
    first = list_stories(archive, owner_of(archive), StoryFilter(), limit=200)
    assert first.total == STORIES
    assert len(first.rows) == 200
    assert [r.updated for r in first.rows] == sorted((r.updated for r in first.rows), reverse=True)
    assert all(r.bylines for r in first.rows)
    rest = list_stories(archive, owner_of(archive), StoryFilter(), offset=200, limit=200)
    assert len(rest.rows) == STORIES - 200


def test_same_seed_gives_the_same_archive(tmp_path: Path, archive: Database) -> None:
    again = build_archive(tmp_path / "again", n=STORIES, seed=3, cache=False)
    db = open_database(resolve_profile(again.parent))
    try:
        with db.session() as session, archive.session() as original:
            mine = list(session.execute(select(Article.headline, Article.body).order_by(Article.id)))
            theirs = list(original.execute(select(Article.headline, Article.body).order_by(Article.id)))
    finally:
        db.dispose()
    assert mine == theirs


def test_cache_name_follows_the_schema_head() -> None:
    name = cache_path(100_000, 1).name
    assert name.startswith(f"archive-100000-1-{head_revision()}")
    assert name.endswith(".sqlite")
