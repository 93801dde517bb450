"""The photo desk: a thumbnail grid with filters, the details of the chosen photo (or a batch edit for many),
and imports by dialog, drag and drop, and paste, with progress and cancel.

Keys: arrows move in the grid, Enter goes to the caption, Esc back to the grid, Ctrl+S saves, Ctrl+Enter
saves and goes to the next photo, Alt+↑/↓ move from inside the fields, Ctrl+V pastes photos into the desk,
Ctrl+Shift+I imports files, Ctrl+F searches.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QEvent, QItemSelectionModel, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor_app.domain.photos import Needs, PhotoEdit, PhotoFilter, PhotoRow
from editor_app.ui.empty_state import EmptyState
from editor_app.ui.photo_desk import jobs
from editor_app.ui.photo_desk.batch import BatchPanel
from editor_app.ui.photo_desk.delegate import TILE, PhotoTileDelegate
from editor_app.ui.photo_desk.details import DetailsPanel
from editor_app.ui.photo_desk.editing import PhotoEditing
from editor_app.ui.photo_desk.filters import PhotoFilterBar
from editor_app.ui.photo_desk.importer import ImportReport, PhotoImporter, can_accept
from editor_app.ui.photo_desk.model import PhotoGridModel
from editor_app.ui.photo_desk.progress import ImportProgress
from editor_app.ui.photo_desk.thumbnails import ThumbnailLoader
from editor_app.ui.tasks import Lane, TaskControl, TaskRunner

if TYPE_CHECKING:
    from editor_app.imaging.cache import RenditionCache
    from editor_app.ui.newsroom_jobs import OpenedNewsroom

logger = logging.getLogger(__name__)

PHOTO_FILES = "Photos (*.jpg *.jpeg *.png *.webp *.tif *.tiff *.gif);;All files (*)"
SELECTION_DELAY_MS = 60
RELOAD_DURING_IMPORT_MS = 1500
CHECK_CHUNK = 25  # older photos checked per background job


class PhotoDeskPane(QWidget):
    failed = Signal(object)  # an exception for the one error path
    message = Signal(str)  # a line for the status bar
    story_wanted = Signal(int)  # open this story
    rows_shown = Signal()  # the grid shows the rows of a (re)load

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photoDesk")
        self.setAcceptDrops(True)
        self._runner = runner
        self._newsroom: OpenedNewsroom | None = None
        self._cache: RenditionCache | None = None
        self._filter = PhotoFilter()
        self._generation = 0
        self._detail_generation = 0
        self._stale = False
        self._total = 0
        self._unsaved: dict[int, PhotoEdit] = {}  # edits whose save failed: shown again, never lost
        self._since_reload = QElapsedTimer()

        self.thumbnails = ThumbnailLoader(runner, self)
        self.model = PhotoGridModel(self.thumbnails, self)
        self.importer = PhotoImporter(runner, self)
        self.editing = PhotoEditing(runner, self)
        self._build()
        self._connect()
        self.details.clear("Opening the newsroom…")

    # --- building ------------------------------------------------------------------
    def _build(self) -> None:
        self._build_toolbar()
        self._build_grid()
        self.details = DetailsPanel(self)
        self.batch = BatchPanel(self)
        self.side = QStackedWidget(self)
        self.side.addWidget(self.details)
        self.side.addWidget(self.batch)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("photoDeskSplitter")
        self.splitter.addWidget(self.grid_stack)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([760, 520])
        filters = QHBoxLayout()
        filters.addWidget(self.import_button)
        filters.addWidget(self.filters, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(filters)
        layout.addWidget(self.progress)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.count_label)
        self._selection_timer = QTimer(self, singleShot=True, interval=SELECTION_DELAY_MS)

    def _build_toolbar(self) -> None:
        self.import_button = QToolButton(self)
        self.import_button.setText("Import Photos…")
        self.import_button.setToolTip("Import photo files (Ctrl+Shift+I); or drop files and folders here, or "
                                      "paste an image (Ctrl+V)")
        self.import_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.import_button)
        self.import_files_action = menu.addAction("Import Photo Files…", self.choose_files)
        self.import_folder_action = menu.addAction("Import a Folder…", self.choose_folder)
        self.paste_action = menu.addAction("Paste Photos", self.paste)
        self.import_button.setMenu(menu)
        self.import_button.clicked.connect(self.choose_files)
        self.filters = PhotoFilterBar(self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("photoCount")
        self.progress = ImportProgress(self.importer, self)

    def _build_grid(self) -> None:
        self.grid = QListView(self)
        self.grid.setObjectName("photoGrid")
        self.grid.setAccessibleName("Photos")
        # A wrapping list rather than IconMode: the same grid, but laid out without asking the model about each
        # of 5,000 tiles several times (a 5,000-photo reload: 28 ms on the GUI thread instead of 76 ms).
        self.grid.setViewMode(QListView.ViewMode.ListMode)
        self.grid.setFlow(QListView.Flow.LeftToRight)
        self.grid.setWrapping(True)
        self.grid.setUniformItemSizes(True)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setGridSize(TILE)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Always there, so that the row width (and how many tiles fit) does not change as rows arrive.
        self.grid.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.grid.verticalScrollBar().setSingleStep(TILE.height() // 4)
        self.grid.setMouseTracking(True)
        self.tiles = PhotoTileDelegate(self.grid)
        self.grid.setItemDelegate(self.tiles)
        self.grid.setModel(self.model)
        self.grid.viewport().installEventFilter(self)
        self.empty = EmptyState(self)
        self.grid_stack = QStackedWidget(self)
        self.grid_stack.addWidget(self.grid)
        self.grid_stack.addWidget(self.empty)

    def _connect(self) -> None:
        self.filters.changed.connect(self._filter_changed)
        self.grid.selectionModel().selectionChanged.connect(lambda *_: self._selection_timer.start())
        self._selection_timer.timeout.connect(self._selection_changed)
        self.grid.activated.connect(lambda _index: self.details.focus_caption())
        self.details.save_wanted.connect(self.editing.save)
        self.details.focal_wanted.connect(self.editing.set_focal)
        self.details.story_wanted.connect(self.story_wanted)
        self.details.move_wanted.connect(self.move_by)
        self.details.back_to_grid.connect(lambda: self.grid.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.batch.apply_wanted.connect(self.editing.apply_batch)
        self.editing.rows_changed.connect(self._rows_changed)
        self.editing.counts_changed.connect(self._counts_changed)
        self.editing.save_failed.connect(self._save_failed)
        self.editing.failed.connect(self.failed)
        self.importer.started.connect(lambda _count: self._since_reload.start())
        self.importer.progressed.connect(self._import_progressed)
        self.importer.finished.connect(self._imported)
        self.importer.cancelled.connect(self._import_cancelled)
        self.importer.failed.connect(self._import_failed)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence.StandardKey.Paste, self.grid, self.paste, context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("Ctrl+Shift+I"), self, self.choose_files, context=context)
        QShortcut(QKeySequence.StandardKey.Find, self, self.filters.focus_search, context=context)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.grid.viewport():
            self._fit_tiles()
        return super().eventFilter(watched, event)

    def _fit_tiles(self) -> None:
        """As many tiles as fit across, sharing out the width, so the grid has no ragged empty margin."""
        width = self.grid.viewport().width()
        columns = max(1, width // TILE.width())
        size = QSize(max(TILE.width(), (width - 4) // columns), TILE.height())  # a little slack: the view wraps early
        if size != self.grid.gridSize():
            self.tiles.tile = size
            self.grid.setGridSize(size)

    # --- the newsroom --------------------------------------------------------------
    def set_newsroom(self, opened: OpenedNewsroom | None) -> None:
        self._newsroom = opened
        self.editing.set_newsroom(opened)
        if opened is None:
            self._cache = None
            self.thumbnails.set_source(None, None)
            self.importer.set_newsroom(None, None, None)
            return
        # The rendition cache and the desk's modules are got ready on a worker: the GUI thread never imports them.
        self._runner.run(lambda: jobs.prepare(opened.db), lambda cache: self._prepared(opened, cache),
                         self.failed.emit, lane=Lane.CPU)
        self.reload()

    def _prepared(self, opened: OpenedNewsroom, cache: RenditionCache) -> None:
        if opened is not self._newsroom:
            return
        self._cache = cache
        self.thumbnails.set_source(opened.db, cache)
        self.importer.set_newsroom(opened.db, opened.actor, cache)
        self.model.layoutChanged.emit()  # tiles painted before the cache was there ask for thumbnails again
        self._check_older_photos()

    def reload(self) -> None:
        """Load the rows for the current filter (now if the desk is shown, else when it is)."""
        if self._newsroom is None:
            return
        if not self.isVisible():
            self._stale = True  # loaded when the desk is shown
            return
        self._stale = False
        self._generation += 1
        generation, newsroom, flt = self._generation, self._newsroom, self._filter
        self._since_reload.start()
        self._runner.run(lambda: jobs.load_desk(newsroom.db, newsroom.actor, flt),
                         lambda page: self._loaded(generation, page), self.failed.emit)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _check_older_photos(self, checked_so_far: int = 0) -> None:
        """Photos stored before the photo desk: read their files for location data in the background, a few
        at a time, so that thumbnails (on the same lane) never wait long behind it."""
        if self._newsroom is None:
            return
        newsroom = self._newsroom

        def job(control: TaskControl) -> int:
            return jobs.check_older_photos(newsroom.db, newsroom.actor, control.check, CHECK_CHUNK)

        def done(checked: int) -> None:
            if newsroom is not self._newsroom:
                return
            if checked == CHECK_CHUNK:
                self._check_older_photos(checked_so_far + checked)
            elif checked_so_far + checked:
                self.message.emit(f"Checked {checked_so_far + checked:,} older photos for location data and "
                                  "serial numbers.")
                self.reload()

        self._runner.start(job, done, self.failed.emit, lane=Lane.CPU)

    # --- loading -------------------------------------------------------------------
    def _loaded(self, generation: int, page: jobs.DeskPage) -> None:
        if generation != self._generation:
            return
        selected = self.selected_ids()
        current = self.current_id()
        self.model.merge_rows(page.rows)
        if self._filter == PhotoFilter():
            self._total = len(page.rows)
        self.filters.set_choices(page.counts, page.weeks)
        self.details.set_contributors(page.contributors)
        self.batch.set_contributors(page.contributors)
        self._show_count(len(page.rows), page.counts)
        if page.rows:
            self.grid_stack.setCurrentWidget(self.grid)
            self._reselect(selected, current)
        else:
            self._show_empty()
        self.rows_shown.emit()

    def _reselect(self, ids: list[int], current: int | None) -> None:
        selection = self.grid.selectionModel()
        rows = [self.model.row_of(image_id) for image_id in ids]
        rows = [row for row in rows if row >= 0] or [0]
        focus = self.model.row_of(current) if current is not None else -1
        selection.setCurrentIndex(self.model.index(focus if focus >= 0 else rows[0]),
                                  QItemSelectionModel.SelectionFlag.ClearAndSelect)
        for row in rows:
            selection.select(self.model.index(row), QItemSelectionModel.SelectionFlag.Select)

    def _counts_changed(self, counts: dict[Needs, int]) -> None:
        self.filters.set_counts(counts)
        self._show_count(self.model.rowCount(), counts)

    def _show_count(self, shown: int, counts: dict[Needs, int]) -> None:
        needing = ", ".join(f"{counts[need]:,} without {need.label}" for need in Needs if counts.get(need))
        head = f"{shown:,} photos" if self._filter == PhotoFilter() else f"{shown:,} of {self._total:,} photos"
        self.count_label.setText(f"{head}" + (f" · {needing}" if needing else ""))

    def _show_empty(self) -> None:
        self.grid_stack.setCurrentWidget(self.empty)
        self.details.clear("")
        self.side.setCurrentWidget(self.details)
        if self._filter == PhotoFilter():
            self.empty.show_message("No photos yet", "Import photo files or a folder, drop them here, or paste "
                                    "an image (Ctrl+V).", [("Import Photo Files…", self.choose_files),
                                                           ("Import a Folder…", self.choose_folder)])
        elif self._filter.needs is not None and not self._filter.week and not self._filter.search:
            self.empty.show_message(f"Every photo has its {self._filter.needs.label}", "Nothing left in this queue.",
                                    [("Show all photos", self.clear_filters)])
        else:
            self.empty.show_message("No photos match these filters", "Try another week, fewer words, or clear the "
                                    "filters.", [("Show all photos", self.clear_filters)])

    # --- filters -------------------------------------------------------------------
    def _filter_changed(self, flt: PhotoFilter) -> None:
        self._filter = flt
        self.reload()

    def set_filter(self, flt: PhotoFilter) -> None:
        """Show the photos `flt` lets through (the menus follow)."""
        self.filters.set_filter(flt)

    def clear_filters(self) -> None:
        self.set_filter(PhotoFilter())

    # --- selection -----------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.grid.selectionModel().selectedIndexes())
        return [row.id for n in rows if (row := self.model.row_at(n)) is not None]

    def current_id(self) -> int | None:
        row = self.model.row_at(self.grid.currentIndex().row())
        return row.id if row is not None else None

    def select(self, image_id: int) -> None:
        row = self.model.row_of(image_id)
        if row >= 0:
            index = self.model.index(row)
            self.grid.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.grid.scrollTo(index)

    def move_by(self, delta: int) -> None:
        """The next (or previous) photo in the grid becomes the one shown."""
        row = self.grid.currentIndex().row() + delta
        if 0 <= row < self.model.rowCount():
            found = self.model.row_at(row)
            if found is not None:
                self.select(found.id)
                self._selection_changed()

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        if len(ids) > 1:
            rows = [row for image_id in ids if (row := self.model.row_at(self.model.row_of(image_id)))]
            self.batch.show_selection(ids, [r.credit for r in rows], [r.photographer for r in rows])
            self.side.setCurrentWidget(self.batch)
            return
        self.side.setCurrentWidget(self.details)
        if not ids:
            self.details.clear()
            return
        self._load_detail(ids[0])

    def _load_detail(self, image_id: int) -> None:
        if self._newsroom is None or self._cache is None:
            return
        self._detail_generation += 1
        generation, newsroom, cache = self._detail_generation, self._newsroom, self._cache

        def shown(view: jobs.DetailView) -> None:
            if generation == self._detail_generation:
                self.details.show_detail(view)
                unsaved = self._unsaved.pop(view.detail.row.id, None)
                if unsaved is not None:
                    self.details.apply_edit(unsaved)

        self._runner.run(lambda: jobs.load_detail(newsroom.db, newsroom.actor, cache, image_id), shown,
                         self.failed.emit, lane=Lane.CPU)

    # --- saving --------------------------------------------------------------------
    def _rows_changed(self, rows: list[PhotoRow], text: str) -> None:
        self.model.update_rows(rows)
        if any(row.id == self.details.image_id for row in rows) and self.side.currentWidget() is self.details:
            self._load_detail(self.details.image_id or 0)
        self.message.emit(text)

    def _save_failed(self, image_id: int, edit: PhotoEdit, error: BaseException) -> None:
        """Keep what was typed: back in the fields now, or when the photo is shown again."""
        if self.details.image_id == image_id:
            self.details.apply_edit(edit)
        else:
            self._unsaved[image_id] = edit
        self.failed.emit(error)

    # --- importing -----------------------------------------------------------------
    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Import photos", str(Path.home()), PHOTO_FILES)
        if names:
            self.import_paths([Path(name) for name in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import the photos in a folder", str(Path.home()))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        if self.importer.busy:
            self.message.emit("An import is running; wait for it to end, or cancel it.")
        elif not self.importer.import_paths(paths):
            self.message.emit("Nothing to import.")

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not can_accept(mime):
            self.message.emit("The clipboard holds no photo or photo file.")
        elif self.importer.busy:
            self.message.emit("An import is running; paste again when it ends.")
        else:
            self.importer.import_mime(mime)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if can_accept(event.mimeData()) and not self.importer.busy:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.importer.import_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def _import_progressed(self, done: int, total: int, _name: str) -> None:
        if done and done < total and self._since_reload.elapsed() > RELOAD_DURING_IMPORT_MS:
            self.reload()  # new photos appear as they come in

    def _imported(self, report: ImportReport) -> None:
        self.message.emit(report.summary())
        ids = report.image_ids
        if ids:  # the new photo nearest the top: the grid stays where the new ones are
            self.rows_shown_once(lambda: self.select(self._topmost(ids)))
        self.reload()
        if report.refused:
            self._show_refusals(report)

    def _topmost(self, ids: list[int]) -> int:
        shown = [i for i in ids if self.model.row_of(i) >= 0]
        return min(shown, key=self.model.row_of) if shown else ids[0]

    def rows_shown_once(self, then: Callable[[], None]) -> None:
        def once() -> None:
            self.rows_shown.disconnect(once)
            then()

        self.rows_shown.connect(once)

    def _show_refusals(self, report: ImportReport) -> None:
        refused = report.refused
        box = QMessageBox(QMessageBox.Icon.Warning, "Some photos were not imported",
                          f"{len(refused)} of {len(report.outcomes)} files were not imported; the others were.",
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("importRefusals")
        box.setInformativeText("\n".join(f"• {o.error}" for o in refused[:6])
                               + (f"\n… and {len(refused) - 6} more (see Details)." if len(refused) > 6 else ""))
        box.setDetailedText("\n\n".join(o.message for o in refused))
        box.open()
        self.refusals_box = box

    def _import_cancelled(self, done: int) -> None:
        self.message.emit(f"Import cancelled after {done:,} photos; those stay in the photo desk.")
        self.reload()

    def _import_failed(self, error: BaseException) -> None:
        self.reload()
        self.failed.emit(error)

