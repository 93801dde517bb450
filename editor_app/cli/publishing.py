"""Publishing from the command line: targets, publish, unpublish and the queue.

`publish` runs its job to the end (or until it stops) and prints {"job", "state", "url"}. An Application
Password goes to the OS keyring; without a secure one it is not stored, and `--password-stdin` gives it for
one command.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from editor_app.cli.common import acting, opened, print_json, print_line, read_password
from editor_app.domain.errors import KnownError

if TYPE_CHECKING:
    from editor_app.services.actor import Actor
    from editor_app.services.publishing.credentials import Credentials
    from editor_app.services.publishing.outbox import JobInfo
    from editor_app.storage.engine import Database

CLI_WAIT = 30.0  # the longest the CLI waits for a job's next try before leaving it to the queue
CLI_TRIES = 5


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    targets = sub.add_parser("targets", parents=[common], help="publishing targets").add_subparsers(
        dest="targets_command", metavar="ACTION", required=True)
    add = targets.add_parser("add", parents=[common], help="add a local site folder or a WordPress site")
    add.add_argument("name")
    _target_options(add, required=True)
    add.set_defaults(handler=cmd_targets_add)
    targets.add_parser("list", parents=[common], help="list targets as JSON").set_defaults(handler=cmd_targets_list)
    test = targets.add_parser("test", parents=[common], help="test a target (WordPress: the password and rights)")
    test.add_argument("name")
    test.add_argument("--password-stdin", action="store_true", help="the Application Password, for this test only")
    test.set_defaults(handler=cmd_targets_test)
    edit = targets.add_parser("edit", parents=[common], help="change a target")
    edit.add_argument("name")
    edit.add_argument("--rename", metavar="NEW", help="a new name")
    _target_options(edit, required=False)
    edit.set_defaults(handler=cmd_targets_edit)
    remove = targets.add_parser("remove", parents=[common], help="remove a target, its queue and its password")
    remove.add_argument("name")
    remove.set_defaults(handler=cmd_targets_remove)

    for name, verb in (("publish", "publish a story"), ("unpublish", "take a story off a target")):
        cmd = sub.add_parser(name, parents=[common], help=f"{verb} (runs the job to its end)")
        cmd.add_argument("id", type=int)
        cmd.add_argument("--target", required=True, metavar="NAME")
        cmd.add_argument("--password-stdin", action="store_true",
                         help="the target's Application Password, for this command only")
        if name == "publish":
            cmd.add_argument("--now", action="store_true", help="a scheduled story: publish it at once")
            cmd.add_argument("--overwrite", action="store_true",
                             help="replace an edit made on the site (the version `queue diff` showed)")
        cmd.set_defaults(handler=cmd_publish, unpublish=name == "unpublish")

    queue = sub.add_parser("queue", parents=[common], help="the publishing queue").add_subparsers(
        dest="queue_command", metavar="ACTION", required=True)
    listing = queue.add_parser("list", parents=[common], help="list publishing jobs as JSON")
    listing.add_argument("--target", metavar="NAME")
    listing.set_defaults(handler=cmd_queue_list)
    queue.add_parser("run", parents=[common], help="run the jobs that are due").set_defaults(handler=cmd_queue_run)
    for name, what in (("retry", "try a job again now"), ("cancel", "cancel a job"),
                       ("diff", "show what an edit on the site changed")):
        job_cmd = queue.add_parser(name, parents=[common], help=what)
        job_cmd.add_argument("job", type=int)
        job_cmd.set_defaults(handler=cmd_queue_job, action=name)


def _target_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    if required:
        parser.add_argument("--kind", required=True, choices=["local", "wordpress"])
    parser.add_argument("--path", metavar="DIR", help="local site: the folder to write the site to")
    parser.add_argument("--url", help="WordPress: the site's address (https://…)")
    parser.add_argument("--user", help="WordPress: the user the Application Password belongs to")
    parser.add_argument("--password-stdin", action="store_true",
                        help="WordPress: read the Application Password from standard input (kept in the keyring)")
    parser.add_argument("--city-taxonomy", choices=["auto", "tags"],
                        help="WordPress: cities to the site's 'city' taxonomy when it has one (auto) or to tags")
    parser.add_argument("--base-url", metavar="URL", help="local site: the address it is served at (for the feed)")


def _options(args: argparse.Namespace, current: dict[str, object] | None = None) -> dict[str, object]:
    options = dict(current or {})
    if getattr(args, "city_taxonomy", None):
        options["city_taxonomy"] = args.city_taxonomy
    if getattr(args, "base_url", None) is not None:
        options["base_url"] = args.base_url
    return options


def _say_where(storage: str, credentials: Credentials) -> None:
    from editor_app.services.publishing.credentials import keyring_status

    if storage == "session" and not credentials.secure:
        print(f"editor-app: {keyring_status().explanation} The password was not stored: give it again with "
              "--password-stdin when you publish.", file=sys.stderr)


def cmd_targets_add(args: argparse.Namespace) -> int:
    from editor_app.services.publishing.credentials import Credentials
    from editor_app.services.publishing.targets import TargetKind, TargetSpec, add_target

    password = read_password() if args.password_stdin else None
    spec = TargetSpec(args.name, TargetKind(args.kind), path=args.path or "", url=args.url or "",
                      username=args.user or "", options=_options(args))
    credentials = Credentials.system()
    with opened(args) as db:
        info = add_target(db, acting(db, args), spec, password=password, credentials=credentials)
    print_json(info.to_json())
    if password:
        _say_where(info.password.value, credentials)
    return 0


def cmd_targets_list(args: argparse.Namespace) -> int:
    from editor_app.services.publishing.credentials import Credentials
    from editor_app.services.publishing.targets import list_targets

    with opened(args) as db:
        listed = list_targets(db, acting(db, args), credentials=Credentials.system())
    print_json([t.to_json() for t in listed])
    return 0


def _with_password(db: Database, actor: Actor, target: str, credentials: Credentials) -> None:
    """--password-stdin: the target's password for this command only (never stored)."""
    from editor_app.services.publishing.targets import get_target

    info = get_target(db, actor, target)
    if info.url:
        credentials.store(info.url, info.username, read_password(), session_only=True)


