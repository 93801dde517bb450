"""The main window: menus, toolbar, status bar, the story list beside the story desk (the editor, or the
read view for a story the user may not edit).

It shows before the database opens; `open_newsroom()` then opens it on the worker thread.
All signal wiring is in `_connect_signals`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolBar,
    QWidget,
)

from editor_app import APP_NAME, __version__
from editor_app.domain.errors import KnownError
from editor_app.domain.text import sentence_case
from editor_app.ui import newsroom_jobs as jobs
from editor_app.ui.editor.actions import EditorActions
from editor_app.ui.editor.desk import StoryDesk
from editor_app.ui.errors import ErrorReporter, describe
from editor_app.ui.hub import Hub
from editor_app.ui.settings import SettingsStore
from editor_app.ui.shortcuts import shortcuts_html
from editor_app.ui.story_list_pane import StoryListPane
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.workflow.install import WorkflowUi

if TYPE_CHECKING:
    from editor_app.services.actor import Actor
    from editor_app.storage.engine import Database
    from editor_app.ui.photo_desk.pane import PhotoDeskPane

logger = logging.getLogger(__name__)
Shortcut = QKeySequence | QKeySequence.StandardKey | str



def _first_size(screen: QSize) -> QSize:
    """The window's size on a first start: most of the screen, between 1280×800 and 1760×1040."""
    return QSize(max(1280, min(1760, int(screen.width() * 0.92))), max(800, min(1040, int(screen.height() * 0.9))))


