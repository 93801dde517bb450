"""Publishing targets: add, edit, list, test and remove where stories go (a local site folder or WordPress).

Managing targets needs Action.MANAGE_TARGETS; listing them needs READ. A WordPress target's Application
Password goes to `Credentials` (the OS keyring, or this session only), never to the database.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from editor_app.domain.errors import ConflictError, KnownError, NotFoundError, ValidationError
from editor_app.domain.permissions import Action
from editor_app.services import audit
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.publishing.credentials import Credentials, Storage
from editor_app.storage.engine import Database
from editor_app.storage.models import PublishTarget

if TYPE_CHECKING:
    from editor_app.services.publishing.wordpress_client import WordPressClient

logger = logging.getLogger(__name__)

ClientFactory = Callable[[str, str, str], "WordPressClient"]  # (url, user, app password) -> client


class TargetKind(StrEnum):
    LOCAL = "local"
    WORDPRESS = "wordpress"

    @property
    def label(self) -> str:
        return {"local": "Local site (a folder)", "wordpress": "WordPress (REST API)"}[self.value]


@dataclass(frozen=True)
class TargetSpec:
    """What a target is: `path` for a local site, `url` and `username` for WordPress."""

    name: str
    kind: TargetKind
    path: str = ""
    url: str = ""
    username: str = ""
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TargetInfo:
    id: int
    name: str
    kind: TargetKind
    path: str
    url: str
    username: str
    options: dict[str, Any]
    version: int
    password: Storage = Storage.NONE  # where this computer keeps its password (WordPress only)

    @property
    def where(self) -> str:
        """The folder or the site's address, for lists."""
        return self.path if self.kind is TargetKind.LOCAL else self.url

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "name": self.name, "kind": self.kind.value}
        if self.kind is TargetKind.LOCAL:
            data["path"] = self.path
        else:
            data |= {"url": self.url, "user": self.username, "password": self.password.value}
        return data


@dataclass(frozen=True)
class CheckReport:
    """What "Test connection" found: `ok`, a one-line summary and the details, said plainly."""


    ok: bool
    summary: str
    details: tuple[str, ...] = ()
    can_publish: bool | None = None


def _clean(spec: TargetSpec) -> TargetSpec:
    name = " ".join(spec.name.split())
    if not name:
        raise ValidationError("The target has no name.", hint="Give it a short name, like “website” or “local”.")
    if len(name) > 80:
        raise ValidationError(f"The target name is {len(name)} characters long; the limit is 80.",
                              hint="Choose a shorter name.")
    if spec.kind is TargetKind.LOCAL:
        raw = spec.path.strip()
        if not raw:
            raise ValidationError(f"The local site “{name}” has no folder.",
                                  hint="Choose the folder the site should be written to.")
        folder = Path(raw).expanduser()
        if not folder.is_absolute():
            folder = Path.cwd() / folder
        return TargetSpec(name, spec.kind, path=str(folder.resolve()), options=dict(spec.options))
    from editor_app.services.publishing.wordpress_http import normalize_site_url

    url = str(normalize_site_url(spec.url)).rstrip("/")
    username = spec.username.strip()
    if not username:
        raise ValidationError(f"The WordPress target “{name}” has no user name.",
                              hint="Enter the WordPress user the Application Password belongs to.")
    return TargetSpec(name, spec.kind, url=url, username=username, options=dict(spec.options))


def target_info(row: PublishTarget, credentials: Credentials | None) -> TargetInfo:
    kind = TargetKind(row.kind)
    storage = Storage.NONE
    if kind is TargetKind.WORDPRESS and credentials is not None:
        try:
            _secret, storage = credentials.lookup(row.url, row.username)
        except KnownError as exc:  # a locked keyring: say "none" here, the publish says why
            logger.info("keyring lookup for target %s: %s", row.name, exc.message)
    return TargetInfo(id=row.id, name=row.name, kind=kind, path=row.path, url=row.url, username=row.username,
                      options=dict(row.options or {}), version=row.version, password=storage)


