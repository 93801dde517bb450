"""The read-only story view: the shared renderer's HTML with the story's photos as document resources.

Photos are shown at their natural size but never wider than the view, and follow it when it resizes.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl
from PySide6.QtGui import QResizeEvent, QTextCursor, QTextDocument, QTextImageFormat
from PySide6.QtWidgets import QTextBrowser, QWidget

from editor_app.ui.newsroom_jobs import StoryPreview

PLACEHOLDER = """<html><body style="font-family: sans-serif; color: #777;">
<p style="margin-top: 40px; text-align: center;">{text}</p></body></html>"""
SIDE_MARGINS = 48  # body margins and a scroll bar's width


_IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def qt_flavoured(html: str) -> str:
    """Qt's rich text knows neither <figure> nor <figcaption>: plain blocks keep the body's margins. An image
    the sanitizer left without a source (a body's <img src=javascript:…>) is dropped, not looked up."""
    for html_tag, qt_tag in (("figure", "div"), ("figcaption", "p")):
        html = html.replace(f"<{html_tag}>", f'<{qt_tag} class="{html_tag}">').replace(f"</{html_tag}>", f"</{qt_tag}>")
    return _IMAGE_WITHOUT_SOURCE.sub("", html)


class StoryView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyView")
        self.setAccessibleName("Story")
        self.setOpenExternalLinks(True)
        self.story_id: int | None = None
        self._natural: dict[str, tuple[int, int]] = {}
        self.show_placeholder("Select a story to read it here.")

    def show_placeholder(self, text: str) -> None:
        self.story_id = None
        self._natural = {}
        self.setHtml(PLACEHOLDER.format(text=text))

    def show_story(self, preview: StoryPreview) -> None:
        document = self.document()
        document.clear()
        self._natural = {}
        for src, image in preview.images.items():
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(src), image)
            self._natural[src] = (image.width(), image.height())
        self.setHtml(qt_flavoured(preview.html))
        self.story_id = preview.story_id
        self.fit_images()
        self.verticalScrollBar().setValue(0)

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        """Only the story's own photos (registered as resources): a body's <img src="/etc/…"> or a web
        address is never fetched, read from disk or shown."""
        return None

    def image_widths(self) -> dict[str, int]:
        """The width each photo is shown at (for tests and the curious)."""
        return {fmt.name(): int(fmt.width()) for _, fmt in self._images()}

    def fit_images(self) -> None:
        available = max(120, self.viewport().width() - SIDE_MARGINS)
        document = self.document()
        for position_and_length, fmt in self._images():
            natural = self._natural.get(fmt.name())
            if natural is None:
                continue
            width = min(natural[0], available)
            if int(fmt.width()) == width:
                continue
            fmt.setWidth(width)
            fmt.setHeight(natural[1] * width / natural[0])
            start, length = position_and_length
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(fmt)

    def _images(self) -> list[tuple[tuple[int, int], QTextImageFormat]]:
        found = []
        block = self.document().begin()
        while block.isValid():
            item = block.begin()
            while not item.atEnd():
                fragment = item.fragment()
                if fragment.charFormat().isImageFormat():
                    found.append(((fragment.position(), fragment.length()), fragment.charFormat().toImageFormat()))
                item += 1
            block = block.next()
        return found

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_images()
