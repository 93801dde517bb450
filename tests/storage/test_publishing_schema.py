"""Schema 0009: the publishing tables match the models, the database enforces one record per target and
story or photo, and a demo newsroom full of rows migrates from 0004 without losing any (duplicates merged)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from editor_app.domain.errors import StorageError
from editor_app.storage.engine import Database, connect
from editor_app.storage.errors import ErrorKind, is_kind
from editor_app.storage.migrate import current_revision, downgrade, head_revision, migrate
from editor_app.storage.models import Article, Base, Image, PublishRecord, PublishTarget
from editor_app.storage.profile import Profile, resolve_profile
from tests.helpers import owner_of


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_the_publishing_models_match_the_migrated_schema(dialect: str, request: pytest.FixtureRequest) -> None:
    db: Database = request.getfixturevalue("db" if dialect == "sqlite" else "pg_db")
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = [d for d in compare_metadata(context, Base.metadata)
                       if "article_fts" not in repr(d) and "alembic_version" not in repr(d)]
    assert differences == []


def _target(db: Database) -> int:
    with db.session() as session:
        target = PublishTarget(name="site", kind="local", path="/tmp/x")
        session.add(target)
        session.flush()
        return target.id


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_one_record_per_target_and_story_and_per_target_and_photo(dialect: str,
                                                                  request: pytest.FixtureRequest) -> None:
    db: Database = request.getfixturevalue("db" if dialect == "sqlite" else "pg_db")
    owner_of(db)
    target_id = _target(db)
    with db.session() as session:
        session.add(Image(sha256="a" * 64, data=b"x", mime="image/jpeg", width=1, height=1, byte_size=1))
        session.flush()
        image_id = session.scalar(select(Image.id))
    with db.session() as session:  # records for photos leave article_id empty: NULLs never collide
        session.add_all([PublishRecord(target_id=target_id, image_id=image_id, remote_id="7"),
                         PublishRecord(target_id=target_id, article_id=None, remote_id="8")])
    with pytest.raises(StorageError) as caught, db.session() as session:
        session.add(PublishRecord(target_id=target_id, image_id=image_id, remote_id="9"))
    cause = caught.value.__cause__
    assert isinstance(cause, IntegrityError) and is_kind(cause, ErrorKind.UNIQUE)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(PublishRecord)) == 2


def test_a_full_demo_newsroom_migrates_from_0004_merging_duplicate_records(demo_newsroom_file: Path,
                                                                             tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    folder.mkdir()
    shutil.copy(demo_newsroom_file, folder / demo_newsroom_file.name)
    profile: Profile = resolve_profile(folder)
    db = connect(profile)
    try:
        downgrade(db, "0004")
        assert current_revision(db) == "0004"
        with db.engine.begin() as conn:
            stories_before = conn.execute(text("SELECT id, headline, version FROM article ORDER BY id")).all()
            conn.execute(text("INSERT INTO publish_target (name, kind, url, path, username, version, created_at, "
                              "updated_at) VALUES ('site', 'local', '', '/tmp/s', '', 1, '2026-01-01', '2026-01-01')"))
            target = conn.execute(text("SELECT id FROM publish_target")).scalar_one()
            article = stories_before[0][0]
            for remote in ("old", "new"):  # 0004 had only plain indexes: duplicates were possible
                conn.execute(text("INSERT INTO publish_record (target_id, article_id, image_id, remote_id, remote_url, "
                                  "remote_modified, content_hash, created_at, updated_at) VALUES (:t, :a, NULL, :r, "
                                  "'', '', '', '2026-01-01', '2026-01-01')"), {"t": target, "a": article, "r": remote})
        report = migrate(db, profile)
        assert report.applied[-1] == head_revision() and "0009" in report.applied and report.backup is not None
        with db.session() as session:
            records = session.scalars(select(PublishRecord)).all()
            assert [(r.article_id, r.remote_id, r.remote_status) for r in records] == [(article, "new", "")]
            target_row = session.scalars(select(PublishTarget)).one()
            assert target_row.options == {}
            stories_after = session.execute(select(Article.id, Article.headline, Article.version)
                                            .order_by(Article.id)).all()
        assert [tuple(r) for r in stories_after] == [tuple(r) for r in stories_before]
    finally:
        db.dispose()
