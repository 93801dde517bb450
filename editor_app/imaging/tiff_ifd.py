"""A small, defensive reader and writer of TIFF-structured metadata: the EXIF block, a TIFF file's own tags.

Our own instead of Pillow's because scrubbing must rewrite the EXIF block exactly (IFD0, Exif, GPS and
Interop IFDs, nothing else moved or re-typed) and because camera and hostile files alike carry broken
offsets, loops and absurd counts: every such fault is skipped and noted in `problems`, never raised.
"""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass, field
from typing import Literal

logger = logging.getLogger(__name__)

EXIF_IFD = 0x8769
GPS_IFD = 0x8825
INTEROP_IFD = 0xA005
# Which pointer tags are followed at which level: IFD0 -> Exif, GPS; Exif -> Interop.
CHILD_POINTERS: dict[str, tuple[int, ...]] = {"IFD0": (EXIF_IFD, GPS_IFD), "Exif": (INTEROP_IFD,), "GPS": (),
                                              "Interop": (), "IFD1": ()}
CHILD_NAMES = {EXIF_IFD: "Exif", GPS_IFD: "GPS", INTEROP_IFD: "Interop"}
# Tags holding offsets we do not follow: written back they would point at nothing, so they are left out.
UNFOLLOWED_OFFSET_TAGS = frozenset({0x0111, 0x0117, 0x0144, 0x0145, 0x014A, 0x0201, 0x0202})

TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
ASCII, SHORT, LONG, RATIONAL = 2, 3, 4, 5
MAX_ENTRIES = 1000  # a real IFD has a few dozen; a claim of 65,535 is a broken or hostile block

ByteOrder = Literal["<", ">"]


class TiffFormatError(ValueError):
    """The block does not start like TIFF data (no II*/MM* header)."""


@dataclass
class Entry:
    """One tag: its TIFF type, count and raw value bytes (in the block's byte order)."""

    tag: int
    type: int
    count: int
    value: bytes


@dataclass
class Ifd:
    """The entries of one directory, and the sub-directories its pointer tags lead to."""

    name: str
    entries: dict[int, Entry] = field(default_factory=dict)
    children: dict[int, Ifd] = field(default_factory=dict)

    def child(self, tag: int) -> Ifd | None:
        return self.children.get(tag)


@dataclass
class TiffTree:
    """A parsed block: IFD0 with its children, the next IFD (the EXIF thumbnail's), and what was wrong."""

    byte_order: ByteOrder
    ifd0: Ifd
    ifd1: Ifd | None = None
    problems: list[str] = field(default_factory=list)

    def ifds(self) -> list[Ifd]:
        """Every directory: IFD0, its children and grandchildren, then IFD1."""
        found: list[Ifd] = []
        stack = [self.ifd0]
        while stack:
            ifd = stack.pop(0)
            found.append(ifd)
            stack.extend(ifd.children.values())
        if self.ifd1 is not None:
            found.append(self.ifd1)
        return found

    def text(self, entry: Entry | None) -> str:
        """An ASCII or UNDEFINED value as text, cut at the first NUL, trimmed."""
        if entry is None:
            return ""
        raw = entry.value.split(b"\x00", 1)[0]
        try:
            return raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            return raw.decode("latin-1").strip()

    def ints(self, entry: Entry | None) -> list[int]:
        """A BYTE/SHORT/LONG (signed or not) value as integers; [] for other types."""
        if entry is None:
            return []
        codes = {1: "B", 3: "H", 4: "I", 6: "b", 8: "h", 9: "i", 13: "I", 7: "B"}
        code = codes.get(entry.type)
        if code is None:
            return []
        size = struct.calcsize(code)
        count = len(entry.value) // size
        return list(struct.unpack(f"{self.byte_order}{count}{code}", entry.value[:count * size]))


def parse(block: bytes, *, follow_next: bool = True) -> TiffTree:
    """Parse a TIFF-structured block. Raises TiffFormatError only when the header is not TIFF at all."""
    if len(block) < 8 or block[:4] not in (b"II*\x00", b"MM\x00*"):
        raise TiffFormatError("not a TIFF/EXIF block")
    order: ByteOrder = "<" if block[:2] == b"II" else ">"
    (first,) = struct.unpack(order + "I", block[4:8])
    reader = _Reader(block, order)
    ifd0, next_offset = reader.read_ifd(first, "IFD0")
    tree = TiffTree(order, ifd0, problems=reader.problems)
    if follow_next and next_offset:
        ifd1, _ = reader.read_ifd(next_offset, "IFD1")
        tree.ifd1 = ifd1 if ifd1.entries else None
    return tree


