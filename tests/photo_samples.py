"""Photo files for the photo desk's tests (services, CLI, pane): good camera photos and every bad case the
issue names, written to a folder. Made on the spot with Pillow and by hand, never with editor_app.imaging."""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from bench import sample_photos
from bench.sample_photos import Camera
from tests.imaging import files

NON_ASCII_NAME = "Գյումրի ընտրություններ — café.jpg"


@dataclass(frozen=True)
class BadCase:
    """A file the desk must refuse (`refused`) or import with a note; `says` is in the message or a note."""

    name: str
    refused: bool
    says: str


def camera_photo(seed: int = 0, size: tuple[int, int] = (640, 426), camera: Camera | None = None) -> bytes:
    """A small camera JPEG with GPS, serials, IPTC caption, credit and by-line; `seed` makes it unique."""
    img = sample_photos.scene(*size, detail=20, seed_shift=seed)
    return sample_photos.camera_jpeg(camera=camera, image=img, quality=85)


def plain_jpeg(seed: int = 0, size: tuple[int, int] = (320, 240)) -> bytes:
    """A JPEG without any metadata."""
    return files.encode(sample_photos.scene(*size, detail=0, seed_shift=seed), "JPEG", quality=80)


def huge_exif_jpeg() -> bytes:
    """An APP1 Exif segment of nearly 64 KB: a 60,000-byte UserComment (tag 0x9286) in the EXIF IFD."""
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif.get_ifd(0x8769)[0x9286] = b"ASCII\x00\x00\x00" + b"x" * 60_000
    return files.encode(sample_photos.scene(200, 150, detail=0), "JPEG", exif=exif.tobytes())


def malformed_exif_jpeg() -> bytes:
    """An Exif segment whose TIFF header points its first directory far past the end."""
    payload = b"Exif\x00\x00II*\x00" + struct.pack("<I", 0x7FFF_FFF0) + b"\x00" * 32
    return files.jpeg_with_exif_payload(payload, (200, 150))


def bad_orientation_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 9
    return files.encode(sample_photos.scene(200, 150, detail=0), "JPEG", exif=exif.tobytes())


BAD_CASES: dict[str, BadCase] = {
    "truncated": BadCase("cut-short.jpg", True, "incomplete"),
    "bomb": BadCase("bomb.png", True, "megapixels"),
    "text": BadCase("notes.jpg", True, "not a photo"),
    "empty": BadCase("empty.jpg", True, "empty (0 bytes)"),
    "cmyk": BadCase("print-cmyk.jpg", False, "CMYK"),
    "png16": BadCase("scan-16bit.png", False, "16 bits"),
    "animated": BadCase("animated.gif", True, "animated"),
    "huge exif": BadCase("huge-exif.jpg", False, ""),
    "malformed exif": BadCase("broken-exif.jpg", False, "EXIF"),
    "orientation": BadCase("orientation-9.jpg", False, "orientation 9"),
    "non-ascii": BadCase(NON_ASCII_NAME, False, ""),
    "unreadable": BadCase("unreadable.jpg", True, "cannot be read"),
}


def _bad_bytes(kind: str) -> bytes:
    makers = {
        "truncated": lambda: camera_photo(99)[:9000],
        "bomb": lambda: files.bomb_png(400),
        "text": lambda: b"Captions for Sunday:\n1. Voters in Gyumri\n",
        "empty": lambda: b"",
        "cmyk": files.cmyk_jpeg,
        "png16": lambda: files.rgb16_png(64, 48),
        "animated": files.animated_gif,
        "huge exif": huge_exif_jpeg,
        "malformed exif": malformed_exif_jpeg,
        "orientation": bad_orientation_jpeg,
        "non-ascii": lambda: plain_jpeg(77),
    }
    return makers[kind]()


def write_bad_file(folder: Path, kind: str) -> Path:
    """Write one bad case into `folder`. The unreadable one is a file nobody may read, or (for root, who
    reads anything) a link to /proc/self/mem, which refuses to be read from its start."""
    case = BAD_CASES[kind]
    path = folder / case.name
    if kind == "unreadable":
        if os.geteuid() == 0:
            path.symlink_to("/proc/self/mem")
        else:
            path.write_bytes(plain_jpeg(5))
            path.chmod(0)
        return path
    path.write_bytes(_bad_bytes(kind))
    return path


def write_bad_folder(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {kind: write_bad_file(folder, kind) for kind in BAD_CASES}


def write_good_photos(folder: Path, count: int, *, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"IMG_{n:04d}.jpg"
        path.write_bytes(camera_photo(n))
        paths.append(path)
    return paths
