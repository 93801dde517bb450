"""The workflow moves as window actions (a Workflow menu, shortcuts, the buttons of the editor's header):
one QAction per kind of move, enabled when `workflow.available_moves` offers it. The services check every
move again; these are hints that keep the buttons honest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from editor_app.ui.workflow.jobs import MoveKey, move_key

if TYPE_CHECKING:
    from editor_app.domain.house_style import Finding
    from editor_app.services.workflow import MoveOption

# text, shortcut, what it does (status tip, tooltip and accessible description)
SPECS: dict[MoveKey, tuple[str, str | None, str]] = {
    MoveKey.SUBMIT: ("Submit for &Review", "Ctrl+Shift+Return", "Send the story to the editors for review"),
    MoveKey.APPROVE: ("&Approve", "Ctrl+Shift+A", "Approve the story (or its correction); refused while a "
                                                  "house-style blocker remains"),
    MoveKey.REQUEST_CHANGES: ("Request &Changes…", "Ctrl+Shift+R", "Send the story back to its writer with a note"),
    MoveKey.SCHEDULE: ("&Schedule…", "Ctrl+Shift+E", "Choose when the approved story goes out"),
    MoveKey.UNSCHEDULE: ("&Unschedule", "Ctrl+Shift+W", "Take the story off the schedule; it stays approved"),
    MoveKey.PUBLISH: ("&Publish", None, "Publish the story"),
    MoveKey.UNPUBLISH: ("Un&publish", "Ctrl+Shift+X", "Take the published story down"),
    MoveKey.REOPEN: ("Reopen as &Draft", "Ctrl+Shift+O", "Bring an unpublished story back as a draft"),
}
NO_PUBLISHER = ("Publishing sends the story to a site and goes through the publishing queue, which is not "
                "available in this window.")


class MoveActions(QObject):
    move_wanted = Signal(object)  # MoveKey

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.actions: dict[MoveKey, QAction] = {}
        self.available: dict[MoveKey, MoveOption] = {}
        self.blockers: list[Finding] = []
        self.can_publish = False  # a publishing queue is wired in (it chooses the site)
        for key, (text, shortcut, tip) in SPECS.items():
            action = QAction(text, window)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.setStatusTip(tip)
            action.setToolTip(tip)
            action.triggered.connect(lambda _checked=False, key=key: self.move_wanted.emit(key))
            window.addAction(action)
            self.actions[key] = action
        self.update([])

    def update(self, moves: list[MoveOption]) -> None:
        """What the story allows the user now (an empty list: no story, or a read-only one)."""
        self.available = {}
        for option in moves:
            self.available.setdefault(move_key(option), option)
        self._refresh()

    def set_blockers(self, blockers: list[Finding]) -> None:
        self.blockers = blockers
        self._refresh()

    def _refresh(self) -> None:
        for key, action in self.actions.items():
            option = self.available.get(key)
            text, _shortcut, tip = SPECS[key]
            enabled = option is not None
            if option is not None:
                ask = "…" if option.needs_note or option.needs_time else ""
                text = option.label + ask
            if key is MoveKey.APPROVE and enabled and self.blockers:
                enabled = False
                tip = "Fix the blockers first: " + "; ".join(f.message.rstrip(".") for f in self.blockers) + "."
            if key is MoveKey.PUBLISH and enabled and not self.can_publish:
                enabled = False
                tip = NO_PUBLISHER
            action.setText(text)
            action.setEnabled(enabled)
            action.setToolTip(tip)
            action.setStatusTip(tip)

    def offered(self, key: MoveKey) -> bool:
        """The move belongs on the header (enabled or not: a blocked approval shows, greyed, with why)."""
        return key in self.available
