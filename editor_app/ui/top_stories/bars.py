"""The board's two bars: the week bar (previous, this week, next, a date picker and the week's name) and the publish
bar (the target, "make the first one sticky", Publish, Newsletter, and the job's progress)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor_app.domain.weeks import IsoWeek

if TYPE_CHECKING:
    from editor_app.services.publishing.targets import TargetInfo


class WeekBar(QWidget):
    shift = Signal(int)  # -1: the previous week, 1: the next
    this_week = Signal()
    picked = Signal(object)  # an IsoWeek chosen with the date picker

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.previous_button = QPushButton("◀ Previous", self)
        self.previous_button.setToolTip("The previous week (Alt+←)")
        self.this_button = QPushButton("This Week", self)
        self.this_button.setToolTip("This week on the newsroom's calendar (Alt+Home)")
        self.next_button = QPushButton("Next ▶", self)
        self.next_button.setToolTip("The next week (Alt+→)")
        self.picker = QDateEdit(self)
        self.picker.setObjectName("weekPicker")
        self.picker.setAccessibleName("Go to the week of a date")
        self.picker.setCalendarPopup(True)
        self.picker.setDisplayFormat("'Week of' d MMM yyyy")
        self.label = QLabel(self)
        self.label.setObjectName("weekLabel")
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.label.setFont(font)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.previous_button, self.this_button, self.next_button, self.picker):
            layout.addWidget(widget)
        layout.addSpacing(12)
        layout.addWidget(self.label, 1)
        self.previous_button.clicked.connect(lambda: self.shift.emit(-1))
        self.next_button.clicked.connect(lambda: self.shift.emit(1))
        self.this_button.clicked.connect(self.this_week)
        self.picker.dateChanged.connect(lambda date: self.picked.emit(IsoWeek.of(date.toPython())))

    def show_week(self, week: IsoWeek, current: IsoWeek) -> None:
        monday = week.monday()
        self.picker.blockSignals(True)
        self.picker.setDate(QDate(monday.year, monday.month, monday.day))
        self.picker.blockSignals(False)
        marker = "  ·  this week" if week == current else ""
        self.label.setText(f"{week.label}  ·  {week.days_label()}{marker}")
        self.this_button.setEnabled(week != current)


class PublishBar(QWidget):
    publish = Signal()
    newsletter = Signal()
    target_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target_box = QComboBox(self)
        self.target_box.setAccessibleName("Publish to")
        self.sticky = QCheckBox("Make the first one sticky", self)
        self.sticky.setToolTip("WordPress: the first pick's post stays on top of the site's front page")
        self.publish_button = QPushButton("&Publish Top Stories", self)
        self.newsletter_button = QPushButton("&Newsletter…", self)
        self.newsletter_button.setToolTip("Write the week's picks as an email (HTML and text) linking to the target")
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        self.state = QLabel(self)
        self.state.setObjectName("publishState")
        self.state.setWordWrap(True)
        self.state.setOpenExternalLinks(True)
        target = QHBoxLayout()
        target.addWidget(QLabel("Publish to:", self))
        target.addWidget(self.target_box, 1)
        target.addWidget(self.publish_button)
        extras = QHBoxLayout()
        extras.addWidget(self.sticky, 1)
        extras.addWidget(self.newsletter_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(target)
        layout.addLayout(extras)
        layout.addWidget(self.progress)
        layout.addWidget(self.state)
        self.publish_button.clicked.connect(self.publish)
        self.newsletter_button.clicked.connect(self.newsletter)
        self.target_box.currentIndexChanged.connect(lambda _index: self._target_changed())
        self._wordpress: set[int] = set()

    def _target_changed(self) -> None:
        self.sticky.setEnabled(self.target_id() in self._wordpress)  # a local site has no sticky posts
        self.target_changed.emit()

    def fill(self, targets: list[TargetInfo], *, may_publish: bool) -> None:
        """The targets to choose from (the choice kept when it is still there)."""
        current = self.target_box.currentData()
        self._wordpress = {t.id for t in targets if t.kind.value == "wordpress"}
        self.target_box.blockSignals(True)
        self.target_box.clear()
        for target in targets:
            self.target_box.addItem(target.name, target.id)
            self.target_box.setItemData(self.target_box.count() - 1, f"{target.kind.label}: {target.where}",
                                        Qt.ItemDataRole.ToolTipRole)
        if current is not None and self.target_box.findData(current) >= 0:
            self.target_box.setCurrentIndex(self.target_box.findData(current))
        self.target_box.blockSignals(False)
        self.sticky.setEnabled(self.target_id() in self._wordpress)
        if not targets:
            self.state.setText("Add a publishing target (Publishing → Publishing Targets…) to publish.")
        self.publish_button.setEnabled(may_publish and bool(targets))
        self.newsletter_button.setEnabled(bool(targets))

    def target_id(self) -> int | None:
        data = self.target_box.currentData()
        return int(data) if data is not None else None

    def busy(self, text: str) -> None:
        self.progress.setRange(0, 0)
        self.progress.show()
        self.state.setText(text)

    def step(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.state.setText(text)

    def finished(self, text: str) -> None:
        self.progress.hide()
        self.state.setText(text)
