"""The one way a story changes: `save_story(db, actor, story_id, expected_version, changes)`.

The editor, autosave, import (new and --update), the workflow and the demo all come through here. Any
change to the story or to its bylines, cities or photos bumps its version. A save based on a version that
is no longer current never overwrites: it raises ConflictError and the losing text is kept as a revision
of kind "conflict". Permissions are checked from the one table, with the acting user re-read inside the
transaction.

The week: a story runs in the ISO week of its publication date, or of its schedule date while scheduled, on
the newsroom's calendar (its time zone); a draft keeps the week it was created in (or the one given).

Workflow hooks (issue 9): a change to the words of a story somebody else holds the edit lock on is refused
the same way (LockedError, text kept); editing a published story makes a pending correction
(domain.workflow.correction_after_save); every write notes a change for the other desks' live refresh
(services.changes); a server that goes away mid-save is said plainly, and the caller keeps the text.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from editor_app.domain.errors import (
    ConflictError,
    LockedError,
    PermissionDeniedError,
    StorageError,
    ValidationError,
)
from editor_app.domain.permissions import ARRIVAL, Action, allowed, move_action, roles_allowed
from editor_app.domain.story_state import RevisionKind, StoryState
from editor_app.domain.text import slugify
from editor_app.domain.workflow import NOTE_REQUIRED, Correction, Role, Status, correction_after_save
from editor_app.services import audit
from editor_app.services.access import authorize, authorize_edit, check_edit, current_user, is_own
from editor_app.services.actor import Actor
from editor_app.services.changes import ChangeKind, record_change
from editor_app.services.lock_records import live_lock
from editor_app.services.settings import read_settings
from editor_app.services.story_changes import Resolver, StoryChanges, next_state
from editor_app.services.story_records import StoryHead, insert_story, read_story, update_story
from editor_app.storage.engine import Database
from editor_app.storage.errors import ErrorKind, is_kind
from editor_app.storage.models import Article, Revision, User, utcnow

logger = logging.getLogger(__name__)

# Autosaves by the same person write one checkpoint revision per window; in between, the story's own row is
# the latest text (an autosave every few seconds must cost little more than the UPDATE itself).
AUTOSAVE_WINDOW = timedelta(minutes=10)
_CONTENT = ("headline", "deck", "slug", "body", "section", "dateline", "bylines", "cities", "photos", "scheduled",
            "week")


@dataclass(frozen=True)
class SaveResult:
    id: int
    slug: str
    version: int
    revision: int | None  # the revision written (or updated, for a coalesced autosave)
    changed: tuple[str, ...]  # the fields that changed; empty when the save changed nothing


class _StaleSaveError(Exception):
    """Raised inside the transaction; after the rollback the caller keeps the losing text as a revision."""

    def __init__(self, current_version: int | None) -> None:
        super().__init__("stale save")
        self.current_version = current_version


class _LockedSaveError(Exception):
    """Raised inside the transaction: somebody else holds the story's edit lock."""

    def __init__(self, holder: str, since: datetime) -> None:
        super().__init__("locked")
        self.holder = holder
        self.since = since


def save_story(db: Database, actor: Actor, story_id: int | None, expected_version: int | None,
               changes: StoryChanges, *, kind: RevisionKind | None = RevisionKind.SAVE, note: str = "",
               create_missing: bool = False) -> SaveResult:
    """Create (story_id None) or change a story in one transaction; see the module docstring."""
    try:
        with db.session(write=True) as session:
            return write_story(session, actor, story_id, expected_version, changes, kind=kind, note=note,
                               create_missing=create_missing)
    except _StaleSaveError as stale:
        assert story_id is not None and expected_version is not None
        number = keep_text(db, actor, story_id, expected_version, changes, create_missing=create_missing)
        now = f"version {stale.current_version}" if stale.current_version else "a newer version"
        raise ConflictError(
            f"Story {story_id} changed while you worked on it: your text was based on version {expected_version}, "
            f"the story is now at {now}.",
            hint=f"Nothing was overwritten. Your text is kept as revision {number} (conflict); "
                 "compare it with the current story and merge by hand.",
            current_version=stale.current_version, kept_revision=number,
        ) from None
    except _LockedSaveError as locked:
        assert story_id is not None
        number = keep_text(db, actor, story_id, expected_version, changes, create_missing=create_missing,
                           note=f"refused: {locked.holder} holds the edit lock")
        raise LockedError(
            f"{locked.holder} is editing story {story_id} (since {locked.since:%H:%M} UTC), so your changes were "
            "not saved.",
            hint=f"Your text is kept as revision {number} (conflict). Ask {locked.holder} to finish, or (editors) "
                 "take the story over.",
            holder=locked.holder, revision=number,
        ) from None
    except StorageError as exc:
        if is_kind(exc, ErrorKind.UNREACHABLE):
            raise StorageError(
                f"The story was not saved: {exc.message}",
                hint="Your text is still here and nothing was half-saved; save again when the server is back.",
            ) from exc
        raise


