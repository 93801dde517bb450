"""Where a profile lives: its folder, its database URL and the small file of profile settings."""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from editor_app.domain.errors import ValidationError

DB_FILENAME = "newsroom.sqlite"
SETTINGS_FILENAME = "profile.ini"


def default_profile_dir() -> Path:
    """The embedded default profile, in the platform's user data directory."""
    from platformdirs import user_data_path

    return user_data_path("editor-app", appauthor=False) / "default"


@dataclass(frozen=True)
class Profile:
    """A profile folder (settings, backups, window state) and the database it points at."""

    dir: Path
    database_url: str

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file when the profile uses the embedded database."""
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix):
            return Path(self.database_url[len(prefix) :])
        return None

    @property
    def backups_dir(self) -> Path:
        return self.dir / "backups"

    @property
    def is_embedded(self) -> bool:
        return self.sqlite_path is not None


def read_profile_settings(profile_dir: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    path = profile_dir / SETTINGS_FILENAME
    if path.exists():
        parser.read(path, encoding="utf-8")
    return parser


def _has_password(url: str) -> bool:
    return bool(urlsplit(url).password)


def profile_folder(profile_dir: str | Path | None = None) -> Path:
    """The profile folder: the argument, $EDITOR_APP_PROFILE_DIR or the platform default."""
    chosen = profile_dir or os.environ.get("EDITOR_APP_PROFILE_DIR") or default_profile_dir()
    return Path(chosen).expanduser().resolve()


def resolve_profile(profile_dir: str | Path | None = None, database_url: str | None = None) -> Profile:
    """Profile folder from the argument, $EDITOR_APP_PROFILE_DIR or the platform default; the database
    from the argument, the profile's `[database] url` setting, or the SQLite file inside the folder."""
    folder = profile_folder(profile_dir)
    url = database_url or read_profile_settings(folder).get("database", "url", fallback="")
    if not database_url and url and _has_password(url):
        raise ValidationError(
            f"{folder / SETTINGS_FILENAME} holds a database password.",
            hint="Remove it from the URL there: passwords belong in the system keyring, never in a settings file.",
        )
    if not url:
        url = f"sqlite:///{folder / DB_FILENAME}"
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return Profile(dir=folder, database_url=url)
