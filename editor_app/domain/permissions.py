"""Who may do what: the one table of roles and actions. Services enforce it; the UI only reads it.

Every service call names an Action; `allowed(role, action)` is the whole rule. Editing a story needs
EDIT_ANY, or EDIT_OWN when the actor created it. Moving a story between statuses needs the action that
the move stands for (domain.workflow maps each move to one).
"""

from __future__ import annotations

from enum import StrEnum

from editor_app.domain.workflow import Correction, Role, Status


class Action(StrEnum):
    READ = "read"
    CREATE = "create"
    EDIT_OWN = "edit own"
    EDIT_ANY = "edit any"
    SUBMIT = "submit"
    APPROVE = "approve"
    REQUEST_CHANGES = "request changes"
    SCHEDULE = "schedule"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    PICK_TOP_STORIES = "pick top stories"
    CAPTION_PHOTOS = "caption photos"
    ADD_TO_VOCABULARIES = "add to vocabularies"
    MANAGE_VOCABULARIES = "manage vocabularies"
    MANAGE_STAFF = "manage staff"
    MANAGE_TARGETS = "manage targets"
    MANAGE_SETTINGS = "manage settings"

    @property
    def phrase(self) -> str:
        """What the action reads like in a sentence: "may not approve stories"."""
        return _PHRASES.get(self, self.value)


_PHRASES = {
    Action.READ: "read the newsroom",
    Action.CREATE: "create stories",
    Action.EDIT_OWN: "edit their own stories",
    Action.EDIT_ANY: "edit other people's stories",
    Action.SUBMIT: "submit stories for review",
    Action.APPROVE: "approve stories",
    Action.REQUEST_CHANGES: "send stories back with changes requested",
    Action.SCHEDULE: "schedule stories",
    Action.PUBLISH: "publish stories",
    Action.UNPUBLISH: "unpublish stories",
    Action.PICK_TOP_STORIES: "pick and order the week's top stories",
    Action.CAPTION_PHOTOS: "caption, credit and import photos",
    Action.ADD_TO_VOCABULARIES: "add cities and contributors",
    Action.MANAGE_VOCABULARIES: "change sections, merge or rename cities and contributors",
    Action.MANAGE_STAFF: "manage staff accounts",
    Action.MANAGE_TARGETS: "manage publishing targets",
    Action.MANAGE_SETTINGS: "change the newsroom's settings",
}

_WRITING = frozenset({Action.READ, Action.CREATE, Action.EDIT_OWN, Action.SUBMIT, Action.ADD_TO_VOCABULARIES})
_PHOTO_DESK = frozenset({Action.READ, Action.CAPTION_PHOTOS, Action.ADD_TO_VOCABULARIES})
_EDITING = _WRITING | {
    Action.EDIT_ANY, Action.APPROVE, Action.REQUEST_CHANGES, Action.SCHEDULE, Action.PUBLISH, Action.UNPUBLISH,
    Action.PICK_TOP_STORIES, Action.CAPTION_PHOTOS,
}

# The table: role -> the actions it may take. Anything not listed is refused.
PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.WRITER: _WRITING,
    Role.PHOTO_DESK: _PHOTO_DESK,
    Role.EDITOR: _EDITING,
    Role.ADMIN: frozenset(Action),
}


def allowed(role: Role, action: Action) -> bool:
    """True when `role` may take `action`."""
    return action in PERMISSIONS[role]


def roles_allowed(action: Action) -> list[Role]:
    """The roles that may take `action`, in the order of the Role enum (for messages)."""
    return [role for role in Role if allowed(role, action)]


def may_edit(role: Role, *, own: bool) -> bool:
    """Editing a story: anybody's with EDIT_ANY, one's own with EDIT_OWN."""
    return allowed(role, Action.EDIT_ANY) or (own and allowed(role, Action.EDIT_OWN))


# --- the workflow: each move a story can make, and the action it stands for ------------------------------

MOVES: dict[tuple[Status, Status], Action] = {
    (Status.DRAFT, Status.SUBMITTED): Action.SUBMIT,
    (Status.CHANGES_REQUESTED, Status.SUBMITTED): Action.SUBMIT,
    (Status.SUBMITTED, Status.CHANGES_REQUESTED): Action.REQUEST_CHANGES,
    (Status.SUBMITTED, Status.APPROVED): Action.APPROVE,
    (Status.APPROVED, Status.SCHEDULED): Action.SCHEDULE,
    (Status.APPROVED, Status.PUBLISHED): Action.PUBLISH,
    (Status.SCHEDULED, Status.PUBLISHED): Action.PUBLISH,
    (Status.SCHEDULED, Status.APPROVED): Action.SCHEDULE,
    (Status.PUBLISHED, Status.UNPUBLISHED): Action.UNPUBLISH,
    (Status.PUBLISHED, Status.PUBLISHED): Action.PUBLISH,  # republish a corrected story (once approved)
    (Status.UNPUBLISHED, Status.DRAFT): Action.CREATE,  # re-opened as a draft: like starting it again
    (Status.UNPUBLISHED, Status.PUBLISHED): Action.PUBLISH,
}

# A correction to a published story: editing it (edit rights) makes it pending; then these moves.
CORRECTION_MOVES: dict[tuple[Correction, Correction], Action] = {
    (Correction.PENDING, Correction.APPROVED): Action.APPROVE,
    (Correction.APPROVED, Correction.NONE): Action.PUBLISH,  # published again with the corrected text
}

# Bringing a story into the newsroom already in a status needs the action that reaches that status.
ARRIVAL: dict[Status, Action] = {
    Status.DRAFT: Action.CREATE,
    Status.SUBMITTED: Action.SUBMIT,
    Status.CHANGES_REQUESTED: Action.REQUEST_CHANGES,
    Status.APPROVED: Action.APPROVE,
    Status.SCHEDULED: Action.SCHEDULE,
    Status.PUBLISHED: Action.PUBLISH,
    Status.UNPUBLISHED: Action.UNPUBLISH,
}


def move_action(current: Status, target: Status) -> Action | None:
    """The action a move stands for, or None when the workflow has no such move."""
    return MOVES.get((current, target))


def can_transition(role: Role, current: Status, target: Status) -> bool:
    """True when `role` may move a story from `current` to `target`."""
    action = move_action(current, target)
    return action is not None and allowed(role, action)


def can_create_in(role: Role, status: Status) -> bool:
    """True when `role` may bring a story into the newsroom already in `status`."""
    return allowed(role, Action.CREATE) and allowed(role, ARRIVAL[status])


def next_statuses(role: Role, current: Status) -> list[Status]:
    """The statuses `role` may move a story to from `current`, in workflow order."""
    return [to for (frm, to) in MOVES if frm == current and can_transition(role, frm, to)]