def write_story(session: Session, actor: Actor, story_id: int | None, expected_version: int | None,
                changes: StoryChanges, *, kind: RevisionKind | None = RevisionKind.SAVE, note: str = "",
                create_missing: bool = False, now: datetime | None = None) -> SaveResult:
    """`save_story` inside a transaction the caller holds (the demo seeds a whole newsroom in one)."""
    now = now or utcnow()
    if story_id is None:
        return _create(session, actor, changes, kind, note, create_missing, now)
    user = current_user(session, actor)
    head, current = read_story(session, story_id, lock=True)
    wanted = next_state(Resolver(session, user, create_missing, current), current, changes, now)
    if expected_version is None or head.version != expected_version:
        raise _StaleSaveError(head.version)
    changed = wanted.changed_fields(current)
    if not changed:
        return SaveResult(head.id, head.slug, head.version, None, ())
    _check_change(user, head, current, wanted, note)
    _check_lock(session, user, head, changed, now)
    wanted = wanted.with_fields(slug=_settled_slug(session, head, wanted, changes))
    changed = wanted.changed_fields(current)
    published_at = head.published_at or (now if wanted.status is Status.PUBLISHED else None)
    wanted = _on_calendar(session, current, wanted, published_at, now)
    changed = wanted.changed_fields(current)
    correction = correction_after_save(current.status, wanted.status, head.correction, changed)
    try:
        saved = update_story(session, head, current, wanted, now=now, published_at=published_at,
                             correction=correction)
    except IntegrityError as exc:
        raise _explain_integrity(exc, wanted) from exc
    if saved is None:
        raise _StaleSaveError(None)
    number = _revision(session, saved.id, wanted, kind, user, expected_version, note, now)
    _audit(session, user, saved, current, wanted, kind, note, now)
    if correction is Correction.PENDING and head.correction is not Correction.PENDING:
        audit.record(session, user, "story.correction", saved.id, at=now, version=saved.version)
    record_change(session, saved.id, ChangeKind.STORY, now)
    return SaveResult(saved.id, saved.slug, saved.version, number, tuple(changed))


def _create(session: Session, actor: Actor, changes: StoryChanges, kind: RevisionKind | None, note: str,
            create_missing: bool, now: datetime) -> SaveResult:
    user = authorize(session, actor, Action.CREATE)
    blank = StoryState(headline="", section=None)
    wanted = next_state(Resolver(session, user, create_missing), blank, changes, now)
    if not wanted.headline:
        raise ValidationError("The story has no headline.", hint="Write a headline first.")
    if wanted.section is None:
        raise ValidationError("The story has no section.", hint="Choose the section it runs in.")
    arrival = ARRIVAL[wanted.status]
    if not allowed(Role(user.role), arrival):
        raise PermissionDeniedError(
            f"{user.display_name} ({Role(user.role).label.lower()}) may not add a story as "
            f"{wanted.status.label.lower()}.",
            hint=f"Only these roles may: {', '.join(r.label.lower() for r in roles_allowed(arrival))}. "
                 "Add it as a draft and submit it for review.")
    wanted = wanted.with_fields(slug=_new_slug(session, wanted))
    published_at = now if wanted.status is Status.PUBLISHED else None
    wanted = _on_calendar(session, None, wanted, published_at, now)
    try:
        head = insert_story(session, wanted, created_by=user.id, now=now, published_at=published_at)
    except IntegrityError as exc:
        raise _explain_integrity(exc, wanted) from exc
    number = _revision(session, head.id, wanted, kind, user, None, note or "created", now)
    audit.record(session, user, "story.create", head.id, at=now, status=wanted.status.value)
    record_change(session, head.id, ChangeKind.STORY, now)
    return SaveResult(head.id, head.slug, head.version, number, tuple(_CONTENT))


