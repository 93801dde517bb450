"""The newsroom's settings, for an admin: the paper's name, the masthead, the time zone (checked as typed),
the number of top-story slots, the caption credit pattern and the roundup's category. Saved through
services.settings with the version read: when another admin saved first, the dialog shows their values and
asks for the change once more."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from zoneinfo import available_timezones

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from editor_app.domain.errors import ConflictError, KnownError
from editor_app.domain.newsroom_settings import MAX_SLOTS, NewsroomSettings
from editor_app.ui.editor.editor_pane import NOTE_STYLE, WARNING_STYLE
from editor_app.ui.errors import describe

if TYPE_CHECKING:
    from editor_app.services.actor import Actor
    from editor_app.storage.engine import Database
    from editor_app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

_TEXT_FIELDS = ("paper_name", "masthead", "credit_pattern", "roundup_category")


class SettingsDialog(QDialog):
    saved = Signal(object)  # the NewsroomSettings now in force

    def __init__(self, runner: TaskRunner, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Newsroom settings")
        self.resize(520, 300)
        self.runner, self.db, self.actor = runner, db, actor
        self.current: NewsroomSettings | None = None
        self.texts: dict[str, QLineEdit] = {}
        for name, accessible in (("paper_name", "The paper's name (as a byline reads it)"),
                                 ("masthead", "Masthead over the site's pages (the name when empty)"),
                                 ("credit_pattern", "Caption credit pattern"),
                                 ("roundup_category", "Category of the weekly roundup post")):
            box = QLineEdit(self)
            box.setAccessibleName(accessible)
            self.texts[name] = box
        self.time_zone = QComboBox(self)
        self.time_zone.setEditable(True)
        self.time_zone.setAccessibleName("Time zone (decides the week a story runs in)")
        zones = sorted(available_timezones())
        self.time_zone.addItems(zones)
        completer = QCompleter(zones, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.time_zone.setCompleter(completer)
        self.slots = QSpinBox(self)
        self.slots.setRange(1, MAX_SLOTS)
        self.slots.setAccessibleName("Top-story slots")
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        form = QFormLayout(self)
        form.addRow("Paper's &name", self.texts["paper_name"])
        form.addRow("&Masthead", self.texts["masthead"])
        form.addRow("&Time zone", self.time_zone)
        form.addRow("Top-story &slots", self.slots)
        form.addRow("Caption &credit", self.texts["credit_pattern"])
        form.addRow("&Roundup category", self.texts["roundup_category"])
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for box in self.texts.values():
            box.textChanged.connect(self._check)
        self.time_zone.currentTextChanged.connect(self._check)
        self.slots.valueChanged.connect(self._check)
        self._set_enabled(False)
        self._say("Reading the settings…", NOTE_STYLE)
        self.load()

    def load(self, said: str = "", style: str = NOTE_STYLE) -> None:
        from editor_app.services.settings import get_settings

        db, actor = self.db, self.actor
        self.runner.run(lambda: get_settings(db, actor), lambda s: self._show(s, said, style), self._failed)

    def _show(self, settings: NewsroomSettings, said: str, style: str) -> None:
        self.current = settings
        for name, box in self.texts.items():
            box.setText(getattr(settings, name))
        self.time_zone.setCurrentText(settings.time_zone)
        self.slots.setValue(settings.top_story_slots)
        self._set_enabled(True)
        self._check()
        if said:
            self._say(said, style)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (*self.texts.values(), self.time_zone, self.slots):
            widget.setEnabled(enabled)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(enabled)

    def wanted(self) -> NewsroomSettings:
        """The settings as typed, checked (a ValidationError names what is wrong)."""
        assert self.current is not None
        values = {name: box.text() for name, box in self.texts.items()}
        return self.current.changed(**values, time_zone=self.time_zone.currentText().strip(),
                                    top_story_slots=self.slots.value())

    def changes(self) -> dict[str, object]:
        assert self.current is not None
        wanted = self.wanted()
        return {name: getattr(wanted, name) for name in (*_TEXT_FIELDS, "time_zone", "top_story_slots")
                if getattr(wanted, name) != getattr(self.current, name)}

    def _checked(self) -> dict[str, object] | None:
        """The changes typed, or None (and why, in the dialog) when one of them is wrong."""
        try:
            return self.changes()
        except KnownError as error:
            self._say(f"{error.message} {error.hint}".strip(), WARNING_STYLE)
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            return None

    def _check(self) -> None:
        changes = self._checked() if self.current is not None else None
        if changes is not None:
            self._say("Unsaved changes." if changes else "", NOTE_STYLE)
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(bool(changes))

    def save(self) -> None:
        from editor_app.services.settings import update_settings

        changes = self._checked() if self.current is not None else None
        if self.current is None or changes is None:
            return
        db, actor, version = self.db, self.actor, self.current.version
        self._set_enabled(False)
        self._say("Saving…", NOTE_STYLE)
        self.runner.run(lambda: update_settings(db, actor, version, **changes), self._saved, self._save_failed)

    def _saved(self, settings: NewsroomSettings) -> None:
        self.current = settings
        self.saved.emit(settings)
        self.accept()

    def _save_failed(self, error: BaseException) -> None:
        message, hint = describe(error)
        if isinstance(error, ConflictError):  # another admin saved first: show theirs, ask again
            self.load(f"{message} Their values are shown now; make your change once more.", WARNING_STYLE)
            return
        self._set_enabled(True)
        self._say(f"{message} {hint}".strip(), WARNING_STYLE)
        if not isinstance(error, KnownError):
            logger.error("saving the settings failed", exc_info=error)

    def _failed(self, error: BaseException) -> None:
        message, hint = describe(error)
        self._say(f"{message} {hint}".strip(), WARNING_STYLE)

    def _say(self, text: str, style: str) -> None:
        self.problem.setText(text)
        self.problem.setStyleSheet(style)