def find_target(session: Session, name_or_id: str | int) -> PublishTarget:
    """A target by name (or id); NotFoundError names it and says how to list them."""
    row: PublishTarget | None
    if isinstance(name_or_id, int) or str(name_or_id).isdigit():
        row = session.get(PublishTarget, int(name_or_id))
        if row is None:
            row = session.scalar(select(PublishTarget).where(PublishTarget.name == str(name_or_id)))
    else:
        row = session.scalar(select(PublishTarget).where(PublishTarget.name == name_or_id.strip()))
    if row is None:
        raise NotFoundError(f"There is no publishing target named “{name_or_id}”.",
                            hint="`editor-app targets list` shows them; `editor-app targets add` adds one.")
    return row


def _check_unique_name(session: Session, name: str, own_id: int | None) -> None:
    clash = session.scalar(select(PublishTarget.id).where(PublishTarget.name == name))
    if clash is not None and clash != own_id:
        raise ValidationError(f"There is already a publishing target named “{name}”.", hint="Choose another name.")


def add_target(db: Database, actor: Actor, spec: TargetSpec, *, password: str | None = None,
               credentials: Credentials | None = None, session_only: bool = False) -> TargetInfo:
    """A new target; a WordPress password goes to `credentials` (keyring, or session when there is none)."""
    clean = _clean(spec)
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.MANAGE_TARGETS)
        _check_unique_name(session, clean.name, None)
        row = PublishTarget(name=clean.name, kind=clean.kind.value, path=clean.path, url=clean.url,
                            username=clean.username, options=clean.options)
        session.add(row)
        session.flush()
        audit.record(session, user, "target.add", name=row.name, kind=row.kind, where=clean.path or clean.url)
        target_id = row.id
    if password and clean.kind is TargetKind.WORDPRESS:
        (credentials or Credentials.system()).store(clean.url, clean.username, password, session_only=session_only)
    logger.info("Added publishing target %s (%s)", clean.name, clean.kind.value)
    return get_target(db, actor, target_id, credentials=credentials)


def edit_target(db: Database, actor: Actor, name_or_id: str | int, expected_version: int | None,
                spec: TargetSpec, *, password: str | None = None, credentials: Credentials | None = None,
                session_only: bool = False) -> TargetInfo:
    """Change a target. A new URL or user moves the stored password along (or replaces it with `password`)."""
    clean = _clean(spec)
    creds = credentials or Credentials.system()
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.MANAGE_TARGETS)
        row = find_target(session, name_or_id)
        if expected_version is not None and row.version != expected_version:
            raise ConflictError(f"The publishing target “{row.name}” was changed by someone else meanwhile.",
                                hint="Reload the targets and make your change again.")
        if row.kind != clean.kind.value:
            raise ValidationError(f"“{row.name}” is a {TargetKind(row.kind).label}; its kind cannot change.",
                                  hint="Add a new target of the other kind, then remove this one.")
        _check_unique_name(session, clean.name, row.id)
        old_url, old_user = row.url, row.username
        row.name, row.path, row.url, row.username = clean.name, clean.path, clean.url, clean.username
        row.options = clean.options
        audit.record(session, user, "target.edit", name=row.name, where=clean.path or clean.url)
        target_id = row.id
    if clean.kind is TargetKind.WORDPRESS:
        moved = (old_url, old_user) != (clean.url, clean.username)
        if password:
            creds.store(clean.url, clean.username, password, session_only=session_only)
        elif moved:
            previous, _where = creds.lookup(old_url, old_user)
            if previous:
                creds.store(clean.url, clean.username, previous, session_only=not creds.secure or session_only)
        if moved:
            creds.forget(old_url, old_user)
    return get_target(db, actor, target_id, credentials=creds)


def remove_target(db: Database, actor: Actor, name_or_id: str | int, *,
                  credentials: Credentials | None = None) -> None:
    """Remove a target with its queue and records (what is on the site stays there) and its password."""
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.MANAGE_TARGETS)
        row = find_target(session, name_or_id)
        url, username, kind, name = row.url, row.username, row.kind, row.name
        session.delete(row)
        audit.record(session, user, "target.remove", name=name)
    if kind == TargetKind.WORDPRESS.value:
        (credentials or Credentials.system()).forget(url, username)


