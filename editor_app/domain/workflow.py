"""Story workflow: states, roles and the one table of who may move a story where."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Role(StrEnum):
    WRITER = "writer"
    PHOTO_DESK = "photo_desk"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {"photo_desk": "Photo desk"}.get(self.value, self.value.capitalize())


_EDITORS = frozenset({Role.EDITOR, Role.ADMIN})
_WRITERS = frozenset({Role.WRITER, Role.EDITOR, Role.ADMIN})

# (from, to) -> roles allowed to make that move
TRANSITIONS: dict[tuple[Status, Status], frozenset[Role]] = {
    (Status.DRAFT, Status.SUBMITTED): _WRITERS,
    (Status.CHANGES_REQUESTED, Status.SUBMITTED): _WRITERS,
    (Status.SUBMITTED, Status.CHANGES_REQUESTED): _EDITORS,
    (Status.SUBMITTED, Status.APPROVED): _EDITORS,
    (Status.APPROVED, Status.SCHEDULED): _EDITORS,
    (Status.APPROVED, Status.PUBLISHED): _EDITORS,
    (Status.SCHEDULED, Status.PUBLISHED): _EDITORS,
    (Status.SCHEDULED, Status.APPROVED): _EDITORS,
    (Status.PUBLISHED, Status.UNPUBLISHED): _EDITORS,
    (Status.PUBLISHED, Status.PUBLISHED): _EDITORS,  # a correction: republish an edited story
    (Status.UNPUBLISHED, Status.DRAFT): _WRITERS,
    (Status.UNPUBLISHED, Status.PUBLISHED): _EDITORS,
}

# Transitions that need a note explaining why.
NOTE_REQUIRED = frozenset({(Status.SUBMITTED, Status.CHANGES_REQUESTED)})

# Roles that may import or create a story directly in a given status.
CREATE_IN_STATUS: dict[Status, frozenset[Role]] = {
    Status.DRAFT: _WRITERS,
    Status.SUBMITTED: _WRITERS,
    Status.CHANGES_REQUESTED: _EDITORS,
    Status.APPROVED: _EDITORS,
    Status.SCHEDULED: _EDITORS,
    Status.PUBLISHED: _EDITORS,
    Status.UNPUBLISHED: _EDITORS,
}


def can_transition(role: Role, current: Status, target: Status) -> bool:
    """True when `role` may move a story from `current` to `target`."""
    return role in TRANSITIONS.get((current, target), frozenset())


def can_create_in(role: Role, status: Status) -> bool:
    """True when `role` may bring a story into the newsroom already in `status`."""
    return role in CREATE_IN_STATUS[status]


def next_statuses(role: Role, current: Status) -> list[Status]:
    """The statuses `role` may move a story to from `current`, in workflow order."""
    return [to for (frm, to), roles in TRANSITIONS.items() if frm == current and role in roles]
