"""Small dialogs of the editor: a new story from a template, and the admin's city vocabulary (merge two
cities; the stories tagged with one follow)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor_app.domain.completion import Choice

if TYPE_CHECKING:
    from editor_app.services.story_templates import StoryTemplate


class NewStoryDialog(QDialog):
    """Ctrl+N: pick a template, write the headline, choose the section (the template's by default)."""

    def __init__(self, templates: list[StoryTemplate], sections: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New story")
        self.templates = templates
        self.template_list = QListWidget(self)
        self.template_list.setAccessibleName("Story template")
        for template in templates:
            item = QListWidgetItem(f"{template.name} — {template.description}" if template.description
                                   else template.name)
            item.setData(Qt.ItemDataRole.UserRole, template.key)
            self.template_list.addItem(item)
        self.headline = QLineEdit(self)
        self.headline.setAccessibleName("Headline of the new story")
        self.headline.setPlaceholderText("Write the headline (you can change it later)")
        self.section = QComboBox(self)
        self.section.setAccessibleName("Section of the new story")
        self.section.addItems(sections)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        form = QFormLayout()
        form.addRow("&Headline", self.headline)
        form.addRow("&Section", self.section)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("&Template", self))
        layout.addWidget(self.template_list)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.template_list.currentRowChanged.connect(self._template_chosen)
        self.headline.textChanged.connect(self._check)
        self.template_list.setCurrentRow(0)
        self.headline.setFocus()
        self._check()

    def _template_chosen(self, row: int) -> None:
        if 0 <= row < len(self.templates):
            section = self.templates[row].story.section
            if self.section.findText(section) >= 0:
                self.section.setCurrentText(section)

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.headline.text().strip()))

    def choice(self) -> tuple[str, str, str]:
        """(template key, headline, section)."""
        item = self.template_list.currentItem()
        key = str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else self.templates[0].key
        return key, self.headline.text().strip(), self.section.currentText()


class CityVocabularyDialog(QDialog):
    """The cities with their spellings; merge one into another (an admin's or an editor-in-chief's job)."""

    def __init__(self, cities: list[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("City vocabulary")
        self.resize(520, 480)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Cities and their spellings")
        for city in cities:
            self.list.addItem(city.shown)
        self.source = QComboBox(self)
        self.source.setAccessibleName("City to merge (it disappears; its name stays as a spelling)")
        self.target = QComboBox(self)
        self.target.setAccessibleName("City to keep")
        for box in (self.source, self.target):
            box.setEditable(False)
            box.addItems([c.value for c in cities])
        self.target.setCurrentIndex(min(1, len(cities) - 1))
        self.note = QLabel("Every story tagged with the first city is tagged with the second; the first city's "
                           "name and spellings become spellings of the second.", self)
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        form = QFormLayout()
        form.addRow("&Merge", self.source)
        form.addRow("&into", self.target)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.source.currentIndexChanged.connect(self._check)
        self.target.currentIndexChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.source.currentText() != self.target.currentText())

    def choice(self) -> tuple[str, str]:
        return self.source.currentText(), self.target.currentText()
