"""IPTC IIM records (caption 2:120, credit 2:110, by-line 2:080, copyright 2:116, dates 2:055/2:060).

They reach us inside a Photoshop resource block (JPEG APP13 "Photoshop 3.0", TIFF tag 34377) or bare
(TIFF tag 33723). Read by hand: the layout is simple, and a bad block must give "no IPTC", never an error.
"""

from __future__ import annotations

import logging
import struct

logger = logging.getLogger(__name__)

PHOTOSHOP_PREFIX = b"Photoshop 3.0\x00"
IPTC_RESOURCE = 0x0404
UTF8_MARKER = b"\x1b%G"  # 1:090 CodedCharacterSet = UTF-8

CAPTION = (2, 120)
CREDIT = (2, 110)
BYLINE = (2, 80)
SOURCE = (2, 115)
COPYRIGHT = (2, 116)
DATE_CREATED = (2, 55)
TIME_CREATED = (2, 60)
CHARSET = (1, 90)

Records = dict[tuple[int, int], list[bytes]]


def iim_from_photoshop(block: bytes) -> bytes | None:
    """The IPTC data inside a Photoshop resource block ("Photoshop 3.0\\0" prefix optional), or None."""
    pos = len(PHOTOSHOP_PREFIX) if block.startswith(PHOTOSHOP_PREFIX) else 0
    while pos + 12 <= len(block) and block[pos:pos + 4] == b"8BIM":
        (resource,) = struct.unpack(">H", block[pos + 4:pos + 6])
        name_length = block[pos + 6]
        pos += 7 + name_length + ((name_length + 1) % 2)  # Pascal name padded to an even length
        if pos + 4 > len(block):
            return None
        (size,) = struct.unpack(">I", block[pos:pos + 4])
        pos += 4
        if resource == IPTC_RESOURCE:
            return block[pos:pos + size]
        pos += size + size % 2
    return None


def parse_iim(data: bytes) -> Records:
    """Every dataset (record, number) -> its values, in file order; stops quietly at the first bad byte."""
    records: Records = {}
    pos = 0
    while pos + 5 <= len(data) and data[pos] == 0x1C:
        record, number = data[pos + 1], data[pos + 2]
        (length,) = struct.unpack(">H", data[pos + 3:pos + 5])
        pos += 5
        if length & 0x8000:  # extended dataset: the low bits say how many bytes hold the length
            width = length & 0x7FFF
            if width > 4 or pos + width > len(data):
                break
            length = int.from_bytes(data[pos:pos + width], "big")
            pos += width
        if pos + length > len(data):
            logger.debug("IPTC dataset %d:%d runs past the block", record, number)
            break
        records.setdefault((record, number), []).append(data[pos:pos + length])
        pos += length
    return records


def texts(records: Records, key: tuple[int, int]) -> list[str]:
    """The values of one dataset as text: UTF-8 when declared or valid, else Windows-1252."""
    utf8 = UTF8_MARKER in b"".join(records.get(CHARSET, []))
    found: list[str] = []
    for raw in records.get(key, []):
        if utf8:
            value = raw.decode("utf-8", errors="replace")
        else:
            try:
                value = raw.decode("utf-8")
            except UnicodeDecodeError:
                value = raw.decode("cp1252", errors="replace")
        value = value.strip().strip("\x00")
        if value:
            found.append(value)
    return found


def text(records: Records, key: tuple[int, int]) -> str:
    """The values of one dataset joined (a photo can have several by-lines)."""
    return "; ".join(texts(records, key))
