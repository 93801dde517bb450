"""Open a profile's database ready for use: connect, then migrate (or refuse with a clear reason)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from editor_app.domain.errors import StorageError
from editor_app.domain.text import sentence_case
from editor_app.storage.engine import Database, connect
from editor_app.storage.profile import Profile
from editor_app.storage.schema_head import SCHEMA_HEAD


def _is_current(db: Database) -> bool:
    """True when the stored schema is the app's: then Alembic (~0.1 s to import) is not needed at all.
    Any doubt (no table, not a database) goes the long way, which explains it properly."""
    try:
        with db.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD
    except SQLAlchemyError:
        return False


def open_database(profile: Profile, *, auto_migrate: bool = True) -> Database:
    """An embedded profile is migrated automatically (after a backup); a shared PostgreSQL newsroom
    only when it is empty, otherwise its admin runs `editor-app migrate` so that all desks move together."""
    db = connect(profile)
    if _is_current(db):
        return db
    from editor_app.storage.migrate import current_revision, migrate, pending_steps

    try:
        steps = pending_steps(db)
        if steps:
            fresh = current_revision(db) is None
            if auto_migrate and (profile.is_embedded or fresh):
                migrate(db, profile)
            else:
                raise StorageError(
                    f"{sentence_case(db.description)} needs {len(steps)} migration step(s) before use.",
                    hint="Ask the newsroom admin to run `editor-app migrate --database-url …` once.",
                )
    except BaseException:
        db.dispose()
        raise
    return db
