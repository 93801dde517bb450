"""The EXIF block: what the newsroom reads from it, and what in it could expose a source (GPS, serials).

Sensitive here means: the GPS directory (where the picture was taken), serial numbers of the body or lens
(which camera, hence whose), the maker note (a vendor's private block; Canon and Nikon keep the body serial
there, and no tool can prove another vendor's clean), and the embedded thumbnail (IFD1: made before any
crop, it can show what the crop hid).
"""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass, field

from editor_app.imaging import tiff_ifd
from editor_app.imaging.tiff_ifd import EXIF_IFD, GPS_IFD, Ifd, TiffTree

logger = logging.getLogger(__name__)

EXIF_PREFIX = b"Exif\x00\x00"

DESCRIPTION = 0x010E
MAKE = 0x010F
MODEL = 0x0110
ORIENTATION = 0x0112
DATE_TIME = 0x0132
ARTIST = 0x013B
COPYRIGHT = 0x8298
DATE_TIME_ORIGINAL = 0x9003
DATE_TIME_DIGITIZED = 0x9004
OFFSET_TIME_ORIGINAL = 0x9011
OFFSET_TIME_DIGITIZED = 0x9012
MAKER_NOTE = 0x927C
SERIAL_TAGS = {0xA431: "BodySerialNumber", 0xA435: "LensSerialNumber", 0xC62F: "CameraSerialNumber"}
GPS_LATITUDE = 0x0002
GPS_LONGITUDE = 0x0004

CANON_SERIAL_TAGS = {0x000C: "SerialNumber", 0x0096: "InternalSerialNumber"}
NIKON_SERIAL_TAGS = {0x001D: "SerialNumber", 0x00A0: "SerialNumber"}
NIKON_HEADER = b"Nikon\x00\x02"


@dataclass
class ExifFindings:
    """What in one EXIF block could expose a source."""

    gps_entries: int = 0
    has_location: bool = False  # a latitude or longitude is there, not just an empty GPS directory
    serials: list[str] = field(default_factory=list)  # e.g. "EXIF BodySerialNumber", "Canon maker note SerialNumber"
    has_maker_note: bool = False
    has_thumbnail: bool = False

    @property
    def sensitive(self) -> bool:
        return bool(self.gps_entries or self.serials or self.has_maker_note or self.has_thumbnail)


def tiff_block(payload: bytes) -> bytes:
    """The TIFF data of an EXIF payload, with or without the JPEG-style "Exif\\0\\0" prefix."""
    return payload[6:] if payload[:4] == b"Exif" else payload


def parse_exif(payload: bytes) -> TiffTree:
    """The EXIF block as a tree; TiffFormatError if it is not TIFF data at all."""
    return tiff_ifd.parse(tiff_block(payload))


def find_sensitive(tree: TiffTree) -> ExifFindings:
    """GPS, serial numbers, maker note and thumbnail found in `tree`."""
    found = ExifFindings()
    gps = tree.ifd0.child(GPS_IFD)
    if gps is not None:
        found.gps_entries = len(gps.entries)
        found.has_location = GPS_LATITUDE in gps.entries or GPS_LONGITUDE in gps.entries
    elif GPS_IFD in tree.ifd0.entries:
        found.gps_entries = 1  # a pointer we could not follow still says "there was a location"
    exif_ifd = tree.ifd0.child(EXIF_IFD)
    for ifd in (tree.ifd0, exif_ifd):
        if ifd is None:
            continue
        found.serials += [f"EXIF {name}" for tag, name in SERIAL_TAGS.items()
                          if tag in ifd.entries and tree.text(ifd.entries[tag])]
    if exif_ifd is not None and MAKER_NOTE in exif_ifd.entries:
        found.has_maker_note = True
        found.serials += maker_note_serials(tree, exif_ifd.entries[MAKER_NOTE].value)
    found.has_thumbnail = tree.ifd1 is not None
    return found


def maker_note_serials(tree: TiffTree, note: bytes) -> list[str]:
    """Serial-number tags inside a Canon or Nikon maker note (other vendors' notes are not read)."""
    make = tree.text(tree.ifd0.entries.get(MAKE)).upper()
    try:
        if make.startswith("CANON"):
            tags = _ifd_tags(note, tree.byte_order)
            return [f"Canon maker note {name}" for tag, name in CANON_SERIAL_TAGS.items() if tag in tags]
        if make.startswith("NIKON") and note.startswith(NIKON_HEADER):
            inner = tiff_ifd.parse(note[10:], follow_next=False)
            names = {name for tag, name in NIKON_SERIAL_TAGS.items() if tag in inner.ifd0.entries}
            return [f"Nikon maker note {name}" for name in sorted(names)]
    except (tiff_ifd.TiffFormatError, struct.error) as exc:
        logger.debug("maker note of %s unreadable: %s", make, exc)
    return []


def _ifd_tags(block: bytes, order: str) -> set[int]:
    """The tags of an IFD that starts at byte 0 of `block` (Canon's maker-note layout)."""
    if len(block) < 2:
        return set()
    (count,) = struct.unpack(order + "H", block[:2])
    count = min(count, (len(block) - 2) // 12, tiff_ifd.MAX_ENTRIES)
    return {struct.unpack(order + "H", block[2 + 12 * i:4 + 12 * i])[0] for i in range(count)}


def remove_sensitive(tree: TiffTree) -> list[str]:
    """Remove GPS, serials, maker note and thumbnail from `tree` in place; say what went."""
    found = find_sensitive(tree)
    removed: list[str] = []
    if GPS_IFD in tree.ifd0.entries:
        del tree.ifd0.entries[GPS_IFD]
        tree.ifd0.children.pop(GPS_IFD, None)
        removed.append(f"EXIF GPS location ({found.gps_entries} entries)" if found.has_location
                       else f"EXIF GPS directory ({found.gps_entries} entries, no position)")
    exif_ifd = tree.ifd0.child(EXIF_IFD)
    for ifd in (tree.ifd0, exif_ifd):
        removed += _pop_tags(ifd, SERIAL_TAGS)
    if exif_ifd is not None and MAKER_NOTE in exif_ifd.entries:
        del exif_ifd.entries[MAKER_NOTE]
        inside = [s for s in found.serials if "maker note" in s]
        removed.append("EXIF maker note" + (f" (held {', '.join(inside)})" if inside else
                                            " (a vendor block that may hold the camera's serial number)"))
    if tree.ifd1 is not None:
        tree.ifd1 = None
        removed.append("EXIF thumbnail (made before any crop)")
    return removed


def _pop_tags(ifd: Ifd | None, tags: dict[int, str]) -> list[str]:
    if ifd is None:
        return []
    return [f"EXIF {name}" for tag, name in tags.items() if ifd.entries.pop(tag, None) is not None]


def orientation(tree: TiffTree) -> int:
    """The EXIF orientation 1-8; 1 (as stored) when missing or invalid."""
    values = tree.ints(tree.ifd0.entries.get(ORIENTATION))
    return values[0] if values and 1 <= values[0] <= 8 else 1


def raw_orientation(tree: TiffTree) -> int | None:
    """The orientation value as written (possibly invalid), None when absent."""
    values = tree.ints(tree.ifd0.entries.get(ORIENTATION))
    return values[0] if values else None
