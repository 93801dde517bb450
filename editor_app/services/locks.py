"""Soft edit locks: "being edited by Anna since 10:42". One editing session holds a story; others read it.

The life of a lock, as the editor pane uses it:
- `open_for_editing(db, actor, id)` when a story is opened: the lock is yours (`editable`), or somebody
  else's (open read-only, show `banner()`; `may_take_over` says whether your role may take it).
- `heartbeat(db, actor, token)` every HEARTBEAT_EVERY (30 s). A holder who stops beating (crash, sleep,
  network gone) loses the lock after LOCK_TTL (90 s): it has *expired*, and anybody may open the story.
- `take_over(db, actor, id)`: an editor takes a live lock from its holder (audited).
- `release(db, actor, token)` when the story is closed.

The displaced holder is told on their next heartbeat or save: `heartbeat(…, unsaved=changes)` raises
LockLostError after keeping `unsaved` (their text not yet saved) as a revision of kind "takeover"; a save
through save_story raises LockedError and keeps the text as a "conflict" revision. Nothing typed is lost.

Locks never stop a status move (approve, schedule…): only changes to a story's words check them.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from editor_app.domain.errors import LockLostError, NotFoundError, PermissionDeniedError
from editor_app.domain.permissions import Action, allowed
from editor_app.domain.story_state import RevisionKind
from editor_app.domain.workflow import Role
from editor_app.services import audit
from editor_app.services.access import authorize, authorize_edit, current_user
from editor_app.services.actor import Actor
from editor_app.services.changes import ChangeKind, record_change
from editor_app.services.lock_records import HEARTBEAT_EVERY, LOCK_TTL, is_live, open_lock
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_records import load_article
from editor_app.services.story_write import keep_text
from editor_app.storage.engine import Database
from editor_app.storage.models import EditLock, User, utcnow

logger = logging.getLogger(__name__)

__all__ = ["HEARTBEAT_EVERY", "LOCK_TTL", "LockInfo", "LockOutcome", "heartbeat", "lock_of", "locks_for",
           "open_for_editing", "release", "take_over"]

KEEP_ENDED = timedelta(days=7)  # ended locks are kept this long (to tell a displaced holder who took over)


@dataclass(frozen=True)
class LockInfo:
    """A live lock as a desk shows it. `token` is only given to the lock's own holder."""

    story_id: int
    holder: str  # display name
    holder_username: str
    since: datetime
    heartbeat: datetime
    expires: datetime
    mine: bool
    token: str | None = None

    def banner(self, tz: tzinfo | None = None) -> str:
        """ "Being edited by Anna Petrosyan since 10:42" (local time unless `tz` says otherwise)."""
        since = self.since.astimezone(tz)
        return f"Being edited by {self.holder} since {since:%H:%M}"


@dataclass(frozen=True)
class LockOutcome:
    """What opening a story for editing gave: the lock (yours, or the holder's) and what you may do."""

    lock: LockInfo | None  # None only when the caller may not edit the story at all (read-only, no lock)
    editable: bool  # True: the lock is yours, edit away
    may_take_over: bool  # somebody else holds it and your role may take it over
    taken_from_expired: str = ""  # the holder whose expired lock you replaced (tell them nothing: they're gone)


def _info(lock: EditLock, username: str, mine: bool) -> LockInfo:
    return LockInfo(story_id=lock.article_id, holder=lock.user_name, holder_username=username,
                    since=lock.acquired_at, heartbeat=lock.heartbeat_at, expires=lock.heartbeat_at + LOCK_TTL,
                    mine=mine, token=lock.token if mine else None)


def _username(session: Session, lock: EditLock) -> str:
    holder = session.get(User, lock.user_id) if lock.user_id is not None else None
    return holder.username if holder is not None else ""


def _end(lock: EditLock, reason: str, by: str, now: datetime) -> None:
    lock.ended_at = now
    lock.ended_reason = reason
    lock.ended_by_name = by


def _new_lock(session: Session, user: User, story_id: int, now: datetime) -> EditLock:
    session.execute(delete(EditLock).where(EditLock.article_id == story_id, EditLock.ended_at.is_not(None),
                                           EditLock.ended_at < now - KEEP_ENDED))
    lock = EditLock(article_id=story_id, user_id=user.id, user_name=user.display_name, token=uuid.uuid4().hex,
                    acquired_at=now, heartbeat_at=now)
    session.add(lock)
    session.flush()
    record_change(session, story_id, ChangeKind.LOCK, now)
    return lock


def open_for_editing(db: Database, actor: Actor, story_id: int, *, now: datetime | None = None) -> LockOutcome:
    """Take the story's edit lock if it is free (or expired, or already yours); otherwise say who has it."""
    now = now or utcnow()
    with db.session(write=True) as session:
        user = current_user(session, actor)
        article = load_article(session, story_id, lock=True)
        try:
            authorize_edit(session, actor, article)
        except PermissionDeniedError:
            return LockOutcome(lock=None, editable=False, may_take_over=False)
        lock = open_lock(session, story_id, for_update=True)
        expired_holder = ""
        if lock is not None and is_live(lock, now):
            if lock.user_id == user.id:  # your own (another window, or a reopen): carry on with it
                lock.heartbeat_at = now
                return LockOutcome(_info(lock, user.username, mine=True), editable=True, may_take_over=False)
            may = allowed(Role(user.role), Action.EDIT_ANY)
            return LockOutcome(_info(lock, _username(session, lock), mine=False), editable=False,
                               may_take_over=may)
        if lock is not None:  # expired: its holder is told on their next heartbeat or save
            expired_holder = lock.user_name
            _end(lock, "expired", user.display_name, now)
            session.flush()
        mine = _new_lock(session, user, story_id, now)
        return LockOutcome(_info(mine, user.username, mine=True), editable=True, may_take_over=False,
                           taken_from_expired=expired_holder)


