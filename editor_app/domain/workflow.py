"""Story workflow: the states a story moves through and the staff roles (who may move it: domain.permissions).

A published story whose words change gets a pending *correction*: it stays published (the old text is what
readers see) until an editor approves the correction and it is published again.
"""

from __future__ import annotations

from collections.abc import Iterable
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


# Moves that need a note explaining why. Which role may make which move is domain.permissions.
NOTE_REQUIRED = frozenset({(Status.SUBMITTED, Status.CHANGES_REQUESTED)})


class Correction(StrEnum):
    """Where a published story's correction stands."""

    NONE = ""
    PENDING = "pending"  # edited since it went out: needs approval again
    APPROVED = "approved"  # approved again: to be published again

    @property
    def label(self) -> str:
        return {"": "No correction", "pending": "Correction awaiting approval",
                "approved": "Correction approved, to be republished"}[self.value]


# The fields whose change is a correction to a published story (not its schedule, week or status).
CORRECTION_FIELDS = frozenset({"headline", "deck", "slug", "body", "section", "dateline", "bylines", "cities",
                               "photos"})


def correction_after_save(before: Status, after: Status, correction: Correction,
                          changed: Iterable[str]) -> Correction:
    """The story's correction state after a save that moved it from `before` to `after` and changed
    `changed`: words changed on a story that stays published make a pending correction (an approved one
    goes back to pending); leaving "published" ends any correction."""
    if after is not Status.PUBLISHED:
        return Correction.NONE
    if before is Status.PUBLISHED and CORRECTION_FIELDS.intersection(changed):
        return Correction.PENDING
    return correction
