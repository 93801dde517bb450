"""Where a story stands, for a desk's header and its live refresh: status, correction, schedule, version,
and who touched it last. One short read (the story row, the newest revision and trail event, the live
edit lock), cheap enough to ask whenever the change feed says a colleague changed the open story.

"Who changed it" is a best guess for a sentence ("changed by Anna Petrosyan"): the holder of the live edit
lock (autosaves within a checkpoint window write no revision, so the lock names the one typing), else the
author of the newest revision or trail event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from editor_app.domain.permissions import Action
from editor_app.domain.workflow import Correction, Status
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.lock_records import live_lock
from editor_app.services.story_records import load_article
from editor_app.storage.engine import Database
from editor_app.storage.models import AuditEvent, Revision, utcnow


@dataclass(frozen=True)
class StoryStanding:
    id: int
    version: int
    status: Status
    correction: Correction
    scheduled: datetime | None
    published: datetime | None
    changed_by: str  # "" when nobody can be named
    changed_at: datetime | None
    editing: str = ""  # who holds the live edit lock ("" when nobody does)
    editing_is_me: bool = False


def story_standing(db: Database, actor: Actor, story_id: int) -> StoryStanding:
    """The story's workflow state and its last changer (see the module docstring)."""
    with db.session() as session:
        user = authorize(session, actor, Action.READ)
        article = load_article(session, story_id)
        revision = session.execute(
            select(Revision.author_name, Revision.created_at).where(Revision.article_id == story_id)
            .order_by(Revision.number.desc()).limit(1)).first()
        event = session.execute(
            select(AuditEvent.user_name, AuditEvent.at).where(AuditEvent.article_id == story_id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(1)).first()
        lock = live_lock(session, story_id, utcnow())
        candidates = [(row[1], row[0]) for row in (revision, event) if row is not None and row[0]]
        changed_at, changed_by = max(candidates, key=lambda c: c[0]) if candidates else (None, "")
        editing = lock.user_name if lock is not None else ""
        mine = lock is not None and lock.user_id == user.id
        if editing and not mine:
            changed_by = editing
        return StoryStanding(id=article.id, version=article.version, status=Status(article.status),
                             correction=Correction(article.correction), scheduled=article.scheduled_at,
                             published=article.published_at, changed_by=changed_by, changed_at=changed_at,
                             editing=editing, editing_is_me=mine)
