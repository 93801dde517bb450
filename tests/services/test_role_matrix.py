"""Every role × every workflow action, through the services (one test per cell).

The expectations are the newsroom's policy written out again by hand. A refused call must raise
PermissionDeniedError and change nothing; an allowed one must do what it says. Screens only hide buttons:
these calls are what a writer who reached an "Approve" button by other means would make.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from editor_app.domain.errors import PermissionDeniedError
from editor_app.domain.workflow import Correction, Role, Status
from editor_app.services import audit, auth, locks, notes, queues, users, workflow
from editor_app.services.actor import Actor
from editor_app.services.house_style import check
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_read import get_story
from editor_app.services.story_write import save_story
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, AuditEvent, EditLock, Note, User
from tests.workflow_helpers import Staff, add_staff, assign, force_status, new_story, status_of, version_of

W, P, E, A = Role.WRITER, Role.PHOTO_DESK, Role.EDITOR, Role.ADMIN
EVERYBODY = {W, P, E, A}


@dataclass(frozen=True)
class Cell:
    """One action: who may take it, how to set the story up, how to take it, and how to see that it worked."""

    allowed: set[Role]
    prepare: Callable[[Database, Staff, Actor], int]  # -> story id
    act: Callable[[Database, Actor, int], object]
    worked: Callable[[Database, int], bool]


def writer_of(staff: Staff, actor: Actor) -> Actor:
    """The story's writer: the acting person when their role writes stories, else a writer."""
    return actor if actor.role in {W, E, A} else staff.writer


def story_in(*path: Status, by_actor: bool = True) -> Callable[[Database, Staff, Actor], int]:
    def prepare(db: Database, staff: Staff, actor: Actor) -> int:
        story_id = new_story(db, writer_of(staff, actor) if by_actor else staff.writer2)
        force_status(db, staff.admin, story_id, *path)
        return story_id
    return prepare


def published_with(correction: Correction) -> Callable[[Database, Staff, Actor], int]:
    def prepare(db: Database, staff: Staff, actor: Actor) -> int:
        story_id = story_in(Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED, by_actor=False)(db, staff, actor)
        save_story(db, staff.admin, story_id, version_of(db, story_id), StoryChanges(deck="Corrected deck"))
        if correction is Correction.APPROVED:
            workflow.approve(db, staff.admin, story_id)
        return story_id
    return prepare


def correction_is(db: Database, story_id: int, wanted: Correction) -> bool:
    with db.session() as session:
        return Correction(session.get_one(Article, story_id).correction) is wanted


def locked_by_other(db: Database, staff: Staff, actor: Actor) -> int:
    story_id = new_story(db, staff.writer2)
    holder = staff.editor2 if actor.user_id != staff.editor2.user_id else staff.admin
    locks.open_for_editing(db, holder, story_id)
    return story_id


def own_story(db: Database, staff: Staff, actor: Actor) -> int:
    story_id = new_story(db, writer_of(staff, actor))
    if actor.role is P:
        assign(db, story_id, actor)  # the photo desk's "own" story: one assigned to them
    return story_id


def others_note(db: Database, staff: Staff, actor: Actor) -> int:
    story_id = new_story(db, staff.writer2)
    notes.add_note(db, staff.editor2, story_id, "Check the mayor's title.")
    return story_id


def note_resolved(db: Database, story_id: int) -> bool:
    with db.session() as session:
        return bool(session.scalar(select(Note.resolved).where(Note.article_id == story_id)))


def note_count(db: Database, story_id: int) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Note).where(Note.article_id == story_id)) or 0


def lock_holder(db: Database, story_id: int) -> str:
    with db.session() as session:
        return session.scalar(select(EditLock.user_name).where(EditLock.article_id == story_id,
                                                               EditLock.ended_at.is_(None))) or ""


def body_is(text: str) -> Callable[[Database, int], bool]:
    def worked(db: Database, story_id: int) -> bool:
        with db.session() as session:
            return session.get_one(Article, story_id).body == text
    return worked


def account(db: Database, username: str) -> User | None:
    with db.session() as session:
        return session.scalar(select(User).where(User.username == username))


