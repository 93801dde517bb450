"""Who is acting: every service call names the staff member it acts for."""

from __future__ import annotations

from dataclasses import dataclass

from editor_app.domain.errors import PermissionDeniedError
from editor_app.domain.workflow import Role


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    display_name: str
    role: Role

    def require(self, *roles: Role, action: str) -> None:
        """Raise PermissionDeniedError unless the actor has one of `roles`."""
        if self.role not in roles:
            allowed = ", ".join(r.label.lower() for r in roles)
            raise PermissionDeniedError(
                f"{self.display_name} ({self.role.label.lower()}) may not {action}.",
                hint=f"Only these roles may: {allowed}.",
            )
