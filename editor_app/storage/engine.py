"""Engines and sessions: SQLite pragmas, transactional DDL on SQLite, clear errors on open."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from editor_app.domain.errors import StorageError
from editor_app.storage.errors import explain, where
from editor_app.storage.profile import Profile

logger = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
WRITE_OPTION = "editor_app_write"


def _sqlite_connect_hooks(engine: Engine) -> None:
    """WAL, foreign keys, a busy timeout, a larger page cache, and real transactions
    (pysqlite would skip BEGIN for DDL)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA cache_size=-65536")  # up to 64 MB of pages: search indexes stay in memory
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A writer takes the write lock at BEGIN: a deferred transaction that read first could not upgrade
        # once another desk committed (SQLITE_BUSY_SNAPSHOT) and would fail instead of waiting its turn.
        immediate = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not SQLite or a folder we cannot write, before SQLite touches anything."""
    if path.exists():
        if path.is_dir():
            raise StorageError(f"{path} is a folder, not a database file.", hint="Choose a profile folder.")
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
        if head and head != SQLITE_MAGIC:
            raise StorageError(
                f"The file {path} is not an Editorial Workstation database (it is not a SQLite file).",
                hint="Choose another profile folder or move that file away; it was not changed.",
            )
    else:
        folder = path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"Cannot create the profile folder {folder}: {exc.strerror}.",
                hint="Choose a profile folder you can write to.",
            ) from exc


def make_engine(database_url: str, **kwargs: Any) -> Engine:
    engine = create_engine(database_url, **kwargs)
    if engine.dialect.name == "sqlite":
        _sqlite_connect_hooks(engine)
    return engine


@dataclass
class Database:
    """An open database: the engine, a session factory and where it lives (for messages)."""

    engine: Engine
    sessions: sessionmaker[Session]
    write_sessions: sessionmaker[Session]
    url: str

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def description(self) -> str:
        return where(self.url)

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back (and explained) on error.
        `write=True` for a transaction that reads then writes: on SQLite it takes the write lock at once."""
        factory = self.write_sessions if write else self.sessions
        session = factory()
        try:
            with session.begin():
                yield session
        except DBAPIError as exc:
            raise explain(exc, self.url) from exc
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def connect(profile: Profile) -> Database:
    """Open the profile's database (no migration) and check that it answers."""
    sqlite_path = profile.sqlite_path
    if sqlite_path is not None:
        check_sqlite_file(sqlite_path)
    engine = make_engine(profile.database_url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA schema_version").scalar()
            else:
                conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        engine.dispose()
        raise explain(exc, profile.database_url) from exc
    writer = engine.execution_options(**{WRITE_OPTION: True})
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False),
                    write_sessions=sessionmaker(writer, expire_on_commit=False), url=profile.database_url)
