"""Launch figures: what a person waits for when they start the app, timed from the spawn of the process to a
line it prints at the moment (EDITOR_APP_BENCH_EXIT, see editor_app/ui/app.py), interleaved with a bare
PySide6 window started the same way. Warm: the files are in the OS's cache after a first, untimed start."""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import REPO_ROOT, NotAvailableError, Row, compare

BARE_WINDOW = Path(__file__).with_name("bare_window.py")
LAUNCH_TIMEOUT_S = 60.0


def compile_app() -> None:
    """Byte-code for the app's modules, as an installed wheel has it (pip compiles at install). Without it a
    start under PYTHONDONTWRITEBYTECODE compiles some 200 modules from source every time (~0.2 s)."""
    compileall.compile_dir(REPO_ROOT / "editor_app", quiet=1)


def launch_env(exit_at: str, config_dir: Path) -> dict[str, str]:
    """Offscreen, with the exit hook, and window settings kept away from the user's own."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EDITOR_APP_BENCH_EXIT=exit_at,
               EDITOR_APP_CONFIG_DIR=str(config_dir))
    env.pop("EDITOR_APP_PROFILE_DIR", None)
    return env


def time_to_mark(command: list[str], env: dict[str, str], mark: str) -> float:
    """Seconds from spawn to the process's "bench: MARK" line; the process must then exit cleanly."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    elapsed: float | None = None
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == f"bench: {mark}":
            elapsed = time.perf_counter() - start
            break
    try:
        _, err = process.communicate(timeout=LAUNCH_TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        process.kill()
        raise NotAvailableError(f"`{' '.join(command[1:])}` did not exit within {LAUNCH_TIMEOUT_S:.0f} s") from exc
    if elapsed is None or process.returncode != 0:
        lines = [line for line in err.strip().splitlines() if line.strip()]
        raise NotAvailableError(f"no '{mark}' mark (exit status {process.returncode}: "
                                f"{lines[-1] if lines else 'no message'})")
    return elapsed


def app_command(profile_dir: Path) -> list[str]:
    return [sys.executable, "-m", "editor_app", "--profile-dir", str(profile_dir)]


def measure_launch(profile_dir: Path, config_dir: Path, repeat: int, kind: str) -> list[Row]:
    """(a) First paint and first usable list page on `profile_dir`, each against a bare window; the three
    starts take turns."""
    compile_app()
    bare_cmd = [sys.executable, str(BARE_WINDOW)]
    runs: dict[str, Callable[[], float]] = {
        "bare": lambda: time_to_mark(bare_cmd, launch_env("paint", config_dir), "paint"),
        "paint": lambda: time_to_mark(app_command(profile_dir), launch_env("paint", config_dir), "paint"),
        "list": lambda: time_to_mark(app_command(profile_dir), launch_env("list", config_dir), "list"),
    }
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for run in runs.values():  # one untimed start each: files into the OS's cache
        run()
    for _ in range(repeat):
        for name, run in runs.items():
            samples[name].append(run())
    base = Row("launch: bare PySide6 window to first paint (baseline, warm)", samples["bare"])
    paint = compare(Row(f"launch: app to first painted window ({kind}, warm)", samples["paint"],
                        goal="≤ 2.0× bare window"), base, 2.0, label="bare")
    first_list = compare(Row(f"launch: app to first usable story list ({kind}, warm)", samples["list"],
                             goal="≤ 3.0× bare window"), base, 3.0, label="bare")
    return [base, paint, first_list]


def measure_archive_launch(archive_dir: Path, empty_dir: Path, config_dir: Path, n: int,
                           repeat: int) -> list[Row]:
    """(c) Launch to the first story-list page on the archive vs on an empty profile; goal ≤ +100 ms."""
    compile_app()
    env = launch_env("list", config_dir)
    empty: list[float] = []
    full: list[float] = []
    for folder in (empty_dir, archive_dir):
        time_to_mark(app_command(folder), env, "list")
    for _ in range(repeat):
        empty.append(time_to_mark(app_command(empty_dir), env, "list"))
        full.append(time_to_mark(app_command(archive_dir), env, "list"))
    base = Row("launch to first list page: empty profile (baseline, warm)", empty)
    row = Row(f"launch to first list page: {n:,}-story archive (warm)", full, goal="≤ +100 ms vs empty")
    extra = row.median_ms - base.median_ms
    row.ratio = f"{extra:+.0f} ms ({row.median_ms / base.median_ms:.2f}×)"
    row.passed = extra <= 100
    return [base, row]
