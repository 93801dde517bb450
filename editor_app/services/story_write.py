"""The one way a story changes: `save_story(db, actor, story_id, expected_version, changes)`.

The editor, autosave, import (new and --update), the workflow and the demo all come through here. Any
change to the story or to its bylines, cities or photos bumps its version. A save based on a version that
is no longer current never overwrites: it raises ConflictError and the losing text is kept as a revision
of kind "conflict". Permissions are checked from the one table, with the acting user re-read inside the
transaction.

Workflow hooks (issue 9): a change to the words of a story somebody else holds the edit lock on is refused
the same way (LockedError, text kept); editing a published story makes a pending correction
(domain.workflow.correction_after_save); every write notes a change for the other desks' live refresh
(services.changes); a server that goes away mid-save is said plainly, and the caller keeps the text.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

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
from editor_app.services.access import authorize, authorize_edit, current_user, is_own
from editor_app.services.actor import Actor
from editor_app.services.changes import ChangeKind, record_change
from editor_app.services.lock_records import live_lock
from editor_app.services.story_changes import Resolver, StoryChanges, next_state
from editor_app.services.story_records import load_article, state_of, write_state
from editor_app.storage.engine import Database
from editor_app.storage.errors import ErrorKind, is_kind
from editor_app.storage.models import Article, Revision, User, utcnow

logger = logging.getLogger(__name__)

# Autosaves by the same person within this window update one checkpoint instead of piling up.
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
    article = load_article(session, story_id, lock=True)
    current = state_of(article)
    wanted = next_state(Resolver(session, user, create_missing), current, changes, now)
    if expected_version is None or article.version != expected_version:
        raise _StaleSaveError(article.version)
    changed = wanted.changed_fields(current)
    if not changed:
        return SaveResult(article.id, article.slug, article.version, None, ())
    _check_change(session, actor, user, article, current, wanted, note)
    _check_lock(session, user, article, changed, now)
    wanted = wanted.with_fields(slug=_settled_slug(session, article, wanted, changes))
    changed = wanted.changed_fields(current)
    write_state(article, current, wanted)
    if wanted.status is Status.PUBLISHED and article.published_at is None:
        article.published_at = now
    correction = correction_after_save(current.status, wanted.status, Correction(article.correction), changed)
    opened_correction = correction is Correction.PENDING and article.correction != Correction.PENDING.value
    article.correction = correction.value
    article.updated_at = now  # always: the version bumps even when only bylines, cities or photos changed
    try:
        session.flush()
    except StaleDataError:
        raise _StaleSaveError(None) from None
    except IntegrityError as exc:
        raise _explain_integrity(exc, wanted) from exc
    number = _revision(session, article, wanted, kind, user, expected_version, note, now)
    _audit(session, user, article, current, wanted, kind, note, now)
    if opened_correction:
        audit.record(session, user, "story.correction", article.id, at=now, version=article.version)
    record_change(session, article.id, ChangeKind.STORY, now)
    return SaveResult(article.id, article.slug, article.version, number, tuple(changed))


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
    article = Article(created_by_id=user.id, assignee_id=user.id, created_at=now, updated_at=now, headline="",
                      slug="", week="")
    write_state(article, None, wanted)
    if wanted.status is Status.PUBLISHED:
        article.published_at = now
    session.add(article)
    try:
        session.flush()
    except IntegrityError as exc:
        raise _explain_integrity(exc, wanted) from exc
    number = _revision(session, article, wanted, kind, user, None, note or "created", now)
    audit.record(session, user, "story.create", article.id, at=now, status=wanted.status.value)
    record_change(session, article.id, ChangeKind.STORY, now)
    return SaveResult(article.id, article.slug, article.version, number, tuple(_CONTENT))


def _check_change(session: Session, actor: Actor, user: User, article: Article, current: StoryState,
                  wanted: StoryState, note: str) -> None:
    """Editing needs edit rights on this story; a move needs the action it stands for (and maybe a note)."""
    if any(name in _CONTENT for name in wanted.changed_fields(current)):
        authorize_edit(session, actor, article)
    if wanted.status is current.status:
        return
    action = move_action(current.status, wanted.status)
    if action is None:
        raise ValidationError(f"A story cannot go from {current.status.label.lower()} to "
                              f"{wanted.status.label.lower()}.", hint="Nothing was changed.")
    role = Role(user.role)
    own_or_any = allowed(role, Action.EDIT_ANY) or is_own(user, article)
    if allowed(role, action) and action is Action.SUBMIT and not own_or_any:
        raise PermissionDeniedError(
            f"{user.display_name} ({role.label.lower()}) may submit only their own stories, and "
            f"“{article.headline}” is somebody else's.",
            hint="Its writer or an editor can submit it. Nothing was changed.")
    if not allowed(role, action):
        raise PermissionDeniedError(
            f"{user.display_name} ({role.label.lower()}) may not {action.phrase} "
            f"(“{article.headline}” is {current.status.label.lower()}).",
            hint=f"Only these roles may: {', '.join(r.label.lower() for r in roles_allowed(action))}. "
                 "Nothing was changed.")
    if (current.status, wanted.status) in NOTE_REQUIRED and not note.strip():
        raise ValidationError(f"Moving a story to {wanted.status.label.lower()} needs a note saying why.",
                              hint="Write what should change; nothing was changed yet.")


def _check_lock(session: Session, user: User, article: Article, changed: list[str], now: datetime) -> None:
    """Words (not a status move) may not change while somebody else holds the story's edit lock."""
    if not any(name in _CONTENT for name in changed):
        return
    lock = live_lock(session, article.id, now)
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


