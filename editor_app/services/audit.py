"""Write audit events: who did what, when."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from editor_app.services.actor import Actor
from editor_app.storage.models import AuditEvent


def record(session: Session, actor: Actor | None, action: str, article_id: int | None = None,
           **detail: Any) -> None:
    session.add(AuditEvent(user_id=actor.user_id if actor else None, action=action,
                           article_id=article_id, detail=detail))