class _Reader:
    def __init__(self, block: bytes, order: ByteOrder) -> None:
        self.block = block
        self.order = order
        self.seen: set[int] = set()
        self.problems: list[str] = []

    def read_ifd(self, offset: int, name: str) -> tuple[Ifd, int]:
        ifd = Ifd(name)
        block, order = self.block, self.order
        if offset in self.seen:
            self.problems.append(f"{name} points back at a directory already read (a loop)")
            return ifd, 0
        if offset < 8 or offset + 2 > len(block):
            self.problems.append(f"{name} lies outside the block (offset {offset})")
            return ifd, 0
        self.seen.add(offset)
        (count,) = struct.unpack(order + "H", block[offset:offset + 2])
        if count > MAX_ENTRIES:
            self.problems.append(f"{name} claims {count} entries; read the first {MAX_ENTRIES}")
            count = MAX_ENTRIES
        end = offset + 2
        for index in range(count):
            pos = offset + 2 + 12 * index
            if pos + 12 > len(block):
                self.problems.append(f"{name} is cut short after {index} of {count} entries")
                break
            end = pos + 12
            entry = self._read_entry(pos, name)
            if entry is not None:
                ifd.entries[entry.tag] = entry
        for tag in CHILD_POINTERS.get(name, ()):
            self._read_child(ifd, tag)
        next_offset = 0
        if end + 4 <= len(block) and count:
            (next_offset,) = struct.unpack(order + "I", block[end:end + 4])
        return ifd, next_offset

    def _read_entry(self, pos: int, where: str) -> Entry | None:
        tag, typ, count = struct.unpack(self.order + "HHI", self.block[pos:pos + 8])
        size = TYPE_SIZES.get(typ)
        if size is None:
            self.problems.append(f"{where} tag {tag:#06x} has an unknown type {typ}")
            return None
        nbytes = size * count
        if nbytes <= 4:
            return Entry(tag, typ, count, self.block[pos + 8:pos + 8 + nbytes])
        (value_offset,) = struct.unpack(self.order + "I", self.block[pos + 8:pos + 12])
        if value_offset + nbytes > len(self.block):
            self.problems.append(f"{where} tag {tag:#06x} points past the end of the block")
            return None
        return Entry(tag, typ, count, self.block[value_offset:value_offset + nbytes])

    def _read_child(self, ifd: Ifd, tag: int) -> None:
        entry = ifd.entries.get(tag)
        if entry is None:
            return
        name = CHILD_NAMES[tag]
        if entry.type not in (LONG, 13) or entry.count != 1:
            self.problems.append(f"the {name} pointer has type {entry.type} and count {entry.count}")
            return
        (offset,) = struct.unpack(self.order + "I", entry.value)
        child, _ = self.read_ifd(offset, name)
        if child.entries:
            ifd.children[tag] = child


def serialize(tree: TiffTree) -> bytes:
    """The block for IFD0 and its children, in the tree's byte order. IFD1 (the thumbnail) is not written."""
    order = tree.byte_order
    out = bytearray(b"II*\x00" if order == "<" else b"MM\x00*")
    out += struct.pack(order + "I", 8)
    _write_ifd(out, tree.ifd0, order)
    return bytes(out)


def _write_ifd(out: bytearray, ifd: Ifd, order: ByteOrder) -> int:
    if len(out) % 2:
        out += b"\x00"
    start = len(out)
    tags = [tag for tag in sorted(ifd.entries) if tag not in UNFOLLOWED_OFFSET_TAGS
            and (tag not in CHILD_NAMES or tag in ifd.children)]  # a pointer we could not follow is dropped
    out += b"\x00" * (2 + 12 * len(tags) + 4)
    struct.pack_into(order + "H", out, start, len(tags))
    pointers: list[tuple[int, int]] = []
    for index, tag in enumerate(tags):
        pos = start + 2 + 12 * index
        entry = ifd.entries[tag]
        if tag in ifd.children:
            struct.pack_into(order + "HHI", out, pos, tag, LONG, 1)
            pointers.append((pos, tag))
            continue
        struct.pack_into(order + "HHI", out, pos, tag, entry.type, entry.count)
        if len(entry.value) <= 4:
            out[pos + 8:pos + 8 + len(entry.value)] = entry.value
        else:
            if len(out) % 2:
                out += b"\x00"
            struct.pack_into(order + "I", out, pos + 8, len(out))
            out += entry.value
    for pos, tag in pointers:
        struct.pack_into(order + "I", out, pos + 8, _write_ifd(out, ifd.children[tag], order))
    return start
