"""Read and change the newsroom's settings (one row; its absence means the defaults)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from sqlalchemy.orm import Session

from editor_app.domain.errors import ConflictError, ValidationError
from editor_app.domain.newsroom_settings import NewsroomSettings
from editor_app.domain.permissions import Action
from editor_app.services import audit
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.storage.engine import Database
from editor_app.storage.models import NewsroomSettingsRow, utcnow

EDITABLE = tuple(f.name for f in fields(NewsroomSettings) if f.name != "version")


def read_settings(session: Session) -> NewsroomSettings:
    """The settings inside a transaction a service already holds (no permission check of its own)."""
    row = session.get(NewsroomSettingsRow, 1)
    if row is None:
        return NewsroomSettings()
    return NewsroomSettings(**{name: getattr(row, name) for name in EDITABLE}, version=row.version)


def get_settings(db: Database, actor: Actor) -> NewsroomSettings:
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return read_settings(session)


def update_settings(db: Database, actor: Actor, expected_version: int, **changes: Any) -> NewsroomSettings:
    """Change some settings (admins only), if nobody changed them since `expected_version` was read."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationError(f"There is no newsroom setting called '{unknown[0]}'.",
                              hint=f"The settings are: {', '.join(EDITABLE)}.")
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.MANAGE_SETTINGS)
        current = read_settings(session)
        if current.version != expected_version:
            raise ConflictError(f"The newsroom settings were changed by someone else (now version {current.version}).",
                                hint="Look at them again and make your change once more.",
                                current_version=current.version)
        wanted = store_settings(session, current.changed(**changes))  # checked: a bad time zone stops here
        audit.record(session, user, "settings.change", **{k: getattr(wanted, k) for k in changes})
        return wanted


def store_settings(session: Session, wanted: NewsroomSettings) -> NewsroomSettings:
    """Write `wanted` into the one settings row (inside a checked transaction); returns it with its version."""
    row = session.get(NewsroomSettingsRow, 1)
    if row is None:
        row = NewsroomSettingsRow(id=1, created_at=utcnow())
        session.add(row)
    for name in EDITABLE:
        setattr(row, name, getattr(wanted, name))
    session.flush()
    return wanted.changed(version=row.version)
