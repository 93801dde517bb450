"""Edit-lock rows inside a transaction the caller holds (services.locks is the API; save_story asks here)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from editor_app.storage.models import EditLock

# A lock whose holder has not sent a heartbeat for this long is expired: anybody may take the story.
LOCK_TTL = timedelta(seconds=90)
# How often an editor should send one (a UI timer): well inside the TTL, so one missed beat does no harm.
HEARTBEAT_EVERY = timedelta(seconds=30)


def open_lock(session: Session, story_id: int, *, for_update: bool = False) -> EditLock | None:
    """The story's lock row that has not ended (it may have expired)."""
    query = select(EditLock).where(EditLock.article_id == story_id, EditLock.ended_at.is_(None))
    if for_update and session.get_bind().dialect.name != "sqlite":
        query = query.with_for_update()
    return session.scalar(query.execution_options(populate_existing=True))


def is_live(lock: EditLock, now: datetime) -> bool:
    return lock.ended_at is None and now - lock.heartbeat_at < LOCK_TTL


def live_lock(session: Session, story_id: int, now: datetime) -> EditLock | None:
    """The story's lock when somebody holds it now (not ended, not expired)."""
    lock = open_lock(session, story_id)
    return lock if lock is not None and is_live(lock, now) else None
