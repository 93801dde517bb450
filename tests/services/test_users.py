from __future__ import annotations

import pytest
from sqlalchemy import select

from editor_app.domain.errors import KnownError, NotFoundError, PermissionDeniedError, ValidationError
from editor_app.domain.passwords import verify_password
from editor_app.domain.workflow import Role
from editor_app.services import users
from editor_app.services.actor import Actor
from editor_app.services.identity import resolve_actor
from editor_app.storage.engine import Database
from editor_app.storage.models import AuditEvent, User


def test_profile_owner_is_a_stable_admin(db: Database) -> None:
    first = users.profile_owner(db)
    assert first.role is Role.ADMIN
    assert users.profile_owner(db) == first
    assert resolve_actor(db, None) == first


def test_admin_adds_staff_with_hashed_password(db: Database, owner: Actor) -> None:
    info = users.add_user(db, owner, "anna.k", "Anna K", Role.EDITOR, password="s3cret pass")
    assert info.has_password and info.role is Role.EDITOR
    with db.session() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "anna.k"))
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "user.add"))
    assert stored and "s3cret" not in stored and verify_password("s3cret pass", stored)
    assert event is not None and event.user_name == owner.display_name and event.detail["username"] == "anna.k"
    listed = users.list_users(db, owner)
    assert sorted(u.username for u in listed) == sorted(["anna.k", owner.username])


def test_bad_and_duplicate_names(db: Database, owner: Actor) -> None:
    with pytest.raises(ValidationError, match="not a valid user name"):
        users.add_user(db, owner, "Bad Name!", "x", Role.WRITER)
    users.add_user(db, owner, "sam", "Sam", Role.WRITER)
    with pytest.raises(ValidationError, match="already exists"):
        users.add_user(db, owner, "sam", "Sam", Role.WRITER)
    with pytest.raises(NotFoundError, match="nobody"):
        users.actor_for(db, "nobody")


def test_only_admins_manage_staff(db: Database, owner: Actor) -> None:
    users.add_user(db, owner, "ed", "Ed Itor", Role.EDITOR)
    editor = users.actor_for(db, "ed")
    with pytest.raises(PermissionDeniedError, match="Ed Itor"):
        users.add_user(db, editor, "x1", "X", Role.WRITER)
    with pytest.raises(PermissionDeniedError):
        users.set_active(db, editor, owner.username, False)
    assert [u.username for u in users.list_users(db, owner) if u.username == "x1"] == []


def test_nobody_adds_staff_without_an_admin_once_one_exists(db: Database, owner: Actor) -> None:
    with pytest.raises(PermissionDeniedError, match="needs an admin"):
        users.add_user(db, None, "sneaky", "Sneaky", Role.ADMIN)
    with pytest.raises(NotFoundError):
        users.actor_for(db, "sneaky")


def test_a_deactivated_account_stops_at_once(db: Database, owner: Actor) -> None:
    users.add_user(db, owner, "wendy", "Wendy Writer", Role.WRITER)
    wendy = users.actor_for(db, "wendy")  # resolved while still active
    assert users.list_users(db, wendy)
    users.set_active(db, owner, "wendy", False)
    with pytest.raises(PermissionDeniedError, match="deactivated"):
        users.list_users(db, wendy)  # the same Actor: the account is re-read, not trusted
    with pytest.raises(PermissionDeniedError, match="deactivated"):
        resolve_actor(db, "wendy")
    with pytest.raises(ValidationError, match="your own account"):
        users.set_active(db, owner, owner.username, False)
    users.set_active(db, owner, "wendy", True)
    assert users.list_users(db, wendy)


def test_a_changed_role_counts_at_once(db: Database, owner: Actor) -> None:
    users.add_user(db, owner, "ed", "Ed Itor", Role.ADMIN)
    ed = users.actor_for(db, "ed")
    users.add_user(db, ed, "ok1", "OK", Role.WRITER)
    with db.session() as session:
        row = session.scalar(select(User).where(User.username == "ed"))
        assert row is not None
        row.role = Role.WRITER.value
    with pytest.raises(PermissionDeniedError, match=r"\(writer\) may not manage staff"):
        users.add_user(db, ed, "no1", "No", Role.WRITER)  # ed's Actor still says admin


def test_a_shared_newsroom_never_invents_an_admin(pg_db: Database) -> None:
    with pytest.raises(KnownError, match="shared newsroom"):
        resolve_actor(pg_db, None)
    with pytest.raises(KnownError, match="single-desk"):
        users.profile_owner(pg_db)
    first = users.add_user(pg_db, None, "chief", "The Chief", Role.ADMIN)  # bootstrapping an empty newsroom
    assert first.role is Role.ADMIN
    with pytest.raises(PermissionDeniedError):
        users.add_user(pg_db, None, "second", "Second", Role.ADMIN)
    chief = resolve_actor(pg_db, "chief")
    users.add_user(pg_db, chief, "wendy", "Wendy", Role.WRITER)
    assert {u.username for u in users.list_users(pg_db, chief)} == {"chief", "wendy"}
