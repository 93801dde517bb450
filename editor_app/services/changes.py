"""Live refresh: which stories other desks changed since the last look, cheaply enough for a UI timer.

Every committed change to a story (its text or status through save_story, its notes, its edit lock) adds a
row to `newsroom_change`; the row id is the *token*. `changes_since(db, actor, token)` returns the stories
changed after a token and the newest token, one index range read.

`ChangeFeed` is what a timer polls every second or two. It asks the table only when a probe says that
something was committed: on SQLite `PRAGMA data_version` on a connection of its own (free: no I/O when
nothing changed), on PostgreSQL a `LISTEN newsroom_change` connection (an insert trigger sends NOTIFY; a
poll reads what is on the socket, ~1 ms, without a round trip). If the listening connection breaks, the
feed reconnects and reads the table, so a missed notification never loses a change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from editor_app.domain.permissions import Action
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.storage.engine import Database
from editor_app.storage.models import NewsroomChange, utcnow

logger = logging.getLogger(__name__)

KEEP_CHANGES = timedelta(days=2)  # older rows are pruned; a desk asleep for longer reloads everything
_PRUNE_EVERY = 256  # inserts between two prunes
_MAX_ROWS = 5000  # more changes than this since a token: reload everything instead
CHANNEL = "newsroom_change"
_DRAIN_SECONDS = 0.001


class ChangeKind(StrEnum):
    STORY = "story"  # text, status, schedule, bylines, tags, photos (anything through save_story)
    NOTES = "notes"  # a note added, answered or resolved
    LOCK = "lock"  # somebody started or stopped editing, or took the story over
    TOP_STORIES = "top_stories"  # a week's top stories were picked or reordered (no story id)


# built once: every save records a change, and making the statement costs more than running it
_RECORD = insert(NewsroomChange).returning(NewsroomChange.id)


def record_change(session: Session, story_id: int | None, kind: ChangeKind, now: datetime | None = None) -> None:
    """Note a change inside the caller's transaction (it becomes visible, and NOTIFY is sent, at commit)."""
    at = now or utcnow()
    row_id = session.execute(_RECORD, {"article_id": story_id, "kind": kind.value, "at": at}).scalar_one()
    if row_id % _PRUNE_EVERY == 0:
        session.execute(delete(NewsroomChange).where(NewsroomChange.at < at - KEEP_CHANGES))


@dataclass(frozen=True)
class ChangeBatch:
    """What changed after a token: story id -> the kinds of change. `reload_all` when the token was too old
    to tell (its rows were pruned, or there were too many): reload the whole list and the open story."""

    token: int
    stories: dict[int, frozenset[ChangeKind]] = field(default_factory=dict)
    reload_all: bool = False
    top_stories: bool = False  # a week's top stories changed

    @property
    def story_ids(self) -> frozenset[int]:
        return frozenset(self.stories)

    @property
    def empty(self) -> bool:
        return not self.stories and not self.reload_all and not self.top_stories


def current_token(db: Database, actor: Actor) -> int:
    """The newest token: start a feed here to hear only what happens from now on."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return _newest(session)


def _newest(session: Session) -> int:
    return int(session.scalar(select(func.max(NewsroomChange.id))) or 0)


def changes_since(db: Database, actor: Actor, token: int) -> ChangeBatch:
    """The stories changed after `token`, and the token to ask with next time."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        rows = session.execute(select(NewsroomChange.id, NewsroomChange.article_id, NewsroomChange.kind)
                               .where(NewsroomChange.id > token).order_by(NewsroomChange.id)
                               .limit(_MAX_ROWS + 1)).all()
        if not rows:
            return ChangeBatch(token=max(token, 0))
        oldest = session.scalar(select(func.min(NewsroomChange.id)))
        too_old = token > 0 and oldest is not None and token < oldest - 1
        if len(rows) > _MAX_ROWS or too_old:
            return ChangeBatch(token=_newest(session), reload_all=True)
    kinds: dict[int, set[ChangeKind]] = {}
    for _id, story_id, kind in rows:
        if story_id is not None:
            kinds.setdefault(story_id, set()).add(ChangeKind(kind))
    top_stories = any(kind == ChangeKind.TOP_STORIES for _id, _story, kind in rows)
    return ChangeBatch(token=rows[-1][0], stories={k: frozenset(v) for k, v in kinds.items()},
                       top_stories=top_stories)


class ChangeFeed:
    """A poller for one desk: `poll()` returns what changed since the last poll (see the module docstring).
    Not thread-safe: poll from one thread (the UI's database lane)."""

    def __init__(self, db: Database, actor: Actor, token: int | None = None) -> None:
        self.db = db
        self.actor = actor
        self.token = current_token(db, actor) if token is None else token
        self._probe: Any = None
        self._last_version: int | None = None
        self._open_probe()

    # --- the probe: has anything been committed since the last look? -----------------------------------
    def _open_probe(self) -> None:
        try:
            raw = self.db.engine.raw_connection()
            driver: Any = raw.driver_connection
            raw.detach()  # ours until close(), never handed back to the pool
            if self.db.dialect == "postgresql":
                driver.autocommit = True
                driver.execute(f"LISTEN {CHANNEL}")
            self._probe = driver
            self._last_version = self._data_version()
        except Exception as exc:  # a probe is an optimisation: without one, every poll reads the table
            logger.info("change feed without a probe (%s); polling the table", exc)
            self._probe = None

    def _data_version(self) -> int | None:
        if self.db.dialect != "sqlite" or self._probe is None:
            return None
        return int(self._probe.execute("PRAGMA data_version").fetchone()[0])

    def _something_changed(self, wait: float) -> bool:
        if self._probe is None:
            self._open_probe()
            return True  # reconnected (or could not): read the table to be sure nothing was missed
        try:
            if self.db.dialect == "sqlite":
                version = self._data_version()
                changed = version != self._last_version
                self._last_version = version
                return changed
            heard = self._drain()
            if not heard and wait > 0:
                heard = any(True for _ in self._probe.notifies(timeout=wait, stop_after=1))
                self._drain()
            return heard
        except Exception as exc:
            logger.info("change feed probe failed (%s); reconnecting", exc)
            self._close_probe()
            return True

    def _drain(self) -> bool:
        """Read every notification already on the socket (no round trip); True when there was any. (A
        timeout of exactly 0 would not notice a connection the server closed.)"""
        return sum(1 for _ in self._probe.notifies(timeout=_DRAIN_SECONDS)) > 0

    # --- the API --------------------------------------------------------------------------------------
    def poll(self, *, wait: float = 0) -> ChangeBatch:
        """What changed since the last poll (an empty batch, without a query, when nothing was committed).
        On PostgreSQL `wait` seconds may be spent waiting for a notification (a NOTIFY reaches the listener
        a moment after the commit); a UI timer polls with the default, 0."""
        if not self._something_changed(wait):
            return ChangeBatch(token=self.token)
        batch = changes_since(self.db, self.actor, self.token)
        self.token = batch.token
        return batch

    def close(self) -> None:
        self._close_probe()

    def _close_probe(self) -> None:
        probe, self._probe = self._probe, None
        if probe is not None:
            try:
                probe.close()
            except Exception as exc:  # already broken: nothing to release
                logger.debug("closing the change probe: %s", exc)

    def __enter__(self) -> ChangeFeed:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
