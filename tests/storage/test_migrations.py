"""Migrations on profiles full of rows: from every earlier schema to today's, on SQLite and PostgreSQL, a step
that rebuilds the article table, and a step that fails half-way. Nothing may be lost."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from editor_app.domain.errors import MigrationError
from editor_app.domain.stories import StoryFilter
from editor_app.services.demo import create_demo_newsroom
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_list import list_stories
from editor_app.services.story_write import save_story
from editor_app.storage.engine import Database, connect
from editor_app.storage.migrate import current_revision, downgrade, head_revision, migrate, scripts
from editor_app.storage.models import Base
from editor_app.storage.profile import DB_FILENAME, Profile, resolve_profile
from tests.helpers import owner_of

EARLIER = [rev.revision for rev in scripts().walk_revisions()][1:]  # every revision but the head, newest first

# What every schema since 0001 holds, row by row: the rows a migration must carry over.
FINGERPRINT = {
    "article": "id, headline, slug, body, status, week, version, section_id, dateline_place",
    "byline": "article_id, contributor_id, role, position",
    "article_city": "article_id, city_id, position",
    "article_image": "article_id, image_id, role, position, ref",
    "revision": "article_id, number, note",
    "audit_event": "id, action, article_id, user_id",
    "note": "id, article_id, body",
    "image": "id, sha256, byte_size",
    "top_story_entry": "week_id, article_id, position",
    "app_user": "id, username, role",
    "city": "id, name",
    "city_alias": "id, city_id, alias",
    "contributor": "id, name",
}


def fingerprint(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    with db.engine.connect() as conn:
        return {table: [tuple(row) for row in conn.execute(text(f"SELECT {columns} FROM {table} ORDER BY {columns}"))]
                for table, columns in FINGERPRINT.items()}


def headlines_found(db: Database, words: str) -> set[str]:
    return {row.headline for row in list_stories(db, owner_of(db), StoryFilter(search=words)).rows}


def check_search_follows_edits(db: Database) -> None:
    """The search index sees an edited story and a new one (its triggers survived)."""
    owner = owner_of(db)
    story = list_stories(db, owner, StoryFilter(search="chess")).rows[0]
    with db.session() as session:
        version = session.execute(text("SELECT version FROM article WHERE id = :id"), {"id": story.id}).scalar_one()
    save_story(db, owner, story.id, version, StoryChanges(headline="The quokka story",
                                                         body="A zanzibarquokka walked into the newsroom."))
    assert headlines_found(db, "zanzibarquokka") == {"The quokka story"}
    assert story.headline not in headlines_found(db, "grandparents teach")  # the old words left the index
    save_story(db, owner, None, None, StoryChanges(headline="Quokkafest opens", section="Community"))
    assert headlines_found(db, "quokkafest") == {"Quokkafest opens"}


@pytest.fixture
def demo_profile(demo_newsroom_file: Path, tmp_path: Path) -> Iterator[Profile]:
    folder = tmp_path / "profile"
    folder.mkdir()
    shutil.copy(demo_newsroom_file, folder / DB_FILENAME)
    yield resolve_profile(folder)


@pytest.mark.parametrize("start", EARLIER)
def test_a_full_sqlite_profile_migrates_from_every_earlier_schema(demo_profile: Profile, start: str) -> None:
    db = connect(demo_profile)
    try:
        downgrade(db, start)
        assert current_revision(db) == start
        before = fingerprint(db)
        assert len(before["byline"]) > 60 and len(before["revision"]) >= 60 and len(before["article_image"]) > 20
        report = migrate(db, demo_profile)
        assert report.backup is not None and report.backup.is_file()
        assert current_revision(db) == head_revision()
        assert fingerprint(db) == before
        check_search_follows_edits(db)
    finally:
        db.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("start", EARLIER)
def test_a_full_postgresql_newsroom_migrates_from_every_earlier_schema(pg_db: Database, tmp_path: Path,
                                                                       start: str) -> None:
    create_demo_newsroom(pg_db, owner_of(pg_db))
    downgrade(pg_db, start)
    before = fingerprint(pg_db)
    assert len(before["byline"]) > 60
    migrate(pg_db, resolve_profile(tmp_path / "pg", pg_db.url))
    assert current_revision(pg_db) == head_revision()
    assert fingerprint(pg_db) == before
    check_search_follows_edits(pg_db)


REBUILD_STEP = '''"""Test step: widen the deck, which makes SQLite rebuild the whole article table.

Revision ID: 9001
Revises: {head}
"""
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article", recreate="always") as batch_op:
        batch_op.alter_column("deck", type_=sa.String(length=800), existing_type=sa.String(length=500))


def downgrade() -> None:
    pass
'''

BAD_STEP = '''
revision = "9002"
down_revision = "{head}"
branch_labels = None
depends_on = None

from alembic import op


def upgrade() -> None:
    op.execute("DELETE FROM contributor")  # bylines would point at nothing


def downgrade() -> None:
    pass
'''


def write_step(folder: Path, name: str, template: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(template.replace("{head}", head_revision()), encoding="utf-8")
    return folder


def test_rebuilding_the_article_table_loses_nothing(demo_profile: Profile, tmp_path: Path) -> None:
    db = connect(demo_profile)
    try:
        before = fingerprint(db)
        with db.engine.connect() as conn:
            triggers = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
            root = conn.execute(text("SELECT rootpage FROM sqlite_master WHERE name = 'article'")).scalar_one()
        assert {"article_fts_ai", "article_fts_ad", "article_fts_au"} <= triggers
        report = migrate(db, demo_profile, extra_versions=[write_step(tmp_path / "steps", "9001_rebuild.py",
                                                                      REBUILD_STEP)])
        assert report.applied == ["9001"]
        with db.engine.connect() as conn:
            rebuilt = conn.execute(text("SELECT rootpage FROM sqlite_master WHERE name = 'article'")).scalar_one()
            after = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
        assert rebuilt != root, "the step did not rebuild the table, so it proves nothing"
        assert after == triggers
        assert fingerprint(db) == before
        check_search_follows_edits(db)
    finally:
        db.dispose()


def test_a_step_that_breaks_foreign_keys_fails_and_the_backup_is_restored(demo_profile: Profile,
                                                                           tmp_path: Path) -> None:
    db = connect(demo_profile)
    try:
        before = fingerprint(db)
        with pytest.raises(MigrationError) as caught:
            migrate(db, demo_profile, extra_versions=[write_step(tmp_path / "steps", "9002_bad.py", BAD_STEP)])
        message = str(caught.value)
        assert "9002 (9002)" in message  # a step without a docstring is named by its revision
        assert "pointing at nothing" in message and "byline" in message and "restored from the backup" in message
        assert current_revision(db) == head_revision()
        assert fingerprint(db) == before
    finally:
        db.dispose()


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_the_models_match_the_migrated_schema(dialect: str, request: pytest.FixtureRequest) -> None:
    db: Database = request.getfixturevalue("db" if dialect == "sqlite" else "pg_db")
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = [d for d in compare_metadata(context, Base.metadata)
                       if "article_fts" not in repr(d) and "alembic_version" not in repr(d)]
    assert differences == []
