"""Staff accounts: add, list, and the profile owner who acts in an embedded (single-desk) profile."""

from __future__ import annotations

import getpass
import re
from dataclasses import dataclass

from sqlalchemy import select

from editor_app.domain.errors import NotFoundError, ValidationError
from editor_app.domain.passwords import hash_password
from editor_app.domain.workflow import Role
from editor_app.services import audit
from editor_app.services.actor import Actor
from editor_app.storage.engine import Database
from editor_app.storage.models import User

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


def _actor(user: User) -> Actor:
    return Actor(user.id, user.username, user.display_name, Role(user.role))


def add_user(db: Database, actor: Actor | None, username: str, display_name: str, role: Role,
             password: str | None = None, email: str = "") -> UserInfo:
    """Create a staff account. Only admins may (None = the installer bootstrapping an empty profile)."""
    if actor is not None:
        actor.require(Role.ADMIN, action="manage staff accounts")
    if not _USERNAME_RE.match(username):
        raise ValidationError(
            f"'{username}' is not a valid user name.",
            hint="Use 2-60 lower-case letters, digits, dots, dashes or underscores.",
        )
    with db.session() as session:
        if session.scalar(select(User).where(User.username == username)) is not None:
            raise ValidationError(f"A staff account named '{username}' already exists.")
        user = User(username=username, display_name=display_name.strip() or username, role=role.value,
                    email=email, password_hash=hash_password(password) if password else None)
        session.add(user)
        session.flush()
        audit.record(session, actor, "user.add", username=username, role=role.value)
        return _info(user)


def list_users(db: Database) -> list[UserInfo]:
    with db.session() as session:
        return [_info(u) for u in session.scalars(select(User).order_by(User.role, User.username))]


def actor_for(db: Database, username: str) -> Actor:
    with db.session() as session:
        user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
        if user is None:
            raise NotFoundError(f"There is no active staff account named '{username}'.",
                                hint="`editor-app users list` shows the accounts.")
        return _actor(user)


def profile_owner(db: Database) -> Actor:
    """The admin who owns an embedded profile: the first admin, created for the OS user if none exists."""
    with db.session() as session:
        user = session.scalar(
            select(User).where(User.role == Role.ADMIN.value, User.active.is_(True)).order_by(User.id)
        )
        if user is None:
            login = re.sub(r"[^a-z0-9._-]", "", getpass.getuser().lower()) or "owner"
            login = login if len(login) >= 2 else f"{login}-owner"
            user = session.scalar(select(User).where(User.username == login))
            if user is None:
                user = User(username=login, display_name=login.capitalize(), role=Role.ADMIN.value)
                session.add(user)
            else:
                user.role = Role.ADMIN.value
            session.flush()
        return _actor(user)
