"""Where the metadata sits in each container: JPEG segments, PNG chunks, WebP chunks, TIFF tags, GIF blocks.

Walking the container (rather than decoding the picture) is what makes reading metadata a millisecond and
lets the scrubber cut a segment out while every byte of the picture stays as it was.
"""

from __future__ import annotations

import logging
import re
import struct
import zlib
from dataclasses import dataclass, field

from editor_app.imaging import iptc, tiff_ifd, xmp
from editor_app.imaging.exif import EXIF_PREFIX
from editor_app.imaging.formats import PNG_SIGNATURE

logger = logging.getLogger(__name__)

APP1, APP13, SOS, EOI = 0xE1, 0xED, 0xDA, 0xD9
STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
# The next marker inside entropy-coded data: FF followed by neither a stuffed 00, a restart marker nor fill.
NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
PNG_RAW_PROFILES = {"raw profile type exif": "exif", "raw profile type app1": "exif",
                    "raw profile type xmp": "xmp", "raw profile type iptc": "iptc", "raw profile type 8bim": "8bim"}
PNG_XMP_KEYWORD = "XML:com.adobe.xmp"
TIFF_XMP, TIFF_IPTC, TIFF_PHOTOSHOP = 700, 33723, 34377
MAX_TEXT_CHUNK = 16 * 1024 * 1024  # a decompressed PNG text chunk bigger than this is not metadata


class ContainerError(ValueError):
    """The container's own structure is broken (a segment or chunk runs past the end of the file)."""


@dataclass(frozen=True)
class Segment:
    """A JPEG marker segment, `start` at its FF byte, `end` just past its payload."""

    marker: int
    start: int
    end: int

    def payload(self, data: bytes) -> bytes:
        return data[self.start + 4:self.end]


@dataclass(frozen=True)
class JpegLayout:
    """The segments before the first scan, where the scans start, and where the first image ends."""

    segments: list[Segment]
    scan_start: int
    image_end: int  # just past the first EOI; len(data) when the file has none (cut short)


def jpeg_layout(data: bytes, *, find_end: bool = True) -> JpegLayout:
    """Walk a JPEG's markers. The entropy-coded scans are skipped with one regex, not byte by byte (about
    0.5 ms per MB); without `find_end` they are not walked at all and `image_end` is len(data)."""
    segments: list[Segment] = []
    pos = 2
    while True:
        marker, pos = _marker_at(data, pos)
        if marker == SOS:
            break
        if marker in STANDALONE:
            pos += 2
            continue
        if marker == EOI:
            raise ContainerError("the JPEG ends before its picture starts")
        end = _segment_end(data, pos)
        segments.append(Segment(marker, pos, end))
        pos = end
    scan_start = pos
    while find_end:
        end = _segment_end(data, pos)  # the SOS header; entropy-coded data follows it
        found = NEXT_MARKER.search(data, end)
        if found is None:
            return JpegLayout(segments, scan_start, len(data))
        pos = found.start()
        marker = data[pos + 1]
        while marker not in (SOS, EOI):  # tables or restart intervals between progressive scans
            pos = _segment_end(data, pos) if marker not in STANDALONE else pos + 2
            if pos + 2 > len(data):
                return JpegLayout(segments, scan_start, len(data))
            marker, pos = _marker_at(data, pos)
        if marker == EOI:
            return JpegLayout(segments, scan_start, pos + 2)
    return JpegLayout(segments, scan_start, len(data))


def _marker_at(data: bytes, pos: int) -> tuple[int, int]:
    while pos + 1 < len(data) and data[pos] == 0xFF and data[pos + 1] == 0xFF:
        pos += 1  # fill bytes
    if pos + 1 >= len(data) or data[pos] != 0xFF:
        raise ContainerError(f"the JPEG has no marker where one must be (byte {pos})")
    return data[pos + 1], pos


def _segment_end(data: bytes, pos: int) -> int:
    if pos + 4 > len(data):
        raise ContainerError("the JPEG is cut short inside its header")
    length = int.from_bytes(data[pos + 2:pos + 4], "big")
    end = pos + 2 + length
    if length < 2 or end > len(data):
        raise ContainerError(f"a JPEG segment (marker {data[pos + 1]:#04x}) runs past the end of the file")
    return end


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    if len(payload) + 2 > 0xFFFF:
        raise ContainerError(f"a {len(payload):,}-byte payload does not fit in one JPEG segment")
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


