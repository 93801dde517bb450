"""Files written so that a crash leaves either the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from editor_app.domain.errors import KnownError


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old file or the new one, never half of one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise KnownError(f"Cannot write {path} ({exc.strerror or exc}).",
                         hint="Check that the folder is writable and the disk has room.") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, path)
        _sync_folder(path.parent)
    except BaseException as exc:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise KnownError(f"Cannot write {path} ({exc.strerror or exc}).",
                             hint="Check that the folder is writable and the disk has room.") from None
        raise


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (POSIX); elsewhere a no-op."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
