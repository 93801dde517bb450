"""Bring a database to the app's schema, one named step at a time, with a SQLite backup first."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from editor_app.domain.errors import MigrationError, SchemaTooNewError, StorageError
from editor_app.domain.text import sentence_case
from editor_app.storage.engine import Database
from editor_app.storage.errors import explain
from editor_app.storage.profile import Profile

logger = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


@dataclass
class MigrationReport:
    before: str | None
    after: str | None
    applied: list[str] = field(default_factory=list)
    backup: Path | None = None


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    head = scripts().get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    try:
        with db.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise explain(exc, db.url) from exc


def pending_steps(db: Database) -> list[str]:
    """Revisions still to apply, oldest first; raises SchemaTooNewError for an unknown revision."""
    current = current_revision(db)
    directory = scripts()
    if current is not None and current not in {rev.revision for rev in directory.walk_revisions()}:
        raise SchemaTooNewError(
            f"{sentence_case(db.description)} was written by a newer version of Editorial Workstation "
            f"(schema {current}).",
            hint="Update the app to open it; nothing was changed.",
        )
    steps = [rev.revision for rev in directory.walk_revisions(base="base", head="heads")]
    steps.reverse()
    if current is None:
        return steps
    return steps[steps.index(current) + 1 :]


def backup_sqlite(path: Path, backups_dir: Path, label: str) -> Path:
    """A consistent copy through SQLite's backup API (safe with WAL), named by time and reason."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = backups_dir / f"{path.stem}-{stamp}-{label}.sqlite"
    source = sqlite3.connect(path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise StorageError(
            f"Could not back up {path} to {target} before migrating: {exc}.",
            hint="Free some disk space or fix the folder's permissions; the database was not changed.",
        ) from exc
    finally:
        source.close()
    return target


def migrate(db: Database, profile: Profile) -> MigrationReport:
    """Apply every pending step in its own transaction; the message of a failure names the step."""
    steps = pending_steps(db)
    report = MigrationReport(before=current_revision(db), after=None)
    if not steps:
        report.after = report.before
        return report
    sqlite_path = profile.sqlite_path
    if sqlite_path is not None and report.before is not None:
        report.backup = backup_sqlite(sqlite_path, profile.backups_dir, f"before-{steps[-1]}")
        logger.info("backed up %s to %s", sqlite_path, report.backup)
    directory = scripts()
    for step in steps:
        script = directory.get_revision(step)
        title = (script.doc or "").splitlines()[0] if script is not None else step
        try:
            with db.engine.connect() as conn:
                command.upgrade(_config(conn), step)
                conn.commit()
        except Exception as exc:
            kept = f" Your data is safe in {report.backup}." if report.backup else ""
            detail = explain(exc, db.url).message if isinstance(exc, SQLAlchemyError) else str(exc)
            raise MigrationError(
                f"Migration step {step} ({title}) failed on {db.description}: {detail}",
                hint=f"The database was left at the step before it.{kept}",
            ) from exc
        report.applied.append(step)
        logger.info("migrated %s to %s (%s)", db.description, step, title)
    report.after = steps[-1]
    return report
