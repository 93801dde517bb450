"""Migration 0006 (workflow) on a profile full of rows: the demo newsroom taken back to 0004 and forward again."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from editor_app.domain.stories import StoryFilter
from editor_app.services.demo import create_demo_newsroom
from editor_app.services.story_list import list_stories
from editor_app.storage.engine import Database
from editor_app.storage.migrate import current_revision, downgrade, migrate
from editor_app.storage.models import Article, AuditEvent, Base, Byline, Note, Revision, User
from editor_app.storage.profile import Profile
from tests.helpers import owner_of

COUNTED = (Article, Byline, Revision, AuditEvent, Note, User)


def counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0 for m in COUNTED}


def model_differences(db: Database) -> list[object]:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    return [d for d in diff if "article_fts" not in str(d)]


def triggers(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return {row[0] for row in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}


@pytest.mark.slow
def test_0006_on_the_demo_newsroom_down_and_up(db: Database, profile: Profile) -> None:
    create_demo_newsroom(db, owner_of(db))
    full = counts(db)
    assert full["note"] > 0 and full["audit_event"] > 0
    with db.session() as session:
        authors = {n: name for n, name in session.execute(select(Note.id, Note.author_name))}
    search_before = list_stories(db, owner_of(db), StoryFilter(search="Baku")).total

    downgrade(db, "0004")
    assert current_revision(db) == "0004"
    tables = set(inspect(db.engine).get_table_names())
    assert "edit_lock" not in tables and "newsroom_change" not in tables
    assert "audit_event_keep" not in triggers(db)
    with db.engine.connect() as conn:  # the notes survived their table's rebuild
        assert conn.exec_driver_sql("SELECT count(*) FROM note").scalar() == full["note"]

    report = migrate(db, profile)  # forward again the way the app does it: backup, checks, triggers
    assert report.applied[0] == "0006" and report.backup is not None and report.backup.exists()
    db.engine.dispose()
    assert counts(db) == full  # nothing lost either way
    assert model_differences(db) == []
    kept = {"audit_event_keep", "audit_event_stay", "article_fts_ai", "article_fts_au", "article_fts_ad"}
    assert kept <= triggers(db)
    assert list_stories(db, owner_of(db), StoryFilter(search="Baku")).total == search_before
    with db.session() as session:
        # note authors written back from their accounts; corrections and replies start empty
        assert {n: name for n, name in session.execute(select(Note.id, Note.author_name))} == authors
        assert all(authors.values())
        assert set(session.scalars(select(Article.correction).distinct())) == {""}
        assert session.scalar(select(func.count()).select_from(Note).where(Note.parent_id.is_not(None))) == 0
        assert set(session.scalars(select(User.failed_sign_ins).distinct())) == {0}
    with pytest.raises(Exception, match="audit trail cannot be changed"), db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET user_name = 'x'"))


def test_models_match_a_fresh_sqlite_schema(db: Database) -> None:
    assert model_differences(db) == []
