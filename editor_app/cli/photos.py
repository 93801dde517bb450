"""Photo desk commands: `photos import DIR|FILE…`, `photos list [--needs …]`, `photos set ID …`, `photos check`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from editor_app.cli.common import acting, opened, print_json, print_line
from editor_app.domain.errors import KnownError

if TYPE_CHECKING:
    from editor_app.services.photo_library import PhotoRow
    from editor_app.services.photos import ImportOutcome


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    photos = sub.add_parser("photos", parents=[common], help="the photo desk: import, list, caption and credit")
    commands = photos.add_subparsers(dest="photos_command", metavar="ACTION", required=True)

    imp = commands.add_parser("import", parents=[common],
                              help="import photo files, or the photo files in folders (sub-folders included)")
    imp.add_argument("paths", nargs="+", type=Path, metavar="DIR|FILE")
    imp.add_argument("--source", default="", help="where the photos came from (an agency, a handout…)")
    imp.set_defaults(handler=cmd_import)

    lst = commands.add_parser("list", parents=[common], help="list photos as JSON")
    lst.add_argument("--needs", choices=["caption", "credit", "alt"], help="only photos that lack this")
    lst.add_argument("--week", metavar="YYYY-Www", help="only photos used in stories of this week")
    lst.add_argument("--search", metavar="TEXT", default="", help="words in the file name, caption or credit")
    lst.set_defaults(handler=cmd_list)

    put = commands.add_parser("set", parents=[common], help="set a photo's caption, credit, alt text, photographer")
    put.add_argument("id", type=int)
    put.add_argument("--caption", metavar="T")
    put.add_argument("--credit", metavar="T", help="(default with --photographer: their usual credit)")
    put.add_argument("--alt", metavar="T", help="alt text: what the photo shows, for readers who cannot see it")
    put.add_argument("--photographer", metavar="NAME", help='a contributor; "" clears it')
    put.add_argument("--source", metavar="T")
    put.add_argument("--focal", metavar="X,Y", help="where crops centre, each 0 to 1 (0.5,0.5 is the middle)")
    put.set_defaults(handler=cmd_set)

    chk = commands.add_parser("check", parents=[common],
                              help="read location, serial numbers and dates of photos stored before the photo desk")
    chk.set_defaults(handler=cmd_check)


def cmd_import(args: argparse.Namespace) -> int:
    """One JSON line per file as it is done (a big folder shows progress), then a summary on stderr."""
    from editor_app.services.photo_renditions import rendition_cache
    from editor_app.services.photos import collect_sources, import_one

    scan = collect_sources(args.paths)
    if scan.skipped:
        names = ", ".join(p.name for p in scan.skipped[:5]) + (" …" if len(scan.skipped) > 5 else "")
        print(f"editor-app: skipped {len(scan.skipped)} file(s) that are not photos by name: {names}", file=sys.stderr)
    if not scan.sources:
        raise KnownError("No photo files were found there.",
                         hint="Give photo files (JPEG, PNG, WebP, TIFF, GIF) or folders that hold them.")
    refused = 0
    with opened(args) as db:
        actor, cache = acting(db, args), rendition_cache(db)
        for source in scan.sources:
            outcome = import_one(db, actor, source, cache=cache, source=args.source)
            refused += not outcome.ok
            print_line(outcome_json(outcome, source.label))
            sys.stdout.flush()
    if refused:
        print(f"editor-app: {refused} of {len(scan.sources)} file(s) were not imported (see \"error\" above); "
              "the others were.", file=sys.stderr)
        return 1
    return 0


def outcome_json(outcome: ImportOutcome, file: str = "") -> dict[str, Any]:
    if not outcome.ok:
        return {"file": file or outcome.name, "error": outcome.message}
    return {"file": file or outcome.name, "id": outcome.image_id, "duplicate": outcome.duplicate,
            "caption": outcome.caption, "credit": outcome.credit, "photographer": outcome.photographer,
            "location_found": outcome.location_found, "serial_found": outcome.serial_found,
            "notes": list(outcome.notes)}


def photo_json(row: PhotoRow) -> dict[str, Any]:
    return {"id": row.id, "filename": row.filename, "caption": row.caption, "credit": row.credit, "alt": row.alt,
            "photographer": row.photographer, "source": row.source, "width": row.width, "height": row.height,
            "mime": row.mime, "date_taken": row.date_taken, "copyright": row.copyright, "camera": row.camera,
            "location_found": row.location_found, "serial_found": row.serial_found, "focal": list(row.focal),
            "needs": [need.value for need in row.needs], "version": row.version,
            "stories": [{"id": use.story_id, "headline": use.headline, "role": use.role, "week": str(use.week)}
                        for use in row.stories]}


def cmd_list(args: argparse.Namespace) -> int:
    from editor_app.domain.weeks import IsoWeek
    from editor_app.services.photo_library import Needs, PhotoFilter, list_photos

    flt = PhotoFilter(needs=Needs(args.needs) if args.needs else None,
                      week=IsoWeek.parse(args.week) if args.week else None, search=args.search)
    with opened(args) as db:
        rows = list_photos(db, acting(db, args), flt)
    print_json([photo_json(row) for row in rows])
    return 0


def _focal(text: str) -> tuple[float, float]:
    try:
        x, y = (float(part) for part in text.split(","))
    except ValueError:
        raise KnownError(f"--focal {text!r} is not two numbers like 0.3,0.6.",
                         hint="Give X,Y, each from 0 (left/top) to 1 (right/bottom).") from None
    return x, y


def cmd_set(args: argparse.Namespace) -> int:
    from editor_app.services.photo_edits import KEEP, PhotoEdit, update_photo

    edit = PhotoEdit(
        caption=KEEP if args.caption is None else args.caption, credit=KEEP if args.credit is None else args.credit,
        alt=KEEP if args.alt is None else args.alt,
        photographer=KEEP if args.photographer is None else args.photographer,
        source=KEEP if args.source is None else args.source,
        focal=KEEP if args.focal is None else _focal(args.focal))
    if edit.empty:
        raise KnownError("Nothing to set.",
                         hint="Give --caption, --credit, --alt, --photographer, --source or --focal.")
    with opened(args) as db:
        row = update_photo(db, acting(db, args), args.id, edit)
    print_line(photo_json(row))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from editor_app.services.photo_checks import check_stored_photos

    with opened(args) as db:
        checked = check_stored_photos(db, acting(db, args))
    print_line({"checked": checked})
    return 0
