"""Source protection: strip GPS and serial numbers from every copy that leaves the newsroom, and prove it.

JPEG, PNG, WebP and GIF are spliced: only the metadata segments or chunks are rewritten, so every byte of
the picture (and IPTC, ICC profiles, comments) stays as it was: no re-encoding, no quality loss, a few
milliseconds. TIFF keeps GPS and serials in the picture's own directory, so a TIFF is re-encoded by Pillow
(losslessly, first page only, orientation applied to the pixels, only the ICC profile kept).
"""

from __future__ import annotations

import io
import logging
import struct
from dataclasses import dataclass, field

from editor_app.imaging import containers, exif, tiff_ifd, xmp
from editor_app.imaging.containers import APP1, ContainerError, metadata_blocks
from editor_app.imaging.exif import EXIF_PREFIX
from editor_app.imaging.formats import FORMAT_BY_MIME, PNG_SIGNATURE, sniff_format
from editor_app.imaging.sniff import open_photo, photo_format, pillow_errors

logger = logging.getLogger(__name__)

WEBP_FLAG_EXIF, WEBP_FLAG_XMP = 0x08, 0x04
GIF_XMP_APP = b"XMP DataXMP"


@dataclass(frozen=True)
class ScrubResult:
    """The cleaned bytes and what was taken out (empty when the file had nothing to remove)."""

    data: bytes
    removed: list[str] = field(default_factory=list)
    lossless: bool = True  # False when the picture had to be re-encoded (TIFF)


def scrub_for_publication(data: bytes, mime: str | None = None, *, name: str = "photo") -> ScrubResult:
    """`data` without GPS, serial numbers, maker notes or EXIF thumbnails. The format is read from the
    content; a `mime` that disagrees is logged and ignored."""
    fmt = photo_format(data, name)
    if mime and FORMAT_BY_MIME.get(mime) not in (None, fmt):
        logger.warning("%s is labelled %s but its content is %s; scrubbing it as %s", name, mime, fmt, fmt)
    try:
        if fmt == "JPEG":
            return _scrub_jpeg(data)
        if fmt == "PNG":
            return _scrub_png(data)
        if fmt == "WEBP":
            return _scrub_webp(data)
        if fmt == "GIF":
            return _scrub_gif(data)
    except (ContainerError, struct.error, IndexError) as exc:
        from editor_app.domain.errors import ValidationError

        raise ValidationError(f"The photo {name} is damaged and cannot be cleaned of its location data ({exc}).",
                              hint="Export it again from its source; it was not sent anywhere.") from exc
    return _reencode_tiff(data, name)


def verify_clean(data: bytes) -> bool:
    """True when a re-read of `data` proves no GPS, serial number, maker note or EXIF thumbnail is left."""
    return not leftovers(data)


def leftovers(data: bytes) -> list[str]:
    """What in `data` stops it being provably clean (empty for a clean file)."""
    fmt = sniff_format(data).format
    if fmt is None:
        return ["not a photo format this check can read"]
    blocks = metadata_blocks(data, fmt)
    found = [f"unreadable structure: {p}" for p in blocks.problems]
    for block in blocks.exif:
        try:
            tree = tiff_ifd.parse(block, follow_next=not blocks.exif_is_file)
        except tiff_ifd.TiffFormatError:
            found.append("an unreadable EXIF block")
            continue
        findings = exif.find_sensitive(tree)
        found += ["EXIF GPS"] * bool(findings.gps_entries) + findings.serials
        found += ["EXIF maker note"] * findings.has_maker_note + ["EXIF thumbnail"] * findings.has_thumbnail
    for packet in blocks.xmp:
        try:
            found += [f"XMP {n}" for n in xmp.find_sensitive(xmp.parse_xmp(packet))]
        except xmp.XmpError:
            found.append("an unreadable XMP packet")
    found += ["extended XMP"] * bool(blocks.extended_xmp)
    found += [f"{blocks.trailing_bytes} bytes after the picture"] * bool(blocks.trailing_bytes)
    return found


