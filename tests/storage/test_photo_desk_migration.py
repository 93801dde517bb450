"""Migration 0010 (photo desk) on a newsroom full of rows (the demo), down and up again; the models match the schema;
photos stored before it are checked afterwards without bumping their versions."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select, text, update

from editor_app.services.actor import Actor
from editor_app.services.demo import create_demo_newsroom
from editor_app.services.photo_checks import check_stored_photos, unchecked_photo_ids
from editor_app.services.photo_library import list_photos
from editor_app.services.photos import PhotoSource, import_one
from editor_app.storage.engine import Database
from editor_app.storage.migrate import downgrade, migrate
from editor_app.storage.models import ArticleImage, Base, Image
from editor_app.storage.profile import Profile
from tests import photo_samples

FTS_TABLES = {"article_fts", "article_fts_config", "article_fts_data", "article_fts_docsize", "article_fts_idx"}


def test_models_match_the_migrated_schema(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diff if not (d[0] == "remove_table" and d[1].name in FTS_TABLES)] == []


def counts(db: Database) -> tuple[int, int, int]:
    with db.session() as session:
        return (session.scalar(select(func.count()).select_from(Image)) or 0,
                session.scalar(select(func.count()).select_from(ArticleImage)) or 0,
                session.scalar(text("SELECT count(*) FROM article_fts")) or 0)


def test_0010_down_and_up_on_the_demo_newsroom(db: Database, owner: Actor, profile: Profile) -> None:
    create_demo_newsroom(db, owner)
    gps = import_one(db, owner, PhotoSource.pasted(photo_samples.camera_photo(1), "gps.jpg")).image_id
    before = counts(db)
    assert before[0] > 10
    downgrade(db, "0004")
    old_columns = {c["name"] for c in inspect(db.engine).get_columns("image")}
    assert "location_found" not in old_columns and "photo_copy" not in inspect(db.engine).get_table_names()
    migrate(db, profile)
    assert counts(db) == before  # photos, their uses and the search index survive the table rebuild
    columns = [c["name"] for c in inspect(db.engine).get_columns("image")]
    assert columns[-1] == "data" and columns[:3] == ["id", "sha256", "mime"]  # the blob last: see 0010
    assert len(unchecked_photo_ids(db, owner)) == before[0]  # nobody has looked at the files yet
    rows = {row.id: row for row in list_photos(db, owner)}
    assert rows[gps or 0].location_found is None and rows[gps or 0].focal == (0.5, 0.5)
    versions = {row.id: row.version for row in rows.values()}
    assert check_stored_photos(db, owner) == before[0]
    rows = {row.id: row for row in list_photos(db, owner)}
    assert rows[gps or 0].location_found is True and rows[gps or 0].serial_found is True
    assert rows[gps or 0].camera == "Canon EOS R5" and rows[gps or 0].date_taken == "2026-09-20T10:42:17+04:00"
    assert all(row.location_found is False for row in rows.values() if row.id != gps)  # the demo's drawings
    assert {row.id: row.version for row in rows.values()} == versions
    assert unchecked_photo_ids(db, owner) == [] and check_stored_photos(db, owner) == 0


def test_a_stored_photo_the_checks_now_refuse_is_still_checked(db: Database, owner: Actor) -> None:
    image_id = import_one(db, owner, PhotoSource.pasted(photo_samples.plain_jpeg(3), "old.jpg")).image_id
    with db.session(write=True) as session:  # as if an older version had stored a damaged file
        session.execute(update(Image).where(Image.id == image_id).values(
            data=photo_samples.plain_jpeg(3)[:600], location_found=None))
    assert check_stored_photos(db, owner) == 1
    [row] = list_photos(db, owner)
    assert row.location_found is False
