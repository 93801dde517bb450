"""scrub_for_publication() and verify_clean(): no GPS or serial leaves the newsroom; nothing else is lost."""

from __future__ import annotations

import io
import logging
import struct

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from bench import sample_photos
from bench.sample_photos import Camera
from editor_app.domain.errors import ValidationError
from editor_app.imaging.metadata import read_metadata
from editor_app.imaging.scrub import leftovers, scrub_for_publication, verify_clean
from tests.imaging import files


def header_segments(data: bytes) -> list[bytes]:
    """Every marker segment before the first scan, whole (written here, apart from the code under test)."""
    segments, pos = [], 2
    while data[pos + 1] != 0xDA:
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        segments.append(data[pos:pos + 2 + length])
        pos += 2 + length
    return segments


def scan_data(data: bytes) -> bytes:
    """From the first SOS marker to the end of the picture."""
    header = sum(len(s) for s in header_segments(data)) + 2
    return data[header:data.rfind(b"\xff\xd9") + 2]


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as img:
        return img.convert("RGB").tobytes()


@pytest.fixture(scope="module")
def camera_photo() -> bytes:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return sample_photos.camera_jpeg(900, 600, Camera(thumbnail=True), icc_profile=srgb)


def test_a_camera_jpeg_loses_gps_serials_maker_note_and_thumbnail(camera_photo: bytes) -> None:
    assert not verify_clean(camera_photo)
    result = scrub_for_publication(camera_photo, "image/jpeg")
    assert result.lossless
    assert "EXIF GPS location (7 entries)" in result.removed
    assert {"EXIF BodySerialNumber", "EXIF LensSerialNumber", "EXIF thumbnail (made before any crop)",
            "XMP exif:GPSLatitude", "XMP exif:GPSLongitude", "XMP aux:SerialNumber",
            "XMP exifEX:BodySerialNumber"} <= set(result.removed)
    assert any(item.startswith("EXIF maker note (held Canon maker note SerialNumber") for item in result.removed)
    assert verify_clean(result.data)
    after = read_metadata(result.data)
    assert not after.has_location and not after.has_serial and after.sensitive == []


def test_the_picture_iptc_and_icc_are_untouched(camera_photo: bytes) -> None:
    cleaned = scrub_for_publication(camera_photo, "image/jpeg").data
    assert scan_data(cleaned) == scan_data(camera_photo)
    assert pixels(cleaned) == pixels(camera_photo)
    before, after = header_segments(camera_photo), header_segments(cleaned)
    for marker in (b"\xff\xed", b"\xff\xe2", b"\xff\xdb", b"\xff\xc0", b"\xff\xc4", b"\xff\xe0"):
        assert [s for s in before if s[:2] == marker] == [s for s in after if s[:2] == marker], marker
    assert any(s[:2] == b"\xff\xed" for s in after)  # IPTC is there ...
    meta = read_metadata(cleaned)
    assert (meta.caption, meta.credit, meta.byline, meta.copyright) == (
        sample_photos.CAPTION, sample_photos.CREDIT, sample_photos.BYLINE, sample_photos.COPYRIGHT)


def test_the_rest_of_exif_and_xmp_survives() -> None:
    photo = sample_photos.camera_jpeg(300, 200, Camera(orientation=6, iptc=False))
    cleaned = scrub_for_publication(photo).data
    with Image.open(io.BytesIO(cleaned)) as img:  # Pillow reads our rewritten EXIF: it is well-formed
        exif = img.getexif()
        assert (exif[0x010F], exif[0x0110], exif[0x0112]) == ("Canon", "Canon EOS R5", 6)
        assert exif.get_ifd(0x8769)[0x9003] == sample_photos.TAKEN
        assert exif.get_ifd(0x8825) == {}
        assert 0xA431 not in exif.get_ifd(0x8769)
    meta = read_metadata(cleaned)
    assert meta.caption == sample_photos.CAPTION
    assert meta.sources["caption"] == "XMP dc:description"
    assert meta.orientation == 6


def test_a_clean_jpeg_comes_back_byte_for_byte() -> None:
    clean = sample_photos.camera_jpeg(200, 100, Camera(gps=False, serials=False, maker_note=False, xmp_gps=False))
    assert verify_clean(clean)
    result = scrub_for_publication(clean, "image/jpeg")
    assert result.data == clean
    assert result.removed == []


def test_a_second_image_after_the_first_is_cut_off() -> None:
    first = sample_photos.camera_jpeg(300, 200, Camera(gps=False, serials=False, maker_note=False, xmp=False))
    hidden = sample_photos.camera_jpeg(100, 80)  # with GPS, as a phone's depth map or an MPO's second view
    data = first + hidden
    assert "EXIF GPS" not in leftovers(first)
    assert any("bytes after the picture" in item for item in leftovers(data))
    result = scrub_for_publication(data)
    assert result.data == first
    assert verify_clean(result.data)


