"""The start-up page read straight from SQLite must be the story list service's own first page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from editor_app.domain.stories import StoryFilter
from editor_app.services.demo import create_demo_newsroom
from editor_app.services.story_list import list_stories, status_counts, week_options
from editor_app.services.vocab import section_names
from editor_app.storage.engine import connect
from editor_app.storage.migrate import downgrade
from editor_app.storage.open import open_database
from editor_app.storage.profile import DB_FILENAME, resolve_profile
from editor_app.storage.quick_list import quick_first_page
from tests.helpers import owner_of


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("quick-demo")
    db = open_database(resolve_profile(folder))
    try:
        create_demo_newsroom(db, owner_of(db))
    finally:
        db.dispose()
    return folder


@pytest.mark.parametrize("limit", [200, 7])
def test_the_quick_page_is_the_services_first_page(demo_folder: Path, limit: int) -> None:
    quick = quick_first_page(demo_folder / DB_FILENAME, limit=limit)
    assert quick is not None
    page, choices = quick
    db = open_database(resolve_profile(demo_folder))
    try:
        owner = owner_of(db)
        expected = list_stories(db, owner, StoryFilter(), limit=limit)
        assert page == expected
        assert (choices.sections, choices.weeks, choices.counts) == (
            section_names(db, owner), week_options(db, owner), status_counts(db, owner))
    finally:
        db.dispose()
    assert len(page.rows) == min(limit, 60) and any(len(r.bylines) > 1 for r in page.rows)


def test_any_doubt_leaves_it_to_the_normal_path(demo_folder: Path, tmp_path: Path) -> None:
    assert quick_first_page(tmp_path / "nothing-here.sqlite") is None
    (tmp_path / "junk.sqlite").write_bytes(b"not a database" * 50)
    assert quick_first_page(tmp_path / "junk.sqlite") is None
    old = tmp_path / "old"
    old.mkdir()
    shutil.copy(demo_folder / DB_FILENAME, old / DB_FILENAME)
    db = connect(resolve_profile(old))
    try:
        downgrade(db, "0003")
    finally:
        db.dispose()
    assert quick_first_page(old / DB_FILENAME) is None  # an older schema: the app migrates it first
    fresh = tmp_path / "fresh"
    open_database(resolve_profile(fresh)).dispose()
    assert quick_first_page(fresh / DB_FILENAME) is None  # no owner yet: the normal path makes one
