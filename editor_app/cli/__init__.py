"""`editor-app`: starts the GUI, or runs a headless job (see STORY-FORMAT.md for the contract).

Exit status: 0 on success, 2 on a usage error, 1 on any other failure with one plain sentence on stderr.
Bugs also leave a traceback in the profile's log (logs/editor-app.log).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from editor_app import APP_NAME, __version__
from editor_app.domain.errors import KnownError

logger = logging.getLogger(__name__)


def _profile_options(defaults: bool) -> argparse.ArgumentParser:
    """The options every command takes. Sub-commands suppress defaults so they keep values given earlier."""
    common = argparse.ArgumentParser(add_help=False, argument_default=None if defaults else argparse.SUPPRESS)
    common.add_argument("--profile-dir", metavar="DIR", help="profile folder (default: the platform data folder)")
    common.add_argument("--database-url", metavar="URL",
                        help="database URL, e.g. postgresql://user@host/newsroom (default: the profile's SQLite)")
    common.add_argument("--as", dest="acting_user", metavar="USER",
                        help="staff account to act as (default in a single-desk profile: its owner, an admin; "
                             "a shared PostgreSQL newsroom needs it)")
    return common


def build_parser() -> argparse.ArgumentParser:
    from editor_app.cli import admin, photos, publishing, stories, top_stories, workflow

    common = _profile_options(defaults=False)
    parser = argparse.ArgumentParser(prog="editor-app", parents=[_profile_options(defaults=True)],
                                     description=f"{APP_NAME}: draft, review and publish a weekly paper.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="start the GUI on the demo newsroom (created on first use)")
    parser.set_defaults(handler=cmd_gui)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    admin.register(sub, common)
    stories.register(sub, common)
    workflow.register(sub, common)
    publishing.register(sub, common)
    photos.register(sub, common)
    top_stories.register(sub, common)
    return parser


def cmd_gui(args: argparse.Namespace) -> int:
    from editor_app.ui.app import run_gui

    status: int = run_gui(profile_dir=args.profile_dir, database_url=args.database_url, demo=args.demo,
                          acting_user=args.acting_user)
    return status


def _gui_arguments(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The arguments when they only start the GUI (no command, no --help or --version): parsed without
    importing every command's module first, which would delay the window."""
    gui = argparse.ArgumentParser(add_help=False, parents=[_profile_options(defaults=True)])
    gui.add_argument("--demo", action="store_true")
    try:
        args, rest = gui.parse_known_args(argv)
    except SystemExit:
        return None  # let the full parser say what is wrong
    if rest:
        return None
    args.command, args.handler = None, cmd_gui
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _gui_arguments(argv) or build_parser().parse_args(argv)
    if args.command is not None:
        from editor_app.logs import configure_logging

        configure_logging(args.profile_dir, console=True)
    try:
        code: int = args.handler(args)
        return code
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
        from editor_app.logs import log_file

        logger.error("editor-app %s failed", args.command, exc_info=exc)
        where = f" Details are in {log_file()}." if log_file() else ""
        print(f"editor-app: unexpected error ({type(exc).__name__}: {exc}). This is a bug; please report it.{where}",
              file=sys.stderr)
        return 1
