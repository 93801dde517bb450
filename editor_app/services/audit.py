"""Write audit events: who did what, when. There is no service to edit or delete them.

The user's name is written with the event, so the trail still says who acted after an account is renamed
or removed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from editor_app.storage.models import AuditEvent, User, utcnow


def record(session: Session, user: User | None, action: str, article_id: int | None = None, *,
           at: datetime | None = None, **detail: Any) -> None:
    session.execute(insert(AuditEvent).values(
        user_id=user.id if user else None, user_name=user.display_name if user else "", action=action,
        article_id=article_id, detail=detail, at=at or utcnow()))
