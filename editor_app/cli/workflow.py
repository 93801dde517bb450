"""Workflow commands: submit, approve, request-changes, schedule, check, audit, notes; the database password.

Each move prints `{"id": …, "status": "…"}`; a refusal (the permission table, a house-style blocker, a story
in another state) exits 1 with one sentence on stderr (see STORY-FORMAT.md).
"""

from __future__ import annotations

import argparse
from datetime import datetime

from editor_app.cli.common import acting, opened, print_json, print_line, read_password
from editor_app.domain.errors import ValidationError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    for name, helptext, handler in (("submit", "submit a story for review", cmd_submit),
                                    ("approve", "approve a submitted story (or a published story's correction)",
                                     cmd_approve)):
        move = sub.add_parser(name, parents=[common], help=helptext)
        move.add_argument("id", type=int)
        move.add_argument("--version", type=int, metavar="N", help="refuse if the story is no longer at version N")
        move.set_defaults(handler=handler)

    back = sub.add_parser("request-changes", parents=[common], help="send a submitted story back to its writer")
    back.add_argument("id", type=int)
    back.add_argument("--note", required=True, help="what should change (required)")
    back.add_argument("--version", type=int, metavar="N", help="refuse if the story is no longer at version N")
    back.set_defaults(handler=cmd_request_changes)

    when = sub.add_parser("schedule", parents=[common], help="schedule an approved story")
    when.add_argument("id", type=int)
    when.add_argument("--at", required=True, metavar="TIME",
                      help="ISO time with offset, e.g. 2026-10-05T09:00:00+00:00")
    when.add_argument("--version", type=int, metavar="N", help="refuse if the story is no longer at version N")
    when.set_defaults(handler=cmd_schedule)

    check = sub.add_parser("check", parents=[common], help="print a story's house-style findings as JSON")
    check.add_argument("id", type=int)
    check.set_defaults(handler=cmd_check)

    trail = sub.add_parser("audit", parents=[common], help="print a story's audit trail as JSON")
    trail.add_argument("id", type=int)
    trail.set_defaults(handler=cmd_audit)

    notes = sub.add_parser("notes", parents=[common], help="list a story's editorial notes, or add one")
    notes.add_argument("id", type=int)
    what = notes.add_mutually_exclusive_group()
    what.add_argument("--add", metavar="TEXT", help="add a note")
    what.add_argument("--resolve", type=int, metavar="NOTE", help="mark the thread of note NOTE resolved")
    what.add_argument("--reopen", type=int, metavar="NOTE", help="open the thread of note NOTE again")
    notes.add_argument("--reply-to", type=int, metavar="NOTE", help="with --add: answer note NOTE")
    notes.set_defaults(handler=cmd_notes)

    secret = sub.add_parser("db-password", parents=[common],
                            help="keep the newsroom database's password in the system keyring (read from stdin)")
    secret.add_argument("--forget", action="store_true", help="remove it from the keyring instead")
    secret.set_defaults(handler=cmd_db_password)


def _moved(result: object) -> None:
    from editor_app.services.workflow import WorkflowResult

    assert isinstance(result, WorkflowResult)
    out: dict[str, object] = {"id": result.id, "status": result.status.value}
    if result.correction.value:
        out["correction"] = result.correction.value
    print_line(out)


def cmd_submit(args: argparse.Namespace) -> int:
    from editor_app.services.workflow import submit

    with opened(args) as db:
        _moved(submit(db, acting(db, args), args.id, expected_version=args.version))
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    from editor_app.services.workflow import approve

    with opened(args) as db:
        _moved(approve(db, acting(db, args), args.id, expected_version=args.version))
    return 0


def cmd_request_changes(args: argparse.Namespace) -> int:
    from editor_app.services.workflow import request_changes

    with opened(args) as db:
        _moved(request_changes(db, acting(db, args), args.id, args.note, expected_version=args.version))
    return 0


def parse_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"'{text}' is not a time.", hint="Write it like 2026-10-05T09:00:00+00:00.") from None


def cmd_schedule(args: argparse.Namespace) -> int:
    from editor_app.services.workflow import schedule

    at = parse_time(args.at)
    with opened(args) as db:
        _moved(schedule(db, acting(db, args), args.id, at, expected_version=args.version))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from editor_app.services.house_style import check

    with opened(args) as db:
        findings = check(db, acting(db, args), args.id)
    print_json([{"level": f.level.value, "code": f.code, "message": f.message, "field": f.field,
                 **({"fix": f.fix.label} if f.fix else {})} for f in findings])
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from editor_app.services.audit import story_trail

    with opened(args) as db:
        trail = story_trail(db, acting(db, args), args.id)
    print_json([{"at": e.at.isoformat(), "user": e.user, "action": e.action, "detail": e.detail} for e in trail])
    return 0


def cmd_notes(args: argparse.Namespace) -> int:
    from editor_app.services import notes

    if args.reply_to is not None and args.add is None:
        raise ValidationError("--reply-to answers a note with --add TEXT.", hint="Add --add TEXT.")
    with opened(args) as db:
        actor = acting(db, args)
        if args.add is not None:
            note = notes.add_note(db, actor, args.id, args.add, reply_to=args.reply_to)
            print_line({"id": note.id, "story": note.story_id, "reply_to": note.parent_id})
            return 0
        if args.resolve is not None or args.reopen is not None:
            notes.resolve_thread(db, actor, args.resolve or args.reopen, resolved=args.resolve is not None)
        threads = notes.list_notes(db, actor, args.id)
    print_json([{"id": t.id, "author": t.note.author, "at": t.note.created.isoformat(), "text": t.note.body,
                 "resolved": t.resolved, "resolved_by": t.resolved_by,
                 "replies": [{"id": r.id, "author": r.author, "at": r.created.isoformat(), "text": r.body}
                             for r in t.replies]} for t in threads])
    return 0


def cmd_db_password(args: argparse.Namespace) -> int:
    from editor_app.services.credentials import KeyringStore, forget_database_password, remember_database_password
    from editor_app.storage.profile import resolve_profile

    url = resolve_profile(args.profile_dir, args.database_url).database_url
    if url.startswith("sqlite"):
        raise ValidationError("A single-desk profile has no database password.",
                              hint="Give --database-url postgresql://USER@HOST/DATABASE for a shared newsroom.")
    store = KeyringStore()
    if args.forget:
        forget_database_password(store, url)
        print("The database password was removed from the system keyring.")
        return 0
    remember_database_password(store, url, read_password())
    print("The database password is kept in the system keyring.")
    return 0
