"""Completion that ignores case and diacritics and knows every spelling ("bak" offers Baku through "Bakı"),
which QCompleter's own prefix filter cannot do: the list is worked out by domain.completion and the popup
only shows it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from editor_app.domain.completion import Choice, exact, matching


class FoldingCompleter(QCompleter):
    chosen = Signal(str)  # the value of the entry picked from the popup

    def __init__(self, line: QLineEdit, choices: Sequence[Choice] = (), limit: int = 12) -> None:
        super().__init__(line)
        self._line = line
        self._limit = limit
        self._choices: list[Choice] = list(choices)
        self._shown: dict[str, str] = {}
        self._list = QStringListModel(self)
        self.setModel(self._list)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setWidget(line)
        line.textEdited.connect(self.update_for)
        self.activated[str].connect(self._activated)  # type: ignore[index]

    @property
    def choices(self) -> list[Choice]:
        return self._choices

    def set_choices(self, choices: Sequence[Choice]) -> None:
        self._choices = list(choices)

    def hide_popup(self) -> None:
        popup = self.popup()
        if popup is not None:
            popup.hide()

    def resolve(self, typed: str) -> str | None:
        """What Enter means for `typed`: the entry it names exactly, else the best one offered, else None
        (a name the vocabulary does not know)."""
        known = exact(typed, self._choices)
        if known is not None:
            return known.value
        best = matching(typed, self._choices, 1)
        return best[0].value if best else None

    def offered(self) -> list[str]:
        """The labels the popup offers now (tests and screen readers)."""
        return list(self._list.stringList())

    def update_for(self, text: str) -> None:
        if not text.strip():
            self._list.setStringList([])
            self.hide_popup()
            return
        found = matching(text, self._choices, self._limit)
        self._shown = {c.shown: c.value for c in found}
        self._list.setStringList([c.shown for c in found])
        if found:
            self.complete()
        else:
            self.hide_popup()

    def _activated(self, label: str) -> None:
        value = self._shown.get(label, label)
        self._line.setText(value)
        self.chosen.emit(value)