class MainWindow(QMainWindow):
    first_painted = Signal()
    open_failed = Signal(object)  # the newsroom could not be opened (the reason is shown in place)

    def __init__(self, runner: TaskRunner, settings: SettingsStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.hub = Hub(self)
        self.runner = runner
        self.settings = settings
        self.db: Database | None = None
        self.actor: Actor | None = None
        self.opened: jobs.OpenedNewsroom | None = None
        self._photo_desk: PhotoDeskPane | None = None  # built the first time it is wanted (see photo_desk)
        self._painted = False
        self.errors = ErrorReporter(self)

        preferences = settings.preferences()
        self.list_pane = StoryListPane(runner, preferences.search_delay_ms, self)
        self.desk = StoryDesk(runner, preferences.autosave_delay_ms, self)
        self.story_view = self.desk.read_view
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.list_pane)
        self.splitter.addWidget(self.desk)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setChildrenCollapsible(False)
        self.views = QStackedWidget(self)
        self.views.addWidget(self.splitter)
        self.setCentralWidget(self.views)

        self.database_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.database_label)
        self._create_actions()
        self._create_menus_and_toolbar()
        self._connect_signals()
        self.workflow = WorkflowUi(self)  # sign-in, queues, workflow moves, checks, notes, trail, locks, live refresh
        self.workflow.opener.opened.connect(self._newsroom_opened)
        self.workflow.opener.failed.connect(self._newsroom_failed)

        from editor_app.ui.publishing_menu import install_publishing

        self.publishing = install_publishing(self)  # the Publishing menu, the queue dock and its runner
        self.workflow.workflow.publish_handler = self.publishing.publish_story  # the editor's Publish move
        self.workflow.moves.can_publish = True
        from editor_app.ui.top_stories import install_top_stories

        self.top_stories = install_top_stories(self)  # the Top stories view (Ctrl+3)
        self._restore_window_state()
        self._set_actions_enabled(False)
        self.statusBar().showMessage("Opening the newsroom…")

    # --- building ------------------------------------------------------------
    def _action(self, text: str, shortcut: Shortcut | None = None, icon: QStyle.StandardPixmap | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        action.setStatusTip(tip or text.rstrip("…"))
        return action

    def _create_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.import_action = self._action("&Import Story File…", "Ctrl+I", sp.SP_DialogOpenButton,
                                          "Import a Markdown story file with its photos")
        self.demo_action = self._action("Load &Demo Newsroom", None, None,
                                        "Fill this empty profile with the demo newsroom")
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit)
        self.find_action = self._action("&Find Stories", QKeySequence.StandardKey.Find, None,
                                        "Search headlines, text and cities")
        self.clear_filters_action = self._action("&Clear Filters", "Ctrl+Shift+L", sp.SP_DialogResetButton)
        self.refresh_action = self._action("&Reload", QKeySequence.StandardKey.Refresh, sp.SP_BrowserReload,
                                           "Reload the story list")
        self.stories_view_action = self._action("&Stories", "Ctrl+1", None, "The story list and the story")
        self.photo_desk_action = self._action("&Photo Desk", "Ctrl+2", None,
                                              "Import, caption and credit photos")
        self.views_group = QActionGroup(self)  # one view at a time; the toolbar shows which
        for action in (self.stories_view_action, self.photo_desk_action):
            action.setCheckable(True)
            self.views_group.addAction(action)
        self.stories_view_action.setChecked(True)
        self.shortcuts_action = self._action("&Keyboard Shortcuts", "F1")
        self.about_action = self._action(f"&About {APP_NAME}")
        self.editor_actions = EditorActions(self, self.desk)

    def _create_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.import_action, self.demo_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = bar.addMenu("&View")
        view_menu.addActions([self.find_action, self.clear_filters_action, self.refresh_action,
                              self.editor_actions.toggle_list])
        view_menu.addSeparator()
        view_menu.addActions([self.stories_view_action, self.photo_desk_action])
        self.editor_actions.add_menus(view_menu.menuAction())
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.shortcuts_action, self.about_action])

        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.editor_actions.new_story, self.import_action, self.refresh_action,
                            self.clear_filters_action])
        toolbar.addSeparator()
        toolbar.addActions([self.stories_view_action, self.photo_desk_action])
        self.addToolBar(toolbar)

    def _connect_signals(self) -> None:
        self.import_action.triggered.connect(self.choose_import_file)
        self.demo_action.triggered.connect(self.load_demo)
        self.quit_action.triggered.connect(self.close)
        self.find_action.triggered.connect(self.editor_actions.find)
        self.clear_filters_action.triggered.connect(self.list_pane.clear_filters)
        self.refresh_action.triggered.connect(self.hub.stories_changed)
        self.shortcuts_action.triggered.connect(self._show_shortcuts)
        self.about_action.triggered.connect(self._show_about)

        self.list_pane.story_selected.connect(self.hub.story_opened)
        self.list_pane.story_activated.connect(self._open_and_focus)
        self.list_pane.load_demo_wanted.connect(self.load_demo)
        self.list_pane.import_wanted.connect(self.choose_import_file)
        self.list_pane.failed.connect(self.report)
        self.desk.failed.connect(self.report)
        self.desk.controller.opened.connect(lambda _story: self.editor_actions.set_enabled(self.db is not None))
        self.desk.controller.story_saved.connect(self.hub.story_saved)
        self.desk.controller.notice.connect(lambda text: self.statusBar().showMessage(text))  # until the next
        self.desk.controller.stories_changed.connect(self.hub.stories_changed)

        self.hub.newsroom_opened.connect(self.list_pane.set_newsroom)
        self.hub.newsroom_opened.connect(self.desk.set_newsroom)
        self.hub.stories_changed.connect(self.list_pane.reload)
        self.hub.story_saved.connect(self.list_pane.model.rename)
        self.hub.story_opened.connect(self.show_story)
        self.hub.message.connect(lambda text: self.statusBar().showMessage(text, 8000))

        self.stories_view_action.triggered.connect(self.show_stories)
        self.photo_desk_action.triggered.connect(self.show_photo_desk)

    # --- opening the newsroom ---------------------------------------------------
    def read_first_page(self, profile_dir: Path | None, database_url: str | None, demo: bool,
                        acting_user: str | None = None) -> None:
        """Show the first list page read straight from the file (a single-desk profile) while the newsroom
        opens; start-up asks for it before the first paint, so the worker reads while the window is drawn."""
        self.list_pane.show_message("Opening the newsroom…")
        self.runner.run(lambda: jobs.quick_list(profile_dir, database_url, demo, acting_user),
                        self.list_pane.show_quick_page, lambda _error: None)  # the full path will say it

    def open_newsroom(self, profile_dir: Path | None, database_url: str | None, demo: bool,
                      acting_user: str | None = None, *, first_page_asked: bool = False) -> None:
        from editor_app.logs import configure_logging

        configure_logging(profile_dir or (jobs.demo_profile_dir() if demo else None))
        if not first_page_asked:
            self.read_first_page(profile_dir, database_url, demo, acting_user)
        self.workflow.opener.open(profile_dir, database_url, demo, acting_user)  # signs in where it must

    def _newsroom_opened(self, opened: jobs.OpenedNewsroom) -> None:
        self.db = opened.db
        self.actor = opened.actor
        self.opened = opened
        self.database_label.setText(opened.label)
        self.database_label.setToolTip(sentence_case(opened.description))
        self.setWindowTitle(f"{APP_NAME} — {opened.label}")
        self._set_actions_enabled(True)
        self.statusBar().showMessage(
            f"Demo newsroom created: {opened.demo_summary}." if opened.demo_summary else "Ready.", 8000)
        self.hub.newsroom_opened.emit(opened)

    def _newsroom_failed(self, error: BaseException) -> None:
        """Said in place, in plain words; a bug also gets the crash dialog and the log."""
        message, hint = describe(error)
        self.statusBar().showMessage("The newsroom could not be opened.")
        self.list_pane.show_message("The newsroom could not be opened", f"{message}\n\n{hint}".strip(),
                                    [("Quit", self.close)])
        if not isinstance(error, KnownError):
            self.report(error)
        self.open_failed.emit(error)

    def _set_actions_enabled(self, enabled: bool) -> None:
        for action in (self.import_action, self.demo_action, self.refresh_action, self.find_action,
                       self.clear_filters_action):
            action.setEnabled(enabled)
        self.editor_actions.set_enabled(enabled)

    # --- actions -------------------------------------------------------------
    def show_story(self, story_id: int) -> None:
        """In the editor, or in the read view when the user may not edit it."""
        self.desk.open_story(story_id)

    def show_stories(self) -> None:
        self.views.setCurrentWidget(self.splitter)
        self.stories_view_action.setChecked(True)
        self.list_pane.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @property
    def photo_desk(self) -> PhotoDeskPane:
        """The photo desk pane, built the first time it is wanted: start-up paints the window without it."""
        if self._photo_desk is None:
            from editor_app.ui.photo_desk.pane import PhotoDeskPane

            desk = self._photo_desk = PhotoDeskPane(self.runner, self)
            self.views.addWidget(desk)
            self.hub.newsroom_opened.connect(desk.set_newsroom)
            self.hub.stories_changed.connect(desk.reload)
            desk.failed.connect(self.report)
            desk.message.connect(self.hub.message)
            desk.story_wanted.connect(self._open_from_photo_desk)
            splitter = self.settings.window_state("photos/splitter")
            if splitter is not None:
                desk.splitter.restoreState(splitter)
            if self.opened is not None:
                desk.set_newsroom(self.opened)
        return self._photo_desk

    def show_photo_desk(self) -> None:
        self.views.setCurrentWidget(self.photo_desk)
        self.photo_desk_action.setChecked(True)
        self.photo_desk.grid.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _open_from_photo_desk(self, story_id: int) -> None:
        self.show_stories()
        self._open_and_focus(story_id)

    def _open_and_focus(self, story_id: int) -> None:
        self.show_story(story_id)
        self.desk.focus_story()

    def choose_import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a story file", str(Path.home()),
                                              "Story files (*.md *.markdown);;All files (*)")
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        if self.db is None or self.actor is None:
            return
        db, actor = self.db, self.actor

        def imported(result: tuple[int, str]) -> None:
            self.hub.message.emit(f"Imported “{path.name}” as story {result[0]} ({result[1]}).")
            self.hub.stories_changed.emit()

        self.statusBar().showMessage(f"Importing {path.name}…")
        self.runner.run(lambda: jobs.import_story(db, actor, path), imported, self.report)

    def load_demo(self) -> None:
        if self.db is None or self.actor is None:
            return
        db, actor = self.db, self.actor
        self._set_actions_enabled(False)
        self.list_pane.show_message("Creating the demo newsroom…", "Sections, cities, staff, stories and photos.")

        def loaded(summary: str) -> None:
            self._set_actions_enabled(True)
            self.hub.message.emit(f"Demo newsroom created: {summary}.")
            self.hub.stories_changed.emit()

        def failed(error: BaseException) -> None:
            self._set_actions_enabled(True)
            self.hub.stories_changed.emit()
            self.report(error)

        self.runner.run(lambda: jobs.load_demo(db, actor), loaded, failed)

    def report(self, error: BaseException) -> None:
        self.statusBar().clearMessage()
        self.errors.report(error)

    def _show_shortcuts(self) -> None:
        box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", shortcuts_html(self.findChildren(QAction)),
                          QMessageBox.StandardButton.Close, self)
        box.open()

    def _show_about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}",
                          f"<b>{APP_NAME}</b> {__version__}<br>Draft, review and publish a weekly paper.")

    # --- window state ------------------------------------------------------------
    def _restore_window_state(self) -> None:
        geometry = self.settings.window_state("main/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(_first_size(self.screen().availableGeometry().size()))
        splitter = self.settings.window_state("main/splitter")
        if splitter is None or not self.splitter.restoreState(splitter):
            width = self.width()
            self.splitter.setSizes([int(width * 0.42), int(width * 0.58)])  # the story being edited gets more
        header = self.settings.window_state("list/header")
        if header is not None:
            self.list_pane.table.horizontalHeader().restoreState(header)

    def save_window_state(self) -> None:
        state = {"main/geometry": self.saveGeometry(), "main/splitter": self.splitter.saveState(),
                 "list/header": self.list_pane.table.horizontalHeader().saveState()}
        if self._photo_desk is not None:
            state["photos/splitter"] = self._photo_desk.splitter.saveState()
        self.settings.save_window_state(state)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.first_painted.emit()
        return handled

    def shut_down(self) -> None:
        """Save what the editor holds, let running tasks finish, then close the database (safe to call twice)."""
        self.desk.flush()
        self.workflow.shut_down()
        self.runner.wait(10_000)
        if self.db is not None:
            self.db.dispose()
            self.db = None

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        self.shut_down()
        event.accept()

