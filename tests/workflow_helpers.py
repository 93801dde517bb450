"""A small newsroom staff (one account per role, two writers and two editors) and complete stories, for the
workflow tests."""

from __future__ import annotations

import io
from dataclasses import dataclass

from sqlalchemy import select

from editor_app.domain.bylines import Byline
from editor_app.domain.stories import Dateline
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Role, Status
from editor_app.services import users, vocab
from editor_app.services.actor import Actor
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_write import save_story
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, User
from tests.helpers import create_story, owner_of


@dataclass(frozen=True)
class Staff:
    writer: Actor
    writer2: Actor
    photo: Actor
    editor: Actor
    editor2: Actor
    admin: Actor

    def by_role(self, role: Role) -> Actor:
        return {Role.WRITER: self.writer, Role.PHOTO_DESK: self.photo, Role.EDITOR: self.editor,
                Role.ADMIN: self.admin}[role]


def add_staff(db: Database) -> Staff:
    """Accounts for every role (no passwords: hashing is slow and these tests do not sign in). The writers
    are contributors too, so a story can carry their byline."""
    admin = owner_of(db)
    made = {}
    for username, name, role in (("wendy", "Wendy Writer", Role.WRITER), ("walt", "Walt Writer", Role.WRITER),
                                 ("pat", "Pat Photo", Role.PHOTO_DESK), ("anna", "Anna Petrosyan", Role.EDITOR),
                                 ("eddie", "Eddie Editor", Role.EDITOR)):
        users.add_user(db, admin, username, name, role)
        made[username] = users.actor_for(db, username)
    with db.session() as session:
        for username in ("wendy", "walt"):
            contributor = vocab.add_contributor(session, made[username].display_name)
            contributor.user_id = made[username].user_id
    return Staff(writer=made["wendy"], writer2=made["walt"], photo=made["pat"], editor=made["anna"],
                 editor2=made["eddie"], admin=admin)


def complete_story(headline: str = "Council approves the new school budget", **fields: object) -> StoryChanges:
    """A story with nothing for the house-style checks to stop (a deck, a byline, a tagged dateline city)."""
    values: dict[str, object] = {
        "headline": headline, "deck": "Three new classrooms in Gyumri by spring", "section": "Community",
        "body": "The city council voted on Tuesday to fund three new classrooms.\n",
        "bylines": (Byline("Wendy Writer"),), "dateline": Dateline("Yerevan"), "cities": ("Yerevan",),
        "week": IsoWeek(2026, 40),
    }
    values.update(fields)
    return StoryChanges(**values)  # type: ignore[arg-type]


def new_story(db: Database, writer: Actor, changes: StoryChanges | None = None) -> int:
    story_id, _ = create_story(db, writer, changes or complete_story())
    return story_id


def version_of(db: Database, story_id: int) -> int:
    with db.session() as session:
        return session.get_one(Article, story_id).version


def status_of(db: Database, story_id: int) -> Status:
    with db.session() as session:
        return Status(session.get_one(Article, story_id, populate_existing=True).status)


def force_status(db: Database, actor: Actor, story_id: int, *path: Status) -> None:
    """Walk a story along `path` through save_story as `actor` (an admin may make every move)."""
    for target in path:
        note = "please rework the lead" if target is Status.CHANGES_REQUESTED else ""
        save_story(db, actor, story_id, version_of(db, story_id), StoryChanges(status=target), kind=None, note=note)


def assign(db: Database, story_id: int, actor: Actor) -> None:
    with db.session() as session:
        session.get_one(Article, story_id).assignee_id = actor.user_id


def user_row(db: Database, username: str) -> User:
    with db.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        assert user is not None
        return user


def png(color: tuple[int, int, int] = (200, 30, 30), size: tuple[int, int] = (64, 48)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()
