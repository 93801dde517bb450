"""`editor-app`: starts the GUI, or runs a headless job (migrate, users, demo, list, import, export).

Exit status: 0 on success, 2 on a usage error, 1 on any other failure with one plain sentence on stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from editor_app import APP_NAME, __version__
from editor_app.domain.errors import KnownError
from editor_app.domain.text import sentence_case

logger = logging.getLogger(__name__)
Handler = Callable[[argparse.Namespace], int]


def _profile_options(defaults: bool) -> argparse.ArgumentParser:
    """The options every command takes. Sub-commands suppress defaults so they keep values given earlier."""
    common = argparse.ArgumentParser(add_help=False, argument_default=None if defaults else argparse.SUPPRESS)
    common.add_argument("--profile-dir", metavar="DIR", help="profile folder (default: the platform data folder)")
    common.add_argument("--database-url", metavar="URL",
                        help="database URL, e.g. postgresql://user@host/newsroom (default: the profile's SQLite)")
    common.add_argument("--as", dest="acting_user", metavar="USER",
                        help="staff account to act as (default: the profile's owner, an admin)")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _profile_options(defaults=False)
    parser = argparse.ArgumentParser(prog="editor-app", parents=[_profile_options(defaults=True)],
                                     description=f"{APP_NAME}: draft, review and publish a weekly paper.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="start the GUI on the demo newsroom (created on first use)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("migrate", parents=[common], help="bring the database schema up to date")
    sub.add_parser("demo", parents=[common], help="fill an empty profile with the demo newsroom")

    users = sub.add_parser("users", parents=[common], help="staff accounts").add_subparsers(
        dest="users_command", metavar="ACTION", required=True)
    add = users.add_parser("add", parents=[common], help="add a staff account")
    add.add_argument("username")
    add.add_argument("--name", default="", help="display name")
    add.add_argument("--role", required=True, choices=["writer", "photo_desk", "editor", "admin"])
    add.add_argument("--email", default="")
    add.add_argument("--password-stdin", action="store_true", help="read a password from standard input")
    users.add_parser("list", parents=[common], help="list staff accounts as JSON")

    lst = sub.add_parser("list", parents=[common], help="list stories as JSON")
    lst.add_argument("--status", choices=[s.value for s in _statuses()])
    lst.add_argument("--week", metavar="YYYY-Www")
    lst.add_argument("--section")
    lst.add_argument("--search", metavar="TEXT", default="")
    lst.add_argument("--limit", type=int, default=0, help="at most this many (default: all)")

    imp = sub.add_parser("import", parents=[common], help="import a story file (Markdown + YAML front matter)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--create-missing", action="store_true",
                     help="create unknown cities and contributors instead of stopping")

    exp = sub.add_parser("export", parents=[common], help="export a story as a story file")
    exp.add_argument("id", type=int)
    exp.add_argument("-o", "--output", type=Path, help="file to write (photos go next to it); default stdout")
    return parser


def _statuses() -> list[Any]:
    from editor_app.domain.workflow import Status

    return list(Status)


def _open(args: argparse.Namespace) -> Any:
    from editor_app.storage.open import open_database
    from editor_app.storage.profile import resolve_profile

    return open_database(resolve_profile(args.profile_dir, args.database_url))


def _actor(db: Any, args: argparse.Namespace) -> Any:
    from editor_app.services import users

    return users.actor_for(db, args.acting_user) if args.acting_user else users.profile_owner(db)


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def cmd_migrate(args: argparse.Namespace) -> int:
    from editor_app.storage.engine import connect
    from editor_app.storage.migrate import migrate
    from editor_app.storage.profile import resolve_profile

    profile = resolve_profile(args.profile_dir, args.database_url)
    db = connect(profile)
    try:
        report = migrate(db, profile)
    finally:
        db.dispose()
    if report.applied:
        print(f"Migrated {db.description} from {report.before or 'empty'} to {report.after}: "
              f"{', '.join(report.applied)}.")
        if report.backup:
            print(f"Backup of the previous database: {report.backup}")
    else:
        print(f"{sentence_case(db.description)} is up to date (schema {report.after}).")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from editor_app.services.demo import create_demo_newsroom

    db = _open(args)
    try:
        summary = create_demo_newsroom(db)
    finally:
        db.dispose()
    print(f"Demo newsroom created in {db.description}: {summary}.")
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    from editor_app.domain.workflow import Role
    from editor_app.services import users

    db = _open(args)
    try:
        if args.users_command == "list":
            _print_json([u.__dict__ | {"role": u.role.value} for u in users.list_users(db)])
            return 0
        password = _read_password() if args.password_stdin else None
        actor = _actor(db, args)
        info = users.add_user(db, actor, args.username, args.name or args.username, Role(args.role),
                              password=password, email=args.email)
        _print_json({"id": info.id, "username": info.username, "role": info.role.value})
        return 0
    finally:
        db.dispose()


def _read_password() -> str:
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise KnownError("No password was given on standard input.")
    return line


def cmd_list(args: argparse.Namespace) -> int:
    from editor_app.domain.stories import StoryFilter
    from editor_app.domain.weeks import IsoWeek
    from editor_app.domain.workflow import Status
    from editor_app.services.story_list import list_stories

    week = str(IsoWeek.parse(args.week)) if args.week else None
    flt = StoryFilter(status=Status(args.status) if args.status else None, section=args.section, week=week,
                      search=args.search)
    db = _open(args)
    try:
        page = list_stories(db, flt, limit=args.limit if args.limit > 0 else 10_000_000)
    finally:
        db.dispose()
    _print_json([
        {"id": r.id, "headline": r.headline, "slug": r.slug, "section": r.section, "status": r.status.value,
         "bylines": [{"name": b.name, "role": b.role.value} for b in r.bylines], "cities": list(r.cities),
         "week": r.week, "updated": r.updated.isoformat()}
        for r in page.rows
    ])
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from editor_app.services.story_files import import_story_file

    db = _open(args)
    try:
        story_id, slug = import_story_file(db, _actor(db, args), args.file, create_missing=args.create_missing)
    finally:
        db.dispose()
    print(json.dumps({"id": story_id, "slug": slug}, ensure_ascii=False))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from editor_app.services.story_files import export_story_file

    db = _open(args)
    try:
        text = export_story_file(db, args.id, args.output)
    finally:
        db.dispose()
    if args.output is None:
        sys.stdout.write(text)
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from editor_app.ui.app import run_gui

    status: int = run_gui(profile_dir=args.profile_dir, database_url=args.database_url, demo=args.demo)
    return status


HANDLERS: dict[str | None, Handler] = {
    None: cmd_gui, "migrate": cmd_migrate, "demo": cmd_demo, "users": cmd_users, "list": cmd_list,
    "import": cmd_import, "export": cmd_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is not None:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return HANDLERS[args.command](args)
    except KnownError as exc:
        print(f"editor-app: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("editor-app: interrupted.", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `editor-app list | head` closed the pipe: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        from editor_app.storage.profile import append_crash_log, profile_folder

        log = append_crash_log(profile_folder(args.profile_dir), f"editor-app {args.command}", exc)
        where = f" Details are in {log}." if log else ""
        print(f"editor-app: unexpected error ({type(exc).__name__}: {exc}). This is a bug; please report it.{where}",
              file=sys.stderr)
        return 1