def cmd_targets_test(args: argparse.Namespace) -> int:
    from editor_app.services.publishing.credentials import Credentials
    from editor_app.services.publishing.targets import check_target

    credentials = Credentials.system()
    with opened(args) as db:
        actor = acting(db, args)
        if args.password_stdin:
            _with_password(db, actor, args.name, credentials)
        report = check_target(db, actor, args.name, credentials=credentials)
    print_json({"ok": report.ok, "summary": report.summary, "details": list(report.details)})
    if not report.ok:
        raise KnownError(report.summary, hint=" ".join(report.details[:1]))
    return 0


def cmd_targets_edit(args: argparse.Namespace) -> int:
    from editor_app.services.publishing.credentials import Credentials
    from editor_app.services.publishing.targets import TargetSpec, edit_target, get_target

    password = read_password() if args.password_stdin else None
    credentials = Credentials.system()
    with opened(args) as db:
        actor = acting(db, args)
        current = get_target(db, actor, args.name)
        spec = TargetSpec(args.rename or current.name, current.kind, path=args.path or current.path,
                          url=args.url or current.url, username=args.user or current.username,
                          options=_options(args, current.options))
        info = edit_target(db, actor, args.name, current.version, spec, password=password, credentials=credentials)
    print_json(info.to_json())
    if password:
        _say_where(info.password.value, credentials)
    return 0


def cmd_targets_remove(args: argparse.Namespace) -> int:
    from editor_app.services.publishing.targets import remove_target

    with opened(args) as db:
        remove_target(db, acting(db, args), args.name)
    print_json({"removed": args.name})
    return 0