@dataclass(frozen=True)
class Chunk:
    """A PNG chunk or a WebP (RIFF) chunk: its type, where it starts, its payload range and where it ends."""

    kind: bytes
    start: int
    payload_start: int
    payload_end: int
    end: int

    def payload(self, data: bytes) -> bytes:
        return data[self.payload_start:self.payload_end]


def png_chunks(data: bytes) -> list[Chunk]:
    chunks: list[Chunk] = []
    pos = len(PNG_SIGNATURE)
    while pos + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise ContainerError(f"the PNG chunk {kind.decode('latin-1')!r} runs past the end of the file")
        chunks.append(Chunk(kind, pos, pos + 8, pos + 8 + length, end))
        pos = end
        if kind == b"IEND":
            break
    return chunks


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_text(chunk: Chunk, data: bytes) -> tuple[str, bytes]:
    """The keyword and (decompressed) text of a tEXt, zTXt or iTXt chunk."""
    payload = chunk.payload(data)
    keyword, _, rest = payload.partition(b"\x00")
    if chunk.kind == b"zTXt":
        return keyword.decode("latin-1"), _inflate(rest[1:])
    if chunk.kind == b"iTXt":
        compressed = rest[:1] == b"\x01"
        _lang, _, rest = rest[2:].partition(b"\x00")
        _translated, _, text = rest.partition(b"\x00")
        return keyword.decode("latin-1"), _inflate(text) if compressed else text
    return keyword.decode("latin-1"), rest


