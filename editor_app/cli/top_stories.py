"""`editor-app top-stories show|set|publish|newsletter --week 2026-W40` (see STORY-FORMAT.md).

- `show` prints the week's picks (in order, with the list's version), its candidates and what was published.
- `set ID …` makes those stories the week's picks, in that order (no IDs: none); prints the new order.
- `publish --target NAME` queues the week's order for the target and runs the queue to the end (the picks' own
  publish jobs first, with --publish-missing); prints {"job", "state", "url"}.
- `newsletter -o DIR` writes newsletter.html (inline CSS) and newsletter.txt, linking to --target's pages.
Without --week: this week, on the newsroom's calendar.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from editor_app.cli.common import acting, opened, print_json, print_line
from editor_app.domain.errors import KnownError

if TYPE_CHECKING:
    from editor_app.domain.top_stories import Publication, TopStory
    from editor_app.domain.weeks import IsoWeek
    from editor_app.services.actor import Actor
    from editor_app.storage.engine import Database


def _week(text: str) -> IsoWeek:
    from editor_app.domain.weeks import IsoWeek

    try:
        return IsoWeek.parse(text)
    except KnownError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    top = sub.add_parser("top-stories", parents=[common], help="the week's top stories").add_subparsers(
        dest="top_command", metavar="ACTION", required=True)
    week_help = "the ISO week, e.g. 2026-W40 (default: this week in the newsroom's time zone)"

    show = top.add_parser("show", parents=[common], help="print the week's picks, candidates and publications")
    show.add_argument("--week", type=_week, metavar="YYYY-Www", help=week_help)
    show.add_argument("--search", default="", metavar="TEXT", help="only candidates matching TEXT")
    show.set_defaults(handler=cmd_show)

    choose = top.add_parser("set", parents=[common], help="make these stories the week's picks, in this order")
    choose.add_argument("ids", nargs="*", type=int, metavar="ID")
    choose.add_argument("--week", type=_week, metavar="YYYY-Www", help=week_help)
    choose.add_argument("--version", type=int, metavar="N",
                        help="refuse if the week's list is no longer at version N (default: replace it)")
    choose.set_defaults(handler=cmd_set)

    send = top.add_parser("publish", parents=[common], help="publish the week's order to a target")
    send.add_argument("--week", type=_week, metavar="YYYY-Www", help=week_help)
    send.add_argument("--target", required=True, metavar="NAME")
    send.add_argument("--publish-missing", action="store_true",
                      help="publish picks that are not on the target yet, just before the top stories")
    send.add_argument("--sticky", action="store_true", help="WordPress: make the first pick's post sticky")
    send.add_argument("--password-stdin", action="store_true",
                      help="the target's Application Password, for this command only")
    send.set_defaults(handler=cmd_publish)

    letter = top.add_parser("newsletter", parents=[common], help="write the week's picks as an HTML email and text")
    letter.add_argument("--week", type=_week, metavar="YYYY-Www", help=week_help)
    letter.add_argument("-o", "--output", required=True, metavar="DIR", type=Path,
                        help="the folder for newsletter.html and newsletter.txt")
    letter.add_argument("--target", metavar="NAME", help="the site the links go to (needed with several targets)")
    letter.set_defaults(handler=cmd_newsletter)


def _the_week(db: Database, actor: Actor, args: argparse.Namespace) -> IsoWeek:
    from editor_app.services.top_stories import current_week

    week: IsoWeek | None = args.week
    return week if week is not None else current_week(db, actor)


def story_json(story: TopStory) -> dict[str, Any]:
    return {"id": story.id, "headline": story.headline, "section": story.section, "status": story.status.value,
            "byline": story.byline, "week": str(story.week),
            "published": story.published.isoformat() if story.published else None,
            "scheduled": story.scheduled.isoformat() if story.scheduled else None}


def publication_json(entry: Publication) -> dict[str, Any]:
    return {"at": entry.at.isoformat(), "user": entry.user, "target": entry.target, "url": entry.url,
            "version": entry.list_version, "order": [p.id for p in entry.picks]}


def cmd_show(args: argparse.Namespace) -> int:
    from editor_app.services.top_stories import board

    with opened(args) as db:
        actor = acting(db, args)
        shown = board(db, actor, _the_week(db, actor, args), args.search)
    picks = shown.picks
    print_json({"week": str(picks.week), "version": picks.version, "slots": picks.slots,
                "updated_by": picks.updated_by, "picks": [story_json(s) for s in picks.picks],
                "candidates": [story_json(s) for s in shown.candidates],
                "published": [publication_json(p) for p in shown.history]})
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from editor_app.services.top_stories import set_picks

    with opened(args) as db:
        actor = acting(db, args)
        week = _the_week(db, actor, args)
        picks = set_picks(db, actor, week, args.ids, args.version)
    print_line({"week": str(week), "version": picks.version, "picks": list(picks.ids)})
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from editor_app.cli.publishing import _run_to_end, _with_password, report_job
    from editor_app.services.publishing.credentials import Credentials
    from editor_app.services.publishing.outbox import JobState
    from editor_app.services.top_stories_publish import enqueue_top_stories

    credentials = Credentials.system()
    with opened(args) as db:
        actor = acting(db, args)
        if args.password_stdin:
            _with_password(db, actor, args.target, credentials)
        week = _the_week(db, actor, args)
        queued = enqueue_top_stories(db, actor, week, args.target, publish_missing=args.publish_missing,
                                     sticky_first=args.sticky)
        for story_job in queued.story_jobs:
            done = _run_to_end(db, story_job, credentials)
            if done.state is not JobState.DONE:
                raise KnownError(f"Publishing “{done.headline}” (job {done.id}) stopped: {done.last_error}",
                                 hint=done.error_hint or "The top stories wait in the queue until it is published.")
        info = _run_to_end(db, queued.job, credentials)
    return report_job(info)


def cmd_newsletter(args: argparse.Namespace) -> int:
    from editor_app.services.top_stories_publish import build_newsletter, write_newsletter

    with opened(args) as db:
        actor = acting(db, args)
        letter = build_newsletter(db, actor, _the_week(db, actor, args), args.target)
    html, text = write_newsletter(letter, args.output)
    print_line({"subject": letter.subject, "html": str(html), "text": str(text)})
    return 0