def take_over(db: Database, actor: Actor, story_id: int, *, now: datetime | None = None) -> LockInfo:
    """An editor takes the story's lock from whoever holds it; the holder is told on their next heartbeat
    or save, and their unsaved text is kept then. Audited as "lock.takeover"."""
    now = now or utcnow()
    with db.session(write=True) as session:
        user = current_user(session, actor)
        article = load_article(session, story_id, lock=True)
        authorize_edit(session, actor, article)
        lock = open_lock(session, story_id, for_update=True)
        if lock is not None and lock.user_id != user.id:
            if is_live(lock, now):
                authorize(session, actor, Action.EDIT_ANY)
                audit.record(session, user, "lock.takeover", story_id, at=now, taken_from=lock.user_name,
                             held_since=lock.acquired_at.isoformat())
            _end(lock, "taken_over" if is_live(lock, now) else "expired", user.display_name, now)
            session.flush()
        elif lock is not None:  # already yours
            lock.heartbeat_at = now
            return _info(lock, user.username, mine=True)
        return _info(_new_lock(session, user, story_id, now), user.username, mine=True)


def heartbeat(db: Database, actor: Actor, token: str, *, unsaved: StoryChanges | None = None,
              base_version: int | None = None, now: datetime | None = None) -> LockInfo:
    """Keep your lock alive. If it is gone (taken over, or expired and taken by somebody else), your
    `unsaved` text (what the editor has that is not saved yet) is kept as a revision and LockLostError says
    who has the story now. An expired lock nobody took is simply renewed."""
    now = now or utcnow()
    with db.session(write=True) as session:
        user = current_user(session, actor)
        lock = session.scalar(select(EditLock).where(EditLock.token == token))
        if lock is None:
            raise NotFoundError("This edit lock is not known (it was cleared long ago).",
                                hint="Reopen the story to edit it.")
        if lock.user_id != user.id:
            raise PermissionDeniedError("That edit lock belongs to somebody else.", hint="Reopen the story.")
        story_id = lock.article_id
        if lock.ended_at is None:
            current = open_lock(session, story_id, for_update=True)
            if current is not None and current.id == lock.id:
                lock.heartbeat_at = now  # live, or expired with nobody else in: carry on
                return _info(lock, user.username, mine=True)
        taken_by, reason, at = lock.ended_by_name, lock.ended_reason, lock.ended_at
    revision = None
    if unsaved is not None and unsaved.given():
        revision = keep_text(db, actor, story_id, base_version, unsaved, kind=RevisionKind.TAKEOVER,
                             note=f"unsaved when {taken_by or 'somebody'} took the story over")
    raise _lost(story_id, taken_by, reason, at, revision)


def _lost(story_id: int, taken_by: str, reason: str, at: datetime | None, revision: int | None) -> LockLostError:
    when = f" at {at:%H:%M} UTC" if at else ""
    how = "took over" if reason == "taken_over" else "opened" if reason == "expired" else "released"
    if reason == "expired":
        message = f"Your edit lock on story {story_id} expired, and {taken_by} opened the story{when}."
    elif reason == "released":
        message = f"Your edit lock on story {story_id} was released."
    else:
        message = f"{taken_by} {how} story {story_id}{when}; you can no longer edit it."
    kept = (f"Your unsaved text is kept as revision {revision} (takeover)." if revision is not None
            else "Anything you saved is in the story.")
    return LockLostError(message, hint=f"{kept} The story is read-only for you now; reopen it to see theirs.",
                         taken_by=taken_by, revision=revision)


def release(db: Database, actor: Actor, token: str, *, now: datetime | None = None) -> None:
    """Give the lock back (closing the story). Releasing a lock that is already gone is not an error."""
    now = now or utcnow()
    with db.session(write=True) as session:
        user = current_user(session, actor)
        lock = session.scalar(select(EditLock).where(EditLock.token == token))
        if lock is None or lock.ended_at is not None or lock.user_id != user.id:
            return
        _end(lock, "released", user.display_name, now)
        record_change(session, lock.article_id, ChangeKind.LOCK, now)


def lock_of(db: Database, actor: Actor, story_id: int, *, now: datetime | None = None) -> LockInfo | None:
    """The story's live lock, or None when nobody is editing it."""
    return locks_for(db, actor, [story_id], now=now).get(story_id)


def locks_for(db: Database, actor: Actor, story_ids: list[int], *,
              now: datetime | None = None) -> dict[int, LockInfo]:
    """Live locks of several stories at once (the list's "being edited" marks): one query."""
    now = now or utcnow()
    with db.session() as session:
        user = authorize(session, actor, Action.READ)
        rows = session.execute(
            select(EditLock, User.username).outerjoin(User, User.id == EditLock.user_id)
            .where(EditLock.article_id.in_(story_ids), EditLock.ended_at.is_(None),
                   EditLock.heartbeat_at > now - LOCK_TTL)).all()
        return {lock.article_id: _info(lock, username or "", mine=lock.user_id == user.id)
                for lock, username in rows}