def _run_to_end(db: Database, job: JobInfo, credentials: Credentials) -> JobInfo:
    """Run the job now; a retryable stop is tried again when its next try is near, else left to the queue."""
    from editor_app.services.publishing.outbox import JobState
    from editor_app.services.publishing.runner import run_job_now
    from editor_app.storage.models import utcnow

    info = job
    for _ in range(CLI_TRIES):
        ran = run_job_now(db, info.id, credentials=credentials)
        if ran is None:
            raise KnownError(f"Publishing job {info.id} is being run by another desk right now.",
                             hint="`editor-app queue list` shows how it ends.")
        info = ran
        if info.state is not JobState.RETRY or info.next_try_at is None:
            return info
        wait = (info.next_try_at - utcnow()).total_seconds()
        if wait > CLI_WAIT:
            return info
        print(f"editor-app: {info.last_error} Trying again in {max(wait, 0):.0f} s.", file=sys.stderr)
        time.sleep(max(wait, 0))
    return info


def cmd_publish(args: argparse.Namespace) -> int:
    from editor_app.services.publishing.credentials import Credentials
    from editor_app.services.publishing.outbox import (
        JobKind,
        JobState,
        enqueue_publish,
        enqueue_unpublish,
        list_jobs,
        resolve_conflict,
    )

    credentials = Credentials.system()
    with opened(args) as db:
        actor = acting(db, args)
        if args.password_stdin:
            _with_password(db, actor, args.target, credentials)
        if args.unpublish:
            job = enqueue_unpublish(db, actor, args.id, args.target)
        else:
            conflict = next((j for j in list_jobs(db, actor, target=args.target)
                             if j.story_id == args.id and j.kind is JobKind.PUBLISH and j.state is JobState.CONFLICT),
                            None)
            if args.overwrite and conflict is not None:
                job = resolve_conflict(db, actor, conflict.id, overwrite=True)
            else:
                job = enqueue_publish(db, actor, args.id, args.target, publish_now=args.now)
        info = _run_to_end(db, job, credentials)
    return report_job(info)


def report_job(info: JobInfo) -> int:
    """Print {"job", "state", "url"}; a job that did not finish says why (exit 1), one that waits says so."""
    from editor_app.services.publishing.outbox import JobState

    print_line({"job": info.id, "state": info.state.value, "url": info.result_url})
    if info.state is JobState.DONE:
        if info.last_error:
            print(f"editor-app: {info.last_error}", file=sys.stderr)
        return 0
    if info.state is JobState.QUEUED:
        print(f"editor-app: {info.progress_text or 'The job waits in the queue.'}", file=sys.stderr)
        return 0
    what = {JobState.RETRY: f"will be tried again at {info.next_try_at:%Y-%m-%d %H:%M} UTC"
            if info.next_try_at else "will be tried again",
            JobState.CONFLICT: "stopped: the post was edited on the site (see `editor-app queue diff "
                               f"{info.id}`, then publish with --overwrite to replace it)"}.get(info.state, "stopped")
    raise KnownError(f"Publishing job {info.id} {what}: {info.last_error}", hint=info.error_hint)


def cmd_queue_list(args: argparse.Namespace) -> int:
    from editor_app.services.publishing.outbox import list_jobs

    with opened(args) as db:
        jobs = list_jobs(db, acting(db, args), target=args.target)
    print_json([j.to_json() for j in jobs])
    return 0


def cmd_queue_run(args: argparse.Namespace) -> int:
    from editor_app.services.publishing.credentials import Credentials
    from editor_app.services.publishing.runner import drain

    with opened(args) as db:
        acting(db, args)
        ran = drain(db, credentials=Credentials.system())
    print_json([j.to_json() for j in ran])
    return 0


def cmd_queue_job(args: argparse.Namespace) -> int:
    from editor_app.services.publishing.diff import unified_diff
    from editor_app.services.publishing.outbox import cancel_job, conflict_view, retry_job

    with opened(args) as db:
        actor = acting(db, args)
        if args.action == "diff":
            print(unified_diff(conflict_view(db, actor, args.job)) or "The two versions are the same.")
            return 0
        info = (retry_job if args.action == "retry" else cancel_job)(db, actor, args.job)
    print_line(info.to_json())
    return 0
