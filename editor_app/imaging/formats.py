"""Which kind of file a byte string is, told by its first bytes (never by the file name)."""

from __future__ import annotations

from dataclasses import dataclass

# The formats the photo desk accepts: Pillow format name -> MIME type.
MIME_BY_FORMAT = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "TIFF": "image/tiff",
    "GIF": "image/gif",
}
FORMAT_BY_MIME = {mime: fmt for fmt, mime in MIME_BY_FORMAT.items()}
ACCEPTED = "a JPEG, PNG, WebP, TIFF or GIF file"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Sniffed:
    """What the first bytes say: an accepted `format` (Pillow's name), or a plain description of what it is."""

    format: str | None
    description: str


def sniff_format(data: bytes) -> Sniffed:
    """The accepted format of `data` by its signature, or a description of the unaccepted thing it is."""
    head = data[:32]
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("JPEG", "a JPEG photo")
    if head.startswith(PNG_SIGNATURE):
        return Sniffed("PNG", "a PNG image")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("WEBP", "a WebP image")
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return Sniffed("TIFF", "a TIFF image")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("GIF", "a GIF image")
    return Sniffed(None, _describe_other(data))


def _describe_other(data: bytes) -> str:
    head = data[:32]
    known = [
        (head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc", b"ftypmsf1"), "a HEIC/HEIF photo"),
        (head[4:12] == b"ftypavif", "an AVIF image"),
        (head.startswith(b"%PDF"), "a PDF document"),
        (head.startswith(b"PK\x03\x04"), "a ZIP archive (or an Office document)"),
        (head.startswith(b"BM"), "a BMP image"),
        (head[:4] in (b"\x00\x00\x01\x00", b"\x00\x00\x02\x00"), "an icon file"),
        (head.lstrip().lower().startswith((b"<svg", b"<?xml")), "an SVG or XML file"),
        (head.lstrip().lower().startswith((b"<!doctype html", b"<html")), "a web page (HTML)"),
    ]
    for matched, description in known:
        if matched:
            return description
    if _looks_like_text(data[:4096]):
        return "a text file"
    return "not a photo in any format the photo desk reads"


def _looks_like_text(sample: bytes) -> bool:
    if not sample or b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 3  # a multi-byte character cut by the sample's end
    return True
