"""The photo desk's filters: "needs caption / credit / alt text" (with counts), "used in week N", and a search
box (debounced). `changed(PhotoFilter)` says what to show."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from editor_app.domain.photos import Needs, PhotoFilter
from editor_app.domain.weeks import IsoWeek
from editor_app.ui.combo import refill

SEARCH_DELAY_MS = 250


class PhotoFilterBar(QWidget):
    changed = Signal(object)  # a PhotoFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filter = PhotoFilter()
        self.needs_box = QComboBox(self)
        self.needs_box.setAccessibleName("Show photos that need")
        self.week_box = QComboBox(self)
        self.week_box.setAccessibleName("Show photos used in week")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search file names, captions, credits  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search photos")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.needs_box)
        layout.addWidget(self.week_box)
        layout.addWidget(self.search, 1)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.needs_box.currentIndexChanged.connect(self._apply)
        self.week_box.currentIndexChanged.connect(self._apply)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._apply)
        self._search_timer.timeout.connect(self._apply)
        self.set_choices({}, [])

    @property
    def filter(self) -> PhotoFilter:
        return self._filter

    def set_choices(self, counts: dict[Needs, int], weeks: list[IsoWeek]) -> None:
        """Fill the menus (the counts of what each queue holds, the weeks with photos), keeping the choice."""
        self.set_counts(counts)
        refill(self.week_box, "Used in any week", [(f"Used in {week}", str(week)) for week in weeks])

    def set_counts(self, counts: dict[Needs, int]) -> None:
        refill(self.needs_box, "All photos", [
            (f"Needs {need.label}" + (f" ({counts[need]:,})" if need in counts else ""), need.value) for need in Needs])

    def set_filter(self, flt: PhotoFilter) -> None:
        """Show `flt` in the menus and the box, and say so (`changed`) when it is new."""
        week = str(flt.week) if flt.week else None
        for box, value in ((self.needs_box, flt.needs.value if flt.needs else None), (self.week_box, week)):
            box.blockSignals(True)
            if value is not None and box.findData(value) < 0:
                box.addItem(value, value)
            box.setCurrentIndex(max(0, box.findData(value)) if value is not None else 0)
            box.blockSignals(False)
        self.search.blockSignals(True)
        self.search.setText(flt.search)
        self.search.blockSignals(False)
        if flt != self._filter:
            self._filter = flt
            self.changed.emit(flt)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _apply(self) -> None:
        self._search_timer.stop()
        needs = self.needs_box.currentData()
        week = self.week_box.currentData()
        flt = PhotoFilter(needs=Needs(needs) if needs else None, week=IsoWeek.parse(week) if week else None,
                          search=self.search.text().strip())
        if flt != self._filter:
            self._filter = flt
            self.changed.emit(flt)

