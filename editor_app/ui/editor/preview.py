"""The live preview beside the editor: debounced, rendered on the CPU lane, at most one render in flight
(text typed during a render gets one more render when it ends), scroll position kept."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QWidget

from editor_app.domain.newsroom_settings import NewsroomSettings
from editor_app.domain.stories import StoryDetail
from editor_app.ui.editor import jobs
from editor_app.ui.palette import paper_palette
from editor_app.ui.story_view import StoryView, qt_flavoured
from editor_app.ui.tasks import Lane, TaskRunner

logger = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 300
PREVIEW_MAX_WAIT_MS = 1000


class PreviewView(StoryView):
    """The story view, kept at its scroll position when the text under it changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyPreview")
        self.setAccessibleName("Preview: the story as the site shows it")
        paper_palette(self)
        self._photo_images: dict[str, QImage] = {}

    def set_images(self, images: dict[str, QImage]) -> None:
        self._photo_images = dict(images)
        self._natural = {src: (image.width(), image.height()) for src, image in images.items()}

    def show_html(self, html: str) -> None:
        bar = self.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() > 0
        position = bar.value()
        document = self.document()
        for src, image in self._photo_images.items():
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(src), image)
        self.setHtml(qt_flavoured(html))
        self.fit_images()
        bar.setValue(bar.maximum() if at_end else position)


class PreviewController(QObject):
    rendered = Signal()  # a render reached the view

    def __init__(self, runner: TaskRunner, view: PreviewView, source: Callable[[], StoryDetail | None],
                 delay_ms: int = PREVIEW_DELAY_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.view = view
        self._source = source
        self.settings = NewsroomSettings()  # the newsroom's, once it is open
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self.render_now)
        self._waiting = QElapsedTimer()  # since the first change the coming render will show
        self._in_flight = False
        self._again = False
        self._generation = 0
        self.renders = 0  # how many renders were started (tests, the bench)

    @property
    def busy(self) -> bool:
        return self._in_flight

    def reset(self, images: dict[str, QImage]) -> None:
        """Another story: its photos, and no render of the previous one may reach the view."""
        self._generation += 1
        self._timer.stop()
        self.view.set_images(images)
        self.view.verticalScrollBar().setValue(0)

    def request(self) -> None:
        """The text changed: render once typing pauses, and at least once a second while it does not."""
        if not self._timer.isActive():
            self._waiting.start()
            self._timer.start()
        elif self._waiting.elapsed() < PREVIEW_MAX_WAIT_MS:
            self._timer.start()

    def render_now(self) -> None:
        self._timer.stop()
        if self._in_flight:
            self._again = True
            return
        detail = self._source()
        if detail is None:
            return
        self._in_flight = True
        self.renders += 1
        generation = self._generation
        settings = self.settings
        self._runner.run(lambda: jobs.render_preview(detail, settings), lambda html: self._done(generation, html),
                         self._failed, lane=Lane.CPU)

    def _done(self, generation: int, html: str) -> None:
        self._in_flight = False
        if generation == self._generation:
            self.view.show_html(html)
            self.rendered.emit()
        self._follow_up()

    def _failed(self, error: BaseException) -> None:
        self._in_flight = False
        logger.warning("preview failed: %s", error, exc_info=error)
        self.view.show_placeholder(f"The preview could not be drawn: {error}")
        self._follow_up()

    def _follow_up(self) -> None:
        if self._again:
            self._again = False
            self.render_now()
