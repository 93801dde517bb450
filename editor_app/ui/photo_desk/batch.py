"""Batch edit: one credit, photographer and/or source for every selected photo (one transaction)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from editor_app.domain.photos import KEEP, Keep
from editor_app.ui.photo_desk.fields import PhotographerBox

if TYPE_CHECKING:
    from editor_app.services.vocab import ContributorInfo


class BatchPanel(QWidget):
    """Empty fields are left as they are on each photo; what is filled in is set on all of them."""

    apply_wanted = Signal(list, object, object, object)  # image ids, credit, photographer, source (or KEEP)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photoBatch")
        self._ids: list[int] = []
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.credit = QLineEdit(self)
        self.credit.setAccessibleName("Credit for all selected photos")
        self.credit.setPlaceholderText("Leave empty to keep each photo's credit")
        self.photographer = PhotographerBox(self.credit, self)
        self.photographer.setAccessibleName("Photographer for all selected photos")
        self.source = QLineEdit(self)
        self.source.setAccessibleName("Source for all selected photos")
        self.source.setPlaceholderText("Leave empty to keep each photo's source")
        self.apply_button = QPushButton("&Apply to the selected photos", self)
        self.apply_button.setDefault(True)
        form = QFormLayout()
        form.addRow("Photo&grapher", self.photographer)
        form.addRow("Cre&dit", self.credit)
        form.addRow("S&ource", self.source)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.apply_button)
        hint = QLabel("Captions and alt text are written photo by photo: select one photo to write them.", self)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addSpacing(12)
        layout.addWidget(hint)
        layout.addStretch(1)
        self.apply_button.clicked.connect(self.apply)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.apply, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def set_contributors(self, contributors: list[ContributorInfo]) -> None:
        self.photographer.set_contributors(contributors)

    def show_selection(self, ids: list[int], credits: list[str], photographers: list[str]) -> None:
        """Show the selection, with what its photos have in common (a shared value is prefilled)."""
        changed = ids != self._ids
        self._ids = list(ids)
        self.heading.setText(f"{len(ids)} photos selected")
        distinct_credits = sorted({c for c in credits if c})
        missing = sum(1 for c in credits if not c)
        lines = []
        if missing:
            lines.append(f"{missing} of them have no credit yet.")
        if len(distinct_credits) > 1:
            lines.append(f"Their credits differ ({', '.join(distinct_credits[:3])}"
                         f"{', …' if len(distinct_credits) > 3 else ''}).")
        self.summary.setText(" ".join(lines) or "They share one credit.")
        if changed:
            shared_credit = credits[0] if len(set(credits)) == 1 else ""
            shared_person = photographers[0] if len(set(photographers)) == 1 else ""
            self.credit.setText(shared_credit)
            self.photographer.set_name(shared_person)
            self.source.clear()

    @property
    def image_ids(self) -> list[int]:
        return list(self._ids)

    def values(self) -> tuple[str | Keep, str | Keep, str | Keep]:
        def given(text: str) -> str | Keep:
            return text.strip() if text.strip() else KEEP

        return (given(self.credit.text()), given(self.photographer.currentText()), given(self.source.text()))

    def apply(self) -> None:
        credit, photographer, source = self.values()
        if self._ids and not all(value is KEEP for value in (credit, photographer, source)):
            self.apply_wanted.emit(self.image_ids, credit, photographer, source)