def list_targets(db: Database, actor: Actor, *, credentials: Credentials | None = None) -> list[TargetInfo]:
    with db.session() as session:
        authorize(session, actor, Action.READ)
        rows = session.scalars(select(PublishTarget).order_by(PublishTarget.name)).all()
        return [target_info(row, credentials) for row in rows]


def get_target(db: Database, actor: Actor, name_or_id: str | int, *,
               credentials: Credentials | None = None) -> TargetInfo:
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return target_info(find_target(session, name_or_id), credentials)


def password_for(target: TargetInfo, credentials: Credentials) -> str:
    """The target's password on this computer, or a KnownError saying how to give it."""
    secret, _where = credentials.lookup(target.url, target.username)
    if not secret:
        raise MissingPasswordError(
            f"There is no Application Password for “{target.name}” ({target.username} on {target.url}) "
            "on this computer.",
            hint="Enter it in Publishing → Targets (or give it with --password-stdin); without a secure keyring "
                 "it is kept for the session only.")
    return secret


class MissingPasswordError(KnownError):
    """A WordPress target has no password on this computer (none stored, or the session that had it ended)."""


def check_target(db: Database, actor: Actor, name_or_id: str | int, *, credentials: Credentials | None = None,
                client_factory: ClientFactory | None = None) -> CheckReport:
    """Try the target: a local folder must be writable; WordPress must accept the password (`users/me`)."""
    target = get_target(db, actor, name_or_id, credentials=credentials)
    if target.kind is TargetKind.LOCAL:
        return _check_folder(target)
    creds = credentials or Credentials.system()
    try:
        password = password_for(target, creds)
    except MissingPasswordError as exc:
        return CheckReport(False, exc.message, (exc.hint,))
    from editor_app.services.publishing.wordpress_client import WordPressClient
    from editor_app.services.publishing.wordpress_errors import WordPressError

    factory = client_factory or WordPressClient
    try:
        with factory(target.url, target.username, password) as client:
            report = client.check_connection()
            city = client.taxonomy_rest_base("city")
    except WordPressError as exc:
        return CheckReport(False, exc.message, (exc.hint,) if exc.hint else ())
    site = f"“{report.site_name}”" if report.site_name else target.url
    details = [f"Signed in as {report.user_name} (WordPress user {report.user_id}).",
               "This user may publish posts." if report.can_publish else
               "This user may NOT publish posts: ask for the Editor or Administrator role.",
               "This user may upload photos." if report.can_upload else "This user may NOT upload photos.",
               f"City tags go to the site's “city” taxonomy ({city})." if city else
               "City tags go to WordPress tags (the site has no “city” taxonomy).",
               f"REST API: {report.rest_url}"]
    ok = report.can_publish and report.can_upload
    summary = f"Connected to {site} as {report.user_name}" + ("." if ok else ", but publishing would fail.")
    return CheckReport(ok, summary, tuple(details), can_publish=report.can_publish)


def _check_folder(target: TargetInfo) -> CheckReport:
    folder = Path(target.path)
    parent = folder if folder.exists() else folder.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if folder.exists() and not folder.is_dir():
        return CheckReport(False, f"{folder} is a file, not a folder.", ("Choose a folder for the site.",))
    try:
        with tempfile.NamedTemporaryFile(dir=parent, prefix=".editor-app-test-"):
            pass
    except OSError as exc:
        return CheckReport(False, f"The app cannot write in {parent}: {exc.strerror or exc}.",
                          ("Choose a folder you may write to.",))
    details = [f"The site is written to {folder}.", f"Its home page: {folder / 'index.html'}"]
    if folder.exists() and any(folder.iterdir()) and not (folder / ".editor-app-site").exists():
        return CheckReport(False, f"{folder} already holds other files; the site would replace them.",
                          ("Choose an empty or new folder for the site.",))
    free = _free_space(parent)
    if free is not None:
        details.append(f"Free space there: {free / 1e9:.1f} GB.")
    return CheckReport(True, f"The local site can be written to {folder}.", tuple(details), can_publish=True)


def _free_space(folder: Path) -> int | None:
    try:
        stats = os.statvfs(folder)
    except (OSError, AttributeError):
        return None
    return stats.f_bavail * stats.f_frsize
