"""The newsroom workflow on a real PostgreSQL server: no lost update between two processes, two editors
approving at once, the server going away mid-save, LISTEN/NOTIFY refresh, sign-in, and the 0006 schema."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, select, text, update

from editor_app.domain.errors import (
    ConflictError,
    KnownError,
    PermissionDeniedError,
    SignInError,
    StorageError,
    TooManyAttemptsError,
)
from editor_app.domain.passwords import scrypt_hash
from editor_app.domain.workflow import Role
from editor_app.services import users, workflow
from editor_app.services.audit import story_trail
from editor_app.services.auth import MAX_FAILURES, set_password, sign_in, sign_in_required
from editor_app.services.changes import ChangeFeed, ChangeKind
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_read import get_story
from editor_app.services.story_write import save_story
from editor_app.storage.engine import Database
from editor_app.storage.models import AuditEvent, User
from editor_app.storage.open import open_database
from editor_app.storage.profile import resolve_profile
from tests.concurrency import check_nothing_lost, run_desks, start_body
from tests.conftest import fill_small_newsroom
from tests.workflow_helpers import Staff, add_staff, complete_story, new_story, version_of

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_staff(pg_db: Database) -> Staff:
    fill_small_newsroom(pg_db)
    return add_staff(pg_db)


@pytest.fixture
def second_desk(pg_url: str, tmp_path: Path) -> Iterator[Database]:
    desk = open_database(resolve_profile(tmp_path / "second-desk", pg_url))
    yield desk
    desk.dispose()


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_two_processes_500_saves_on_postgresql(pg_db: Database, pg_staff: Staff, pg_url: str,
                                               tmp_path: Path) -> None:
    story_id = new_story(pg_db, pg_staff.writer, complete_story(body=start_body(["anna", "wendy"])))
    first = version_of(pg_db, story_id)
    reports = run_desks(story_id, [("wendy", "wendy"), ("anna", "anna")], [tmp_path / "desk-1", tmp_path / "desk-2"],
                        pg_url, tmp_path, 250)
    check_nothing_lost(pg_db, pg_staff.editor, story_id, reports, 250, first)


def test_two_editors_on_two_desks_approving_at_once(pg_db: Database, pg_staff: Staff, second_desk: Database) -> None:
    story_id = new_story(pg_db, pg_staff.writer)
    workflow.submit(pg_db, pg_staff.writer, story_id)
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def approve(db: Database, who: Any) -> None:
        start.wait()
        try:
            outcomes.append(workflow.approve(db, who, story_id))
        except KnownError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=approve, args=(pg_db, pg_staff.editor)),
               threading.Thread(target=approve, args=(second_desk, pg_staff.editor2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lost = [o for o in outcomes if isinstance(o, KnownError)]
    assert len(lost) == 1 and isinstance(lost[0], ConflictError)
    assert "was already approved by" in str(lost[0]) and "Nothing was changed" in str(lost[0])
    assert sum(1 for e in story_trail(pg_db, pg_staff.admin, story_id) if e.detail.get("to") == "approved") == 1


def _backend_pid(connection: Any) -> int:
    return int(connection.connection.driver_connection.info.backend_pid)


def test_the_server_going_away_mid_save_loses_nothing(pg_db: Database, pg_staff: Staff, pg_url: str) -> None:
    """The connection dies between reading the story and writing it: a plain message, the story as it was,
    the caller still holding the text, and the same save goes through once the server answers again."""
    story_id = new_story(pg_db, pg_staff.writer)
    before = get_story(pg_db, pg_staff.writer, story_id)
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    cut = {"done": False}

    def cut_the_line(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("UPDATE article") and not cut["done"]:
            cut["done"] = True
            pid = _backend_pid(conn)
            with admin.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
                while other.execute(text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}).first():
                    other.execute(text("SELECT pg_sleep(0.01)"))

    changes = StoryChanges(body="Text typed while the server went down.\n")
    event.listen(pg_db.engine, "before_cursor_execute", cut_the_line)
    try:
        with pytest.raises(StorageError) as failed:
            save_story(pg_db, pg_staff.writer, story_id, before.version, changes)
    finally:
        event.remove(pg_db.engine, "before_cursor_execute", cut_the_line)
        admin.dispose()
    message = str(failed.value)
    assert message.startswith("The story was not saved: Cannot reach the PostgreSQL server")
    assert "Your text is still here" in message and "nothing was half-saved" in message
    after = get_story(pg_db, pg_staff.writer, story_id)  # the pool reconnects
    assert (after.body, after.version) == (before.body, before.version)
    saved = save_story(pg_db, pg_staff.writer, story_id, before.version, changes)  # the same save, again
    assert saved.version == before.version + 1
    assert get_story(pg_db, pg_staff.writer, story_id).body == "Text typed while the server went down.\n"


def test_listen_notify_feed(pg_db: Database, pg_staff: Staff, second_desk: Database) -> None:
    story_id = new_story(pg_db, pg_staff.writer)
    queries: list[str] = []
    event.listen(second_desk.engine, "before_cursor_execute", lambda *args: queries.append(args[2]))
    feed = ChangeFeed(second_desk, pg_staff.editor)
    try:
        queries.clear()
        assert feed.poll().empty and feed.poll().empty
        assert queries == []  # nothing committed: the socket was read, no query was sent
        save_story(pg_db, pg_staff.writer, story_id, version_of(pg_db, story_id), StoryChanges(deck="Fresh"))
        batch = feed.poll(wait=10)  # returns as soon as the notification arrives
        assert batch.stories == {story_id: {ChangeKind.STORY}}
        assert feed.poll().empty
        # the listening connection dies: the next poll reconnects and reads the table, missing nothing
        with pg_db.engine.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()"))
            conn.commit()
        save_story(pg_db, pg_staff.writer, story_id, version_of(pg_db, story_id), StoryChanges(deck="While deaf"))
        assert feed.poll().stories == {story_id: {ChangeKind.STORY}}
        save_story(pg_db, pg_staff.writer, story_id, version_of(pg_db, story_id), StoryChanges(deck="Heard again"))
        assert feed.poll(wait=10).story_ids == {story_id}
    finally:
        feed.close()


# --- sign-in --------------------------------------------------------------------------------------------
def _with_password(db: Database, admin: Any, username: str, password: str, role: Role = Role.WRITER) -> None:
    users.add_user(db, admin, username, username.capitalize(), role, password=password)


def test_sign_in_with_the_right_password(pg_db: Database, pg_staff: Staff) -> None:
    assert sign_in_required(pg_db)
    _with_password(pg_db, pg_staff.admin, "nora", "correct horse battery")
    actor = sign_in(pg_db, " Nora ", "correct horse battery")
    assert (actor.username, actor.role) == ("nora", Role.WRITER)
    with pg_db.session() as session:
        user = session.scalar(select(User).where(User.username == "nora"))
        assert user is not None and user.last_sign_in_at is not None


def test_a_wrong_password_and_an_unknown_name_read_the_same(pg_db: Database, pg_staff: Staff) -> None:
    _with_password(pg_db, pg_staff.admin, "nora", "correct horse battery")
    with pytest.raises(SignInError) as wrong:
        sign_in(pg_db, "nora", "correct horse")
    with pytest.raises(SignInError) as unknown:
        sign_in(pg_db, "nobody", "correct horse")
    assert wrong.value.message == unknown.value.message == "The user name or password is wrong."
    assert "correct horse" not in str(wrong.value)


def test_repeated_failures_pause_the_account_on_every_desk(pg_db: Database, pg_staff: Staff,
                                                           second_desk: Database) -> None:
    _with_password(pg_db, pg_staff.admin, "nora", "correct horse battery")
    now = datetime(2026, 10, 5, 10, 0, tzinfo=UTC)
    for attempt in range(1, MAX_FAILURES):
        desk = pg_db if attempt % 2 else second_desk
        with pytest.raises(SignInError) as refused:
            sign_in(desk, "nora", f"guess {attempt}", now=now)
        assert not isinstance(refused.value, TooManyAttemptsError)
    assert "after 1 more wrong password" in str(refused.value)
    with pytest.raises(TooManyAttemptsError, match=r"paused until 10:01 UTC \(about 1 minute\)"):
        sign_in(pg_db, "nora", "guess 5", now=now)
    # the right password during the pause is refused too, from the other desk as well
    with pytest.raises(TooManyAttemptsError):
        sign_in(second_desk, "nora", "correct horse battery", now=now + timedelta(seconds=30))
    # after the pause, another failure pauses it twice as long
    with pytest.raises(TooManyAttemptsError, match="about 2 minutes"):
        sign_in(pg_db, "nora", "guess 6", now=now + timedelta(minutes=2))
    # an admin's new password lifts the pause
    set_password(pg_db, pg_staff.admin, "nora", "a brand new passphrase")
    assert sign_in(pg_db, "nora", "a brand new passphrase", now=now + timedelta(minutes=3)).username == "nora"
    with pg_db.session() as session:
        user = session.scalar(select(User).where(User.username == "nora"))
        assert user is not None and user.failed_sign_ins == 0 and user.sign_in_blocked_until is None
        paused = session.scalars(select(AuditEvent.action).where(AuditEvent.action == "user.sign_in_paused")).all()
        assert len(paused) == 2


def test_a_success_clears_the_count(pg_db: Database, pg_staff: Staff) -> None:
    _with_password(pg_db, pg_staff.admin, "nora", "correct horse battery")
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(SignInError):
            sign_in(pg_db, "nora", "nope")
    sign_in(pg_db, "nora", "correct horse battery")
    for _ in range(MAX_FAILURES - 1):  # the count started again: no pause yet
        with pytest.raises(SignInError) as refused:
            sign_in(pg_db, "nora", "nope")
        assert not isinstance(refused.value, TooManyAttemptsError)


def test_a_deactivated_account_is_refused_but_only_with_its_password(pg_db: Database, pg_staff: Staff) -> None:
    _with_password(pg_db, pg_staff.admin, "nora", "correct horse battery")
    users.set_active(pg_db, pg_staff.admin, "nora", False)
    with pytest.raises(SignInError, match="user name or password is wrong"):
        sign_in(pg_db, "nora", "wrong guess")  # a stranger learns nothing about the account
    with pytest.raises(PermissionDeniedError, match="'nora' has been deactivated"):
        sign_in(pg_db, "nora", "correct horse battery")


def test_an_old_scrypt_hash_signs_in_and_is_replaced(pg_db: Database, pg_staff: Staff) -> None:
    users.add_user(pg_db, pg_staff.admin, "old.timer", "Old Timer", Role.EDITOR)
    with pg_db.session() as session:
        session.execute(update(User).where(User.username == "old.timer").values(
            password_hash=scrypt_hash("from the old days")))
    assert sign_in(pg_db, "old.timer", "from the old days").role is Role.EDITOR
    with pg_db.session() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "old.timer"))
    assert stored is not None and stored.startswith("$argon2id$")
    assert sign_in(pg_db, "old.timer", "from the old days").username == "old.timer"


def test_an_account_without_a_password_cannot_sign_in(pg_db: Database, pg_staff: Staff) -> None:
    with pytest.raises(SignInError, match="wrong"):
        sign_in(pg_db, "wendy", "")


# --- the schema -----------------------------------------------------------------------------------------
def test_models_match_the_migrated_postgresql_schema(pg_db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from editor_app.storage.models import Base

    with pg_db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert [d for d in diff if "article_fts" not in str(d)] == []


def test_postgresql_refuses_to_change_the_trail(pg_db: Database, pg_staff: Staff) -> None:
    story_id = new_story(pg_db, pg_staff.writer)
    with pytest.raises(StorageError, match="audit trail cannot be changed"), pg_db.session() as session:
        session.execute(update(AuditEvent).where(AuditEvent.article_id == story_id).values(user_name="Nobody"))
    with pytest.raises(StorageError, match="audit trail cannot be changed"), pg_db.session() as session:
        session.execute(text("DELETE FROM audit_event"))
    assert [e.user for e in story_trail(pg_db, pg_staff.admin, story_id)] == ["Wendy Writer"]
