"""Driver errors are classified by their codes (sqlite_errorname, SQLSTATE), from real errors of both servers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from editor_app.storage.engine import Database
from editor_app.storage.errors import ErrorKind, classify, explain


def failure(db: Database, statement: str) -> DBAPIError:
    with pytest.raises(DBAPIError) as caught, db.engine.begin() as conn:
        conn.execute(text(statement))
    return caught.value


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_constraint_violations(dialect: str, request: pytest.FixtureRequest) -> None:
    db: Database = request.getfixturevalue("db" if dialect == "sqlite" else "pg_db")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO section (id, name, slug, position, version) VALUES (1, 'A', 'a', 0, 1)"))
    unique = failure(db, "INSERT INTO section (name, slug, position, version) VALUES ('A', 'a2', 1, 1)")
    assert classify(unique) is ErrorKind.UNIQUE
    missing = failure(db, "INSERT INTO city_alias (city_id, alias, folded) VALUES (999, 'x', 'x')")
    assert classify(missing) is ErrorKind.FOREIGN_KEY
    assert "reported an error" in explain(missing, db.url).message  # no special sentence: a bug, said plainly


def test_sqlite_file_problems(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(b"this is not a database" * 100)
    with pytest.raises(sqlite3.DatabaseError) as caught:
        sqlite3.connect(bogus).execute("SELECT * FROM sqlite_master").fetchall()
    assert classify(caught.value) is ErrorKind.NOT_A_DATABASE
    with pytest.raises(sqlite3.OperationalError) as missing:
        sqlite3.connect(f"file:{tmp_path}/no/such/dir/x.sqlite?mode=rw", uri=True)
    assert classify(missing.value) is ErrorKind.CANNOT_OPEN
    assert classify(ValueError("not a database error")) is ErrorKind.OTHER


@pytest.mark.postgres
def test_postgresql_connection_problems(pg_url: str) -> None:
    missing_db = make_url(pg_url).set(database="no_such_newsroom").render_as_string(hide_password=False)
    engine = create_engine(missing_db)
    with pytest.raises(DBAPIError) as caught, engine.connect():
        pass
    engine.dispose()
    # libpq gives no SQLSTATE for a failed connection: it is "cannot reach", with the server's own sentence
    assert classify(caught.value) is ErrorKind.UNREACHABLE
    assert 'database "no_such_newsroom" does not exist' in explain(caught.value, missing_db).message
    refused = create_engine("postgresql+psycopg://postgres@127.0.0.1:1/newsroom")
    with pytest.raises(DBAPIError) as down, refused.connect():
        pass
    refused.dispose()
    assert classify(down.value) is ErrorKind.UNREACHABLE
    assert explain(down.value, "postgresql+psycopg://postgres@127.0.0.1:1/newsroom").message.startswith(
        "Cannot reach the PostgreSQL server at 127.0.0.1:1")
