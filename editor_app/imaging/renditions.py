"""Renditions for the web and the photo desk: thumbnail, 320/800/1600 px wide, focal-point crops.

Speed comes from decoding once, small: a JPEG is decoded with DCT scaling (`Image.draft`) to the smallest
size that still covers the largest rendition, with a box bounded on both sides (an unbounded box such as
(400, 4000) makes Pillow pick no scaling at all), and each rendition is resized from the smallest image
already made that is large enough. Every rendition is upright (EXIF orientation applied), 8-bit sRGB
(CMYK through its ICC profile, wide-gamut RGB converted), flattened on white, never upscaled, and carries
no metadata at all: no EXIF, no XMP, no IPTC, no ICC profile (untagged means sRGB on the web).
"""

from __future__ import annotations

import functools
import io
import logging
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from editor_app.domain.errors import ValidationError
from editor_app.imaging import exif, tiff_ifd
from editor_app.imaging.sniff import open_photo, pillow_errors

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PIL.Image import Image
    from PIL.ImageCms import ImageCmsTransform

logger = logging.getLogger(__name__)

WEB_WIDTHS = (320, 800, 1600)
THUMB_BOX = (256, 256)
CENTER = (0.5, 0.5)
JPEG_QUALITY = 82
WHITE = (255, 255, 255)
ROTATING = frozenset({5, 6, 7, 8})  # orientations that swap width and height

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class RenditionSpec:
    """One rendition: at most `width` wide; `height` 0 = any height, else a box (fit) or an exact crop."""

    name: str
    width: int
    height: int = 0
    crop: bool = False  # fill width x height exactly, cut around the focal point

    def __post_init__(self) -> None:
        if self.width < 1 or self.height < 0 or (self.crop and self.height < 1):
            raise ValueError(f"bad rendition size {self.width}x{self.height} for {self.name!r}")

    @property
    def key(self) -> str:
        """A file-name-safe identity of the spec (what the cache keys on, with the photo's sha256)."""
        size = f"{self.width}x{self.height}" if self.height else f"w{self.width}"
        return f"{self.name}-{size}{'-crop' if self.crop else ''}"


@dataclass(frozen=True)
class Rendition:
    """A made rendition: JPEG bytes and their pixel size."""

    name: str
    width: int
    height: int
    data: bytes
    mime: str = "image/jpeg"


def standard_specs(widths: Sequence[int] = WEB_WIDTHS, thumb: tuple[int, int] | None = THUMB_BOX,
                   crops: Sequence[RenditionSpec] = ()) -> list[RenditionSpec]:
    """The thumbnail (whole picture inside the box), one rendition per web width, then any crops."""
    specs = [RenditionSpec("thumb", thumb[0], thumb[1])] if thumb else []
    return specs + [RenditionSpec(f"w{width}", width) for width in widths] + list(crops)


def make_renditions(data: bytes, widths: Sequence[int] = WEB_WIDTHS, thumb: tuple[int, int] | None = THUMB_BOX,
                    focal: tuple[float, float] = CENTER, *, crops: Sequence[RenditionSpec] = (),
                    name: str = "photo", quality: int = JPEG_QUALITY) -> list[Rendition]:
    """Thumbnail, web widths and crops of `data`, in that order (see `render`)."""
    return render(data, standard_specs(widths, thumb, crops), focal, name=name, quality=quality)


def render(data: bytes, specs: Sequence[RenditionSpec], focal: tuple[float, float] = CENTER, *,
           name: str = "photo", quality: int = JPEG_QUALITY) -> list[Rendition]:
    """One JPEG per spec, in the order given. `focal` (x, y in 0..1 of the upright picture) steers crops.

    An animated GIF gives its first frame. A ValidationError names the file when it cannot be decoded.
    """
    focal = check_focal(focal)
    if not specs:
        return []
    with open_photo(data, name) as img, pillow_errors(name):
        stored = img.size
        is_jpeg = img.format in ("JPEG", "MPO")
        if not is_jpeg:
            img.load()  # no DCT scaling to choose; and a PNG's eXIf chunk may follow the pixels
        turn = _orientation(img)
        upright = (stored[1], stored[0]) if turn in ROTATING else stored
        plans = [_plan(spec, upright, focal) for spec in specs]
        if is_jpeg:
            ratio = min((plan.region[2] - plan.region[0]) / plan.size[0] for plan in plans)
            if ratio >= 2:  # bounded on both sides, so Pillow's min(W // w, H // h) is never 0
                img.draft(img.mode, (math.ceil(stored[0] / ratio), math.ceil(stored[1] / ratio)))
            img.load()
        icc = img.info.get("icc_profile")
        working = _working_mode(_upright(img, turn))
    return _resize_all(working, plans, upright, icc if isinstance(icc, bytes) else None, quality)


@dataclass(frozen=True)
class _Plan:
    spec: RenditionSpec
    region: Box  # in the upright full-size picture
    size: tuple[int, int]  # output pixels


def _plan(spec: RenditionSpec, upright: tuple[int, int], focal: tuple[float, float]) -> _Plan:
    width, height = upright
    if spec.crop:
        region: Box = focal_crop_box(upright, (spec.width, spec.height), focal)
        region_w, region_h = region[2] - region[0], region[3] - region[1]
        scale = min(1.0, spec.width / region_w)
    else:
        region, region_w, region_h = (0, 0, width, height), width, height
        scale = min(1.0, spec.width / width, spec.height / height if spec.height else 1.0)  # never upscale
    return _Plan(spec, region, (max(1, round(region_w * scale)), max(1, round(region_h * scale))))


