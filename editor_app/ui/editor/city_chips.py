"""City tags as chips: type with completion (any spelling, no diacritics needed), Enter adds, Backspace in
the empty box removes the last chip, Delete removes the focused chip. A city the vocabulary lacks is only
added after the writer confirms it (then it joins the vocabulary)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QToolButton, QWidget

from editor_app.domain.completion import Choice
from editor_app.domain.text import fold
from editor_app.ui.editor.completer import FoldingCompleter
from editor_app.ui.editor.flow_layout import FlowLayout


class Chip(QToolButton):
    remove_wanted = Signal(object)  # the chip

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName("cityChip")
        self.setText(f"{name}  ×")
        self.setAccessibleName(f"City tag {name}")
        self.setToolTip(f"{name}: Delete or a click removes this tag")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoRaise(False)
        self.clicked.connect(lambda: self.remove_wanted.emit(self))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_wanted.emit(self)
            return
        super().keyPressEvent(event)


class ChipInput(QLineEdit):
    backspace_on_empty = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Backspace and not self.text() and not self.hasSelectedText():
            self.backspace_on_empty.emit()
            return
        super().keyPressEvent(event)


class CityChipEditor(QWidget):
    changed = Signal()
    new_city_wanted = Signal(str)  # a name the vocabulary lacks: confirm, add, then tag

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cityChips")
        self._chips: list[Chip] = []
        self.flow = FlowLayout(self)
        self.input = ChipInput(self)
        self.input.setObjectName("cityInput")
        self.input.setPlaceholderText("Add a city…  (Ctrl+Shift+T)")
        self.input.setAccessibleName("Add a city tag")
        self.input.setMinimumWidth(160)
        self.input.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.completer = FoldingCompleter(self.input)
        self.flow.addWidget(self.input)
        self.input.returnPressed.connect(self.add_typed)
        self.input.backspace_on_empty.connect(self.remove_last)
        self.completer.chosen.connect(lambda _name: self.add_typed())

    def set_cities(self, choices: Sequence[Choice]) -> None:
        self.completer.set_choices(choices)

    def names(self) -> tuple[str, ...]:
        return tuple(chip.name for chip in self._chips)

    def chips(self) -> list[Chip]:
        return list(self._chips)

    def set_names(self, names: Sequence[str]) -> None:
        for chip in self._chips:
            self.flow.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        for name in names:
            self._insert(name)

    def _insert(self, name: str) -> None:
        chip = Chip(name, self)
        chip.remove_wanted.connect(self.remove_chip)
        self.flow.insert_widget(len(self._chips), chip)
        self._chips.append(chip)
        chip.show()

    def add_typed(self) -> None:
        typed = self.input.text().strip()
        if not typed:
            return
        known = self.completer.resolve(typed)
        if known is None:
            self.new_city_wanted.emit(typed)
            return
        self.add_name(known)

    def add_name(self, name: str) -> None:
        """Tag the story with `name` (a city of the vocabulary); a second tag of the same city is ignored."""
        self.input.clear()
        self.completer.hide_popup()
        if any(fold(chip.name) == fold(name) for chip in self._chips):
            return
        self._insert(name)
        self.updateGeometry()
        self.changed.emit()

    def remove_chip(self, chip: Chip) -> None:
        if chip not in self._chips:
            return
        position = self._chips.index(chip)
        self._chips.remove(chip)
        self.flow.removeWidget(chip)
        chip.deleteLater()
        neighbour = self._chips[min(position, len(self._chips) - 1)] if self._chips else None
        (neighbour or self.input).setFocus(Qt.FocusReason.OtherFocusReason)
        self.updateGeometry()
        self.changed.emit()

    def remove_last(self) -> None:
        if self._chips:
            self.remove_chip(self._chips[-1])
            self.input.setFocus(Qt.FocusReason.OtherFocusReason)
