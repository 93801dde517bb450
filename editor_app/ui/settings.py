"""Typed settings with their defaults in one place; preferences apart from window state.

`preferences.ini` holds choices a user makes on purpose; `window-state.ini` holds geometry and
splitter positions, which the app writes on every close and which may be thrown away at any time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

PREFERENCES_FILE = "preferences.ini"
WINDOW_STATE_FILE = "window-state.ini"


def default_config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path("editor-app", appauthor=False)


@dataclass(frozen=True)
class Preferences:
    """What the user chose (edited in preferences.ini until a dialog exists), read with defaults."""

    search_delay_ms: int = 250
    autosave_delay_ms: int = 1000  # the longest an edit waits before it is on its way to the database


class SettingsStore:
    def __init__(self, config_dir: Path) -> None:
        config_dir.mkdir(parents=True, exist_ok=True)
        self.config_dir = config_dir
        self._prefs = QSettings(str(config_dir / PREFERENCES_FILE), QSettings.Format.IniFormat)
        self._state = QSettings(str(config_dir / WINDOW_STATE_FILE), QSettings.Format.IniFormat)

    def preferences(self) -> Preferences:
        defaults = Preferences()
        delay = self._prefs.value("search/delay_ms", defaults.search_delay_ms)
        autosave = self._prefs.value("editor/autosave_delay_ms", defaults.autosave_delay_ms)
        return Preferences(search_delay_ms=_as_int(delay, defaults.search_delay_ms),
                           autosave_delay_ms=min(max(_as_int(autosave, defaults.autosave_delay_ms), 100), 1500))

    def window_state(self, key: str) -> QByteArray | None:
        value = self._state.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_window_state(self, values: dict[str, QByteArray]) -> None:
        for key, value in values.items():
            self._state.setValue(key, value)
        self._state.sync()


def _as_int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default