def _clean_exif(block: bytes, removed: list[str]) -> bytes | None:
    """The TIFF block without sensitive entries (the same bytes when there were none); None to drop it."""
    try:
        tree = tiff_ifd.parse(block)
    except tiff_ifd.TiffFormatError:
        removed.append("EXIF block (unreadable, removed whole)")
        return None
    gone = exif.remove_sensitive(tree)
    if not gone:
        return block
    removed += gone
    return tiff_ifd.serialize(tree)


def _clean_xmp(packet: bytes, removed: list[str]) -> bytes | None:
    try:
        root = xmp.parse_xmp(packet)
    except xmp.XmpError:
        removed.append("XMP packet (unreadable, removed whole)")
        return None
    gone = xmp.remove_sensitive(root)
    if not gone:
        return packet
    removed += [f"XMP {n}" for n in gone]
    return xmp.to_packet(root)


def _scrub_jpeg(data: bytes) -> ScrubResult:
    layout = containers.jpeg_layout(data)
    removed: list[str] = []
    parts = [data[:2]]
    for segment in layout.segments:
        payload = segment.payload(data)
        new: bytes | None = data[segment.start:segment.end]
        if segment.marker == APP1 and payload.startswith(EXIF_PREFIX):
            block = payload[len(EXIF_PREFIX):]
            cleaned = _clean_exif(block, removed)
            new = None if cleaned is None else new if cleaned is block else containers.jpeg_segment(
                APP1, EXIF_PREFIX + cleaned)
        elif segment.marker == APP1 and payload.startswith(xmp.JPEG_PREFIX):
            packet = payload[len(xmp.JPEG_PREFIX):]
            cleaned = _clean_xmp(packet, removed)
            new = None if cleaned is None else new if cleaned is packet else containers.jpeg_segment(
                APP1, xmp.JPEG_PREFIX + cleaned)
        elif segment.marker == APP1 and payload.startswith(xmp.JPEG_EXTENDED_PREFIX):
            if "extended XMP segment" not in removed:
                removed.append("extended XMP segment")
            new = None
        if new is not None:
            parts.append(new)
    parts.append(data[layout.scan_start:layout.image_end])
    trailing = data[layout.image_end:]
    if trailing.rstrip(b"\x00"):
        removed.append(f"{len(trailing):,} bytes after the picture (a second image or a phone's extra data)")
    return ScrubResult(b"".join(parts), removed) if removed else ScrubResult(data)


def _scrub_png(data: bytes) -> ScrubResult:
    removed: list[str] = []
    parts = [PNG_SIGNATURE]
    for chunk in containers.png_chunks(data):
        new: bytes | None = data[chunk.start:chunk.end]
        if chunk.kind == b"eXIf":
            block = chunk.payload(data)
            cleaned = _clean_exif(block, removed)
            new = None if cleaned is None else new if cleaned is block else containers.png_chunk(b"eXIf", cleaned)
        elif chunk.kind in (b"tEXt", b"zTXt", b"iTXt"):
            keyword, text = containers.png_text(chunk, data)
            if keyword == containers.PNG_XMP_KEYWORD:
                cleaned = _clean_xmp(text, removed)
                new = None if cleaned is None else new if cleaned is text else containers.png_chunk(
                    b"iTXt", keyword.encode("latin-1") + b"\x00\x00\x00\x00\x00" + cleaned)
            elif containers.PNG_RAW_PROFILES.get(keyword.lower()) in ("exif", "xmp") and _png_raw_profile_is_sensitive(
                    keyword, text, removed):
                new = None
        if new is not None:
            parts.append(new)
    return ScrubResult(b"".join(parts), removed) if removed else ScrubResult(data)


def _png_raw_profile_is_sensitive(keyword: str, text: bytes, removed: list[str]) -> bool:
    """ImageMagick's hex profiles: kept when clean, dropped whole (and said so) when they hold anything."""
    try:
        raw = containers.raw_profile_bytes(text)
    except ContainerError:
        removed.append(f"PNG {keyword!r} (unreadable)")
        return True
    found: list[str] = []
    if containers.PNG_RAW_PROFILES[keyword.lower()] == "exif":
        _clean_exif(exif.tiff_block(raw), found)
    else:
        _clean_xmp(raw, found)
    if found:
        removed.append(f"PNG {keyword!r} (held {', '.join(found)})")
    return bool(found)


