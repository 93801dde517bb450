from __future__ import annotations

import pytest
from sqlalchemy import select

from editor_app.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from editor_app.domain.workflow import Role
from editor_app.services import users
from editor_app.services.actor import Actor
from editor_app.storage.engine import Database
from editor_app.storage.models import AuditEvent, User


def test_profile_owner_is_a_stable_admin(db: Database) -> None:
    first = users.profile_owner(db)
    assert first.role is Role.ADMIN
    assert users.profile_owner(db) == first


def test_admin_adds_staff_with_hashed_password(db: Database, owner: Actor) -> None:
    info = users.add_user(db, owner, "anna.k", "Anna K", Role.EDITOR, password="s3cret pass")
    assert info.has_password and info.role is Role.EDITOR
    with db.session() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == "anna.k"))
        assert stored and "s3cret" not in stored
        assert session.scalar(select(AuditEvent.action).where(AuditEvent.action == "user.add")) == "user.add"
    assert [u.username for u in users.list_users(db)] == ["anna.k", owner.username] or len(users.list_users(db)) == 2


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
