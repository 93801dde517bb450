"""The publishing work the GUI hands to its workers: plain data in, plain data out.

Services (with SQLAlchemy, httpx and keyring) are imported inside the functions, so the main window paints
before any of them loads. Passwords go to `Credentials.system()`: the OS keyring, or this session only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from editor_app.services.actor import Actor
    from editor_app.services.publishing.credentials import KeyringStatus
    from editor_app.services.publishing.outbox import ConflictView, JobInfo
    from editor_app.services.publishing.targets import CheckReport, TargetInfo, TargetSpec
    from editor_app.storage.engine import Database
    from editor_app.ui.tasks import TaskControl

SEPARATOR = "|"  # progress text is "<job id>|<what it does>"


@dataclass(frozen=True)
class TargetsState:
    targets: list[TargetInfo]
    keyring: KeyringStatus


def targets_state(db: Database, actor: Actor) -> TargetsState:
    from editor_app.services.publishing.credentials import Credentials, keyring_status
    from editor_app.services.publishing.targets import list_targets

    return TargetsState(list_targets(db, actor, credentials=Credentials.system()), keyring_status())


def save_target(db: Database, actor: Actor, current: TargetInfo | None, spec: TargetSpec,
                password: str) -> TargetInfo:
    from editor_app.services.publishing.credentials import Credentials
    from editor_app.services.publishing.targets import add_target, edit_target

    credentials = Credentials.system()
    if current is None:
        return add_target(db, actor, spec, password=password or None, credentials=credentials)
    return edit_target(db, actor, current.id, current.version, spec, password=password or None,
                       credentials=credentials)


def remove_target(db: Database, actor: Actor, target_id: int) -> None:
    from editor_app.services.publishing.targets import remove_target as remove

    remove(db, actor, target_id)


def check_target(db: Database, actor: Actor, target_id: int) -> CheckReport:
    from editor_app.services.publishing.credentials import Credentials
    from editor_app.services.publishing.targets import check_target as check

    return check(db, actor, target_id, credentials=Credentials.system())


@dataclass(frozen=True)
class QueueState:
    jobs: list[JobInfo]
    without_password: frozenset[int]  # WordPress targets this computer has no password for: their jobs wait


def queue_state(db: Database, actor: Actor) -> QueueState:
    from editor_app.services.publishing.credentials import Credentials, Storage
    from editor_app.services.publishing.outbox import list_jobs as listing
    from editor_app.services.publishing.targets import TargetKind, list_targets

    waiting = frozenset(t.id for t in list_targets(db, actor, credentials=Credentials.system())
                        if t.kind is TargetKind.WORDPRESS and t.password is Storage.NONE)
    return QueueState(listing(db, actor, limit=100), waiting)


def enqueue(db: Database, actor: Actor, story_id: int, target_id: int, *, unpublish: bool = False) -> JobInfo:
    from editor_app.services.publishing.outbox import enqueue_publish, enqueue_unpublish

    if unpublish:
        return enqueue_unpublish(db, actor, story_id, target_id)
    return enqueue_publish(db, actor, story_id, target_id)


def job_action(db: Database, actor: Actor, job_id: int, action: str) -> JobInfo:
    """retry | cancel | overwrite | keep | publish_now, on one job."""
    from editor_app.services.publishing import outbox

    if action == "retry":
        return outbox.retry_job(db, actor, job_id)
    if action == "cancel":
        return outbox.cancel_job(db, actor, job_id)
    if action in ("overwrite", "keep"):
        return outbox.resolve_conflict(db, actor, job_id, overwrite=action == "overwrite")
    if action == "publish_now":
        return outbox.publish_now(db, actor, job_id)
    raise ValueError(f"unknown job action {action!r}")


@dataclass(frozen=True)
class Comparison:
    view: ConflictView
    html: str


def compare(db: Database, actor: Actor, job_id: int) -> Comparison:
    from editor_app.services.publishing.diff import side_by_side_html
    from editor_app.services.publishing.outbox import conflict_view

    view = conflict_view(db, actor, job_id)
    return Comparison(view, side_by_side_html(view))


def drain_queue(db: Database, control: TaskControl) -> list[JobInfo]:
    """Run the due jobs this desk can run; progress goes out as "<job id>|<text>", a cancel stops between jobs."""
    from editor_app.services.publishing.credentials import Credentials
    from editor_app.services.publishing.runner import drain

    def progress(job_id: int, done: int, total: int, text: str) -> None:
        control.progress(done, total, f"{job_id}{SEPARATOR}{text}")

    return drain(db, credentials=Credentials.system(), on_progress=progress, should_stop=lambda: control.cancelled)


def default_site_folder(db: Database) -> Path:
    """Where a first local site goes: beside the profile's database (or in the default profile's folder)."""
    from sqlalchemy.engine import make_url

    url = make_url(db.url)
    if url.get_backend_name() == "sqlite" and url.database:
        return Path(url.database).parent / "site"
    from editor_app.storage.profile import default_profile_dir

    return default_profile_dir() / "site"


def local_home(db: Database, actor: Actor) -> str:
    """The file URL of the first local site's home page ('' when there is no local target)."""
    from editor_app.services.publishing.targets import TargetKind, list_targets

    for target in list_targets(db, actor):
        if target.kind is TargetKind.LOCAL:
            home = Path(target.path) / "index.html"
            return home.as_uri() if home.exists() else ""
    return ""


def spec(name: str, kind: str, *, path: str = "", url: str = "", username: str = "",
         options: dict[str, Any] | None = None) -> TargetSpec:
    from editor_app.services.publishing.targets import TargetKind, TargetSpec

    return TargetSpec(name, TargetKind(kind), path=path, url=url, username=username, options=options or {})
