"""The right side of the window: the editor for a story the user may edit, the read view for one they may
not (the permission table's answer, as a hint; the write path decides again on every save)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget, QVBoxLayout, QWidget

from editor_app.ui.editor import jobs
from editor_app.ui.editor.controller import AUTOSAVE_DELAY_MS, EditorController
from editor_app.ui.editor.editor_pane import EditorPane
from editor_app.ui.newsroom_jobs import OpenedNewsroom, StoryPreview
from editor_app.ui.story_view import StoryView
from editor_app.ui.tasks import Lane, TaskRunner


class StoryDesk(QStackedWidget):
    failed = Signal(object)

    def __init__(self, runner: TaskRunner, autosave_ms: int = AUTOSAVE_DELAY_MS,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyDesk")
        self.runner = runner
        self.read_page = QWidget(self)
        self.read_banner = QLabel(self.read_page)
        self.read_banner.setObjectName("readOnlyBanner")
        self.read_banner.setWordWrap(True)
        self.read_banner.setContentsMargins(8, 4, 8, 4)
        self.read_view = StoryView(self.read_page)
        layout = QVBoxLayout(self.read_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.read_banner)
        layout.addWidget(self.read_view, 1)
        self.read_banner.hide()
        self.editor = EditorPane(self)
        self.controller = EditorController(runner, self.editor, autosave_ms, self)
        self.addWidget(self.read_page)
        self.addWidget(self.editor)
        self.setCurrentWidget(self.read_page)
        self.controller.opened.connect(self._opened)
        self.controller.failed.connect(self.failed)

    def set_newsroom(self, newsroom: OpenedNewsroom | None) -> None:
        self.controller.set_newsroom(newsroom)

    def open_story(self, story_id: int) -> None:
        self.controller.open_story(story_id)

    def flush(self) -> None:
        self.controller.flush()

    @property
    def editing(self) -> bool:
        return self.currentWidget() is self.editor

    def contains_focus(self) -> bool:
        focused = QApplication.focusWidget()
        return self.editing and focused is not None and self.editor.isAncestorOf(focused)

    def focus_story(self) -> None:
        target = self.editor.body if self.editing else self.read_view
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _opened(self, opened: jobs.OpenedStory) -> None:
        editable = opened.editable
        if editable.may_edit:
            self.read_banner.hide()
            self.setCurrentWidget(self.editor)
            return
        self.read_banner.setText(f"Read only: your role does not let you edit “{editable.detail.headline}”. "
                                 "Writers edit their own stories; editors edit any.")
        self.read_banner.show()
        self.setCurrentWidget(self.read_page)
        detail = editable.detail
        settings = self.controller.preview.settings
        self.runner.run(lambda: jobs.render_preview(detail, settings),
                        lambda html: self.read_view.show_story(StoryPreview(detail.id, detail.headline, html,
                                                                            opened.images)),
                        self.failed.emit, lane=Lane.CPU)
