"""Prefill the photo desk's fields from EXIF, IPTC and XMP, and record what could expose a source.

Precedence, field by field, follows what the photo desk trusts: IPTC (written by people: the agency, the
photographer's captioning tool), then XMP (the same fields from Lightroom, Photo Mechanic), then EXIF (the
camera). The date taken comes from the camera first. `sources` says where each filled field came from.

Dates: `date_taken` is timezone-aware when the file states the offset (EXIF OffsetTimeOriginal, an ISO
8601 offset in XMP, IPTC 2:060 +hhmm); otherwise it is naive and means the camera clock's wall time where
the photo was taken: show it as is, as local time; never convert it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from editor_app.imaging import exif, iptc, tiff_ifd, xmp
from editor_app.imaging.containers import metadata_blocks
from editor_app.imaging.sniff import photo_format
from editor_app.imaging.tiff_ifd import EXIF_IFD, TiffTree

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PhotoMetadata:
    """What a photo file says about itself, ready to prefill the photo desk's form."""

    caption: str = ""
    credit: str = ""
    byline: str = ""  # the photographer
    copyright: str = ""
    date_taken: datetime | None = None  # aware if the file gives the offset, else naive camera-clock time
    camera_make: str = ""
    camera_model: str = ""
    orientation: int = 1  # EXIF 1-8; 1 when missing or invalid
    has_location: bool = False  # GPS position in EXIF or XMP
    has_serial: bool = False  # a body or lens serial number in EXIF, a maker note or XMP
    sources: dict[str, str] = field(default_factory=dict)  # field -> "IPTC 2:120", "XMP dc:description" ...
    sensitive: list[str] = field(default_factory=list)  # what could expose a source, as found
    problems: list[str] = field(default_factory=list)  # blocks that could not be read, and why

    @property
    def photographer(self) -> str:
        return self.byline


def read_metadata(data: bytes, name: str = "photo") -> PhotoMetadata:
    """The metadata of `data`. Unreadable blocks are noted in `problems`, never raised."""
    fmt = photo_format(data, name)
    blocks = metadata_blocks(data, fmt, whole_file=False)
    problems = list(blocks.problems)
    tree = _first_exif(blocks.exif, blocks.exif_is_file, problems)
    records = iptc.parse_iim(blocks.iptc[0]) if blocks.iptc else {}
    root = _first_xmp(blocks.xmp, problems)

    fields: dict[str, str] = {}
    sources: dict[str, str] = {}

    def pick(key: str, *candidates: tuple[str, str]) -> None:
        for source, value in candidates:
            if value:
                fields[key], sources[key] = value, source
                return

    ifd0 = tree.ifd0.entries if tree else {}
    text = tree.text if tree else (lambda entry: "")
    pick("caption", ("IPTC 2:120", iptc.text(records, iptc.CAPTION)),
         ("XMP dc:description", _xmp(root, "dc", "description")),
         ("EXIF ImageDescription", text(ifd0.get(exif.DESCRIPTION))))
    pick("credit", ("IPTC 2:110", iptc.text(records, iptc.CREDIT)),
         ("XMP photoshop:Credit", _xmp(root, "photoshop", "Credit")))
    pick("byline", ("IPTC 2:080", iptc.text(records, iptc.BYLINE)),
         ("XMP dc:creator", "; ".join(xmp.values(root, "dc", "creator")) if root is not None else ""),
         ("EXIF Artist", text(ifd0.get(exif.ARTIST))))
    pick("copyright", ("IPTC 2:116", iptc.text(records, iptc.COPYRIGHT)),
         ("XMP dc:rights", _xmp(root, "dc", "rights")), ("EXIF Copyright", text(ifd0.get(exif.COPYRIGHT))))
    pick("camera_make", ("EXIF Make", text(ifd0.get(exif.MAKE))), ("XMP tiff:Make", _xmp(root, "tiff", "Make")))
    pick("camera_model", ("EXIF Model", text(ifd0.get(exif.MODEL))),
         ("XMP tiff:Model", _xmp(root, "tiff", "Model")))
    date_taken, date_source = _date_taken(tree, records, root, problems)
    if date_source:
        sources["date_taken"] = date_source

    sensitive: list[str] = []
    has_location = has_serial = False
    if tree is not None:
        found = exif.find_sensitive(tree)
        has_location = found.has_location
        has_serial = bool(found.serials)
        sensitive += (["EXIF GPS location"] if found.has_location else
                      ["EXIF GPS directory"] if found.gps_entries else []) + found.serials
        sensitive += ["EXIF maker note"] if found.has_maker_note else []
        if exif.raw_orientation(tree) not in (None, *range(1, 9)):
            problems.append(f"EXIF orientation {exif.raw_orientation(tree)} is not 1-8; treated as 1")
    if root is not None:
        names = xmp.find_sensitive(root)
        sensitive += [f"XMP {n}" for n in names]
        has_location = has_location or any("serial" not in n.lower() for n in names)
        has_serial = has_serial or any("serial" in n.lower() for n in names)
    return PhotoMetadata(
        caption=fields.get("caption", ""), credit=fields.get("credit", ""), byline=fields.get("byline", ""),
        copyright=fields.get("copyright", ""), date_taken=date_taken, camera_make=fields.get("camera_make", ""),
        camera_model=fields.get("camera_model", ""), orientation=exif.orientation(tree) if tree else 1,
        has_location=has_location, has_serial=has_serial, sources=sources, sensitive=sensitive, problems=problems)


