"""probe() and read_photo_file(): real formats by content, and a plain refusal for every bad file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from bench import sample_photos
from editor_app.domain.errors import ValidationError
from editor_app.imaging.sniff import MAX_PIXELS, probe, read_photo_file
from tests.imaging import files


@pytest.mark.parametrize(("fmt", "mime", "params"), [
    ("JPEG", "image/jpeg", {"quality": 90}),
    ("PNG", "image/png", {}),
    ("WEBP", "image/webp", {"quality": 80}),
    ("TIFF", "image/tiff", {"compression": "tiff_lzw"}),
    ("GIF", "image/gif", {}),
])
def test_probe_tells_the_format_by_content_not_by_name(fmt: str, mime: str, params: dict[str, object]) -> None:
    data = files.encode(sample_photos.scene(320, 200, detail=0), fmt, **params)
    facts = probe(data, "misnamed.txt", full_decode=True)
    assert (facts.format, facts.mime, facts.width, facts.height, facts.frames) == (fmt, mime, 320, 200, 1)
    assert facts.bit_depth == 8


def test_probe_reports_frames_mode_and_depth() -> None:
    assert probe(files.animated_gif(), "a.gif").frames == 3
    assert probe(files.animated_gif(), "a.gif").animated
    cmyk = probe(files.cmyk_jpeg(), "cmyk.jpg")
    assert cmyk.mode == "CMYK"
    assert probe(files.rgb16_png(), "deep.png").bit_depth == 16
    assert probe(files.encode(Image.new("I;16", (20, 10), 300), "PNG"), "gray16.png").mode == "I;16"


def test_a_decompression_bomb_is_refused_on_its_header_naming_the_file() -> None:
    bomb = files.bomb_png(400)
    assert len(bomb) < 1_000_000  # 400 megapixels in a small file: the point of a bomb
    with pytest.raises(ValidationError) as caught:
        probe(bomb, "harmless-looking.png", full_decode=True)
    assert "harmless-looking.png" in caught.value.message
    assert "400 megapixels" in caught.value.message
    assert "Resize" in caught.value.hint


def test_a_medium_format_sized_picture_is_accepted_without_pillow_warnings() -> None:
    # 100 MP is above Pillow's own warning threshold (89 MP); warnings are errors in this suite.
    big = files.png(11_600, 8_700, bit_depth=1, color_type=0)
    facts = probe(big, "gfx100.png")
    assert Image.MAX_IMAGE_PIXELS is not None and facts.pixels > Image.MAX_IMAGE_PIXELS
    assert facts.pixels < MAX_PIXELS


def test_the_cap_fits_every_camera_and_refuses_twice_the_largest() -> None:
    phase_one_iq4 = 14_204 * 10_652
    assert phase_one_iq4 < MAX_PIXELS < 2 * phase_one_iq4


@pytest.mark.parametrize(("data", "words"), [
    (b"", "empty (0 bytes)"),
    (b"Dear editor,\nplease find the photo attached.\n", "is a text file"),
    ("Երևան, լուսանկար\n".encode(), "is a text file"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "HEIC"),
    (bytes(range(256)) * 4, "not a photo"),
])
def test_files_that_are_not_photos_get_a_plain_refusal(data: bytes, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        probe(data, "IMG_0042.jpg")
    assert "IMG_0042.jpg" in caught.value.message
    assert words in caught.value.message
    assert caught.value.hint


def test_a_truncated_jpeg_is_refused_when_fully_decoded() -> None:
    whole = sample_photos.camera_jpeg(800, 600)
    cut = whole[: len(whole) * 2 // 3]
    assert probe(cut, "cut.jpg").width == 800  # the header alone is fine
    with pytest.raises(ValidationError) as caught:
        probe(cut, "cut.jpg", full_decode=True)
    assert "cut.jpg is incomplete" in caught.value.message


def test_a_jpeg_cut_inside_its_header_is_refused_as_damaged() -> None:
    whole = sample_photos.camera_jpeg(400, 300)
    with pytest.raises(ValidationError) as caught:
        probe(whole[:300], "header.jpg")
    assert "header.jpg" in caught.value.message


def test_non_ascii_file_names_are_read_and_named(tmp_path: Path) -> None:
    path = tmp_path / "Գյումրի ընտրություններ — Bakı.jpg"
    path.write_bytes(sample_photos.camera_jpeg(200, 100))
    assert probe(read_photo_file(path), path.name).width == 200
    (tmp_path / "Երևան.jpg").write_bytes(b"")
    with pytest.raises(ValidationError, match=r"Երևան\.jpg is empty"):
        probe(read_photo_file(tmp_path / "Երևան.jpg"), "Երևան.jpg")


def test_unreadable_paths_get_a_plain_refusal(tmp_path: Path) -> None:
    (tmp_path / "folder.jpg").mkdir()
    with pytest.raises(ValidationError, match=r"folder\.jpg is a folder"):
        read_photo_file(tmp_path / "folder.jpg")
    with pytest.raises(ValidationError, match=r"gone\.jpg does not exist"):
        read_photo_file(tmp_path / "gone.jpg")
    (tmp_path / "dangling.jpg").symlink_to(tmp_path / "nowhere.jpg")
    with pytest.raises(ValidationError, match=r"dangling\.jpg does not exist"):
        read_photo_file(tmp_path / "dangling.jpg")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file whatever its mode")
def test_a_file_without_read_permission_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.jpg"
    path.write_bytes(sample_photos.camera_jpeg(100, 100))
    path.chmod(0)
    with pytest.raises(ValidationError, match=r"locked\.jpg cannot be read: permission denied"):
        read_photo_file(path)


def test_importing_the_engine_loads_neither_pillow_nor_defusedxml() -> None:
    code = ("import sys\nimport editor_app.imaging.cache, editor_app.imaging.metadata, editor_app.imaging.scrub\n"
            "print('PIL' in sys.modules, 'defusedxml' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
