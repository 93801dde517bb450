"""Bring a database to the app's schema, one named step at a time, losing nothing.

SQLite rebuilds a table to alter it (copy, drop, rename). With foreign keys on, the drop would cascade into
every child row, and the table's triggers (the search index's) go with it. So each step runs with foreign
keys off (switched outside the transaction: SQLite ignores the pragma inside one), checks
`PRAGMA foreign_key_check` before committing, and puts back any trigger a rebuild removed. A step that fails
rolls back; on SQLite the backup taken before migrating is then restored, so the file is exactly as it was.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Sequence
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
from editor_app.storage.sqlite_triggers import lost_triggers, restore_triggers, schema_state

logger = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


@dataclass
class MigrationReport:
    before: str | None
    after: str | None
    applied: list[str] = field(default_factory=list)
    backup: Path | None = None


def _config(connection: Connection | None = None, extra_versions: Sequence[Path] = ()) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if extra_versions:
        locations = [str(MIGRATIONS_DIR / "versions"), *(str(p) for p in extra_versions)]
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", os.pathsep.join(locations))
    config.attributes["connection"] = connection
    return config


def scripts(extra_versions: Sequence[Path] = ()) -> ScriptDirectory:
    return ScriptDirectory.from_config(_config(extra_versions=extra_versions))


def head_revision() -> str:
    head = scripts().get_current_head()
    assert head is not None
    return head


def step_title(directory: ScriptDirectory, step: str) -> str:
    """The first line of a step's docstring, or its revision id when it has none."""
    script = directory.get_revision(step)
    doc = (script.doc or "") if script is not None else ""
    return next((line.strip() for line in doc.splitlines() if line.strip()), step)


def current_revision(db: Database) -> str | None:
    try:
        with db.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise explain(exc, db.url) from exc


def pending_steps(db: Database, extra_versions: Sequence[Path] = ()) -> list[str]:
    """Revisions still to apply, oldest first; raises SchemaTooNewError for an unknown revision."""
    current = current_revision(db)
    directory = scripts(extra_versions)
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


def _copy_sqlite(source_path: Path, target_path: Path) -> None:
    """A consistent copy through SQLite's backup API (safe with WAL)."""
    source = sqlite3.connect(source_path)
    try:
        target = sqlite3.connect(target_path)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def backup_sqlite(path: Path, backups_dir: Path, label: str) -> Path:
    """A copy of the database named by time and reason, in the profile's backups folder."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = backups_dir / f"{path.stem}-{stamp}-{label}.sqlite"
    try:
        _copy_sqlite(path, target)
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise StorageError(
            f"Could not back up {path} to {target} before migrating: {exc}.",
            hint="Free some disk space or fix the folder's permissions; the database was not changed.",
        ) from exc
    return target


def _foreign_key_violations(conn: Connection) -> list[str]:
    rows = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    return [f"{row[0]} row {row[1]} points at a missing {row[2]}" for row in rows[:5]]


def _run_step(conn: Connection, step: str, extra_versions: Sequence[Path], *, down: bool = False) -> None:
    """One step in one transaction; on SQLite with foreign keys off, checked and its triggers kept.
    `down` goes back to `step` instead (tests use it to make profiles of older schemas)."""
    def apply() -> None:
        config = _config(conn, extra_versions)
        (command.downgrade if down else command.upgrade)(config, step)

    sqlite = conn.dialect.name == "sqlite"
    if not sqlite:
        with conn.begin():
            apply()
        return
    driver = conn.connection.driver_connection
    assert driver is not None
    driver.execute("PRAGMA foreign_keys=OFF")  # before BEGIN: inside a transaction SQLite ignores it
    try:
        with conn.begin():
            before = schema_state(conn)
            apply()
            restore_triggers(conn, lost_triggers(before, conn))
            violations = _foreign_key_violations(conn)
            if violations:
                raise MigrationError("it would leave rows pointing at nothing: " + "; ".join(violations) + ".")
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


def _restore(report: MigrationReport, sqlite_path: Path, db: Database) -> str:
    """Put the backup back after a failed step; returns the sentence that tells the user."""
    if report.backup is None:
        return "The database was left at the step before it."
    db.engine.dispose()  # no pooled connection may hold the file while it is replaced
    try:
        _copy_sqlite(report.backup, sqlite_path)
    except sqlite3.Error as exc:
        logger.error("could not restore %s from %s: %s", sqlite_path, report.backup, exc)
        return f"Restoring the backup failed ({exc}); your data is safe in {report.backup}."
    return (f"The database was restored from the backup taken before migrating (schema {report.before}); "
            f"a copy stays in {report.backup}.")


def migrate(db: Database, profile: Profile, *, extra_versions: Sequence[Path] = ()) -> MigrationReport:
    """Apply every pending step; the message of a failure names the step and says what became of the data.
    `extra_versions` adds folders of step files (tests use it to add a step of their own)."""
    steps = pending_steps(db, extra_versions)
    report = MigrationReport(before=current_revision(db), after=None)
    if not steps:
        report.after = report.before
        return report
    sqlite_path = profile.sqlite_path
    if sqlite_path is not None and report.before is not None:
        report.backup = backup_sqlite(sqlite_path, profile.backups_dir, f"before-{steps[-1]}")
        logger.info("backed up %s to %s", sqlite_path, report.backup)
    directory = scripts(extra_versions)
    for step in steps:
        title = step_title(directory, step)
        try:
            with db.engine.connect() as conn:
                _run_step(conn, step, extra_versions)
        except Exception as exc:
            if isinstance(exc, SQLAlchemyError):
                detail = explain(exc, db.url).message
            else:
                detail = str(exc) or type(exc).__name__
            outcome = _restore(report, sqlite_path, db) if sqlite_path is not None else (
                "The step was rolled back; the database is at the step before it.")
            raise MigrationError(f"Migration step {step} ({title}) failed on {db.description}: {detail}",
                                 hint=outcome) from exc
        report.applied.append(step)
        logger.info("migrated %s to %s (%s)", db.description, step, title)
    report.after = steps[-1]
    return report


def downgrade(db: Database, target: str) -> None:
    """Take the schema back to `target` ("base" for empty), one step at a time, with the same care as
    upgrading. Not offered to users (a newer app's data may not fit an older schema); tests build profiles of
    every earlier schema with it."""
    directory = scripts()
    current = current_revision(db)
    while current is not None and current != target:
        script = directory.get_revision(current)
        previous = script.down_revision if script is not None else None
        assert previous is None or isinstance(previous, str)
        with db.engine.connect() as conn:
            _run_step(conn, previous or "base", (), down=True)
        current = previous