def focal_crop_box(size: tuple[int, int], aspect: tuple[int, int],
                   focal: tuple[float, float] = CENTER) -> tuple[int, int, int, int]:
    """The largest `aspect` (w, h) rectangle inside `size`, centred on `focal` as far as the edges allow."""
    width, height = size
    if width * aspect[1] > height * aspect[0]:  # wider than the aspect: keep the full height
        crop_w, crop_h = max(1, min(width, round(height * aspect[0] / aspect[1]))), height
    else:
        crop_w, crop_h = width, max(1, min(height, round(width * aspect[1] / aspect[0])))
    left = min(max(round(focal[0] * width - crop_w / 2), 0), width - crop_w)
    top = min(max(round(focal[1] * height - crop_h / 2), 0), height - crop_h)
    return left, top, left + crop_w, top + crop_h


def check_focal(focal: tuple[float, float]) -> tuple[float, float]:
    """`focal` as floats, or a ValidationError when it is not a point inside the picture (0..1 each)."""
    try:
        x, y = float(focal[0]), float(focal[1])
    except (TypeError, ValueError, IndexError) as exc:
        raise ValidationError(f"The focal point {focal!r} is not a pair of numbers.",
                              hint="Click the photo where the crop should centre.") from exc
    if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):  # also refuses NaN
        raise ValidationError(f"The focal point ({x}, {y}) lies outside the photo (each must be 0 to 1).",
                              hint="Click the photo where the crop should centre.")
    return x, y


def _orientation(img: Image) -> int:
    """EXIF orientation 1-8 (1 when missing, invalid or unreadable)."""
    raw = img.info.get("exif")
    if isinstance(raw, bytes) and raw:
        try:
            return exif.orientation(exif.parse_exif(raw))
        except tiff_ifd.TiffFormatError:
            return 1
    tags = getattr(img, "tag_v2", None)
    value = tags.get(exif.ORIENTATION) if tags is not None else None
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _upright(img: Image, turn: int) -> Image:
    from PIL import Image as PILImage

    method = {2: PILImage.Transpose.FLIP_LEFT_RIGHT, 3: PILImage.Transpose.ROTATE_180,
              4: PILImage.Transpose.FLIP_TOP_BOTTOM, 5: PILImage.Transpose.TRANSPOSE,
              6: PILImage.Transpose.ROTATE_270, 7: PILImage.Transpose.TRANSVERSE,
              8: PILImage.Transpose.ROTATE_90}.get(turn)
    return img.transpose(method) if method is not None else img


def _working_mode(img: Image) -> Image:
    """RGB, L or CMYK (CMYK goes to sRGB through its profile after resizing): 16-bit, palette, alpha and
    bilevel pictures are brought to 8 bits, flattened on white."""
    from PIL import Image as PILImage

    mode = img.mode
    if mode in ("RGB", "L", "CMYK"):
        return img
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        return img.convert("I").point(lambda value: value * (1 / 257)).convert("L")  # 0..65535 -> 0..255
    if mode == "F":
        return img.convert("L")
    if mode == "1":
        return img.convert("L")
    if mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    elif mode in ("PA", "La", "RGBa", "LA"):
        img = img.convert("RGBA")
    if img.mode == "RGBA":
        background = PILImage.new("RGB", img.size, WHITE)
        background.paste(img, mask=img.getchannel("A"))
        return background
    return img.convert("RGB")


def _resize_all(working: Image, plans: list[_Plan], upright: tuple[int, int], icc: bytes | None,
                quality: int) -> list[Rendition]:
    """Resize each plan from the smallest image made so far that still has enough pixels; encode."""
    from PIL import Image as PILImage

    sources = [(working, working.width / upright[0], working.height / upright[1])]
    made: dict[int, Rendition] = {}
    for index in sorted(range(len(plans)), key=lambda i: -plans[i].size[0] * plans[i].size[1]):
        plan = plans[index]
        left, top, right, bottom = plan.region
        fitting = [s for s in sources if (right - left) * s[1] >= plan.size[0] - 0.5
                   and (bottom - top) * s[2] >= plan.size[1] - 0.5]
        source, fx, fy = min(fitting, key=lambda s: s[1]) if fitting else sources[0]
        box = (left * fx, top * fy, min(right * fx, source.width), min(bottom * fy, source.height))
        resized = source.resize(plan.size, PILImage.Resampling.BICUBIC, box=box, reducing_gap=3.0)
        if not plan.spec.crop:
            sources.append((resized, plan.size[0] / upright[0], plan.size[1] / upright[1]))
        made[index] = Rendition(plan.spec.name, plan.size[0], plan.size[1], _encode(_to_srgb(resized, icc), quality))
    return [made[index] for index in range(len(plans))]


def _to_srgb(img: Image, icc: bytes | None) -> Image:
    transform = _srgb_transform(icc, img.mode) if icc else None
    if transform is not None:
        from PIL import ImageCms

        try:
            return ImageCms.applyTransform(img, transform) or img
        except ImageCms.PyCMSError as exc:
            logger.warning("colour conversion failed, converting without the profile: %s", exc)
    return img.convert("RGB") if img.mode == "CMYK" else img


@functools.lru_cache(maxsize=16)
def _srgb_transform(icc: bytes, mode: str) -> ImageCmsTransform | None:
    """A transform from the embedded profile to sRGB; None when it is sRGB already, gray, or unusable."""
    if mode not in ("RGB", "CMYK"):
        return None
    from PIL import ImageCms

    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in (ImageCms.getProfileDescription(profile) or "").lower().replace(" ", ""):
            return None
        return ImageCms.buildTransform(profile, ImageCms.createProfile("sRGB"), mode, "RGB",
                                       renderingIntent=ImageCms.Intent.PERCEPTUAL)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        logger.warning("ignoring an unusable ICC profile: %s", exc)
        return None


def _encode(img: Image, quality: int) -> bytes:
    img.info = {}  # no EXIF, comment or profile travels into a rendition
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()
