"""Small helpers the tests share: add a story through the one write path, place a photo."""

from __future__ import annotations

from dataclasses import dataclass

from editor_app.domain.workflow import Role
from editor_app.services.actor import Actor
from editor_app.services.story_changes import PhotoPlacement, PhotoUpload, StoryChanges
from editor_app.services.story_write import save_story
from editor_app.storage.engine import Database


def create_story(db: Database, actor: Actor, changes: StoryChanges, *, create_missing: bool = False) -> tuple[int, str]:
    """A new story through save_story; returns (id, slug)."""
    result = save_story(db, actor, None, None, changes, create_missing=create_missing)
    return result.id, result.slug


def photo(data: bytes, filename: str, *, role: str = "inline", ref: str = "", caption: str = "", credit: str = "",
          alt: str = "", photographer: str = "") -> PhotoPlacement:
    """New photo bytes placed in a story (the way an import brings them)."""
    upload = PhotoUpload(data, filename, caption=caption, credit=credit, alt=alt, photographer=photographer)
    return PhotoPlacement(upload=upload, role=role, ref=ref)


def owner_of(db: Database) -> Actor:
    """An admin to act as: the embedded profile's owner, or (PostgreSQL) the newsroom's first admin."""
    from editor_app.services import users
    from editor_app.services.identity import is_embedded

    if is_embedded(db):
        return users.profile_owner(db)
    admins = [u for u in _all_users(db) if u.role is Role.ADMIN and u.active]
    if not admins:
        users.add_user(db, None, "test-admin", "Test Admin", Role.ADMIN)
        return users.actor_for(db, "test-admin")
    return users.actor_for(db, admins[0].username)


def _all_users(db: Database) -> list[UserRow]:
    from sqlalchemy import select

    from editor_app.storage.models import User

    with db.session() as session:
        return [UserRow(u.username, Role(u.role), u.active) for u in session.scalars(select(User))]


@dataclass(frozen=True)
class UserRow:
    username: str
    role: Role
    active: bool
