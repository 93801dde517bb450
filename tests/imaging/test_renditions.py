"""make_renditions(): upright, 8-bit sRGB JPEGs of the right sizes, no metadata, crops around the focal point."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageOps

from bench import sample_photos
from bench.sample_photos import Camera
from editor_app.domain.errors import ValidationError
from editor_app.imaging.renditions import (
    Rendition,
    RenditionSpec,
    focal_crop_box,
    make_renditions,
    render,
    standard_specs,
)
from tests.imaging import files

RED, GREEN, BLUE = (255, 0, 0), (0, 255, 0), (0, 0, 255)


def opened(rendition: Rendition) -> Image.Image:
    img = Image.open(io.BytesIO(rendition.data))
    assert img.format == "JPEG"
    assert img.size == (rendition.width, rendition.height)
    return img


def level(value: object) -> int:
    """A grey pixel's value (Pillow's getpixel is typed loosely)."""
    assert isinstance(value, int), value
    return value


def near(actual: object, expected: tuple[int, ...], tolerance: int = 24) -> bool:
    assert isinstance(actual, tuple), actual
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def test_thumbnail_and_web_widths_of_a_camera_photo() -> None:
    renditions = make_renditions(sample_photos.camera_jpeg(2400, 1600))
    assert [(r.name, r.width, r.height) for r in renditions] == [
        ("thumb", 256, 171), ("w320", 320, 213), ("w800", 800, 533), ("w1600", 1600, 1067)]
    for rendition in renditions:
        img = opened(rendition)
        assert img.mode == "RGB"
        assert "exif" not in img.info and "icc_profile" not in img.info and "xmp" not in img.info
        assert "photoshop" not in img.info  # no IPTC either
        assert rendition.mime == "image/jpeg"


def test_a_small_photo_is_never_upscaled() -> None:
    renditions = make_renditions(sample_photos.camera_jpeg(500, 250))
    assert [(r.width, r.height) for r in renditions] == [(256, 128), (320, 160), (500, 250), (500, 250)]


def test_a_tall_photo_fits_the_thumbnail_box() -> None:
    thumb = make_renditions(sample_photos.camera_jpeg(600, 1800), widths=())[0]
    assert (thumb.width, thumb.height) == (85, 256)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(orientation: int) -> None:
    data = files.oriented_jpeg(orientation)
    with Image.open(io.BytesIO(data)) as stored:  # the fixture itself agrees with Pillow's reading of EXIF
        assert near(ImageOps.exif_transpose(stored).getpixel((10, 10)), RED)
    (rendition,) = make_renditions(data, widths=(300,), thumb=None)
    img = opened(rendition)
    assert img.size == (300, 200)
    assert near(img.getpixel((10, 10)), RED)
    assert near(img.getpixel((290, 10)), GREEN)
    assert near(img.getpixel((10, 190)), BLUE)


@pytest.mark.parametrize("value", [0, 9, 65535])
def test_an_invalid_orientation_leaves_the_picture_as_stored(value: int) -> None:
    exif = Image.Exif()
    exif[0x0112] = value
    stored = Image.new("RGB", (300, 200), (128, 128, 128))
    stored.paste(RED, (0, 0, 60, 60))
    (rendition,) = make_renditions(files.encode(stored, "JPEG", exif=exif.tobytes()), widths=(300,), thumb=None)
    assert near(opened(rendition).getpixel((10, 10)), RED)


def test_cmyk_becomes_rgb() -> None:
    thumb = make_renditions(files.cmyk_jpeg((255, 0, 0, 0)))[0]  # pure cyan ink
    img = opened(thumb)
    assert img.mode == "RGB"
    assert near(img.getpixel((5, 5)), (0, 255, 255))


def test_sixteen_bit_pngs_become_eight_bit() -> None:
    rgb = opened(make_renditions(files.rgb16_png(value=0xFFFF))[0])
    assert rgb.mode == "RGB" and near(rgb.getpixel((3, 3)), (255, 255, 255), 2)
    gray = opened(make_renditions(files.encode(Image.new("I;16", (64, 32), 0x8000), "PNG"))[0])
    assert gray.mode == "L" and abs(level(gray.getpixel((3, 3))) - 128) <= 2


def test_transparency_is_flattened_on_white() -> None:
    rgba = Image.new("RGBA", (100, 50), (0, 0, 0, 0))
    rgba.paste((200, 0, 0, 255), (50, 0, 100, 50))
    img = opened(make_renditions(files.encode(rgba, "PNG"), widths=(100,), thumb=None)[0])
    assert near(img.getpixel((10, 25)), (255, 255, 255), 4)
    assert near(img.getpixel((90, 25)), (200, 0, 0))
    palette = Image.new("P", (40, 40), 1)
    palette.putpalette([0, 0, 0, 10, 120, 200] + [0] * 762)
    palette.info["transparency"] = 1
    img = opened(make_renditions(files.encode(palette, "PNG", transparency=1))[0])
    assert near(img.getpixel((5, 5)), (255, 255, 255), 4)
    bilevel = opened(make_renditions(files.encode(Image.new("1", (64, 64), 1), "PNG"))[0])
    assert bilevel.mode == "L" and level(bilevel.getpixel((3, 3))) > 250


def test_an_animated_gif_gives_its_first_frame() -> None:
    for rendition in make_renditions(files.animated_gif()):
        assert near(opened(rendition).getpixel((5, 5)), RED)


def test_other_formats_render() -> None:
    picture = sample_photos.scene(900, 600)
    for fmt in ("PNG", "WEBP", "TIFF"):
        renditions = make_renditions(files.encode(picture, fmt))
        assert [(r.width, r.height) for r in renditions] == [(256, 171), (320, 213), (800, 533), (900, 600)], fmt


def test_a_card_crop_follows_the_focal_point() -> None:
    picture = Image.new("RGB", (1200, 400), (128, 128, 128))
    picture.paste(RED, (0, 0, 300, 400))
    picture.paste(BLUE, (900, 0, 1200, 400))
    data = files.encode(picture, "JPEG", quality=95)
    card = RenditionSpec("card", 300, 200, crop=True)
    left = render(data, [card], focal=(0.0, 0.5))[0]
    right = render(data, [card], focal=(1.0, 0.5))[0]
    assert (left.width, left.height) == (right.width, right.height) == (300, 200)
    assert near(opened(left).getpixel((50, 100)), RED)
    assert near(opened(right).getpixel((250, 100)), BLUE)
    square = render(data, [RenditionSpec("square", 256, 256, crop=True)], focal=(0.5, 0.5))[0]
    assert (square.width, square.height) == (256, 256)
    assert near(opened(square).getpixel((128, 128)), (128, 128, 128))


def test_a_crop_is_never_upscaled_either() -> None:
    data = files.encode(Image.new("RGB", (200, 100), RED), "JPEG")
    (card,) = render(data, [RenditionSpec("card", 600, 400, crop=True)])
    assert (card.width, card.height) == (150, 100)


@pytest.mark.parametrize(("size", "aspect", "focal", "box"), [
    ((6000, 4000), (1, 1), (0.5, 0.5), (1000, 0, 5000, 4000)),
    ((6000, 4000), (1, 1), (0.0, 0.0), (0, 0, 4000, 4000)),
    ((6000, 4000), (1, 1), (0.9, 0.1), (2000, 0, 6000, 4000)),
    ((4000, 6000), (3, 2), (0.5, 0.2), (0, 0, 4000, 2667)),
    ((4000, 6000), (3, 2), (0.5, 0.4), (0, 1066, 4000, 3733)),
    ((4000, 6000), (3, 2), (0.5, 1.0), (0, 3333, 4000, 6000)),
    ((3000, 2000), (3, 2), (0.3, 0.7), (0, 0, 3000, 2000)),
])
def test_focal_crop_box(size: tuple[int, int], aspect: tuple[int, int], focal: tuple[float, float],
                        box: tuple[int, int, int, int]) -> None:
    assert focal_crop_box(size, aspect, focal) == box


@pytest.mark.parametrize("focal", [(1.5, 0.5), (-0.1, 0.2), (float("nan"), 0.5), ("left", "top")])
def test_a_focal_point_outside_the_photo_is_refused(focal: tuple[float, float]) -> None:
    with pytest.raises(ValidationError, match="focal point"):
        make_renditions(sample_photos.camera_jpeg(100, 100), focal=focal)


def test_a_truncated_jpeg_cannot_be_rendered_and_says_so() -> None:
    whole = sample_photos.camera_jpeg(800, 600, Camera(xmp=False))
    with pytest.raises(ValidationError, match=r"cut\.jpg is incomplete"):
        make_renditions(whole[: len(whole) // 2], name="cut.jpg")


def test_the_standard_specs_and_their_keys() -> None:
    specs = standard_specs(crops=[RenditionSpec("card", 600, 400, crop=True)])
    assert [s.key for s in specs] == ["thumb-256x256", "w320-w320", "w800-w800", "w1600-w1600",
                                      "card-600x400-crop"]
    with pytest.raises(ValueError, match="bad rendition size"):
        RenditionSpec("bad", 0)
