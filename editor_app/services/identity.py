"""Who is acting, for the GUI and the CLI alike.

An embedded (SQLite) profile belongs to one person: without a name, its owner acts — an admin created for
the OS user on first use. A shared PostgreSQL newsroom always needs to be told who is there (`--as USER`
until sign-in arrives); it never invents an admin.
"""

from __future__ import annotations

import getpass
import re

from sqlalchemy import select

from editor_app.domain.errors import KnownError, NotFoundError, PermissionDeniedError
from editor_app.domain.workflow import Role
from editor_app.services.actor import Actor
from editor_app.storage.engine import Database
from editor_app.storage.models import User


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.username, user.display_name, Role(user.role))


def is_embedded(db: Database) -> bool:
    return db.dialect == "sqlite"


def resolve_actor(db: Database, username: str | None) -> Actor:
    """The staff member to act as: `username`, or the embedded profile's owner."""
    if username:
        return actor_for(db, username)
    if is_embedded(db):
        return profile_owner(db)
    raise KnownError(f"{db.description[:1].upper()}{db.description[1:]} is a shared newsroom: say who you are.",
                     hint="Add --as USER with your staff account (an admin creates accounts with "
                          "`editor-app users add`).")


def actor_for(db: Database, username: str) -> Actor:
    """An active staff account by its user name."""
    with db.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFoundError(f"There is no staff account named '{username}'.",
                                hint="`editor-app users list` shows the accounts.")
        if not user.active:
            raise PermissionDeniedError(f"The staff account '{username}' has been deactivated.",
                                        hint="Ask an admin to reactivate it.")
        return actor_of(user)


def profile_owner(db: Database) -> Actor:
    """The admin who owns an embedded profile: the first active admin, created for the OS user if none exists.
    Never for a shared newsroom."""
    if not is_embedded(db):
        raise KnownError("Only a single-desk (SQLite) profile has an automatic owner.",
                         hint="On a shared newsroom, act as your own staff account (--as USER).")
    with db.session(write=True) as session:
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
                user.active = True
            session.flush()
        return actor_of(user)