def _on_calendar(session: Session, current: StoryState | None, wanted: StoryState, published_at: datetime | None,
                 now: datetime) -> StoryState:
    """The week the story runs in: its publication's when it goes out, its schedule's when it is scheduled (or
    rescheduled), the creation's for a new story given none; otherwise the week it has. The newsroom's time zone
    decides where a week starts (read only when a week is set: an autosave does not pay for it)."""
    moment: datetime | None = None
    if wanted.status is Status.PUBLISHED and published_at is not None and (
            current is None or current.status is not Status.PUBLISHED):
        moment = published_at
    elif wanted.status is Status.SCHEDULED and wanted.scheduled is not None and (
            current is None or current.status is not Status.SCHEDULED or current.scheduled != wanted.scheduled):
        moment = wanted.scheduled
    elif wanted.week is None:
        moment = now
    if moment is None:
        return wanted
    return wanted.with_fields(week=read_settings(session).week_of(moment))


def _check_change(user: User, head: StoryHead, current: StoryState, wanted: StoryState, note: str) -> None:
    """Editing needs edit rights on this story; a move needs the action it stands for (and maybe a note)."""
    if any(name in _CONTENT for name in wanted.changed_fields(current)):
        check_edit(user, head)
    if wanted.status is current.status:
        return
    action = move_action(current.status, wanted.status)
    if action is None:
        raise ValidationError(f"A story cannot go from {current.status.label.lower()} to "
                              f"{wanted.status.label.lower()}.", hint="Nothing was changed.")
    role = Role(user.role)
    own_or_any = allowed(role, Action.EDIT_ANY) or is_own(user, head)
    if allowed(role, action) and action is Action.SUBMIT and not own_or_any:
        raise PermissionDeniedError(
            f"{user.display_name} ({role.label.lower()}) may submit only their own stories, and "
            f"“{head.headline}” is somebody else's.",
            hint="Its writer or an editor can submit it. Nothing was changed.")
    if not allowed(role, action):
        raise PermissionDeniedError(
            f"{user.display_name} ({role.label.lower()}) may not {action.phrase} "
            f"(“{head.headline}” is {current.status.label.lower()}).",
            hint=f"Only these roles may: {', '.join(r.label.lower() for r in roles_allowed(action))}. "
                 "Nothing was changed.")
    if (current.status, wanted.status) in NOTE_REQUIRED and not note.strip():
        raise ValidationError(f"Moving a story to {wanted.status.label.lower()} needs a note saying why.",
                              hint="Write what should change; nothing was changed yet.")


def _check_lock(session: Session, user: User, head: StoryHead, changed: list[str], now: datetime) -> None:
    """Words (not a status move) may not change while somebody else holds the story's edit lock."""
    if not any(name in _CONTENT for name in changed):
        return
    lock = live_lock(session, head.id, now)
    if lock is not None and lock.user_id != user.id:
        raise _LockedSaveError(lock.user_name, lock.acquired_at)


def _slug_taken(session: Session, slug: str, story_id: int | None) -> bool:
    query = select(Article.id).where(Article.slug == slug)
    if story_id is not None:
        query = query.where(Article.id != story_id)
    return session.scalar(query.limit(1)) is not None


def unique_slug(session: Session, wanted: str, story_id: int | None = None) -> str:
    """A free slug made from `wanted`: "x", else "x-2", "x-3", …"""
    base = slugify(wanted)
    if not _slug_taken(session, base, story_id):
        return base
    n = 2
    while _slug_taken(session, f"{base}-{n}", story_id):
        n += 1
    return f"{base}-{n}"


def _checked_slug(session: Session, slug: str, story_id: int | None) -> str:
    clean = slugify(slug)
    if _slug_taken(session, clean, story_id):
        raise ValidationError(f"Another story already uses the slug '{clean}'.",
                              hint="Change the slug, or clear it to have a free one made from the headline.")
    return clean


def _new_slug(session: Session, wanted: StoryState) -> str:
    return _checked_slug(session, wanted.slug, None) if wanted.slug else unique_slug(session, wanted.headline)


def _settled_slug(session: Session, head: StoryHead, wanted: StoryState, changes: StoryChanges) -> str:
    """A typed slug is checked; an empty one follows the headline — unless the story has been published,
    whose address never changes by itself."""
    if not isinstance(changes.slug, str):
        return head.slug
    if changes.slug.strip():
        return head.slug if slugify(changes.slug) == head.slug else _checked_slug(session, changes.slug, head.id)
    if head.published_at is not None:
        return head.slug
    return unique_slug(session, wanted.headline, head.id)


