"""The live preview's scheduling without a window: at most one render in flight, one more render for text that
changed meanwhile, stale renders dropped, the scroll position kept; and colours for both palettes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from editor_app.ui.editor.highlighter import DARK, LIGHT
from editor_app.ui.editor.preview import PreviewController, PreviewView
from editor_app.ui.palette import dark_palette, is_dark
from editor_app.ui.tasks import Lane, TaskControl, TaskHandle
from tests.render.samples import story


@dataclass
class Job:
    fn: Callable[[], Any]
    on_done: Callable[[Any], None]
    lane: Lane


class DeferredRunner:
    """Holds each task until the test finishes it: a render that takes as long as the test wants."""

    def __init__(self) -> None:
        self.jobs: list[Job] = []

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
            *, lane: Lane = Lane.DATABASE) -> TaskHandle:
        self.jobs.append(Job(fn, on_done, lane))
        return TaskHandle(TaskControl())

    def start(self, job: Callable[[TaskControl], Any], on_done: Callable[[Any], None],
              on_error: Callable[[BaseException], None], *, lane: Lane,
              on_progress: Callable[[int, int, str], None] | None = None) -> TaskHandle:
        return self.run(lambda: job(TaskControl()), on_done, on_error, lane=lane)

    def wait(self, msecs: int = -1) -> bool:
        return True

    def finish(self) -> None:
        job = self.jobs.pop(0)
        job.on_done(job.fn())


def test_one_render_in_flight_and_one_more_for_what_was_typed_meanwhile(qtbot: QtBot) -> None:
    runner = DeferredRunner()
    view = PreviewView()
    qtbot.addWidget(view)
    text = ["First words."]
    controller = PreviewController(runner, view, lambda: replace(story(), body=text[-1], photos=()))
    controller.render_now()
    assert len(runner.jobs) == 1 and runner.jobs[0].lane is Lane.CPU and controller.busy
    for words in ("Second.", "Third.", "Fourth and last."):
        text.append(words)
        controller.render_now()  # typing on while the first render runs
    assert len(runner.jobs) == 1 and controller.renders == 1
    runner.finish()
    assert "First words." in view.toPlainText()
    assert len(runner.jobs) == 1 and controller.renders == 2  # exactly one more, with the latest text
    runner.finish()
    assert "Fourth and last." in view.toPlainText()
    assert runner.jobs == [] and not controller.busy


def test_a_render_for_the_previous_story_never_shows(qtbot: QtBot) -> None:
    runner = DeferredRunner()
    view = PreviewView()
    qtbot.addWidget(view)
    bodies = ["Old story."]
    controller = PreviewController(runner, view, lambda: replace(story(), body=bodies[-1], photos=()))
    controller.render_now()
    controller.reset({})
    bodies.append("New story.")
    controller.render_now()  # asked while the old render is still out: it follows that one
    runner.finish()
    assert "Old story." not in view.toPlainText()
    runner.finish()
    assert "New story." in view.toPlainText()


def test_the_preview_keeps_its_scroll_position(qtbot: QtBot) -> None:
    view = PreviewView()
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    long_html = "".join(f"<p>Paragraph {n} of a long story.</p>" for n in range(300))
    view.show_html(long_html)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    middle = bar.value()
    view.show_html(long_html.replace("Paragraph 299", "Paragraph two hundred ninety-nine"))
    assert bar.value() == middle > 0


def contrast(a: str, b: QColor) -> float:
    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())
    first, second = sorted((luminance(QColor(a)), luminance(b)), reverse=True)
    return (first + 0.05) / (second + 0.05)


def test_highlighting_reads_on_both_palettes() -> None:
    dark = dark_palette()
    assert is_dark(dark)
    dark_base = dark.color(dark.ColorRole.Base)
    assert all(contrast(colour, dark_base) >= 4.5 for colour in DARK.values()), DARK
    assert all(contrast(colour, QColor("#ffffff")) >= 3.0 for colour in LIGHT.values()), LIGHT