def test_extended_xmp_and_an_unreadable_exif_block_are_removed_whole() -> None:
    photo = files.jpeg_with_exif_payload(b"Exif\x00\x00this is not TIFF data")
    extended = b"http://ns.adobe.com/xmp/extension/\x00" + b"0" * 32 + struct.pack(">II", 10, 0) + b"<x>GPS</x>"
    photo = photo[:2] + b"\xff\xe1" + struct.pack(">H", len(extended) + 2) + extended + photo[2:]
    assert set(leftovers(photo)) == {"an unreadable EXIF block", "extended XMP"}
    result = scrub_for_publication(photo)
    assert result.removed == ["extended XMP segment", "EXIF block (unreadable, removed whole)"]
    assert verify_clean(result.data)
    assert pixels(result.data) == pixels(photo)


def test_the_content_decides_the_format_not_the_label(caplog: pytest.LogCaptureFixture) -> None:
    photo = sample_photos.camera_jpeg(200, 100)
    with caplog.at_level(logging.WARNING):
        result = scrub_for_publication(photo, "image/png", name="label.png")
    assert verify_clean(result.data)
    assert "label.png is labelled image/png but its content is JPEG" in caplog.text


def test_png_exif_xmp_and_raw_profiles_are_cleaned_without_touching_the_pixels() -> None:
    exif = sample_photos.exif_bytes(Camera(), 160, 100)
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", sample_photos.xmp_packet().decode())
    hexed = exif.hex()
    info.add_text("Raw profile type exif", f"\nexif\n{len(exif):8d}\n{hexed}\n", zip=True)
    info.add_text("Comment", "kept")
    photo = files.encode(sample_photos.scene(160, 100), "PNG", pnginfo=info, exif=exif)
    assert not verify_clean(photo)
    result = scrub_for_publication(photo, "image/png")
    assert result.lossless and verify_clean(result.data)
    assert any(item.startswith("PNG 'Raw profile type exif' (held EXIF GPS") for item in result.removed)
    assert pixels(result.data) == pixels(photo)
    with Image.open(io.BytesIO(result.data)) as img:
        img.load()
        assert img.info["Comment"] == "kept"
        assert img.getexif()[0x010F] == "Canon"
    assert read_metadata(result.data).caption == sample_photos.CAPTION


def test_webp_exif_and_xmp_are_cleaned_and_the_header_flags_follow() -> None:
    photo = files.encode(sample_photos.scene(160, 100), "WEBP", lossless=True,
                         exif=sample_photos.exif_bytes(Camera(), 160, 100), xmp=sample_photos.xmp_packet())
    result = scrub_for_publication(photo, "image/webp")
    assert verify_clean(result.data) and result.lossless
    assert pixels(result.data) == pixels(photo)
    broken_exif = files.encode(sample_photos.scene(160, 100), "WEBP", lossless=True,
                               exif=b"Exif\x00\x00not tiff", xmp=b"<unclosed>")
    result = scrub_for_publication(broken_exif)
    assert result.data[20] & 0x0C == 0  # VP8X: no EXIF, no XMP flag any more
    assert verify_clean(result.data)
    assert pixels(result.data) == pixels(broken_exif)


def test_tiff_is_re_encoded_losslessly_and_said_so() -> None:
    exif = Image.Exif()
    exif.load(sample_photos.exif_bytes(Camera(orientation=1), 160, 100)[6:])
    photo = files.encode(sample_photos.scene(160, 100), "TIFF", exif=exif)
    assert not verify_clean(photo)
    result = scrub_for_publication(photo, "image/tiff")
    assert not result.lossless
    assert "re-encoded" in result.removed[0]
    assert verify_clean(result.data)
    assert pixels(result.data) == pixels(photo)


def test_gif_xmp_with_gps_is_dropped_and_the_frames_kept() -> None:
    photo = files.gif_with_xmp(sample_photos.xmp_packet())
    assert "XMP exif:GPSLatitude" in leftovers(photo)
    result = scrub_for_publication(photo, "image/gif")
    assert verify_clean(result.data)
    assert result.removed and result.removed[0].startswith("GIF XMP block")
    assert pixels(result.data) == pixels(photo)
    animated = files.animated_gif()
    assert scrub_for_publication(animated).data == animated


def test_a_png_with_a_broken_chunk_is_refused_plainly() -> None:
    photo = files.encode(sample_photos.scene(40, 30), "PNG")
    broken = photo[:33] + struct.pack(">I", 10_000_000) + photo[37:]  # the chunk after IHDR claims 10 MB
    with pytest.raises(ValidationError, match=r"broken\.png is damaged"):
        scrub_for_publication(broken, name="broken.png")
    assert not verify_clean(broken)
