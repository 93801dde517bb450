"""The audit trail: who did what, when. Services write events with `record`; clients read them with
`story_trail` and `recent_events`. There is no way to change or delete an event: no service offers one, and
database triggers (migration 0006) refuse it.

The user's name is written with the event, so the trail still says who acted after an account is renamed
or removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from editor_app.domain.permissions import Action
from editor_app.domain.workflow import Status
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.storage.engine import Database
from editor_app.storage.models import AuditEvent, User, utcnow


def record(session: Session, user: User | None, action: str, article_id: int | None = None, *,
           at: datetime | None = None, **detail: Any) -> None:
    session.execute(insert(AuditEvent).values(
        user_id=user.id if user else None, user_name=user.display_name if user else "", action=action,
        article_id=article_id, detail=detail, at=at or utcnow()))


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    user: str  # the name the account had when it acted
    action: str  # "story.transition", "story.correction_approved", "lock.takeover", …
    detail: dict[str, Any]
    story_id: int | None

    @property
    def summary(self) -> str:
        """The event as a phrase after the user's name: "moved it from submitted to approved"."""
        return describe(self.action, self.detail)


def _label(status: object) -> str:
    try:
        return Status(str(status)).label.lower()
    except ValueError:
        return str(status)


def describe(action: str, detail: dict[str, Any]) -> str:
    """A plain phrase for an event (the UI's trail panel); unknown actions read as their name."""
    if action == "story.transition":
        phrase = f"moved it from {_label(detail.get('from'))} to {_label(detail.get('to'))}"
        return phrase + (f": “{detail['note']}”" if detail.get("note") else "")
    if action == "lock.takeover":
        return f"took over editing from {detail.get('taken_from', 'somebody')}"
    fixed = {
        "story.create": f"created it ({_label(detail.get('status', 'draft'))})",
        "story.save": f"saved it (version {detail.get('version', '?')})",
        "story.restore": f"restored an earlier revision (version {detail.get('version', '?')})",
        "story.import": f"updated it from a story file (version {detail.get('version', '?')})",
        "story.correction": "edited it after publication: a correction awaits approval",
        "story.correction_approved": "approved the correction",
        "story.republish": "published the correction",
        "note.resolve": "resolved a note",
        "note.reopen": "reopened a note",
    }
    return fixed.get(action, action.replace(".", " ").replace("_", " "))


def _entry(event: AuditEvent) -> AuditEntry:
    return AuditEntry(event.at, event.user_name, event.action, dict(event.detail or {}), event.article_id)


def story_trail(db: Database, actor: Actor, story_id: int) -> list[AuditEntry]:
    """Everything that happened to a story, oldest first."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return [_entry(e) for e in session.scalars(select(AuditEvent).where(AuditEvent.article_id == story_id)
                                                   .order_by(AuditEvent.at, AuditEvent.id))]


def recent_events(db: Database, actor: Actor, *, limit: int = 200, action_prefix: str = "") -> list[AuditEntry]:
    """The newest events of the whole newsroom, newest first (e.g. `action_prefix="user."` for account
    changes). Admins only: it shows sign-ins and account changes too."""
    with db.session() as session:
        authorize(session, actor, Action.MANAGE_STAFF)
        query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
        if action_prefix:
            query = query.where(AuditEvent.action.startswith(action_prefix))
        return [_entry(e) for e in session.scalars(query)]
