"""Shared fixtures. Qt runs offscreen; every test gets its own profile under tmp_path."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists
os.environ.pop("EDITOR_APP_PROFILE_DIR", None)

import pytest

from editor_app.services import users, vocab
from editor_app.services.actor import Actor
from editor_app.storage.engine import Database
from editor_app.storage.open import open_database
from editor_app.storage.profile import Profile, resolve_profile
from tests.helpers import owner_of

REQUIRE_INTEGRATION = os.environ.get("EDITOR_APP_REQUIRE_INTEGRATION") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip a test that needs a real server, or fail it when CI demands integration tests run."""
    if REQUIRE_INTEGRATION:
        pytest.fail(f"{reason} (EDITOR_APP_REQUIRE_INTEGRATION=1 turns this skip into a failure)")
    pytest.skip(reason)


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return resolve_profile(tmp_path / "profile")


@pytest.fixture(scope="session")
def migrated_newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One empty embedded newsroom migrated by the app (about 1.5 s), copied into each test's profile below."""
    profile = resolve_profile(tmp_path_factory.mktemp("migrated") / "profile")
    open_database(profile).dispose()
    assert profile.sqlite_path is not None
    return profile.sqlite_path


@pytest.fixture(scope="session")
def demo_newsroom_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo newsroom at today's schema, made once; tests copy the file (migration tests start from it)."""
    from editor_app.services.demo import create_demo_newsroom

    profile = resolve_profile(tmp_path_factory.mktemp("demo-newsroom") / "profile")
    db = open_database(profile)
    try:
        create_demo_newsroom(db, owner_of(db))
    finally:
        db.dispose()
    assert profile.sqlite_path is not None
    return profile.sqlite_path


@pytest.fixture
def db(profile: Profile, migrated_newsroom: Path) -> Iterator[Database]:
    """The test's profile with a new, empty, migrated newsroom: a copy of `migrated_newsroom`, which is what
    opening the empty profile makes (tests of migrating itself open their own profiles)."""
    target = profile.sqlite_path
    if target is not None and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        source, copy = sqlite3.connect(migrated_newsroom), sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            source.close()
            copy.close()
    database = open_database(profile)
    yield database
    database.dispose()


@pytest.fixture
def owner(db: Database) -> Actor:
    return users.profile_owner(db)


def fill_small_newsroom(database: Database) -> None:
    """A few sections, cities and contributors: enough vocabulary for service tests."""
    with database.session() as session:
        for name in ("International", "Armenia", "Community", "Arts & Culture"):
            vocab.add_section(session, name)
        vocab.add_city(session, "Baku", "Azerbaijan", ["Bakı", "Баку"])
        vocab.add_city(session, "Tel Aviv", "Israel", ["Tel Aviv-Yafo"])
        vocab.add_city(session, "Yerevan", "Armenia", ["Երևան", "Erevan"])
        vocab.add_city(session, "Gyumri", "Armenia", ["Գյումրի", "Gümri"])
        vocab.add_contributor(session, "Ash Obel")
        vocab.add_contributor(session, "Ani Sarkissian")


@pytest.fixture
def newsroom(db: Database) -> Database:
    fill_small_newsroom(db)
    return db


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty database on the real PostgreSQL server that scripts/pg-up.sh started."""
    server = os.environ.get("EDITOR_APP_TEST_PG_URL", "")
    if not server:
        skip_or_fail("PostgreSQL is not running: start it with scripts/pg-up.sh and export EDITOR_APP_TEST_PG_URL")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"editor_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # the server went away between the script and the test
        admin.dispose()
        skip_or_fail(f"PostgreSQL at {make_url(server).render_as_string(hide_password=True)} is unreachable: {exc}")
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_db(pg_url: str, tmp_path: Path) -> Iterator[Database]:
    database = open_database(resolve_profile(tmp_path / "pg-profile", pg_url))
    yield database
    database.dispose()


@pytest.fixture
def pg_owner(pg_db: Database) -> Actor:
    return owner_of(pg_db)
