"""Staff accounts: add, list, rename, deactivate, remove. Managing staff is an admin's action in the
permission table. An account with any history (stories, revisions, notes, audit events, locks) cannot be
removed, only deactivated: the history keeps the names it was written with either way.

The very first admin of a shared newsroom has nobody to act for them: `add_user(actor=None, role=admin)` is
allowed only while the newsroom has no active admin at all (the installer bootstrapping it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from editor_app.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from editor_app.domain.passwords import MIN_LENGTH, hash_password
from editor_app.domain.permissions import Action
from editor_app.domain.workflow import Role
from editor_app.services import audit
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.identity import actor_for, profile_owner  # re-exported: callers find them here
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, AuditEvent, EditLock, Note, Revision, User

__all__ = ["UserInfo", "actor_for", "add_user", "has_history", "list_users", "profile_owner", "remove_user",
           "rename_user", "set_active"]

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
    if password is not None and len(password) < MIN_LENGTH:
        raise ValidationError(f"The password is too short ({len(password)} characters).",
                              hint=f"Use at least {MIN_LENGTH} characters.")
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


def _account(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFoundError(f"There is no staff account named '{username}'.",
                            hint="`editor-app users list` shows the accounts.")
    return user


def rename_user(db: Database, actor: Actor, username: str, display_name: str) -> UserInfo:
    """Change how an account's name is shown from now on; the trail, notes and revisions keep the name they
    were written with."""
    name = display_name.strip()
    if not name:
        raise ValidationError("The new name is empty.", hint="Give the name to show, e.g. “Anna Petrosyan”.")
    with db.session(write=True) as session:
        by = authorize(session, actor, Action.MANAGE_STAFF)
        user = _account(session, username)
        old = user.display_name
        user.display_name = name
        audit.record(session, by, "user.rename", username=username, old=old, new=name)
        return _info(user)


def has_history(session: Session, user_id: int) -> bool:
    """True when anything in the newsroom was done by, or is held by, the account."""
    checks = (
        exists().where(AuditEvent.user_id == user_id),
        exists().where(Revision.author_id == user_id),
        exists().where(Note.author_id == user_id),
        exists().where(or_(Article.created_by_id == user_id, Article.assignee_id == user_id)),
        exists().where(EditLock.user_id == user_id),
    )
    return any(session.scalar(select(check)) for check in checks)


def remove_user(db: Database, actor: Actor, username: str) -> None:
    """Delete an account that has done nothing yet (added by mistake). One with history is refused:
    deactivate it instead, so that its history stays attached to it."""
    with db.session(write=True) as session:
        by = authorize(session, actor, Action.MANAGE_STAFF)
        user = _account(session, username)
        if user.id == by.id:
            raise ValidationError("You cannot remove your own account.", hint="Ask another admin.")
        if has_history(session, user.id):
            raise ValidationError(f"The staff account '{username}' has history in the newsroom, so it cannot be "
                                  "removed.", hint=f"Deactivate it instead (`editor-app users deactivate {username}`):"
                                                   " it stops working at once and its history is kept.")
        session.delete(user)
        audit.record(session, by, "user.remove", username=username)