def _inflate(raw: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(raw, MAX_TEXT_CHUNK)
    except zlib.error as exc:
        raise ContainerError(f"a compressed PNG text chunk is damaged ({exc})") from exc
    if inflater.unconsumed_tail:
        raise ContainerError("a compressed PNG text chunk is larger than any metadata")
    return text


def raw_profile_bytes(text: bytes) -> bytes:
    """ImageMagick's "Raw profile type ..." text: a name line, a length line, then hex."""
    lines = text.strip().split(b"\n")
    if len(lines) < 3:
        raise ContainerError("a PNG raw profile is too short")
    try:
        return bytes.fromhex(b"".join(lines[2:]).decode("ascii"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ContainerError(f"a PNG raw profile is not hex ({exc})") from exc


def webp_chunks(data: bytes) -> list[Chunk]:
    chunks: list[Chunk] = []
    pos = 12
    limit = min(len(data), 8 + struct.unpack("<I", data[4:8])[0]) if len(data) >= 12 else 0
    while pos + 8 <= limit:
        kind, length = struct.unpack("<4sI", data[pos:pos + 8])
        payload_end = pos + 8 + length
        if payload_end > len(data):
            raise ContainerError(f"the WebP chunk {kind.decode('latin-1')!r} runs past the end of the file")
        end = min(payload_end + length % 2, len(data))
        chunks.append(Chunk(kind, pos, pos + 8, payload_end, end))
        pos = end
    return chunks


def webp_file(chunks: list[tuple[bytes, bytes]]) -> bytes:
    body = b"".join(kind + struct.pack("<I", len(payload)) + payload + b"\x00" * (len(payload) % 2)
                    for kind, payload in chunks)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


@dataclass
class MetadataBlocks:
    """The raw metadata found in a file, before interpretation."""

    exif: list[bytes] = field(default_factory=list)  # TIFF-structured blocks (no "Exif\0\0" prefix)
    exif_is_file: bool = False  # a TIFF file: its own IFD0 is the "EXIF", its next IFD is a page, not a thumbnail
    xmp: list[bytes] = field(default_factory=list)
    extended_xmp: int = 0  # JPEG extended-XMP segments (read by nobody here, removed by the scrubber)
    iptc: list[bytes] = field(default_factory=list)  # IIM data
    trailing_bytes: int = 0  # JPEG: bytes after the first image (a second image, a phone's gain map ...)
    problems: list[str] = field(default_factory=list)


def metadata_blocks(data: bytes, fmt: str, *, whole_file: bool = True) -> MetadataBlocks:
    """Collect the metadata blocks of `data` (format `fmt`); structural damage is noted in `problems`.

    Without `whole_file`, a JPEG's picture data is not walked to find what follows it (`trailing_bytes`
    stays 0): reading the fields needs only the header.
    """
    blocks = MetadataBlocks()
    try:
        if fmt == "JPEG":
            _jpeg_blocks(data, blocks, whole_file=whole_file)
        else:
            {"PNG": _png_blocks, "WEBP": _webp_blocks, "TIFF": _tiff_blocks, "GIF": _gif_blocks}[fmt](data, blocks)
    except (ContainerError, struct.error, tiff_ifd.TiffFormatError) as exc:
        blocks.problems.append(str(exc))
    return blocks


def _jpeg_blocks(data: bytes, blocks: MetadataBlocks, *, whole_file: bool) -> None:
    layout = jpeg_layout(data, find_end=whole_file)
    for segment in layout.segments:
        payload = segment.payload(data)
        if segment.marker == APP1 and payload.startswith(EXIF_PREFIX):
            blocks.exif.append(payload[len(EXIF_PREFIX):])
        elif segment.marker == APP1 and payload.startswith(xmp.JPEG_PREFIX):
            blocks.xmp.append(payload[len(xmp.JPEG_PREFIX):])
        elif segment.marker == APP1 and payload.startswith(xmp.JPEG_EXTENDED_PREFIX):
            blocks.extended_xmp += 1
        elif segment.marker == APP13 and payload.startswith(iptc.PHOTOSHOP_PREFIX):
            found = iptc.iim_from_photoshop(payload)
            if found:
                blocks.iptc.append(found)
    blocks.trailing_bytes = len(data[layout.image_end:].rstrip(b"\x00"))


def _png_blocks(data: bytes, blocks: MetadataBlocks) -> None:
    for chunk in png_chunks(data):
        if chunk.kind == b"eXIf":
            blocks.exif.append(chunk.payload(data))
        elif chunk.kind in (b"tEXt", b"zTXt", b"iTXt"):
            keyword, text = png_text(chunk, data)
            if keyword == PNG_XMP_KEYWORD:
                blocks.xmp.append(text)
            elif (kind := PNG_RAW_PROFILES.get(keyword.lower())) is not None:
                raw = raw_profile_bytes(text)
                if kind == "exif":
                    blocks.exif.append(raw[len(EXIF_PREFIX):] if raw.startswith(EXIF_PREFIX) else raw)
                elif kind == "xmp":
                    blocks.xmp.append(raw)
                elif found := (raw if kind == "iptc" and raw[:1] == b"\x1c" else iptc.iim_from_photoshop(raw)):
                    blocks.iptc.append(found)


def _webp_blocks(data: bytes, blocks: MetadataBlocks) -> None:
    for chunk in webp_chunks(data):
        if chunk.kind == b"EXIF":
            payload = chunk.payload(data)
            blocks.exif.append(payload[len(EXIF_PREFIX):] if payload.startswith(EXIF_PREFIX) else payload)
        elif chunk.kind == b"XMP ":
            blocks.xmp.append(chunk.payload(data))


def _tiff_blocks(data: bytes, blocks: MetadataBlocks) -> None:
    tree = tiff_ifd.parse(data, follow_next=False)
    blocks.exif.append(data)
    blocks.exif_is_file = True
    entries = tree.ifd0.entries
    if TIFF_XMP in entries:
        blocks.xmp.append(entries[TIFF_XMP].value)
    if TIFF_IPTC in entries:
        blocks.iptc.append(entries[TIFF_IPTC].value)
    elif TIFF_PHOTOSHOP in entries and (found := iptc.iim_from_photoshop(entries[TIFF_PHOTOSHOP].value)):
        blocks.iptc.append(found)


def _gif_blocks(data: bytes, blocks: MetadataBlocks) -> None:
    start = data.find(b"XMP DataXMP")
    if start >= 0:
        packet = data[start + 11:]
        end = packet.find(b"<?xpacket end")
        close = packet.find(b"?>", end) if end >= 0 else -1
        blocks.xmp.append(packet[:close + 2] if close >= 0 else packet[:65536])
