"""Bad profiles and bad disks: a clear StorageError naming the file, and nothing overwritten."""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import event, func, select

from editor_app import cli
from editor_app.domain.errors import MigrationError, SchemaTooNewError, StorageError
from editor_app.domain.stories import StoryFilter
from editor_app.domain.workflow import Role
from editor_app.services import users
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_list import list_stories
from editor_app.storage import migrate as migrate_module
from editor_app.storage.engine import Database, connect
from editor_app.storage.migrate import current_revision, head_revision
from editor_app.storage.models import Article
from editor_app.storage.open import open_database
from editor_app.storage.profile import DB_FILENAME, Profile, resolve_profile
from tests.conftest import fill_small_newsroom
from tests.helpers import create_story, owner_of


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sqlite_revision(path: Path) -> str | None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        conn.close()
    return None if row is None else str(row[0])


def profile_at_first_revision(profile: Profile) -> None:
    """A profile as an app that only knew migration 0001 would have left it, with one user in it."""
    db = connect(profile)
    try:
        with db.engine.connect() as conn:
            command.upgrade(migrate_module._config(conn), "0001")
            conn.commit()
        assert current_revision(db) == "0001"
    finally:
        db.dispose()


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(profile: Profile,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = profile.dir / DB_FILENAME
    path.parent.mkdir(parents=True)
    path.write_text("Shopping list: apricots, lavash, coffee.\n" * 50, encoding="utf-8")
    before = digest(path)
    with pytest.raises(StorageError) as caught:
        open_database(profile)
    assert str(path) in str(caught.value) and "not" in str(caught.value)
    assert cli.main(["list", "--profile-dir", str(profile.dir)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and len(err.strip().splitlines()) == 1
    assert digest(path) == before
    assert sorted(p.name for p in profile.dir.iterdir()) == [DB_FILENAME]  # no -wal, no backup, nothing new


def test_a_schema_from_a_newer_app_is_refused_unchanged(profile: Profile) -> None:
    open_database(profile).dispose()
    path = profile.dir / DB_FILENAME
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = digest(path)
    with pytest.raises(SchemaTooNewError) as caught:
        open_database(profile)
    assert str(path) in str(caught.value) and "newer version" in str(caught.value)
    assert sqlite_revision(path) == "9999_from_the_future"
    assert digest(path) == before
    assert not profile.backups_dir.exists()


def test_a_backup_is_written_before_migrating(profile: Profile) -> None:
    profile_at_first_revision(profile)
    path = profile.dir / DB_FILENAME
    db = open_database(profile)
    try:
        assert current_revision(db) == head_revision()
    finally:
        db.dispose()
    backups = sorted(profile.backups_dir.iterdir())
    assert len(backups) == 1
    assert backups[0].name.startswith(path.stem) and head_revision() in backups[0].name
    assert sqlite_revision(backups[0]) == "0001"  # the copy is the database as it was before


def test_a_failing_migration_step_is_named_and_the_database_kept(profile: Profile) -> None:
    profile_at_first_revision(profile)
    path = profile.dir / DB_FILENAME
    conn = sqlite3.connect(path)
    with conn:  # something in the way of step 0002 (a table with the name it creates)
        conn.execute("CREATE TABLE article_fts (x INTEGER)")
    conn.close()
    with pytest.raises(MigrationError) as caught:
        open_database(profile)
    message = str(caught.value)
    assert "0002" in message and "article_fts" in message
    backups = list(profile.backups_dir.iterdir())
    assert len(backups) == 1 and str(backups[0]) in message  # says where the data is safe
    assert sqlite_revision(path) == "0001"  # left at the step before


def test_a_full_disk_is_told_plainly_and_nothing_half_saved(newsroom: Database) -> None:
    owner = users.profile_owner(newsroom)
    create_story(newsroom, owner, StoryChanges(headline="Saved before", section="Armenia", body="Short."))

    @event.listens_for(newsroom.engine, "connect")
    def _no_room_to_grow(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    newsroom.engine.dispose()  # new connections get the cap
    with pytest.raises(StorageError) as caught:
        create_story(newsroom, owner, StoryChanges(headline="Too big", section="Armenia", body="word " * 100_000))
    message = str(caught.value)
    assert "full" in message and str(newsroom.engine.url.database) in message
    assert "nothing" in message.lower()
    event.remove(newsroom.engine, "connect", _no_room_to_grow)
    newsroom.engine.dispose()
    assert [r.headline for r in list_stories(newsroom, owner_of(newsroom), StoryFilter()).rows] == ["Saved before"]
    with newsroom.session() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 1


# --- read-only ----------------------------------------------------------------------------------------------


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder another user can traverse (pytest's tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="editor-app-ro-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(folder)


def unprivileged_user() -> pwd.struct_passwd | None:
    """The user to act as: None when we are not root (the permission bits already apply to us)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root and there is no 'nobody' user to test read-only files with")


@contextmanager
def acting_as(user: pwd.struct_passwd | None) -> Iterator[None]:
    """Root ignores permission bits, so drop the effective user to `user` for a while."""
    if user is None:
        yield
        return
    try:
        os.setegid(user.pw_gid)
        os.seteuid(user.pw_uid)
    except PermissionError:
        os.setegid(0)
        pytest.skip("running as root without the right to change the effective user (no CAP_SETUID)")
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.mark.parametrize("folder_too", [False, True], ids=["file", "file-and-folder"])
def test_a_read_only_profile_is_told_plainly_and_unchanged(shared_tmp: Path, folder_too: bool,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    profile = resolve_profile(shared_tmp / "profile")
    db = open_database(profile)
    fill_small_newsroom(db)
    owner = users.profile_owner(db)
    db.dispose()
    path = profile.dir / DB_FILENAME
    user = unprivileged_user()
    path.chmod(0o444)
    if user is not None and not folder_too:
        os.chown(profile.dir, user.pw_uid, user.pw_gid)  # the folder is theirs, the file is not
    if folder_too:
        profile.dir.chmod(0o555)
    before = digest(path)
    with acting_as(user):
        if os.access(path, os.W_OK, effective_ids=True):
            pytest.skip("this user can write to read-only files (CAP_DAC_OVERRIDE), so the case cannot be made")
        # Opening may work (reading a read-only newsroom is fine); saving must not, and must say why.
        with pytest.raises(StorageError) as caught:
            opened = open_database(profile)
            try:
                users.add_user(opened, owner, "xavier", "Xavier", Role.WRITER)
            finally:
                opened.dispose()
        status = cli.main(["users", "add", "yana", "--role", "writer", "--profile-dir", str(profile.dir)])
    message = str(caught.value)
    assert str(path) in message and "read-only" in message
    err = capsys.readouterr().err
    assert status == 1 and "read-only" in err and str(path) in err
    assert digest(path) == before


def test_the_fast_path_knows_the_newest_migration() -> None:
    from editor_app.storage.migrate import head_revision
    from editor_app.storage.schema_head import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD


def test_json_columns_changed_in_place_are_saved(newsroom: Database) -> None:
    from editor_app.storage.models import OutboxJob, PublishTarget

    with newsroom.session() as session:
        target = PublishTarget(name="site", kind="local", path="/tmp/site")
        session.add(target)
        session.flush()
        job = OutboxJob(target_id=target.id, kind="publish", steps={"media": {}})
        session.add(job)
        session.flush()
        job_id = job.id
    with newsroom.session() as session:
        job = session.get_one(OutboxJob, job_id)
        job.steps["post"] = 42  # changed in place, not replaced
        job.payload["attempt"] = "first"
    with newsroom.session() as session:
        job = session.get_one(OutboxJob, job_id)
        assert job.steps == {"media": {}, "post": 42} and job.payload == {"attempt": "first"}
