"""Story workflow: the states a story moves through and the staff roles (who may move it: domain.permissions)."""

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


# Moves that need a note explaining why. Which role may make which move is domain.permissions.
NOTE_REQUIRED = frozenset({(Status.SUBMITTED, Status.CHANGES_REQUESTED)})