_LATEST_REVISION = (select(Revision.id, Revision.number, Revision.kind, Revision.author_id, Revision.created_at)
                    .where(Revision.article_id == bindparam("story_id")).order_by(Revision.number.desc()).limit(1))


def _revision(session: Session, story_id: int, state: StoryState, kind: RevisionKind | None, user: User,
              base_version: int | None, note: str, now: datetime) -> int | None:
    if kind is None:
        return None
    latest = session.execute(_LATEST_REVISION, {"story_id": story_id}).first()
    if (kind is RevisionKind.AUTOSAVE and latest is not None and latest.kind == RevisionKind.AUTOSAVE
            and latest.author_id == user.id and now - latest.created_at < AUTOSAVE_WINDOW):
        return None  # one checkpoint per window: the story's own row holds the latest words
    number = (latest.number if latest is not None else 0) + 1
    session.execute(insert(Revision).values(
        article_id=story_id, number=number, snapshot=state.to_snapshot(), kind=kind.value,
        base_version=base_version, author_id=user.id, author_name=user.display_name, created_at=now,
        note=note[:300]))
    return number


def _audit(session: Session, user: User, head: StoryHead, current: StoryState, wanted: StoryState,
           kind: RevisionKind | None, note: str, now: datetime) -> None:
    if wanted.status is not current.status:
        detail = {"from": current.status.value, "to": wanted.status.value} | ({"note": note} if note else {})
        audit.record(session, user, "story.transition", head.id, at=now, **detail)
    elif kind in (RevisionKind.SAVE, RevisionKind.RESTORE, RevisionKind.IMPORT):
        audit.record(session, user, f"story.{kind.value}", head.id, at=now, version=head.version)


def keep_text(db: Database, actor: Actor, story_id: int, base_version: int | None, changes: StoryChanges, *,
              kind: RevisionKind = RevisionKind.CONFLICT, note: str = "", create_missing: bool = False) -> int:
    """Keep text that could not be saved (a stale save, a lock held by somebody else, a lock taken over) as
    a revision of `kind`, in a transaction of its own, with the photos and names it needs so that it can be
    restored. Returns the revision's number. The story itself is not changed."""
    with db.session(write=True) as session:
        user = current_user(session, actor)
        # the row lock serialises revision numbers with concurrent saves (PostgreSQL; SQLite's write
        # transaction already does)
        _head, current = read_story(session, story_id, lock=True)
        wanted = next_state(Resolver(session, user, create_missing, current), current, changes, utcnow())
        number = (session.scalar(select(func.max(Revision.number)).where(Revision.article_id == story_id)) or 0) + 1
        session.add(Revision(article_id=story_id, number=number, snapshot=wanted.to_snapshot(),
                             kind=kind.value, base_version=base_version, author_id=user.id,
                             author_name=user.display_name,
                             note=(note or f"lost to a newer version (based on {base_version})")[:300]))
    logger.info("kept unsaved text of story %s by %s as revision %s (%s)", story_id, actor.username, number,
                kind.value)
    return number


def _explain_integrity(exc: IntegrityError, wanted: StoryState) -> Exception:
    if is_kind(exc, ErrorKind.UNIQUE):
        return ValidationError(f"Another story already uses the slug '{wanted.slug}'.",
                               hint="Change the slug and save again; your text is still here.")
    if is_kind(exc, ErrorKind.FOREIGN_KEY):
        return ConflictError("Something this story refers to (a section, city, contributor or photo) was "
                             "removed by someone else just now.", hint="Reload the story and save again.")
    return StorageError("The database refused the save.", hint="Nothing was changed; try again.")


def checkpoint(db: Database, actor: Actor, story_id: int, expected_version: int, *,
               kind: RevisionKind = RevisionKind.SAVE, note: str = "") -> int:
    """A revision of the story as it stands, without changing it: an explicit save after autosave had
    already written every word still leaves a "save" revision to go back to."""
    with db.session(write=True) as session:
        head, state = read_story(session, story_id, lock=True)
        user = authorize_edit(session, actor, head)
        if head.version != expected_version:
            raise ConflictError(f"Story {story_id} changed while you worked on it (now version {head.version}).",
                                hint="Reload the story; nothing was overwritten.", current_version=head.version)
        now = utcnow()
        number = _revision(session, head.id, state, kind, user, expected_version, note, now)
        _audit(session, user, head, state, state, kind, note, now)
        assert number is not None
        return number