def _scrub_webp(data: bytes) -> ScrubResult:
    removed: list[str] = []
    kept: list[tuple[bytes, bytes]] = []
    for chunk in containers.webp_chunks(data):
        payload: bytes | None = chunk.payload(data)
        if chunk.kind == b"EXIF" and payload is not None:
            prefixed = payload.startswith(EXIF_PREFIX)
            block = payload[len(EXIF_PREFIX):] if prefixed else payload
            cleaned = _clean_exif(block, removed)
            payload = None if cleaned is None else payload if cleaned is block else (
                EXIF_PREFIX * prefixed + cleaned)
        elif chunk.kind == b"XMP " and payload is not None:
            payload = _clean_xmp(payload, removed)
        if payload is not None:
            kept.append((chunk.kind, payload))
    if not removed:
        return ScrubResult(data)
    kinds = {kind for kind, _ in kept}
    kept = [(kind, _vp8x_flags(payload, kinds) if kind == b"VP8X" else payload) for kind, payload in kept]
    return ScrubResult(containers.webp_file(kept), removed)


def _vp8x_flags(payload: bytes, kinds: set[bytes]) -> bytes:
    flags = payload[0]
    if b"EXIF" not in kinds:
        flags &= ~WEBP_FLAG_EXIF
    if b"XMP " not in kinds:
        flags &= ~WEBP_FLAG_XMP
    return bytes((flags,)) + payload[1:]


def _scrub_gif(data: bytes) -> ScrubResult:
    """Drop an XMP application block that holds GPS or serials; everything else is copied as it is."""
    removed: list[str] = []
    parts: list[bytes] = []
    pos = 13 + _color_table_size(data[10])
    parts.append(data[:pos])
    while pos < len(data):
        introducer = data[pos]
        if introducer == 0x3B:
            parts.append(data[pos:pos + 1])
            break
        if introducer == 0x21:
            end = _sub_blocks_end(data, pos + 2)
            block = data[pos:end]
            if data[pos + 1] == 0xFF and block[3:14] == GIF_XMP_APP:
                found: list[str] = []
                packet = block[14:]
                close = packet.find(b"?>", packet.find(b"<?xpacket end"))
                _clean_xmp(packet[:close + 2] if close >= 0 else packet, found)
                if found:
                    removed.append(f"GIF XMP block (held {', '.join(found)})")
                    block = b""
            parts.append(block)
            pos = end
        elif introducer == 0x2C:
            table = _color_table_size(data[pos + 9])
            end = _sub_blocks_end(data, pos + 10 + table + 1)
            parts.append(data[pos:end])
            pos = end
        else:
            raise ContainerError(f"unexpected byte {introducer:#04x} in the GIF at {pos}")
    return ScrubResult(b"".join(parts), removed) if removed else ScrubResult(data)


def _color_table_size(flags: int) -> int:
    return 3 * (2 << (flags & 0x07)) if flags & 0x80 else 0


def _sub_blocks_end(data: bytes, pos: int) -> int:
    while pos < len(data) and data[pos]:
        pos += data[pos] + 1
    if pos >= len(data):
        raise ContainerError("the GIF is cut short inside a block")
    return pos + 1


def _reencode_tiff(data: bytes, name: str) -> ScrubResult:
    """A TIFF's tags and pixels share one directory: write a new file with the pixels and ICC profile only."""
    from PIL import ImageOps

    with open_photo(data, name) as img, pillow_errors(name):
        pages = int(getattr(img, "n_frames", 1))
        img.load()
        icc = img.info.get("icc_profile")
        upright = ImageOps.exif_transpose(img)
        clean = upright.copy()
        clean.info = {}
        out = io.BytesIO()
        clean.save(out, "TIFF", compression="tiff_adobe_deflate", **({"icc_profile": icc} if icc else {}))
    removed = ["all TIFF metadata but the ICC profile (TIFF is re-encoded losslessly to clean it)"]
    if pages > 1:
        removed.append(f"pages 2-{pages} of the TIFF")
    return ScrubResult(out.getvalue(), removed, lossless=False)
