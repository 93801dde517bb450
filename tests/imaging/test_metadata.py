"""read_metadata(): the photo desk's fields prefilled from IPTC, XMP and EXIF, and what exposes a source."""

from __future__ import annotations

import io
import struct
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image, PngImagePlugin

from bench import sample_photos
from bench.sample_photos import Camera
from editor_app.domain.errors import ValidationError
from editor_app.imaging.metadata import parse_exif_date, parse_iptc_date, read_metadata
from tests.imaging import files

YEREVAN = timezone(timedelta(hours=4))


def test_a_camera_photo_prefills_every_field_from_iptc_first() -> None:
    meta = read_metadata(sample_photos.camera_jpeg(600, 400))
    assert meta.caption == sample_photos.CAPTION
    assert meta.credit == sample_photos.CREDIT
    assert meta.byline == meta.photographer == sample_photos.BYLINE
    assert meta.copyright == sample_photos.COPYRIGHT
    assert meta.date_taken == datetime(2026, 9, 20, 10, 42, 17, tzinfo=YEREVAN)
    assert (meta.camera_make, meta.camera_model) == ("Canon", "Canon EOS R5")
    assert meta.sources["caption"] == "IPTC 2:120"
    assert meta.sources["byline"] == "IPTC 2:080"
    assert meta.sources["date_taken"] == "EXIF DateTimeOriginal"
    assert meta.has_location and meta.has_serial
    assert "EXIF GPS location" in meta.sensitive
    assert "EXIF BodySerialNumber" in meta.sensitive
    assert "Canon maker note SerialNumber" in meta.sensitive
    assert "XMP aux:SerialNumber" in meta.sensitive
    assert meta.problems == []


def test_without_iptc_the_fields_come_from_xmp_then_exif() -> None:
    meta = read_metadata(sample_photos.camera_jpeg(300, 200, Camera(iptc=False)))
    assert meta.caption == sample_photos.CAPTION
    assert meta.sources["caption"] == "XMP dc:description"
    assert (meta.credit, meta.byline) == ("XMP Credit", "XMP Creator")
    plain = read_metadata(sample_photos.camera_jpeg(300, 200, Camera(iptc=False, xmp=False)))
    assert plain.byline == "EXIF Artist Name"
    assert plain.sources["byline"] == "EXIF Artist"
    assert plain.caption == ""


def test_location_and_serials_are_recorded_separately() -> None:
    serial_only = read_metadata(sample_photos.camera_jpeg(200, 100, Camera(gps=False, xmp_gps=False)))
    assert serial_only.has_serial and not serial_only.has_location
    location_only = read_metadata(sample_photos.camera_jpeg(
        200, 100, Camera(serials=False, maker_note=False)))
    assert location_only.has_location and not location_only.has_serial
    clean = read_metadata(sample_photos.camera_jpeg(200, 100, Camera(
        gps=False, serials=False, maker_note=False, xmp_gps=False)))
    assert not clean.has_location and not clean.has_serial and clean.sensitive == []


def test_a_nikon_maker_note_serial_is_found() -> None:
    exif = Image.Exif()
    exif.endian = ">"
    exif[0x010F] = "NIKON CORPORATION"
    exif.get_ifd(0x8769)[0x927C] = sample_photos.nikon_maker_note()
    data = files.encode(sample_photos.scene(200, 100, detail=0), "JPEG", exif=exif.tobytes())
    meta = read_metadata(data)
    assert meta.has_serial
    assert "Nikon maker note SerialNumber" in meta.sensitive


def test_legacy_iptc_in_windows_1252_is_decoded() -> None:
    app13 = sample_photos.iptc_app13({(2, 120): "Café in Gyumri — élections", (2, 80): "José Núñez"}, utf8=False)
    extra = b"\xff\xed" + struct.pack(">H", len(app13) + 2) + app13
    data = files.encode(sample_photos.scene(200, 100, detail=0), "JPEG", extra=extra)
    meta = read_metadata(data)
    assert meta.caption == "Café in Gyumri — élections"
    assert meta.byline == "José Núñez"


def test_a_naive_exif_date_stays_naive_unless_another_source_gives_the_offset() -> None:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2025:03:01 08:15:00"
    data = files.encode(sample_photos.scene(100, 100, detail=0), "JPEG", exif=exif.tobytes())
    meta = read_metadata(data)
    assert meta.date_taken == datetime(2025, 3, 1, 8, 15)
    assert meta.date_taken is not None and meta.date_taken.tzinfo is None
    exif.get_ifd(0x8769)[0x9003] = "2026:09:20 10:42:17"
    offset_in_xmp = files.encode(sample_photos.scene(100, 100, detail=0), "JPEG", exif=exif.tobytes(),
                                 xmp=sample_photos.xmp_packet())
    meta = read_metadata(offset_in_xmp)
    assert meta.date_taken == datetime(2026, 9, 20, 10, 42, 17, tzinfo=YEREVAN)
    assert meta.sources["date_taken"] == "EXIF DateTimeOriginal (offset from XMP photoshop:DateCreated)"