def _settled_slug(session: Session, article: Article, wanted: StoryState, changes: StoryChanges) -> str:
    """A typed slug is checked; an empty one follows the headline — unless the story has been published,
    whose address never changes by itself."""
    if not isinstance(changes.slug, str):
        return article.slug
    if changes.slug.strip():
        return article.slug if slugify(changes.slug) == article.slug else _checked_slug(session, changes.slug,
                                                                                          article.id)
    if article.published_at is not None:
        return article.slug
    return unique_slug(session, wanted.headline, article.id)


def _revision(session: Session, article: Article, state: StoryState, kind: RevisionKind | None, user: User,
              base_version: int | None, note: str, now: datetime) -> int | None:
    if kind is None:
        return None
    latest = session.scalar(select(Revision).where(Revision.article_id == article.id)
                            .order_by(Revision.number.desc()).limit(1))
    if (kind is RevisionKind.AUTOSAVE and latest is not None and latest.kind == RevisionKind.AUTOSAVE
            and latest.author_id == user.id and now - latest.created_at < AUTOSAVE_WINDOW):
        latest.snapshot = state.to_snapshot()
        latest.created_at = now
        return latest.number
    number = (latest.number if latest is not None else 0) + 1
    session.add(Revision(article_id=article.id, number=number, snapshot=state.to_snapshot(), kind=kind.value,
                         base_version=base_version, author_id=user.id, author_name=user.display_name,
                         created_at=now, note=note[:300]))
    return number


def _audit(session: Session, user: User, article: Article, current: StoryState, wanted: StoryState,
           kind: RevisionKind | None, note: str, now: datetime) -> None:
    if wanted.status is not current.status:
        detail = {"from": current.status.value, "to": wanted.status.value} | ({"note": note} if note else {})
        audit.record(session, user, "story.transition", article.id, at=now, **detail)
    elif kind in (RevisionKind.SAVE, RevisionKind.RESTORE, RevisionKind.IMPORT):
        audit.record(session, user, f"story.{kind.value}", article.id, at=now, version=article.version)


def keep_text(db: Database, actor: Actor, story_id: int, base_version: int | None, changes: StoryChanges, *,
              kind: RevisionKind = RevisionKind.CONFLICT, note: str = "", create_missing: bool = False) -> int:
    """Keep text that could not be saved (a stale save, a lock held by somebody else, a lock taken over) as
    a revision of `kind`, in a transaction of its own, with the photos and names it needs so that it can be
    restored. Returns the revision's number. The story itself is not changed."""
    with db.session(write=True) as session:
        user = current_user(session, actor)
        # the row lock serialises revision numbers with concurrent saves (PostgreSQL; SQLite's write
        # transaction already does)
        current = state_of(load_article(session, story_id, lock=True))
        wanted = next_state(Resolver(session, user, create_missing), current, changes, utcnow())
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
