"""Story commands: list, import, export, revisions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from editor_app.cli.common import acting, opened, print_json, print_line
from editor_app.domain.workflow import Status


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    lst = sub.add_parser("list", parents=[common], help="list stories as JSON")
    lst.add_argument("--status", choices=[s.value for s in Status])
    lst.add_argument("--week", metavar="YYYY-Www")
    lst.add_argument("--section")
    lst.add_argument("--search", metavar="TEXT", default="")
    lst.add_argument("--limit", type=int, default=0, help="at most this many (default: all)")
    lst.set_defaults(handler=cmd_list)

    imp = sub.add_parser("import", parents=[common], help="import a story file (Markdown + YAML front matter)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--create-missing", action="store_true",
                     help="create unknown cities and contributors instead of stopping")
    imp.add_argument("--update", type=int, metavar="ID",
                     help="update story ID from a file exported from it (refused if the story changed since)")
    imp.set_defaults(handler=cmd_import)

    exp = sub.add_parser("export", parents=[common], help="export a story as a story file")
    exp.add_argument("id", type=int)
    exp.add_argument("-o", "--output", type=Path, help="file to write (photos go next to it); default stdout")
    exp.add_argument("--revision", type=int, metavar="N", help="export revision N instead of the current text")
    exp.set_defaults(handler=cmd_export)

    rev = sub.add_parser("revisions", parents=[common], help="list a story's revisions as JSON")
    rev.add_argument("id", type=int)
    rev.set_defaults(handler=cmd_revisions)


def cmd_list(args: argparse.Namespace) -> int:
    from editor_app.domain.stories import StoryFilter
    from editor_app.domain.weeks import IsoWeek
    from editor_app.services.story_list import list_stories

    week = IsoWeek.parse(args.week) if args.week else None
    flt = StoryFilter(status=Status(args.status) if args.status else None, section=args.section, week=week,
                      search=args.search)
    with opened(args) as db:
        page = list_stories(db, acting(db, args), flt, limit=args.limit if args.limit > 0 else 10_000_000)
    print_json([
        {"id": r.id, "headline": r.headline, "slug": r.slug, "section": r.section, "status": r.status.value,
         "bylines": [{"name": b.name, "role": b.role.value} for b in r.bylines], "cities": list(r.cities),
         "week": str(r.week), "updated": r.updated.isoformat()}
        for r in page.rows
    ])
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from editor_app.services.story_files import import_story_file

    with opened(args) as db:
        result = import_story_file(db, acting(db, args), args.file, create_missing=args.create_missing,
                                   update=args.update)
    print_line({"id": result.id, "slug": result.slug, "version": result.version})
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from editor_app.services.story_files import export_story_file

    with opened(args) as db:
        text = export_story_file(db, acting(db, args), args.id, args.output, revision=args.revision)
    if args.output is None:
        sys.stdout.write(text)
    return 0


def cmd_revisions(args: argparse.Namespace) -> int:
    from editor_app.services.revisions import list_revisions

    with opened(args) as db:
        revisions = list_revisions(db, acting(db, args), args.id)
    print_json([{"number": r.number, "kind": r.kind.value, "author": r.author, "created": r.created.isoformat(),
                 "note": r.note, "version": r.version} for r in revisions])
    return 0