def _first_exif(blocks: list[bytes], is_file: bool, problems: list[str]) -> TiffTree | None:
    for block in blocks:
        try:
            tree = tiff_ifd.parse(block, follow_next=not is_file)
        except tiff_ifd.TiffFormatError as exc:
            problems.append(f"EXIF unreadable: {exc}")
            continue
        problems += [f"EXIF: {p}" for p in tree.problems]
        return tree
    return None


def _first_xmp(packets: list[bytes], problems: list[str]) -> Element | None:
    for packet in packets:
        try:
            return xmp.parse_xmp(packet)
        except xmp.XmpError as exc:
            problems.append(f"XMP unreadable: {exc}")
    return None


def _xmp(root: Element | None, prefix: str, local: str) -> str:
    return xmp.first_value(root, prefix, local) if root is not None else ""


def _date_taken(tree: TiffTree | None, records: iptc.Records, root: Element | None,
                problems: list[str]) -> tuple[datetime | None, str]:
    """The first readable date among the sources, with an offset borrowed from another if it has none."""
    candidates: list[tuple[str, datetime | None]] = []
    exif_ifd = tree.ifd0.child(EXIF_IFD) if tree else None
    if tree is not None and exif_ifd is not None:
        for tag, offset_tag, label in ((exif.DATE_TIME_ORIGINAL, exif.OFFSET_TIME_ORIGINAL, "DateTimeOriginal"),
                                       (exif.DATE_TIME_DIGITIZED, exif.OFFSET_TIME_DIGITIZED, "DateTimeDigitized")):
            raw = tree.text(exif_ifd.entries.get(tag))
            if raw:
                candidates.append((f"EXIF {label}",
                                   parse_exif_date(raw, tree.text(exif_ifd.entries.get(offset_tag)))))
    if root is not None:
        for prefix, local in (("exif", "DateTimeOriginal"), ("photoshop", "DateCreated"), ("xmp", "CreateDate")):
            raw = xmp.first_value(root, prefix, local)
            if raw:
                candidates.append((f"XMP {prefix}:{local}", parse_iso_date(raw)))
    raw_date = iptc.text(records, iptc.DATE_CREATED)
    if raw_date:
        candidates.append(("IPTC 2:055/2:060", parse_iptc_date(raw_date, iptc.text(records, iptc.TIME_CREATED))))
    problems += [f"{source}: date not readable" for source, value in candidates if value is None]
    readable = [(source, value) for source, value in candidates if value is not None]
    if not readable:
        return None, ""
    source, best = readable[0]
    if best.tzinfo is None:  # the same wall time stated with an offset elsewhere gives us the zone
        for other_source, other in readable[1:]:
            if other.tzinfo is not None and other.replace(tzinfo=None) == best:
                return other, f"{source} (offset from {other_source})"
    return best, source


def parse_exif_date(raw: str, offset: str = "") -> datetime | None:
    """EXIF "YYYY:MM:DD HH:MM:SS" (+ OffsetTime "+02:00"); None for blanks and impossible dates."""
    try:
        value = datetime.strptime(raw.strip()[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    zone = _offset(offset)
    return value.replace(tzinfo=zone) if zone else value


def parse_iso_date(raw: str) -> datetime | None:
    """XMP's ISO 8601 subset: a date, a date and time, with or without an offset."""
    try:
        return datetime.fromisoformat(raw.strip())
    except ValueError:
        return None


def parse_iptc_date(raw_date: str, raw_time: str = "") -> datetime | None:
    """IPTC 2:055 "YYYYMMDD" and 2:060 "HHMMSS+HHMM"."""
    try:
        value = datetime.strptime(raw_date.strip()[:8], "%Y%m%d")
        if len(raw_time) >= 6 and raw_time[:6].isdigit():
            value = value.replace(hour=int(raw_time[:2]), minute=int(raw_time[2:4]), second=int(raw_time[4:6]))
    except ValueError:
        return None
    zone = _offset(raw_time[6:11]) if len(raw_time) >= 11 else None
    return value.replace(tzinfo=zone) if zone else value


def _offset(raw: str) -> timezone | None:
    """"+02:00", "-0500", "Z" as a timezone; None for blanks and nonsense."""
    raw = raw.strip().replace(":", "")
    if raw in ("Z", "+0000", "-0000"):
        return UTC
    if len(raw) != 5 or raw[0] not in "+-" or not raw[1:].isdigit():
        return None
    minutes = int(raw[1:3]) * 60 + int(raw[3:5])
    if minutes >= 24 * 60:
        return None
    return timezone(timedelta(minutes=minutes if raw[0] == "+" else -minutes))
