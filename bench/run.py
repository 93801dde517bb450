"""The benchmark runner: `python -m bench.run [--quick] [--repeat N] [--check] [--no-readme]`.

Every figure is compared with a baseline measured in the same run, interleaved with it: (a) launch to first
paint and to the first usable story list vs a bare PySide6 window, (b) the story list and full-text search on a
generated archive vs raw SQL and a LIKE scan, save_story vs a bare UPDATE, (c) launch to the first story-list
page on the archive vs on an empty profile. Prints a table and writes it into README.md between the
`<!-- bench:run -->` markers (so the README's figures are always the last run's), and to
bench/.cache/run-results.md.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.archive import CACHE_DIR, build_archive
from bench.common import REPO_ROOT, Row, machine, publish_results
from bench.launch import app_command, launch_env, measure_archive_launch, measure_launch
from bench.save import measure_save
from bench.search import measure_archive_queries

logger = logging.getLogger(__name__)



def prepare_empty_profile(folder: Path) -> None:
    from editor_app.services.users import profile_owner
    from editor_app.storage.open import open_database
    from editor_app.storage.profile import resolve_profile

    db = open_database(resolve_profile(folder))
    try:
        profile_owner(db)
    finally:
        db.dispose()


def prepare_demo_profile(folder: Path, config_dir: Path) -> str:
    """The profile the launch is timed on: the demo newsroom when the CLI can make one, else empty."""
    done = subprocess.run([*app_command(folder), "demo"], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=300, env=launch_env("paint", config_dir), check=False)
    if done.returncode == 0:
        return "demo profile"
    logger.warning("demo profile not available (%s); using an empty profile", done.stderr.strip()[-200:])
    prepare_empty_profile(folder)
    return "empty profile"


def run(quick: bool, repeat: int | None) -> list[Row]:
    n = 20_000 if quick else 100_000
    repeat = repeat or (3 if quick else 7)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="editor-bench-") as tmp:
        work = Path(tmp)
        print(f"Preparing profiles ({n:,}-story archive; built once, then cached in {CACHE_DIR})…", flush=True)
        archive_dir = work / "archive"
        build_archive(archive_dir, n=n)
        empty_dir = work / "empty"
        prepare_empty_profile(empty_dir)
        launch_dir = work / "launch"
        config_dir = work / "config"
        kind = prepare_demo_profile(launch_dir, config_dir)
        steps: list[tuple[str, Callable[[], list[Row]]]] = [
            (f"launch ({kind})", lambda: measure_launch(launch_dir, config_dir, repeat, kind)),
            ("story list and search", lambda: measure_archive_queries(archive_dir, n, repeat)),
            ("save_story", lambda: measure_save(archive_dir, repeat)),
            ("launch on the archive", lambda: measure_archive_launch(archive_dir, empty_dir, config_dir, n, repeat)),
        ]
        for title, step in steps:
            print(f"Measuring {title}…", flush=True)
            try:
                rows += step()
            except Exception as exc:  # one broken measurement must not hide the others
                logger.debug("measurement failed", exc_info=True)
                rows.append(Row(title, goal="", passed=False, missing=str(exc) or type(exc).__name__))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 20,000-story archive and fewer repeats")
    parser.add_argument("--repeat", type=int, metavar="N", help="timed runs per measurement (default 7, quick 3)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed or not measurable")
    parser.add_argument("--no-readme", action="store_true", help="do not write the table into README.md")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    header = machine()
    print("\n".join(header), flush=True)
    rows = run(args.quick, args.repeat)
    publish_results("run", header, rows, note="--quick: 20,000 stories" if args.quick else "",
                    readme=not (args.no_readme or args.quick))
    failed = [r.name for r in rows if r.passed is False]
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
