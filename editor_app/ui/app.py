"""The composition root of the desktop app: QApplication, settings, task runner, main window.

The window is shown and painted first; only then does the worker open the database.
Hooks for measuring and looking (not for users):
- EDITOR_APP_BENCH_EXIT=paint|list prints "bench: paint" / "bench: list" once the window has painted / once
  the first page of the story list is on screen, then quits;
- EDITOR_APP_SCREENSHOT=FILE.png saves a picture of the screen a moment after the list and the first story
  are shown, then quits (with status 1 when what was shown is the page that says the newsroom could not be
  opened); EDITOR_APP_SCREENSHOT_STORY=SLUG opens that story in the editor first (a number: selects that
  story id); EDITOR_APP_SCREENSHOT_VIEW=photos pictures the photo desk, after importing the folder
  EDITOR_APP_SCREENSHOT_IMPORT through it when that is set; EDITOR_APP_SCREENSHOT_VIEW=top pictures the Top
  stories board (this week; EDITOR_APP_SCREENSHOT_WEEK=2026-W47 another week); the workflow's staging hooks
  (a queue, a lock, notes, findings, a conflict, a tab, the sign-in) are ui/workflow/screenshot_hooks.py;
- EDITOR_APP_COLOR_SCHEME=dark|light overrides the system's colour scheme.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from editor_app import APP_NAME, __version__
from editor_app.ui.editor import jobs as editor_jobs
from editor_app.ui.main_window import MainWindow
from editor_app.ui.palette import apply_system_palette
from editor_app.ui.settings import SettingsStore, default_config_dir
from editor_app.ui.tasks import ThreadTaskRunner

logger = logging.getLogger(__name__)

SCREENSHOT_DELAY_MS = 1500
# How long a worker thread running Python (a save, a Markdown render) may hold the interpreter before the
# GUI thread gets a turn: Python's default of 5 ms, paid several times per event, shows as typing lag.
GIL_SWITCH_INTERVAL_S = 0.001


def tune_interpreter() -> None:
    """Hand the interpreter to the GUI thread sooner while workers run Python."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)


FREEZE_AFTER_OPEN_MS = 3000


def freeze_startup_objects() -> None:
    """Put what start-up made (modules, classes, Qt wrappers, the ORM's registries: some 150,000 objects) out of
    the garbage collector's reach. A full collection otherwise walks all of them, about 0.1 s holding the GIL,
    and the GUI thread stalls whichever thread collects (seen importing photos on a worker). No collection is
    forced here, so this costs nothing now."""
    gc.freeze()


def config_dir() -> Path:
    override = os.environ.get("EDITOR_APP_CONFIG_DIR")
    return Path(override) if override else default_config_dir()


