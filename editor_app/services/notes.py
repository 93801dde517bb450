"""Editorial notes: threaded comments on a story ("check the mayor's title" — "done, it's deputy mayor").

Anyone on the staff may write a note or answer one. A thread (a note and its replies) is resolved, or
reopened, by the person who started it or by anyone who may edit the story. Notes are never edited or
deleted: they are part of the story's history. The author's name is kept with each note, so removing or
renaming an account does not change what the notes say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from editor_app.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from editor_app.domain.permissions import Action
from editor_app.services import audit
from editor_app.services.access import authorize, authorize_edit
from editor_app.services.actor import Actor
from editor_app.services.changes import ChangeKind, record_change
from editor_app.services.story_records import load_article
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, Note, User, utcnow

NOTE_LIMIT = 5000  # characters


@dataclass(frozen=True)
class NoteInfo:
    id: int
    story_id: int
    parent_id: int | None
    author: str  # display name when written
    body: str
    created: datetime
    mine: bool


@dataclass(frozen=True)
class NoteThread:
    """A note and the replies to it, oldest first. Resolution belongs to the thread."""

    note: NoteInfo
    replies: tuple[NoteInfo, ...]
    resolved: bool
    resolved_by: str = ""
    resolved_at: datetime | None = None

    @property
    def id(self) -> int:
        return self.note.id


def _info(note: Note, user_id: int) -> NoteInfo:
    return NoteInfo(note.id, note.article_id, note.parent_id, note.author_name, note.body, note.created_at,
                    note.author_id == user_id)


def _thread(root: Note, replies: list[Note], user_id: int) -> NoteThread:
    return NoteThread(_info(root, user_id), tuple(_info(r, user_id) for r in replies), root.resolved,
                      root.resolved_by_name, root.resolved_at)


def add_note_in(session: Session, user: User, story_id: int, text: str, *, reply_to: int | None = None,
                now: datetime | None = None) -> Note:
    """Add a note inside a transaction the caller holds and has checked (request_changes uses it)."""
    text = text.strip()
    if not text:
        raise ValidationError("The note is empty.", hint="Write something first.")
    if len(text) > NOTE_LIMIT:
        raise ValidationError(f"The note is {len(text):,} characters long; the limit is {NOTE_LIMIT:,}.",
                              hint="Shorten it; your text is still here.")
    parent_id = None
    if reply_to is not None:
        parent = session.get(Note, reply_to)
        if parent is None or parent.article_id != story_id:
            raise NotFoundError(f"Story {story_id} has no note {reply_to} to answer.",
                                hint=f"`editor-app notes {story_id}` lists its notes.")
        parent_id = parent.parent_id or parent.id  # threads are one level deep: answer the thread
    now = now or utcnow()
    note = Note(article_id=story_id, parent_id=parent_id, author_id=user.id, author_name=user.display_name,
                body=text, created_at=now)
    session.add(note)
    session.flush()
    if parent_id is not None:  # an answer reopens a resolved thread: somebody still has something to say
        root = session.get(Note, parent_id)
        if root is not None and root.resolved:
            root.resolved, root.resolved_by_name, root.resolved_at = False, "", None
    record_change(session, story_id, ChangeKind.NOTES, now)
    return note


def add_note(db: Database, actor: Actor, story_id: int, text: str, *, reply_to: int | None = None) -> NoteInfo:
    """Write a note on a story, or (with `reply_to`, a note's id) answer one."""
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.READ)
        load_article(session, story_id)  # a clear message for an unknown story
        return _info(add_note_in(session, user, story_id, text, reply_to=reply_to), user.id)


def list_notes(db: Database, actor: Actor, story_id: int, *, include_resolved: bool = True) -> list[NoteThread]:
    """The story's threads, oldest first, each with its replies."""
    with db.session() as session:
        user = authorize(session, actor, Action.READ)
        load_article(session, story_id)
        rows = list(session.scalars(select(Note).where(Note.article_id == story_id).order_by(Note.created_at,
                                                                                              Note.id)))
    replies: dict[int, list[Note]] = {}
    for note in rows:
        if note.parent_id is not None:
            replies.setdefault(note.parent_id, []).append(note)
    threads = [_thread(n, replies.get(n.id, []), user.id) for n in rows if n.parent_id is None]
    return [t for t in threads if include_resolved or not t.resolved]


def resolve_thread(db: Database, actor: Actor, note_id: int, *, resolved: bool = True) -> NoteThread:
    """Mark a thread resolved (or open again): its starter, or anyone who may edit the story."""
    now = utcnow()
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.READ)
        note = session.get(Note, note_id)
        if note is None:
            raise NotFoundError(f"There is no note {note_id}.", hint="`editor-app notes ID` lists a story's notes.")
        root = session.get(Note, note.parent_id) if note.parent_id is not None else note
        assert root is not None
        article = session.get(Article, root.article_id)
        assert article is not None
        if root.author_id != user.id:
            try:
                authorize_edit(session, actor, article)
            except PermissionDeniedError:
                raise PermissionDeniedError(
                    f"{user.display_name} may not resolve {root.author_name}'s note on “{article.headline}”.",
                    hint="The note's author or anyone who may edit the story can resolve it.") from None
        if root.resolved != resolved:
            root.resolved = resolved
            root.resolved_by_name = user.display_name if resolved else ""
            root.resolved_at = now if resolved else None
            audit.record(session, user, "note.resolve" if resolved else "note.reopen", article.id, at=now,
                         note=root.id)
            record_change(session, article.id, ChangeKind.NOTES, now)
        replies = list(session.scalars(select(Note).where(Note.parent_id == root.id).order_by(Note.created_at,
                                                                                               Note.id)))
        return _thread(root, replies, user.id)


def open_thread_counts(db: Database, actor: Actor, story_ids: list[int]) -> dict[int, int]:
    """How many unresolved threads each story has (a badge in lists); stories without any are left out."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        rows = session.execute(select(Note.article_id, func.count()).where(
            Note.article_id.in_(story_ids), Note.parent_id.is_(None), Note.resolved.is_(False))
            .group_by(Note.article_id))
        return {story_id: count for story_id, count in rows}
