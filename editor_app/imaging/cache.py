"""Renditions cached on disk, keyed by the original's sha256 and the rendition spec (and focal point for crops).

The cache is disposable: a missing or damaged file is simply made again, all the missing renditions of a
photo from one decode of the original, which is only loaded when something has to be made. Files are
written to a temporary name and moved into place (os.replace), so a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from editor_app.domain.errors import StorageError
from editor_app.imaging.renditions import CENTER, JPEG_QUALITY, Rendition, RenditionSpec, check_focal, render

logger = logging.getLogger(__name__)

SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class CachedRendition:
    """A rendition file in the cache and its pixel size."""

    spec: RenditionSpec
    path: Path
    width: int
    height: int


class RenditionCache:
    """Get-or-make renditions under `folder` (created on first write)."""

    def __init__(self, folder: Path, *, quality: int = JPEG_QUALITY) -> None:
        self.folder = folder
        self.quality = quality

    def path_for(self, sha256: str, spec: RenditionSpec, focal: tuple[float, float] = CENTER) -> Path:
        """Where the rendition lives: <folder>/<ab>/<sha256>-<spec key>[-f<x>-<y>].jpg."""
        if not SHA256.fullmatch(sha256):
            raise ValueError(f"not a lower-case sha256 hex digest: {sha256!r}")
        suffix = ""
        if spec.crop:  # the focal point moves a crop, not a fit
            x, y = check_focal(focal)
            suffix = f"-f{round(x * 1000):04d}-{round(y * 1000):04d}"
        return self.folder / sha256[:2] / f"{sha256}-{spec.key}{suffix}.jpg"

    def get_or_make(self, sha256: str, specs: Sequence[RenditionSpec], load: Callable[[], bytes],
                    focal: tuple[float, float] = CENTER, *, name: str = "photo") -> list[CachedRendition]:
        """The renditions for `specs`, in order; those missing or damaged are made from `load()`.

        `load` returns the original's bytes; they must hash to `sha256` (a mismatch is a caller's bug).
        """
        found: dict[int, CachedRendition] = {}
        missing: list[int] = []
        for index, spec in enumerate(specs):
            path = self.path_for(sha256, spec, focal)
            size = _valid_jpeg_size(path)
            if size is None:
                missing.append(index)
            else:
                found[index] = CachedRendition(spec, path, *size)
        if missing:
            data = load()
            if hashlib.sha256(data).hexdigest() != sha256:
                raise ValueError(f"the bytes loaded for {name} do not hash to {sha256}")
            made = render(data, [specs[i] for i in missing], focal, name=name, quality=self.quality)
            for index, rendition in zip(missing, made, strict=True):
                path = self.path_for(sha256, specs[index], focal)
                _write_atomically(path, rendition.data)
                found[index] = CachedRendition(specs[index], path, rendition.width, rendition.height)
            logger.debug("made %d of %d renditions of %s", len(missing), len(specs), name)
        return [found[index] for index in range(len(specs))]

    def put(self, sha256: str, spec: RenditionSpec, rendition: Rendition,
            focal: tuple[float, float] = CENTER) -> CachedRendition:
        """Keep a rendition made elsewhere (the import's thumbnail, made while checking the file)."""
        path = self.path_for(sha256, spec, focal)
        _write_atomically(path, rendition.data)
        return CachedRendition(spec, path, rendition.width, rendition.height)

    def discard(self, sha256: str) -> int:
        """Delete every cached rendition of one photo; how many files went."""
        if not SHA256.fullmatch(sha256):
            raise ValueError(f"not a lower-case sha256 hex digest: {sha256!r}")
        gone = 0
        for path in (self.folder / sha256[:2]).glob(f"{sha256}-*.jpg"):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                gone += 1
        return gone


def _valid_jpeg_size(path: Path) -> tuple[int, int] | None:
    """The pixel size of a whole JPEG at `path`; None when it is missing, cut short or not a JPEG."""
    try:
        with path.open("rb") as handle:
            head = handle.read(3)
            handle.seek(-2, os.SEEK_END)
            tail = handle.read(2)
    except OSError:  # missing, unreadable, or shorter than two bytes
        return None
    if head != b"\xff\xd8\xff" or tail != b"\xff\xd9":
        logger.info("cached rendition %s is damaged; making it again", path.name)
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path, formats=("JPEG",)) as img:
            return img.size
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError):
        logger.info("cached rendition %s is unreadable; making it again", path.name)
        return None


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then move it into place; a full disk is told plainly."""
    temp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
        temp = None
    except OSError as exc:
        raise _cache_error(path, exc) from exc
    finally:
        if temp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)


def _cache_error(path: Path, exc: OSError) -> StorageError:
    return StorageError(f"A photo rendition cannot be saved in {path.parent} ({exc.strerror or exc}).",
                        hint="Free some disk space, or check that the folder is writable.")
