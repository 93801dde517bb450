"""The read-only story view: the shared renderer's HTML with the story's photos as document resources."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from editor_app.ui.newsroom_jobs import StoryPreview

PLACEHOLDER = """<html><body style="font-family: sans-serif; color: #777;">
<p style="margin-top: 40px; text-align: center;">{text}</p></body></html>"""


class StoryView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyView")
        self.setAccessibleName("Story")
        self.setOpenExternalLinks(True)
        self.setOpenLinks(True)
        self.story_id: int | None = None
        self.show_placeholder("Select a story to read it here.")

    def show_placeholder(self, text: str) -> None:
        self.story_id = None
        self.setHtml(PLACEHOLDER.format(text=text))

    def show_story(self, preview: StoryPreview) -> None:
        document = self.document()
        document.clear()
        for src, image in preview.images.items():
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(src), image)
        self.setHtml(preview.html)
        self.story_id = preview.story_id
        self.verticalScrollBar().setValue(0)
