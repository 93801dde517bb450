"""Staff accounts: add, list, deactivate. Managing staff is an admin's action in the permission table.

The very first admin of a shared newsroom has nobody to act for them: `add_user(actor=None, role=admin)` is
allowed only while the newsroom has no active admin at all (the installer bootstrapping it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from editor_app.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from editor_app.domain.passwords import hash_password
from editor_app.domain.permissions import Action
from editor_app.domain.workflow import Role
from editor_app.services import audit
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.identity import actor_for, profile_owner  # re-exported: callers find them here
from editor_app.storage.engine import Database
from editor_app.storage.models import User

__all__ = ["UserInfo", "actor_for", "add_user", "list_users", "profile_owner", "set_active"]

_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    has_password: bool


def _info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.display_name, Role(user.role), user.active,
                    user.password_hash is not None)


def add_user(db: Database, actor: Actor | None, username: str, display_name: str, role: Role,
             password: str | None = None, email: str = "") -> UserInfo:
    """Create a staff account (admins only; see the module docstring for the first admin)."""
    if not _USERNAME_RE.match(username):
        raise ValidationError(f"'{username}' is not a valid user name.",
                              hint="Use 2-60 lower-case letters, digits, dots, dashes or underscores.")
    with db.session(write=True) as session:
        if actor is not None:
            by = authorize(session, actor, Action.MANAGE_STAFF)
        else:
            admins = select(User.id).where(User.role == Role.ADMIN.value, User.active.is_(True))
            if role is not Role.ADMIN or session.scalar(admins.limit(1)) is not None:
                raise PermissionDeniedError("Adding a staff account needs an admin to act (--as ADMIN).",
                                            hint="Only the newsroom's very first admin can be added without one.")
            by = None
        if session.scalar(select(User).where(User.username == username)) is not None:
            raise ValidationError(f"A staff account named '{username}' already exists.")
        user = User(username=username, display_name=display_name.strip() or username, role=role.value,
                    email=email, password_hash=hash_password(password) if password else None)
        session.add(user)
        session.flush()
        audit.record(session, by or user, "user.add", username=username, role=role.value)
        return _info(user)


def list_users(db: Database, actor: Actor) -> list[UserInfo]:
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return [_info(u) for u in session.scalars(select(User).order_by(User.role, User.username))]


def set_active(db: Database, actor: Actor, username: str, active: bool) -> UserInfo:
    """Deactivate (or reactivate) an account; it keeps its history and stops working at once."""
    with db.session(write=True) as session:
        by = authorize(session, actor, Action.MANAGE_STAFF)
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFoundError(f"There is no staff account named '{username}'.")
        if user.id == by.id and not active:
            raise ValidationError("You cannot deactivate your own account.", hint="Ask another admin.")
        user.active = active
        audit.record(session, by, "user.activate" if active else "user.deactivate", username=username)
        return _info(user)
