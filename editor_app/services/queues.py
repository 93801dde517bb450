"""The workflow queues of the sidebar, with counts: what is waiting for whom.

- My drafts: drafts I wrote or am assigned.
- Awaiting review: submitted stories, and published stories with a correction awaiting approval.
- Changes requested: stories sent back to their writers.
- Approved, Scheduled: ready to go out.
- Published this week: published since Monday 00:00 (in the caller's time zone).

Who sees what: roles that may edit anybody's story (editors, admins) see the whole newsroom in "Awaiting
review" and "Changes requested"; everybody else sees their own stories there. Every count and page is read
from an index (migration 0006) without touching story rows: a few ms on 100,000 stories. The lists reuse the
story list's rows.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, union_all
from sqlalchemy.orm import Session

from editor_app.domain.permissions import Action, allowed
from editor_app.domain.stories import StoryRow
from editor_app.domain.workflow import Correction, Role, Status
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.story_list import PAGE_SIZE, load_rows
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, User


class Queue(StrEnum):
    MY_DRAFTS = "my_drafts"
    AWAITING_REVIEW = "awaiting_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHED_THIS_WEEK = "published_this_week"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Queue.MY_DRAFTS: "My drafts", Queue.AWAITING_REVIEW: "Awaiting review",
    Queue.CHANGES_REQUESTED: "Changes requested", Queue.APPROVED: "Approved", Queue.SCHEDULED: "Scheduled",
    Queue.PUBLISHED_THIS_WEEK: "Published this week",
}


def week_start(now: datetime) -> datetime:
    """Monday 00:00 of `now`'s ISO week, in `now`'s time zone."""
    monday = now - timedelta(days=now.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)


def _mine(user: User) -> ColumnElement[bool]:
    return or_(Article.created_by_id == user.id, Article.assignee_id == user.id)


def _branches(queue: Queue, user: User, now: datetime) -> list[ColumnElement[bool]]:
    """The queue as disjoint conditions, each answered from one index (an OR across two indexes would make
    SQLite read every story): their counts add up, their pages are merged."""
    everybody = allowed(Role(user.role), Action.EDIT_ANY)

    def scoped(condition: ColumnElement[bool]) -> ColumnElement[bool]:
        return condition if everybody else and_(condition, _mine(user))

    if queue is Queue.MY_DRAFTS:
        return [and_(Article.status == Status.DRAFT.value, _mine(user))]
    if queue is Queue.AWAITING_REVIEW:  # a pending correction only exists on a published story
        return [scoped(Article.status == Status.SUBMITTED.value),
                scoped(Article.correction == Correction.PENDING.value)]
    if queue is Queue.CHANGES_REQUESTED:
        return [scoped(Article.status == Status.CHANGES_REQUESTED.value)]
    if queue is Queue.APPROVED:
        return [Article.status == Status.APPROVED.value]
    if queue is Queue.SCHEDULED:
        return [Article.status == Status.SCHEDULED.value]
    return [and_(Article.status == Status.PUBLISHED.value, Article.published_at >= week_start(now))]


def _sort_key(queue: Queue) -> Any:
    if queue is Queue.SCHEDULED:
        return Article.scheduled_at
    if queue is Queue.PUBLISHED_THIS_WEEK:
        return Article.published_at
    return Article.updated_at


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now().astimezone()


def count_in(session: Session, user: User, now: datetime) -> dict[Queue, int]:
    return {queue: sum(session.scalar(select(func.count()).select_from(Article).where(branch)) or 0
                       for branch in _branches(queue, user, now))
            for queue in Queue}


def queue_counts(db: Database, actor: Actor, *, now: datetime | None = None) -> dict[Queue, int]:
    """How many stories each queue holds for the acting user (a few small counts over indexes)."""
    with db.session() as session:
        user = authorize(session, actor, Action.READ)
        return count_in(session, user, _now(now))


def queue_stories(db: Database, actor: Actor, queue: Queue, *, offset: int = 0, limit: int = PAGE_SIZE,
                  now: datetime | None = None) -> list[StoryRow]:
    """One page of a queue's stories (scheduled: soonest first; published: newest first; others: last changed
    first)."""
    key = _sort_key(queue)
    ascending = queue is Queue.SCHEDULED
    with db.session() as session:
        user = authorize(session, actor, Action.READ)
        parts = [select(Article.id.label("id"), key.label("key")).where(branch)
                 for branch in _branches(queue, user, _now(now))]
        rows = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
        order = (rows.c.key.asc(), rows.c.id.asc()) if ascending else (rows.c.key.desc(), rows.c.id.desc())
        ids = list(session.scalars(select(rows.c.id).order_by(*order).offset(offset).limit(limit)))
        return load_rows(session, ids)
