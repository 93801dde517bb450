"""The task runner with real threads: lanes, delivery on the GUI thread, progress, cancel."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from editor_app.ui.tasks import Lane, SyncTaskRunner, TaskControl, ThreadTaskRunner


def gui_thread() -> QThread:
    app = QApplication.instance()
    assert app is not None
    return app.thread()


def test_results_and_errors_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = ThreadTaskRunner()
    seen: list[tuple[str, object, bool]] = []
    worker_threads: list[int] = []

    def work() -> int:
        worker_threads.append(threading.get_ident())
        return 42

    def fail() -> int:
        raise ValueError("bad")

    runner.run(work, lambda v: seen.append(("done", v, QThread.currentThread() is gui_thread())), print)
    runner.run(fail, print, lambda e: seen.append(("error", str(e), QThread.currentThread() is gui_thread())))
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert seen == [("done", 42, True), ("error", "bad", True)]
    assert worker_threads and worker_threads[0] != threading.get_ident()
    assert runner.wait(5000)


def test_the_cpu_lane_does_not_wait_behind_the_database(qtbot: QtBot) -> None:
    runner = ThreadTaskRunner()
    release = threading.Event()
    order: list[str] = []
    runner.run(lambda: release.wait(5), lambda _v: order.append("database"), print, lane=Lane.DATABASE)
    runner.run(lambda: "render", order.append, print, lane=Lane.CPU)
    qtbot.waitUntil(lambda: order == ["render"], timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: order == ["render", "database"], timeout=5000)
    assert runner.wait(5000)


def test_database_tasks_run_in_order(qtbot: QtBot) -> None:
    runner = ThreadTaskRunner()
    done: list[int] = []
    for n in range(20):
        runner.run(lambda n=n: n, done.append, print)  # type: ignore[misc]
    qtbot.waitUntil(lambda: len(done) == 20, timeout=5000)
    assert done == list(range(20))


def test_progress_and_cancel(qtbot: QtBot) -> None:
    runner = ThreadTaskRunner()
    progress: list[tuple[int, int, str]] = []
    outcome: list[object] = []
    started, go_on = threading.Event(), threading.Event()

    def job(control: TaskControl) -> str:
        for step in range(1, 4):
            control.progress(step, 10, f"photo {step}")
        started.set()
        go_on.wait(5)
        for step in range(4, 11):
            control.check()
            control.progress(step, 10, "")
        return "finished"

    handle = runner.start(job, outcome.append, outcome.append, lane=Lane.CPU,
                          on_progress=lambda d, t, s: progress.append((d, t, s)))
    qtbot.waitUntil(lambda: len(progress) == 3, timeout=5000)
    assert progress[-1] == (3, 10, "photo 3")
    assert started.wait(5)
    handle.cancel()
    go_on.set()
    assert runner.wait(5000)
    qtbot.wait(50)  # give queued deliveries a chance: none may come after the cancel
    assert outcome == [] and handle.cancelled
    assert len(progress) == 3


def test_the_sync_runner_delivers_the_same_way() -> None:
    runner = SyncTaskRunner()
    got: list[object] = []
    def job(control: TaskControl) -> str:
        control.progress(1, 2, "half")
        return "ok"

    runner.start(job, got.append, got.append, lane=Lane.CPU, on_progress=lambda d, t, s: got.append((d, t, s)))
    runner.run(lambda: 1 / 0, got.append, lambda e: got.append(type(e).__name__))
    assert got == [(1, 2, "half"), "ok", "ZeroDivisionError"]
