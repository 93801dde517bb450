"""Permission checks: every service asks here before it reads or writes, with the user re-read from the
database inside the service's own transaction, so a deactivated account or a changed role counts at once."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session

from editor_app.domain.errors import PermissionDeniedError
from editor_app.domain.permissions import Action, allowed, may_edit, roles_allowed
from editor_app.domain.workflow import Role
from editor_app.services.actor import Actor
from editor_app.storage.models import User


def current_user(session: Session, actor: Actor) -> User:
    """The acting user as the database has it now; refused when the account is gone or deactivated."""
    user = session.get(User, actor.user_id, populate_existing=True)
    if user is None:
        raise PermissionDeniedError(f"The staff account '{actor.username}' no longer exists.",
                                    hint="Sign in with another account, or ask an admin.")
    if not user.active:
        raise PermissionDeniedError(f"The staff account '{user.username}' has been deactivated.",
                                    hint="Ask an admin to reactivate it; nothing was changed.")
    return user


def _refusal(user: User, what: str, roles: list[Role]) -> PermissionDeniedError:
    role = Role(user.role)
    allowed_roles = ", ".join(r.label.lower() for r in roles) or "nobody"
    return PermissionDeniedError(f"{user.display_name} ({role.label.lower()}) may not {what}.",
                                 hint=f"Only these roles may: {allowed_roles}. Nothing was changed.")


def authorize(session: Session, actor: Actor, action: Action) -> User:
    """The acting user, when the permission table lets their role take `action`."""
    user = current_user(session, actor)
    if not allowed(Role(user.role), action):
        raise _refusal(user, action.phrase, roles_allowed(action))
    return user


class OwnedStory(Protocol):
    """What deciding about editing needs to know of a story."""

    @property
    def headline(self) -> str: ...

    @property
    def created_by_id(self) -> int | None: ...

    @property
    def assignee_id(self) -> int | None: ...


def is_own(user: User, story: OwnedStory) -> bool:
    """A story is one's own when one created it or it is assigned to one."""
    return user.id in (story.created_by_id, story.assignee_id)


def check_edit(user: User, story: OwnedStory) -> None:
    """Refuse unless `user` (already re-read) may edit `story`: anybody's, or their own."""
    if not may_edit(Role(user.role), own=is_own(user, story)):
        raise _refusal(user, f"edit the story “{story.headline}”", roles_allowed(Action.EDIT_ANY))


def authorize_edit(session: Session, actor: Actor, story: OwnedStory) -> User:
    """The acting user, when they may edit `story`."""
    user = current_user(session, actor)
    check_edit(user, story)
    return user
