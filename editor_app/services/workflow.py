"""The newsroom workflow: submit, request changes, approve, schedule, publish, unpublish, corrections.

Each function is one move, checked against the one permission table (domain.permissions) *before* anything
else, so a writer calling `approve` gets PermissionDeniedError whatever state the story is in and whatever a
screen showed. Status moves go through `write_story` (the one write path: audit, revision, change feed), in
one transaction that holds the story's row, so two editors approving at once cannot both win: the second
is told who approved it and when.

`expected_version` (optional) is the version the caller looked at: approving text one has not seen is
refused with ConflictError. Approval and publication run the house-style checks; blockers refuse them.

Corrections: editing a published story makes a pending correction (save_story). `approve` on such a story
approves the correction; `publish` then republishes it. A pending correction cannot be republished.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from editor_app.domain.errors import ConflictError, ValidationError
from editor_app.domain.house_style import Finding, blockers
from editor_app.domain.permissions import CORRECTION_MOVES, MOVES, Action, allowed, next_statuses
from editor_app.domain.story_state import RevisionKind
from editor_app.domain.workflow import Correction, Role, Status
from editor_app.services import audit
from editor_app.services.access import authorize, current_user, is_own
from editor_app.services.actor import Actor
from editor_app.services.changes import ChangeKind, record_change
from editor_app.services.house_style import findings_in
from editor_app.services.notes import add_note_in
from editor_app.services.story_changes import KEEP, Keep, StoryChanges
from editor_app.services.story_records import load_article
from editor_app.services.story_write import write_story
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, AuditEvent, utcnow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkflowResult:
    id: int
    status: Status
    version: int
    correction: Correction = Correction.NONE
    findings: tuple[Finding, ...] = ()  # the house-style findings when the move was made (warnings remain)


@dataclass(frozen=True)
class MoveOption:
    """A move the acting user may make on a story now (the UI's workflow buttons; a hint, not a promise)."""

    action: Action
    target: Status
    label: str  # "Approve", "Request changes", …
    needs_note: bool = False
    needs_time: bool = False


# --- helpers ---------------------------------------------------------------------------------------------
def _check_version(article: Article, expected_version: int | None) -> None:
    if expected_version is not None and article.version != expected_version:
        raise ConflictError(
            f"Story {article.id} changed since you looked at it (you saw version {expected_version}, it is now at "
            f"version {article.version}).", hint="Reload it and check the new text first; nothing was changed.")


def _last_move(session: Session, story_id: int) -> str:
    """ "by Anna Petrosyan at 10:42 UTC", from the newest transition in the trail ("" when none)."""
    event = session.scalar(select(AuditEvent).where(AuditEvent.article_id == story_id,
                                                    AuditEvent.action.in_(("story.transition", "story.republish",
                                                                           "story.correction_approved")))
                           .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(1))
    return f" by {event.user_name} at {event.at:%H:%M} UTC" if event is not None else ""


_VERBS = {Status.SUBMITTED: "submitted", Status.CHANGES_REQUESTED: "sent back with changes requested",
          Status.APPROVED: "approved", Status.SCHEDULED: "scheduled", Status.PUBLISHED: "published",
          Status.UNPUBLISHED: "unpublished", Status.DRAFT: "reopened as a draft"}


def _refuse_state(session: Session, article: Article, target: Status) -> ConflictError | ValidationError:
    current = Status(article.status)
    if current is target:
        return ConflictError(f"Story {article.id} was already {_VERBS[target]}{_last_move(session, article.id)}.",
                             hint="Nothing was changed; reload to see it.")
    return ValidationError(
        f"Story {article.id} is {current.label.lower()}{_last_move(session, article.id)}, so it cannot be "
        f"{_VERBS[target]}.", hint="Reload it to see where it stands; nothing was changed.")


def _refuse_blockers(article: Article, found: list[Finding], verb: str) -> None:
    stopping = blockers(found)
    if stopping:
        listed = "; ".join(f.message.rstrip(".") for f in stopping)
        raise ValidationError(f"Story {article.id} cannot be {verb} yet: {listed}.",
                              hint=f"Fix {'these' if len(stopping) > 1 else 'this'} first "
                                   f"(`editor-app check {article.id}` lists every finding).")


def _result(session: Session, story_id: int, found: list[Finding] | None = None) -> WorkflowResult:
    article = load_article(session, story_id)
    return WorkflowResult(article.id, Status(article.status), article.version, Correction(article.correction),
                          tuple(found or ()))


def _move(db: Database, actor: Actor, story_id: int, action: Action, target: Status, *,
          expected_version: int | None, note: str = "", kind: RevisionKind | None = None,
          scheduled: datetime | Keep | None = KEEP, check: bool = False, allowed_from: tuple[Status, ...] = ()
          ) -> WorkflowResult:
    """One status move: permission first, then the story's state and version, then the checks, then the write."""
    with db.session(write=True) as session:
        authorize(session, actor, action)
        article = load_article(session, story_id, lock=True)
        current = Status(article.status)
        if MOVES.get((current, target)) is not action or (allowed_from and current not in allowed_from):
            raise _refuse_state(session, article, target)
        _check_version(article, expected_version)
        found = findings_in(session, article.id) if check or action is Action.SUBMIT else []
        if check:
            _refuse_blockers(article, found, _VERBS[target])
        write_story(session, actor, story_id, article.version, StoryChanges(status=target, scheduled=scheduled),
                    kind=kind, note=note)
        return _result(session, story_id, found)


# --- the moves -----------------------------------------------------------------------------------------
def submit(db: Database, actor: Actor, story_id: int, *, expected_version: int | None = None,
           note: str = "") -> WorkflowResult:
    """Send a draft (or a story sent back) for review. Writers submit their own stories. The result carries
    the house-style findings, so the writer sees what the editor will see; they do not stop a submission."""
    return _move(db, actor, story_id, Action.SUBMIT, Status.SUBMITTED, expected_version=expected_version,
                 note=note, kind=RevisionKind.SUBMIT)


def request_changes(db: Database, actor: Actor, story_id: int, note: str, *,
                    expected_version: int | None = None) -> WorkflowResult:
    """Send a submitted story back to its writer; the note (required) says why and is added to the story's
    notes, where the writer answers it."""
    if not note.strip():
        with db.session() as session:
            authorize(session, actor, Action.REQUEST_CHANGES)
        raise ValidationError("Sending a story back needs a note saying what should change.",
                              hint="Write the note; nothing was changed yet.")
    with db.session(write=True) as session:
        authorize(session, actor, Action.REQUEST_CHANGES)
        article = load_article(session, story_id, lock=True)
        if Status(article.status) is not Status.SUBMITTED:
            raise _refuse_state(session, article, Status.CHANGES_REQUESTED)
        _check_version(article, expected_version)
        write_story(session, actor, story_id, article.version, StoryChanges(status=Status.CHANGES_REQUESTED),
                    kind=None, note=note.strip())
        add_note_in(session, current_user(session, actor), story_id, note.strip())
        return _result(session, story_id)


def approve(db: Database, actor: Actor, story_id: int, *, expected_version: int | None = None,
            note: str = "") -> WorkflowResult:
    """Approve a submitted story, or the pending correction of a published one. Refused while a house-style
    blocker remains; the warnings come back in the result."""
    with db.session(write=True) as session:
        authorize(session, actor, Action.APPROVE)
        article = load_article(session, story_id, lock=True)
        if Status(article.status) is Status.PUBLISHED:
            return _approve_correction(session, actor, article, expected_version, note)
    return _move(db, actor, story_id, Action.APPROVE, Status.APPROVED, expected_version=expected_version,
                 note=note, check=True)


def _approve_correction(session: Session, actor: Actor, article: Article, expected_version: int | None,
                        note: str) -> WorkflowResult:
    correction = Correction(article.correction)
    if (correction, Correction.APPROVED) not in CORRECTION_MOVES:
        already = correction is Correction.APPROVED
        raise (ConflictError if already else ValidationError)(
            f"Story {article.id} is published"
            + (f" and its correction was already approved{_last_move(session, article.id)}." if already
               else " and has no correction to approve."),
            hint="Nothing was changed." if already else "Edit it first: the edit becomes a correction to approve.")
    _check_version(article, expected_version)
    found = findings_in(session, article.id)
    _refuse_blockers(article, found, "approved")
    user = authorize(session, actor, CORRECTION_MOVES[(correction, Correction.APPROVED)])
    now = utcnow()
    article.correction = Correction.APPROVED.value
    article.updated_at = now
    session.flush()
    audit.record(session, user, "story.correction_approved", article.id, at=now, version=article.version,
                 **({"note": note} if note else {}))
    record_change(session, article.id, ChangeKind.STORY, now)
    return _result(session, article.id, found)


def schedule(db: Database, actor: Actor, story_id: int, at: datetime, *, expected_version: int | None = None,
             now: datetime | None = None) -> WorkflowResult:
    """Schedule an approved story for `at` (a time with a zone, in the future), or move a scheduled one."""
    now = now or utcnow()
    if at.tzinfo is None:
        raise ValidationError(f"The time {at:%Y-%m-%d %H:%M} has no time zone.",
                              hint="Give it with its offset, e.g. 2026-10-05T09:00:00+00:00.")
    if at <= now:
        with db.session() as session:
            authorize(session, actor, Action.SCHEDULE)
        raise ValidationError(f"{at:%Y-%m-%d %H:%M %Z} has already passed.", hint="Choose a time in the future.")
    with db.session(write=True) as session:
        authorize(session, actor, Action.SCHEDULE)
        article = load_article(session, story_id, lock=True)
        if Status(article.status) is Status.SCHEDULED:  # a new time: no status move
            _check_version(article, expected_version)
            write_story(session, actor, story_id, article.version, StoryChanges(scheduled=at), kind=None,
                        note=f"rescheduled for {at.isoformat()}")
            return _result(session, story_id)
    return _move(db, actor, story_id, Action.SCHEDULE, Status.SCHEDULED, expected_version=expected_version,
                 scheduled=at, check=True)


def unschedule(db: Database, actor: Actor, story_id: int, *, expected_version: int | None = None) -> WorkflowResult:
    """Take a scheduled story off the schedule; it stays approved."""
    return _move(db, actor, story_id, Action.SCHEDULE, Status.APPROVED, expected_version=expected_version,
                 scheduled=None, allowed_from=(Status.SCHEDULED,))


def publish(db: Database, actor: Actor, story_id: int, *, expected_version: int | None = None) -> WorkflowResult:
    """Mark an approved, scheduled or unpublished story published; or republish a published one whose
    correction was approved. (Sending it to a site is the publishing service's job, after this.)"""
    with db.session(write=True) as session:
        authorize(session, actor, Action.PUBLISH)
        article = load_article(session, story_id, lock=True)
        if Status(article.status) is Status.PUBLISHED:
            return _republish(session, actor, article, expected_version)
    return _move(db, actor, story_id, Action.PUBLISH, Status.PUBLISHED, expected_version=expected_version,
                 check=True)


def _republish(session: Session, actor: Actor, article: Article, expected_version: int | None) -> WorkflowResult:
    correction = Correction(article.correction)
    if correction is Correction.PENDING:
        raise ValidationError(f"Story {article.id} has a correction that has not been approved yet.",
                              hint="An editor approves the correction first; then it can be published again.")
    if (correction, Correction.NONE) not in CORRECTION_MOVES:
        raise ConflictError(f"Story {article.id} was already published{_last_move(session, article.id)} and has "
                            "not been corrected since.", hint="Nothing was changed.")
    _check_version(article, expected_version)
    user = authorize(session, actor, CORRECTION_MOVES[(correction, Correction.NONE)])
    now = utcnow()
    article.correction = Correction.NONE.value
    article.updated_at = now
    session.flush()
    audit.record(session, user, "story.republish", article.id, at=now, version=article.version)
    record_change(session, article.id, ChangeKind.STORY, now)
    return _result(session, article.id)


def unpublish(db: Database, actor: Actor, story_id: int, *, expected_version: int | None = None,
              note: str = "") -> WorkflowResult:
    """Take a published story down (any pending correction ends with it)."""
    return _move(db, actor, story_id, Action.UNPUBLISH, Status.UNPUBLISHED, expected_version=expected_version,
                 note=note)


def reopen(db: Database, actor: Actor, story_id: int, *, expected_version: int | None = None) -> WorkflowResult:
    """Bring an unpublished story back as a draft, to be reworked and submitted again."""
    return _move(db, actor, story_id, Action.CREATE, Status.DRAFT, expected_version=expected_version)


# --- what the UI may offer -------------------------------------------------------------------------------
_LABELS = {Status.SUBMITTED: "Submit for review", Status.CHANGES_REQUESTED: "Request changes",
           Status.APPROVED: "Approve", Status.SCHEDULED: "Schedule", Status.PUBLISHED: "Publish",
           Status.UNPUBLISHED: "Unpublish", Status.DRAFT: "Reopen as draft"}


def available_moves(db: Database, actor: Actor, story_id: int) -> list[MoveOption]:
    """The moves the acting user may make on the story now (hints for buttons; the moves check again)."""
    with db.session() as session:
        user = authorize(session, actor, Action.READ)
        article = load_article(session, story_id)
        role, current = Role(user.role), Status(article.status)
        options = []
        for target in next_statuses(role, current):
            action = MOVES[(current, target)]
            if action is Action.SUBMIT and not (allowed(role, Action.EDIT_ANY) or is_own(user, article)):
                continue
            label = "Unschedule" if (current, target) == (Status.SCHEDULED, Status.APPROVED) else _LABELS[target]
            if target is current:
                continue  # republish is offered below, from the correction's state
            options.append(MoveOption(action, target, label, needs_note=target is Status.CHANGES_REQUESTED,
                                      needs_time=target is Status.SCHEDULED))
        if current is Status.SCHEDULED and allowed(role, Action.SCHEDULE):
            options.append(MoveOption(Action.SCHEDULE, Status.SCHEDULED, "Reschedule", needs_time=True))
        correction = Correction(article.correction)
        for (frm, to), action in CORRECTION_MOVES.items():
            if current is Status.PUBLISHED and frm is correction and allowed(role, action):
                label = "Approve correction" if to is Correction.APPROVED else "Publish correction"
                options.append(MoveOption(action, Status.PUBLISHED, label))
        return options
