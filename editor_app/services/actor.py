"""Who is acting: every service call names the staff member it acts for.

The role here is what the account had when it was resolved: fine for a UI hint, never for a decision.
Services decide with services.access, which re-reads the account inside their transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from editor_app.domain.workflow import Role


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    display_name: str
    role: Role
