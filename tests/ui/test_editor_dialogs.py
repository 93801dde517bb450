"""The editor's dialogs on their own: a new story from a template, the city vocabulary's merge."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from editor_app.domain.completion import Choice
from editor_app.services.story_templates import story_templates
from editor_app.ui.editor.dialogs import CityVocabularyDialog, NewStoryDialog


def test_new_story_dialog_needs_a_headline_and_follows_the_template(qtbot: QtBot) -> None:
    dialog = NewStoryDialog(story_templates(), ["International", "Community", "Opinion"])
    qtbot.addWidget(dialog)
    create = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.template_list.count() == 3 and not create.isEnabled()
    assert dialog.section.currentText() == "Community"  # the first template's section
    dialog.template_list.setCurrentRow(1)
    assert dialog.section.currentText() == "Opinion"
    qtbot.keyClicks(dialog.headline, "Why the library matters")
    assert create.isEnabled()
    assert dialog.choice() == ("2-op-ed", "Why the library matters", "Opinion")


def test_city_dialog_refuses_to_merge_a_city_into_itself(qtbot: QtBot) -> None:
    cities = [Choice("Baku", "Baku (Bakı)", ("Bakı",)), Choice("Gyumri"), Choice("Yerevan")]
    dialog = CityVocabularyDialog(cities)
    qtbot.addWidget(dialog)
    merge = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.list.count() == 3 and dialog.list.item(0).text() == "Baku (Bakı)"
    dialog.source.setCurrentText("Gyumri")
    dialog.target.setCurrentText("Gyumri")
    assert not merge.isEnabled()
    dialog.target.setCurrentText("Yerevan")
    assert merge.isEnabled() and dialog.choice() == ("Gyumri", "Yerevan")