@pytest.mark.parametrize(("raw", "offset", "expected"), [
    ("2026:09:20 10:42:17", "+04:00", datetime(2026, 9, 20, 10, 42, 17, tzinfo=YEREVAN)),
    ("2026:09:20 10:42:17", "", datetime(2026, 9, 20, 10, 42, 17)),
    ("2026:09:20 10:42:17", "+99:99", datetime(2026, 9, 20, 10, 42, 17)),
    ("0000:00:00 00:00:00", "", None),
    ("    :  :     :  :  ", "", None),
])
def test_exif_dates(raw: str, offset: str, expected: datetime | None) -> None:
    assert parse_exif_date(raw, offset) == expected


def test_iptc_dates() -> None:
    assert parse_iptc_date("20260920", "104217+0400") == datetime(2026, 9, 20, 10, 42, 17, tzinfo=YEREVAN)
    assert parse_iptc_date("20260920") == datetime(2026, 9, 20)
    assert parse_iptc_date("2026-09") is None


def test_malformed_xmp_is_a_problem_not_an_error() -> None:
    camera = Camera(xmp=False, iptc=False)
    data = sample_photos.camera_jpeg(200, 100, camera)
    broken = files.encode(Image.open(io.BytesIO(data)), "JPEG",
                          xmp=b"<x:xmpmeta><rdf:RDF>never closed", exif=sample_photos.exif_bytes(camera, 200, 100))
    meta = read_metadata(broken)
    assert any(p.startswith("XMP unreadable") for p in meta.problems)
    assert meta.camera_make == "Canon"


def test_an_xmp_entity_bomb_is_refused_without_expanding() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            b'<x:xmpmeta xmlns:x="adobe:ns:meta/">&c;</x:xmpmeta>')
    data = files.encode(sample_photos.scene(100, 100, detail=0), "JPEG", xmp=bomb)
    meta = read_metadata(data)
    assert any("XMP unreadable" in p for p in meta.problems)


def test_a_huge_exif_block_with_absurd_counts_is_read_without_error() -> None:
    tiff = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 0xFFFF)
    tiff += struct.pack("<HHII", 0x010F, 2, 0x7FFFFFFF, 0x10) * 5000  # entries pointing past the end
    data = files.jpeg_with_exif_payload(b"Exif\x00\x00" + tiff[:65000])
    meta = read_metadata(data)
    assert meta.camera_make == ""
    assert any("claims 65535 entries" in p for p in meta.problems)


@pytest.mark.parametrize("payload", [
    b"Exif\x00\x00" + b"garbage that is not TIFF at all",
    b"Exif\x00\x00II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1)
    + struct.pack("<HHII", 0x8769, 4, 1, 8) + b"\x00" * 4,  # the Exif pointer points back at IFD0: a loop
    b"Exif\x00\x00MM\x00*" + struct.pack(">I", 0xFFFFFF00),
    b"Exif\x00\x00II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 2) + struct.pack("<HHII", 0x0112, 99, 1, 6),
])
def test_malformed_exif_never_raises(payload: bytes) -> None:
    meta = read_metadata(files.jpeg_with_exif_payload(payload))
    assert meta.orientation == 1
    assert meta.problems


@pytest.mark.parametrize("value", [0, 9, 255, 65535])
def test_an_invalid_orientation_reads_as_1_and_is_noted(value: int) -> None:
    exif = Image.Exif()
    exif[0x0112] = value
    meta = read_metadata(files.encode(sample_photos.scene(60, 40, detail=0), "JPEG", exif=exif.tobytes()))
    assert meta.orientation == 1
    assert f"EXIF orientation {value} is not 1-8; treated as 1" in meta.problems


def test_metadata_from_png_webp_and_tiff() -> None:
    camera = Camera()
    img = sample_photos.scene(120, 80, detail=0)
    exif = sample_photos.exif_bytes(camera, 120, 80)
    packet = sample_photos.xmp_packet()
    png_info = PngImagePlugin.PngInfo()
    png_info.add_itxt("XML:com.adobe.xmp", packet.decode())
    for fmt, params in (("PNG", {"pnginfo": png_info}), ("WEBP", {"xmp": packet})):
        meta = read_metadata(files.encode(img, fmt, exif=exif, **params))
        assert (meta.camera_make, meta.caption, meta.has_location, meta.has_serial) == (
            "Canon", sample_photos.CAPTION, True, True), fmt
    tiff_exif = Image.Exif()
    tiff_exif.load(exif[6:])
    meta = read_metadata(files.encode(img, "TIFF", exif=tiff_exif))
    assert meta.camera_make == "Canon"
    assert meta.has_location


def test_a_non_photo_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"notes\.jpg is a text file"):
        read_metadata(b"just some notes\n", "notes.jpg")
