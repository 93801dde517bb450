"""The admin's entries in the Newsroom menu: staff accounts and the newsroom's settings. Shown to everyone,
enabled for admins only (a tooltip says why otherwise); the services refuse anyone else anyway."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar

from editor_app.domain.permissions import Action, allowed
from editor_app.ui.workflow.admin_settings import SettingsDialog
from editor_app.ui.workflow.admin_staff import StaffDialog

if TYPE_CHECKING:
    from editor_app.domain.newsroom_settings import NewsroomSettings
    from editor_app.ui.main_window import MainWindow
    from editor_app.ui.newsroom_jobs import OpenedNewsroom


class AdminActions(QObject):
    settings_changed = Signal(object)  # the OpenedNewsroom with the settings now in force

    def __init__(self, window: MainWindow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.newsroom: OpenedNewsroom | None = None
        self.staff_dialog: StaffDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.staff_action = QAction("Staff &Accounts…", window)
        self.staff_action.triggered.connect(self.open_staff)
        self.settings_action = QAction("Newsroom Se&ttings…", window)
        self.settings_action.triggered.connect(self.open_settings)
        self.set_newsroom(None)

    def add_to_menu(self, bar: QMenuBar) -> None:
        """After the city vocabulary in the Newsroom menu (or a menu of their own when there is none)."""
        found = next((a.menu() for a in bar.actions() if a.text() == "&Newsroom"), None)
        menu = found if isinstance(found, QMenu) else bar.addMenu("&Newsroom")
        menu.setToolTipsVisible(True)
        menu.addSeparator()
        menu.addActions([self.staff_action, self.settings_action])

    def set_newsroom(self, newsroom: OpenedNewsroom | None) -> None:
        self.newsroom = newsroom
        role = newsroom.actor.role if newsroom is not None else None
        for action, needed, what in ((self.staff_action, Action.MANAGE_STAFF, "Add, rename and deactivate staff "
                                      "accounts; set passwords"),
                                     (self.settings_action, Action.MANAGE_SETTINGS, "The paper's name, time zone, "
                                      "top-story slots, credit pattern")):
            may = role is not None and allowed(role, needed)
            action.setEnabled(may)
            tip = what if may else f"Only an admin may {needed.phrase}."
            action.setToolTip(tip)
            action.setStatusTip(tip)

    def open_staff(self) -> None:
        newsroom = self.newsroom
        if newsroom is None:
            return
        self.staff_dialog = StaffDialog(self.window.runner, newsroom.db, newsroom.actor, self.window)
        self.staff_dialog.open()

    def open_settings(self) -> None:
        newsroom = self.newsroom
        if newsroom is None:
            return
        self.settings_dialog = SettingsDialog(self.window.runner, newsroom.db, newsroom.actor, self.window)
        self.settings_dialog.saved.connect(self._saved)
        self.settings_dialog.open()

    def _saved(self, settings: NewsroomSettings) -> None:
        if self.newsroom is None:
            return
        self.newsroom = replace(self.newsroom, settings=settings)
        self.window.hub.message.emit("Newsroom settings saved.")
        self.settings_changed.emit(self.newsroom)
