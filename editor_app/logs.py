"""Logging for the GUI and the CLI: a rotating file in the profile's logs/ folder (bugs leave their
traceback there), and for the CLI warnings on stderr. Secrets are never logged anywhere."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILENAME = "editor-app.log"
MAX_BYTES = 1_000_000
BACKUPS = 4
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_handler: logging.Handler | None = None
_active_file: Path | None = None


class _ProfileLog(logging.handlers.RotatingFileHandler):
    """Creates the logs/ folder only when there is something to write (a refused profile stays untouched)."""

    def _open(self):  # type: ignore[no-untyped-def]
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()


def log_path(profile_dir: str | Path | None) -> Path:
    from editor_app.storage.profile import profile_folder

    return profile_folder(profile_dir) / "logs" / LOG_FILENAME


def configure_logging(profile_dir: str | Path | None, *, console: bool = False) -> Path | None:
    """Send INFO and up to the profile's log file (rotated at ~1 MB, 4 old files kept); with `console`,
    WARNING and up to stderr too. Safe to call again (for another profile, the file handler moves)."""
    global _handler, _active_file
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    if console and not any(getattr(h, "_editor_console", False) for h in root.handlers):
        stream = logging.StreamHandler()
        stream.setLevel(logging.WARNING)
        stream.addFilter(lambda record: not record.exc_info)  # a bug's traceback goes to the file only
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        stream._editor_console = True  # type: ignore[attr-defined]
        root.addHandler(stream)
    target = log_path(profile_dir)
    if _handler is not None and _active_file == target:
        return target
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
        _handler, _active_file = None, None
    handler = _ProfileLog(target, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    _handler, _active_file = handler, target
    return target


def log_file() -> Path | None:
    """The log file in use, if any."""
    return _active_file