def spare_account(db: Database, staff: Staff, actor: Actor) -> int:
    users.add_user(db, staff.admin, "spare", "Spare Account", Role.WRITER)
    return 0


def any_story(db: Database, staff: Staff, actor: Actor) -> int:
    return new_story(db, staff.writer2)


def always(db: Database, story_id: int) -> bool:
    return True


FUTURE = datetime.now(UTC) + timedelta(days=3)

CELLS: dict[str, Cell] = {
    "submit own draft": Cell({W, E, A}, story_in(), workflow.submit,
                             lambda db, s: status_of(db, s) is Status.SUBMITTED),
    "approve": Cell({E, A}, story_in(Status.SUBMITTED), workflow.approve,
                    lambda db, s: status_of(db, s) is Status.APPROVED),
    "request changes": Cell({E, A}, story_in(Status.SUBMITTED),
                            lambda db, a, s: workflow.request_changes(db, a, s, "Tighten the lead."),
                            lambda db, s: status_of(db, s) is Status.CHANGES_REQUESTED),
    "schedule": Cell({E, A}, story_in(Status.SUBMITTED, Status.APPROVED),
                     lambda db, a, s: workflow.schedule(db, a, s, FUTURE),
                     lambda db, s: status_of(db, s) is Status.SCHEDULED),
    "unschedule": Cell({E, A}, story_in(Status.SUBMITTED, Status.APPROVED, Status.SCHEDULED),
                       workflow.unschedule,
                       lambda db, s: status_of(db, s) is Status.APPROVED),
    "publish": Cell({E, A}, story_in(Status.SUBMITTED, Status.APPROVED), workflow.publish,
                    lambda db, s: status_of(db, s) is Status.PUBLISHED),
    "unpublish": Cell({E, A}, story_in(Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED),
                      workflow.unpublish,
                      lambda db, s: status_of(db, s) is Status.UNPUBLISHED),
    "reopen own unpublished": Cell(
        {W, E, A}, story_in(Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED, Status.UNPUBLISHED),
        workflow.reopen, lambda db, s: status_of(db, s) is Status.DRAFT),
    "approve a correction": Cell({E, A}, published_with(Correction.PENDING),
                                 workflow.approve,
                                 lambda db, s: correction_is(db, s, Correction.APPROVED)),
    "republish a correction": Cell({E, A}, published_with(Correction.APPROVED),
                                   workflow.publish,
                                   lambda db, s: correction_is(db, s, Correction.NONE)),
    "edit own story": Cell({W, E, A}, own_story,
                           lambda db, a, s: save_story(db, a, s, version_of(db, s), StoryChanges(body="Mine.\n")),
                           body_is("Mine.\n")),
    "edit another's story": Cell({E, A}, any_story,
                                 lambda db, a, s: save_story(db, a, s, version_of(db, s),
                                                             StoryChanges(body="Theirs.\n")),
                                 body_is("Theirs.\n")),
    "take over an edit lock": Cell({E, A}, locked_by_other, locks.take_over,
                                   lambda db, s: lock_holder(db, s) not in ("", "Eddie Editor")),
    "add a note": Cell(EVERYBODY, any_story, lambda db, a, s: notes.add_note(db, a, s, "Looks good."),
                       lambda db, s: note_count(db, s) == 1),
    "resolve another's note": Cell(
        {E, A}, others_note,
        lambda db, a, s: notes.resolve_thread(db, a, notes.list_notes(db, a, s)[0].id), note_resolved),
    "read the audit trail": Cell(EVERYBODY, any_story, audit.story_trail, always),
    "read the queues": Cell(EVERYBODY, any_story, lambda db, a, s: queues.queue_counts(db, a), always),
    "check house style": Cell(EVERYBODY, any_story, check, always),
    "read a story": Cell(EVERYBODY, any_story, get_story, always),
    "read the newsroom's events": Cell({A}, any_story, lambda db, a, s: audit.recent_events(db, a), always),
    "set a password": Cell({A}, spare_account,
                           lambda db, a, s: auth.set_password(db, a, "spare", "a long new password"),
                           lambda db, s: (u := account(db, "spare")) is not None and u.password_hash is not None),
    "rename an account": Cell({A}, spare_account, lambda db, a, s: users.rename_user(db, a, "spare", "Renamed"),
                              lambda db, s: (u := account(db, "spare")) is not None and u.display_name == "Renamed"),
    "remove an account": Cell({A}, spare_account, lambda db, a, s: users.remove_user(db, a, "spare"),
                              lambda db, s: account(db, "spare") is None),
    "deactivate an account": Cell({A}, spare_account, lambda db, a, s: users.set_active(db, a, "spare", False),
                                  lambda db, s: (u := account(db, "spare")) is not None and not u.active),
}
MATRIX = [(name, role) for name in CELLS for role in Role]


