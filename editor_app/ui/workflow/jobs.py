"""The workflow screens' work for the database lane: plain data in, plain data out. Services are imported
inside the jobs (the window paints before SQLAlchemy loads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING

from editor_app.domain.permissions import Action
from editor_app.domain.stories import StoryPage
from editor_app.domain.story_draft import StoryDraft, state_of_draft
from editor_app.domain.workflow import Status

if TYPE_CHECKING:
    from editor_app.domain.house_style import Finding
    from editor_app.domain.stories import StoryRow
    from editor_app.services.actor import Actor
    from editor_app.services.audit import AuditEntry
    from editor_app.services.changes import ChangeFeed
    from editor_app.services.locks import LockInfo
    from editor_app.services.notes import NoteThread
    from editor_app.services.story_status import StoryStanding
    from editor_app.services.workflow import MoveOption, WorkflowResult
    from editor_app.storage.engine import Database
    from editor_app.ui.editor.jobs import SaveChain


class MoveKey(StrEnum):
    """The editor's workflow buttons (a few moves share one: approve covers a correction's approval)."""

    SUBMIT = "submit"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    SCHEDULE = "schedule"
    UNSCHEDULE = "unschedule"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    REOPEN = "reopen"


def move_key(option: MoveOption) -> MoveKey:
    """Which button a move the workflow offers belongs to."""
    keys = {Action.SUBMIT: MoveKey.SUBMIT, Action.APPROVE: MoveKey.APPROVE,
            Action.REQUEST_CHANGES: MoveKey.REQUEST_CHANGES, Action.PUBLISH: MoveKey.PUBLISH,
            Action.UNPUBLISH: MoveKey.UNPUBLISH, Action.CREATE: MoveKey.REOPEN}
    if option.action is Action.SCHEDULE:
        return MoveKey.SCHEDULE if option.target is Status.SCHEDULED else MoveKey.UNSCHEDULE
    return keys[option.action]


@dataclass(frozen=True)
class StoryWorkflow:
    standing: StoryStanding
    moves: list[MoveOption]


@dataclass(frozen=True)
class QueueCount:
    key: str  # services.queues.Queue's value
    label: str
    count: int


def story_workflow(db: Database, actor: Actor, story_id: int) -> StoryWorkflow:
    from editor_app.services.story_status import story_standing
    from editor_app.services.workflow import available_moves

    return StoryWorkflow(story_standing(db, actor, story_id), available_moves(db, actor, story_id))


def make_move(db: Database, actor: Actor, story_id: int, key: MoveKey, chain: SaveChain | None, *,
              note: str = "", at: datetime | None = None) -> WorkflowResult:
    """One workflow move on the story, against the version the editor holds (read here, after any save the
    editor queued before it); the editor's chain then carries on from the version the move left."""
    from editor_app.services import workflow

    version = chain.version if chain is not None else None
    if key is MoveKey.SUBMIT:
        result = workflow.submit(db, actor, story_id, expected_version=version)
    elif key is MoveKey.APPROVE:
        result = workflow.approve(db, actor, story_id, expected_version=version)
    elif key is MoveKey.REQUEST_CHANGES:
        result = workflow.request_changes(db, actor, story_id, note, expected_version=version)
    elif key is MoveKey.SCHEDULE:
        assert at is not None
        result = workflow.schedule(db, actor, story_id, at, expected_version=version)
    elif key is MoveKey.UNSCHEDULE:
        result = workflow.unschedule(db, actor, story_id, expected_version=version)
    elif key is MoveKey.PUBLISH:
        result = workflow.publish(db, actor, story_id, expected_version=version)
    elif key is MoveKey.UNPUBLISH:
        result = workflow.unpublish(db, actor, story_id, expected_version=version, note=note)
    else:
        result = workflow.reopen(db, actor, story_id, expected_version=version)
    if chain is not None:
        chain.moved(result.version)
    return result


# --- house style -----------------------------------------------------------------------------------------
def check_vocabulary(db: Database, actor: Actor) -> dict[str, str]:
    from editor_app.services.house_style import vocabulary_for_checks

    return vocabulary_for_checks(db, actor)


def check_draft(db: Database, actor: Actor, story_id: int, draft: StoryDraft,
                cities: dict[str, str] | None) -> list[Finding]:
    from editor_app.services.house_style import check_state

    return check_state(db, actor, story_id, state_of_draft(draft), cities=cities)


# --- notes and the trail ---------------------------------------------------------------------------------
def notes(db: Database, actor: Actor, story_id: int) -> list[NoteThread]:
    from editor_app.services.notes import list_notes

    return list_notes(db, actor, story_id)


def add_note(db: Database, actor: Actor, story_id: int, text: str, reply_to: int | None) -> list[NoteThread]:
    from editor_app.services.notes import add_note as add

    add(db, actor, story_id, text, reply_to=reply_to)
    return notes(db, actor, story_id)


def resolve_note(db: Database, actor: Actor, story_id: int, note_id: int, resolved: bool) -> list[NoteThread]:
    from editor_app.services.notes import resolve_thread

    resolve_thread(db, actor, note_id, resolved=resolved)
    return notes(db, actor, story_id)


def trail(db: Database, actor: Actor, story_id: int) -> list[AuditEntry]:
    from editor_app.services.audit import story_trail

    return story_trail(db, actor, story_id)


# --- queues and the list ---------------------------------------------------------------------------------
def queue_counts(db: Database, actor: Actor, zone: tzinfo) -> list[QueueCount]:
    from editor_app.services.queues import Queue
    from editor_app.services.queues import queue_counts as counts

    found = counts(db, actor, now=datetime.now(zone))
    return [QueueCount(queue.value, queue.label, found.get(queue, 0)) for queue in Queue]


def queue_page(db: Database, actor: Actor, key: str, offset: int, zone: tzinfo) -> StoryPage:
    from editor_app.services.queues import Queue, queue_counts, queue_stories

    queue, now = Queue(key), datetime.now(zone)
    rows = queue_stories(db, actor, queue, offset=offset, now=now)
    return StoryPage(rows=rows, total=queue_counts(db, actor, now=now)[queue], offset=offset)


def story_rows(db: Database, actor: Actor, ids: list[int]) -> list[StoryRow]:
    from editor_app.services.story_list import story_rows as rows

    return rows(db, actor, ids)


# --- edit locks and the change feed ------------------------------------------------------------------------
def heartbeat(db: Database, actor: Actor, token: str, chain: SaveChain | None, draft: StoryDraft | None) -> LockInfo:
    """Keep the lock; with what the editor has that is not saved yet, so that a lost lock keeps it."""
    from editor_app.services.locks import heartbeat as beat
    from editor_app.services.story_editing import unsaved_changes

    unsaved, base = None, None
    if chain is not None and draft is not None:
        base = chain.version
        changes = unsaved_changes(chain.baseline, draft, chain.slug_fixed)
        unsaved = changes if changes.given() else None
    return beat(db, actor, token, unsaved=unsaved, base_version=base)


def take_over(db: Database, actor: Actor, story_id: int) -> LockInfo:
    from editor_app.services.locks import take_over as take

    return take(db, actor, story_id)


def release(db: Database, actor: Actor, token: str) -> None:
    from editor_app.services.locks import release as give_back

    give_back(db, actor, token)


def open_feed(db: Database, actor: Actor) -> ChangeFeed:
    from editor_app.services.changes import ChangeFeed

    return ChangeFeed(db, actor)