def run_gui(profile_dir: str | Path | None = None, database_url: str | None = None, demo: bool = False,
            acting_user: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    tune_interpreter()
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("editor-app")
    app.setDesktopFileName("editor-app")
    apply_system_palette(app)

    runner = ThreadTaskRunner(app)
    window = MainWindow(runner, SettingsStore(config_dir()))
    _install_excepthook(window)
    path = Path(profile_dir).expanduser() if profile_dir else None
    bench = os.environ.get("EDITOR_APP_BENCH_EXIT", "")
    screenshot = os.environ.get("EDITOR_APP_SCREENSHOT", "")
    shown: set[str] = set()  # "paint", "list": what is on screen already

    def painted() -> None:
        shown.add("paint")
        if bench == "paint":
            _bench_mark("paint")
            app.quit()
            return
        QTimer.singleShot(0, lambda: window.open_newsroom(path, database_url, demo, acting_user,
                                                          first_page_asked=True))
        if shown == {"paint", "list"}:
            QTimer.singleShot(0, list_shown)

    def list_shown() -> None:
        window.list_pane.table.viewport().repaint()  # the rows are on screen, not only in the model
        _bench_mark("list")
        app.quit()

    def first_page_shown() -> None:
        shown.add("list")
        if shown == {"paint", "list"}:  # the rows count once the window itself has painted
            QTimer.singleShot(0, list_shown)

    window.first_painted.connect(painted)
    window.hub.newsroom_opened.connect(lambda _opened: QTimer.singleShot(FREEZE_AFTER_OPEN_MS, freeze_startup_objects))
    if bench == "list":
        window.list_pane.first_page_shown.connect(first_page_shown)
        for failed in (window.list_pane.failed, window.open_failed):
            failed.connect(lambda _error: app.exit(1))
    if screenshot:
        _install_screenshot_hooks(app, window, screenshot)
    window.read_first_page(path, database_url, demo, acting_user)  # read on a worker while the window paints
    window.show()
    code = app.exec()
    window.shut_down()  # the bench and screenshot hooks quit without closing the window
    return code



def _install_screenshot_hooks(app: QApplication, window: MainWindow, screenshot: str) -> None:
    """EDITOR_APP_SCREENSHOT and its companions (see the module docstring): stage the window, then take it."""
    def take(code: int) -> None:
        QTimer.singleShot(SCREENSHOT_DELAY_MS, lambda: _save_screenshot(app, window, screenshot, code))

    from editor_app.ui.workflow import screenshot_hooks

    story = os.environ.get("EDITOR_APP_SCREENSHOT_STORY", "")
    window.hub.newsroom_opened.connect(lambda _newsroom: screenshot_hooks.choose_queue(window))
    if os.environ.get("EDITOR_APP_SCREENSHOT_SIGN_IN"):
        screenshot_hooks.sign_in(window, take)
    if os.environ.get("EDITOR_APP_SCREENSHOT_VIEW") == "top":
        week = os.environ.get("EDITOR_APP_SCREENSHOT_WEEK", "")
        window.list_pane.first_page_shown.connect(lambda: _show_top_stories(window, week, lambda: take(0)))
    elif os.environ.get("EDITOR_APP_SCREENSHOT_VIEW") == "photos":
        folder = os.environ.get("EDITOR_APP_SCREENSHOT_IMPORT", "")
        window.list_pane.first_page_shown.connect(lambda: _show_photo_desk(window, folder, lambda: take(0)))
        if story.isdigit():
            window.list_pane.first_page_shown.connect(lambda: _select_story(window, int(story)))
    elif story and not story.isdigit():
        window.list_pane.first_page_shown.connect(lambda: _open_for_screenshot(window, story, take))
    else:
        window.list_pane.first_page_shown.connect(lambda: take(0))
        if story.isdigit():
            window.list_pane.first_page_shown.connect(lambda: _select_story(window, int(story)))
    window.open_failed.connect(lambda _error: take(1))  # the picture of the error page, and exit 1


def _bench_mark(event: str) -> None:
    """A line the benchmark runner times from the spawn of the process (bench/launch.py)."""
    print(f"bench: {event}", flush=True)


def _open_for_screenshot(window: MainWindow, slug: str, take: Callable[[int], None]) -> None:
    """Open the story at `slug` in the editor (and select it in the list), then take the picture."""
    db, actor = window.db, window.actor
    if db is None or actor is None:
        take(1)
        return

    from editor_app.ui.workflow import screenshot_hooks

    def found(story_id: int) -> None:
        shown: list[int] = []

        def opened(_story: object) -> None:
            if not shown:  # the first opening only: a hook may reopen the story
                shown.append(story_id)
                screenshot_hooks.after_open(window, story_id, take)

        window.desk.controller.opened.connect(opened)
        if window.list_pane.queue is None:
            window.list_pane.select_story(story_id)
        screenshot_hooks.before_open(window, story_id)
        window.desk.open_story(story_id)

    def failed(error: BaseException) -> None:
        logger.error("no story to show at %s: %s", slug, error)
        take(1)

    window.runner.run(lambda: editor_jobs.story_id_for_slug(db, actor, slug), found, failed)


def _select_story(window: MainWindow, story_id: int) -> None:
    """Screenshot hook: select the story in the list (it shows on the right), or just show it."""
    row = window.list_pane.model.row_of(story_id)
    if row >= 0:
        window.list_pane.table.selectRow(row)
    else:
        window.show_story(story_id)


def _show_photo_desk(window: MainWindow, folder: str, then: Callable[[], None]) -> None:
    """Screenshot hook: switch to the photo desk; import `folder` through it first when one is given."""
    window.show_photo_desk()
    if not folder:
        then()
        return
    window.photo_desk.importer.finished.connect(lambda _report: then())
    window.photo_desk.importer.failed.connect(lambda _error: then())
    QTimer.singleShot(300, lambda: window.photo_desk.import_paths([Path(folder)]))


def _show_top_stories(window: MainWindow, week: str, then: Callable[[], None]) -> None:
    """Screenshot hook: switch to the Top stories board (on `week` when given), then take the picture."""
    from editor_app.domain.weeks import IsoWeek

    board = window.top_stories.board
    window.top_stories.show()
    if week:
        board.show_week(IsoWeek.parse(week))
    QTimer.singleShot(300, then)


def _save_screenshot(app: QApplication, window: MainWindow, path: str, code: int) -> None:
    """The real screen where the window is (Xvfb: the X server's own pixels, dialogs included), else the
    window's own rendering; then exit with `code`."""
    screen = app.primaryScreen()
    frame = window.frameGeometry()
    picture = (screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
               if app.platformName() == "xcb" else window.grab())
    if not picture.save(path):
        logger.error("could not save the screenshot to %s", path)
        code = 1
    app.exit(code)


def _install_excepthook(window: MainWindow) -> None:
    """A bug in a slot must not kill the app silently: log it and show the crash dialog."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        logger.error("unhandled error", exc_info=(kind, error, trace))
        window.report(error)

    sys.excepthook = hook