def audit_count(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


@pytest.mark.parametrize(("name", "role"), MATRIX, ids=[f"{n.replace(' ', '-')}-{r.value}" for n, r in MATRIX])
def test_cell(newsroom: Database, name: str, role: Role) -> None:
    cell = CELLS[name]
    staff = add_staff(newsroom)
    actor = staff.by_role(role)
    story_id = cell.prepare(newsroom, staff, actor)
    if role in cell.allowed:
        cell.act(newsroom, actor, story_id)
        assert cell.worked(newsroom, story_id)
        return
    before = (version_of(newsroom, story_id), audit_count(newsroom)) if story_id else (0, audit_count(newsroom))
    with pytest.raises(PermissionDeniedError) as refused:
        cell.act(newsroom, actor, story_id)
    assert actor.display_name in str(refused.value) or "may not" in str(refused.value)
    after = (version_of(newsroom, story_id), audit_count(newsroom)) if story_id else (0, audit_count(newsroom))
    assert after == before  # nothing changed, nothing was recorded
    if cell.worked is not always:
        assert not cell.worked(newsroom, story_id)


def test_every_action_of_the_table_that_moves_stories_is_in_the_matrix() -> None:
    from editor_app.domain.permissions import MOVES

    covered = {"submit own draft", "approve", "request changes", "schedule", "unschedule", "publish", "unpublish",
               "reopen own unpublished"}
    assert {a.value for a in MOVES.values()} <= {"submit", "approve", "request changes", "schedule", "publish",
                                                  "unpublish", "create"}
    assert covered <= set(CELLS)


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("role", [W, P])
@pytest.mark.parametrize("move", ["approve", "publish", "request_changes", "schedule", "unpublish"])
def test_writers_and_photo_desk_are_refused_in_every_state(newsroom: Database, role: Role, status: Status,
                                                           move: str) -> None:
    """Whatever state the story is in (and so whatever a screen might have offered), the refusal is about
    permission, never about the state."""
    staff = add_staff(newsroom)
    story_id = new_story(newsroom, staff.writer)
    paths = {Status.DRAFT: (), Status.SUBMITTED: (Status.SUBMITTED,),
             Status.CHANGES_REQUESTED: (Status.SUBMITTED, Status.CHANGES_REQUESTED),
             Status.APPROVED: (Status.SUBMITTED, Status.APPROVED),
             Status.SCHEDULED: (Status.SUBMITTED, Status.APPROVED, Status.SCHEDULED),
             Status.PUBLISHED: (Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED),
             Status.UNPUBLISHED: (Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED, Status.UNPUBLISHED)}
    force_status(newsroom, staff.admin, story_id, *paths[status])
    actor = staff.by_role(role)
    calls: dict[str, Callable[[], object]] = {
        "approve": lambda: workflow.approve(newsroom, actor, story_id),
        "publish": lambda: workflow.publish(newsroom, actor, story_id),
        "request_changes": lambda: workflow.request_changes(newsroom, actor, story_id, "no"),
        "schedule": lambda: workflow.schedule(newsroom, actor, story_id, FUTURE),
        "unpublish": lambda: workflow.unpublish(newsroom, actor, story_id),
    }
    version = version_of(newsroom, story_id)
    with pytest.raises(PermissionDeniedError, match="may not"):
        calls[move]()
    assert version_of(newsroom, story_id) == version and status_of(newsroom, story_id) is status
