"""The editor's header: where the story stands (status, a pending correction, when it is scheduled, its
version) and the workflow moves the user may make, as buttons bound to the window's actions."""

from __future__ import annotations

from datetime import datetime, tzinfo
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from editor_app.domain.workflow import Correction, Status
from editor_app.ui.palette import is_dark
from editor_app.ui.story_list_model import STATUS_COLOURS, STATUS_COLOURS_DARK
from editor_app.ui.workflow.jobs import MoveKey
from editor_app.ui.workflow.move_actions import MoveActions

if TYPE_CHECKING:
    from editor_app.services.story_status import StoryStanding


def when(moment: datetime, zone: tzinfo, zone_name: str) -> str:
    """ "Mon 5 Oct, 09:00 (America/New_York)" on the newsroom's clock."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M} ({zone_name})"


def standing_text(standing: StoryStanding, zone: tzinfo, zone_name: str) -> str:
    """The details after the status: version, correction, schedule."""
    parts = [f"version {standing.version}"]
    if standing.correction is not Correction.NONE:
        parts.append(standing.correction.label)
    if standing.status is Status.SCHEDULED and standing.scheduled is not None:
        parts.append("goes out " + when(standing.scheduled, zone, zone_name))
    elif standing.status is Status.PUBLISHED and standing.published is not None:
        parts.append("published " + when(standing.published, zone, zone_name))
    return " · ".join(parts)


class WorkflowBar(QWidget):
    def __init__(self, actions: MoveActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workflowBar")
        self.moves = actions
        self.status = QLabel(self)
        self.status.setObjectName("workflowStatus")
        self.status.setAccessibleName("Workflow status")
        self.detail = QLabel(self)
        self.detail.setObjectName("workflowDetail")
        self.detail.setAccessibleName("Version, correction and schedule")
        self.detail.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons: dict[MoveKey, QToolButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.status)
        row.addWidget(self.detail, 1)
        for key, action in actions.actions.items():
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAccessibleName(action.text().replace("&", ""))
            button.setObjectName(f"move_{key.value}")
            row.addWidget(button)
            self.buttons[key] = button
        self.clear()

    def clear(self) -> None:
        self.status.setText("")
        self.detail.setText("")
        self.show_buttons()

    def show_standing(self, standing: StoryStanding, zone: tzinfo, zone_name: str) -> None:
        status = standing.status
        colours = STATUS_COLOURS_DARK if is_dark(QGuiApplication.palette()) else STATUS_COLOURS
        self.status.setText(f'<b style="color:{colours[status]}">{escape(status.label)}</b>')
        self.status.setAccessibleDescription(status.label)
        self.detail.setText(standing_text(standing, zone, zone_name))
        self.show_buttons()

    def show_buttons(self) -> None:
        """A button for each move the story offers now; the others are hidden (the menu keeps them all)."""
        for key, button in self.buttons.items():
            button.setVisible(self.moves.offered(key))
            button.setAccessibleName(button.defaultAction().text().replace("&", ""))
