"""The permission table, cell by cell: each expectation below is the newsroom's policy written out again
by hand, so a change to the table that nobody meant fails here."""

from __future__ import annotations

import pytest

from editor_app.domain.permissions import (
    MOVES,
    Action,
    allowed,
    can_create_in,
    can_transition,
    may_edit,
    next_statuses,
)
from editor_app.domain.workflow import NOTE_REQUIRED, Role, Status

W, P, E, A = Role.WRITER, Role.PHOTO_DESK, Role.EDITOR, Role.ADMIN
POLICY: dict[Action, set[Role]] = {
    Action.READ: {W, P, E, A},
    Action.CREATE: {W, E, A},
    Action.EDIT_OWN: {W, E, A},
    Action.EDIT_ANY: {E, A},
    Action.SUBMIT: {W, E, A},
    Action.APPROVE: {E, A},
    Action.REQUEST_CHANGES: {E, A},
    Action.SCHEDULE: {E, A},
    Action.PUBLISH: {E, A},
    Action.UNPUBLISH: {E, A},
    Action.PICK_TOP_STORIES: {E, A},
    Action.CAPTION_PHOTOS: {P, E, A},
    Action.ADD_TO_VOCABULARIES: {W, P, E, A},
    Action.MANAGE_VOCABULARIES: {A},
    Action.MANAGE_STAFF: {A},
    Action.MANAGE_TARGETS: {A},
    Action.MANAGE_SETTINGS: {A},
}
CELLS = [(role, action, role in POLICY[action]) for action in Action for role in Role]


def test_the_policy_names_every_action() -> None:
    assert set(POLICY) == set(Action)


@pytest.mark.parametrize(("role", "action", "expected"), CELLS,
                         ids=[f"{r.value}-{a.name.lower()}" for r, a, _ in CELLS])
def test_cell(role: Role, action: Action, expected: bool) -> None:
    assert allowed(role, action) is expected


@pytest.mark.parametrize("role", list(Role))
def test_editing_own_and_others(role: Role) -> None:
    assert may_edit(role, own=True) is (role in {W, E, A})
    assert may_edit(role, own=False) is (role in {E, A})


MOVE_POLICY: dict[tuple[Status, Status], set[Role]] = {
    (Status.DRAFT, Status.SUBMITTED): {W, E, A},
    (Status.CHANGES_REQUESTED, Status.SUBMITTED): {W, E, A},
    (Status.SUBMITTED, Status.CHANGES_REQUESTED): {E, A},
    (Status.SUBMITTED, Status.APPROVED): {E, A},
    (Status.APPROVED, Status.SCHEDULED): {E, A},
    (Status.APPROVED, Status.PUBLISHED): {E, A},
    (Status.SCHEDULED, Status.PUBLISHED): {E, A},
    (Status.SCHEDULED, Status.APPROVED): {E, A},
    (Status.PUBLISHED, Status.UNPUBLISHED): {E, A},
    (Status.PUBLISHED, Status.PUBLISHED): {E, A},
    (Status.UNPUBLISHED, Status.DRAFT): {W, E, A},
    (Status.UNPUBLISHED, Status.PUBLISHED): {E, A},
}
MOVE_CELLS = [(role, frm, to) for frm in Status for to in Status for role in Role]


@pytest.mark.parametrize(("role", "current", "target"), MOVE_CELLS,
                         ids=[f"{r.value}-{f.value}-{t.value}" for r, f, t in MOVE_CELLS])
def test_move(role: Role, current: Status, target: Status) -> None:
    assert can_transition(role, current, target) is (role in MOVE_POLICY.get((current, target), set()))


def test_every_move_is_in_the_policy() -> None:
    assert set(MOVES) == set(MOVE_POLICY)


def test_writer_submits_and_resubmits_only() -> None:
    assert next_statuses(W, Status.DRAFT) == [Status.SUBMITTED]
    assert next_statuses(W, Status.CHANGES_REQUESTED) == [Status.SUBMITTED]
    assert all(next_statuses(P, status) == [] for status in Status)
    assert (Status.SUBMITTED, Status.CHANGES_REQUESTED) in NOTE_REQUIRED


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("role", list(Role))
def test_create_in_status(role: Role, status: Status) -> None:
    arrival_roles = {Status.DRAFT: {W, E, A}, Status.SUBMITTED: {W, E, A}}.get(status, {E, A})
    assert can_create_in(role, status) is (role in arrival_roles)


def test_labels_read_as_sentences() -> None:
    assert Status.CHANGES_REQUESTED.label == "Changes requested"
    assert Action.MANAGE_STAFF.phrase == "manage staff accounts"
