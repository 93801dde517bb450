"""Light and dark palettes that follow the system (Qt's colour-scheme hint), and colours chosen to read on
either. EDITOR_APP_COLOR_SCHEME=dark|light overrides the system (screenshots, tests)."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

logger = logging.getLogger(__name__)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    colours = {
        roles.Window: "#2b2d30", roles.WindowText: "#e6e6e6", roles.Base: "#1e1f22", roles.AlternateBase: "#26282b",
        roles.ToolTipBase: "#3c3f41", roles.ToolTipText: "#e6e6e6", roles.Text: "#e6e6e6", roles.Button: "#3c3f41",
        roles.ButtonText: "#e6e6e6", roles.BrightText: "#ff6b6b", roles.Highlight: "#2f65ca",
        roles.HighlightedText: "#ffffff", roles.Link: "#7aa7ff", roles.PlaceholderText: "#8c8c8c",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7f7f7f"))
    return palette


def wanted_scheme(app: QGuiApplication) -> Qt.ColorScheme:
    override = os.environ.get("EDITOR_APP_COLOR_SCHEME", "").lower()
    if override in ("dark", "light"):
        return Qt.ColorScheme.Dark if override == "dark" else Qt.ColorScheme.Light
    return app.styleHints().colorScheme()


def apply_system_palette(app: QApplication) -> None:
    """Use the system's scheme now and whenever it changes."""
    light = app.palette()

    def apply(*_args: object) -> None:
        dark = wanted_scheme(app) == Qt.ColorScheme.Dark
        if dark:
            app.setStyle("Fusion")
        app.setPalette(dark_palette() if dark else light)
        logger.debug("colour scheme: %s", "dark" if dark else "light")

    apply()
    app.styleHints().colorSchemeChanged.connect(apply)


def paper_palette(widget: QWidget) -> None:
    """A page of paper whatever the scheme: the preview shows the site as readers see it."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#1a1a1a"))
    palette.setColor(QPalette.ColorRole.Link, QColor("#1f5fbf"))
    widget.setPalette(palette)
