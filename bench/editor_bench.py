"""Editor benchmark: `python -m bench.editor_bench [--repeat N] [--check]` (offscreen Qt, real threads).

(1) Opening a story from the list in the editor (fields, body, bylines, chips, photos; then its first preview)
against opening it in the read-only view the window had before the editor (story_preview on the database
lane, then StoryView.show_story), interleaved over the demo newsroom's stories.
(2) While a 2,000-word story is typed into (a key every 50 ms) and its preview re-renders, the GUI thread
must never be blocked for more than 50 ms: a 5 ms timer measures how late it fires (its worst lateness per
run is the figure), against the same typing with the preview switched off, interleaved.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.common import Row, machine, publish_results
from bench.render_bench import story_body
from editor_app.ui import newsroom_jobs
from editor_app.ui.app import tune_interpreter
from editor_app.ui.main_window import MainWindow
from editor_app.ui.settings import SettingsStore
from editor_app.ui.story_view import StoryView
from editor_app.ui.tasks import ThreadTaskRunner

logger = logging.getLogger(__name__)

LAG_GOAL_MS = 50.0
PROBE_MS = 5
TYPING_S = 4.0
KEY_EVERY_MS = 50  # a fast typist: 20 characters a second


def wait_for(condition: Callable[[], bool], timeout_s: float = 30.0) -> None:
    """Run the event loop (sleeping between events, as the app does) until `condition` holds."""
    deadline = time.perf_counter() + timeout_s
    loop = QEventLoop()
    poll = QTimer(interval=10)

    def check() -> None:
        if condition() or time.perf_counter() > deadline:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    if not condition():
        loop.exec()
    poll.stop()
    if not condition():
        raise TimeoutError("the window never got there")


def open_window(profile: Path, config: Path) -> MainWindow:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = MainWindow(ThreadTaskRunner(app), SettingsStore(config))
    window.resize(1280, 800)
    window.show()
    window.open_newsroom(profile, None, True)
    wait_for(lambda: window.desk.controller.story_id is not None and not window.desk.controller.preview.busy)
    return window


def measure_opening(window: MainWindow, repeat: int) -> list[Row]:
    assert window.db is not None and window.actor is not None
    db, actor = window.db, window.actor
    model = window.list_pane.model
    ids = [line.id for i in range(model.rowCount()) if (line := model.row_at(i)) is not None][:repeat + 1]
    read_view = StoryView()
    read_view.resize(800, 700)
    controller = window.desk.controller

    def read_only(story_id: int) -> float:
        shown: list[int] = []
        start = time.perf_counter()
        def show(preview: newsroom_jobs.StoryPreview) -> None:
            read_view.show_story(preview)
            shown.append(1)

        window.runner.run(lambda: newsroom_jobs.story_preview(db, actor, story_id), show, window.report)
        wait_for(lambda: bool(shown))
        return time.perf_counter() - start

    def in_editor(story_id: int, until_preview: bool) -> float:
        renders = controller.preview.renders
        start = time.perf_counter()
        controller.open_story(story_id, force=True)
        wait_for(lambda: controller.story_id == story_id and (not until_preview or (
            controller.preview.renders > renders and not controller.preview.busy)))
        return time.perf_counter() - start

    base: list[float] = []
    editor: list[float] = []
    editor_preview: list[float] = []
    for story_id in ids[1:] + ids[:1]:  # one warm-up lap is the first id, measured last
        base.append(read_only(story_id))
        editor.append(in_editor(story_id, until_preview=False))
        editor_preview.append(in_editor(story_id, until_preview=True))
    base, editor, editor_preview = base[:repeat], editor[:repeat], editor_preview[:repeat]
    baseline = Row("open a story in the read-only view (baseline)", base)
    rows = [baseline]
    for name, samples in (("open a story in the editor (fields filled)", editor),
                          ("open a story in the editor with its first preview", editor_preview)):
        row = Row(name, samples)
        row.ratio = f"{statistics.median(samples) / statistics.median(base):.2f}× read view"
        rows.append(row)
    return rows


def type_for(window: MainWindow, seconds: float) -> float:
    """Type words into the body for `seconds` while a 5 ms timer measures how late the GUI thread is; returns
    the worst lateness in seconds."""
    body = window.desk.editor.body
    worst = 0.0
    clock = QElapsedTimer()
    probe = QTimer(interval=PROBE_MS)
    last = [0]

    def tick() -> None:
        nonlocal worst
        now = clock.elapsed()
        worst = max(worst, (now - last[0] - PROBE_MS) / 1000)
        last[0] = now

    text = " ".join(f"word{n}" for n in range(1, 400))
    typed = [0]

    def type_a_key() -> None:
        if typed[0] == 0:
            body.moveCursor(QTextCursor.MoveOperation.End)
        QTest.keyClicks(body, text[typed[0] % len(text)])
        typed[0] += 1

    typist = QTimer(interval=KEY_EVERY_MS)
    probe.timeout.connect(tick)
    typist.timeout.connect(type_a_key)
    clock.start()
    probe.start()
    typist.start()
    end = time.perf_counter() + seconds
    wait_for(lambda: time.perf_counter() > end, seconds + 10)  # the probe's own 10 ms poll is part of both runs
    typist.stop()
    probe.stop()
    return worst


def measure_lag(window: MainWindow, repeat: int) -> list[Row]:
    from editor_app.services.story_changes import StoryChanges
    from editor_app.services.story_write import save_story

    assert window.db is not None and window.actor is not None
    result = save_story(window.db, window.actor, None, None, StoryChanges(
        headline="A 2,000-word story to type into", section="International", body=story_body(2000)))
    controller = window.desk.controller
    controller.open_story(result.id)
    wait_for(lambda: controller.story_id == result.id and not controller.preview.busy)
    request = controller.preview.request

    def with_preview() -> float:
        controller.preview.request = request  # type: ignore[method-assign]
        renders = controller.preview.renders
        worst = type_for(window, TYPING_S)
        assert controller.preview.renders > renders, "the preview never re-rendered"
        return worst

    def without_preview() -> float:
        controller.preview.request = lambda: None  # type: ignore[method-assign]
        return type_for(window, TYPING_S)

    base, live = [], []
    for _ in range(repeat):
        base.append(without_preview())
        live.append(with_preview())
    controller.preview.request = request  # type: ignore[method-assign]
    baseline = Row(f"worst GUI lag typing {TYPING_S:.0f} s into 2,000 words, preview off (baseline)", base)
    row = Row("worst GUI lag typing into 2,000 words while the preview re-renders", live,
              goal=f"≤ {LAG_GOAL_MS:.0f} ms", passed=max(live) * 1000 <= LAG_GOAL_MS)
    row.ratio = f"{statistics.median(live) / statistics.median(base):.2f}× preview off"
    return [baseline, row]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.editor_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, metavar="N", help="timed runs per figure (default 15)")
    parser.add_argument("--lag-runs", type=int, default=5, metavar="N", help="typing runs per lag figure (5)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument("--no-readme", action="store_true", help="do not write the table into README.md")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    header = machine()
    print("\n".join(header), flush=True)
    app = QApplication.instance() or QApplication([])
    tune_interpreter()  # as the app does
    with tempfile.TemporaryDirectory(prefix="editor-bench-") as tmp:
        print("Creating the demo newsroom…", flush=True)
        window = open_window(Path(tmp) / "demo", Path(tmp) / "config")
        try:
            print("Measuring opening stories…", flush=True)
            rows = measure_opening(window, args.repeat)
            print("Measuring GUI lag while typing…", flush=True)
            rows += measure_lag(window, args.lag_runs)
        finally:
            window.close()
            app.processEvents()
    publish_results("editor", header, rows, readme=not args.no_readme)
    return 1 if args.check and any(row.passed is False for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
