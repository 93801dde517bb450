"""What a photo file really is: format by content, size, frames, depth; refused with a plain sentence if bad.

Pillow is opened through the plugin of the sniffed format only (JPEG, PNG, WebP, TIFF, GIF), so no other
decoder ever sees newsroom input, and our own pixel cap is checked on the header before a pixel is decoded.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import struct
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from editor_app.domain.errors import ValidationError
from editor_app.imaging.formats import ACCEPTED, MIME_BY_FORMAT, sniff_format

if TYPE_CHECKING:
    from PIL.ImageFile import ImageFile

logger = logging.getLogger(__name__)

# One explicit cap for every format. Real cameras fit under it: medium-format bodies reach about 100 MP
# (Fujifilm GFX100 II 102 MP, Hasselblad X2D 100C 100 MP) and the largest digital back, Phase One IQ4 150MP,
# makes 151.3 MP. Pillow's own limits (a warning above 89 MP, an error above 179 MP) are set for memory,
# not for cameras, and fire inside decoding; ours is checked on the header and names the file.
MAX_PIXELS = 160_000_000

PLUGINS = ("JpegImagePlugin", "PngImagePlugin", "WebPImagePlugin", "TiffImagePlugin", "GifImagePlugin")
# What Pillow raises on bytes it cannot make sense of (as opposed to bugs in our code).
PILLOW_DATA_ERRORS: tuple[type[Exception], ...] = (
    OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError, struct.error,
    ZeroDivisionError, OverflowError,
)


@dataclass(frozen=True)
class PhotoFacts:
    """The facts of a readable photo. `width` x `height` are the stored pixels, before EXIF orientation."""

    format: str  # Pillow's name: JPEG, PNG, WEBP, TIFF, GIF
    mime: str
    width: int
    height: int
    frames: int
    mode: str  # Pillow's mode of the (first) frame as stored: RGB, L, CMYK, P, RGBA, I;16 ...
    bit_depth: int  # bits per channel as stored in the file (8, 16; 1 for bilevel)

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @property
    def animated(self) -> bool:
        return self.frames > 1


def read_photo_file(path: Path) -> bytes:
    """The bytes of the photo at `path`; a ValidationError naming the file when it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ValidationError(f"The photo {path.name} does not exist (looked in {path.parent}).",
                              hint="Check the folder, or choose the file again.") from exc
    except IsADirectoryError as exc:
        raise ValidationError(f"{path.name} is a folder, not a photo.", hint="Choose a photo file inside it.") from exc
    except PermissionError as exc:
        raise ValidationError(f"The photo {path.name} cannot be read: permission denied.",
                              hint="Ask for read access to it, or copy it to a folder of yours.") from exc
    except OSError as exc:
        raise ValidationError(f"The photo {path.name} cannot be read ({exc.strerror or exc}).",
                              hint="Copy it to a local folder and try again.") from exc


def probe(data: bytes, name: str, *, full_decode: bool = False) -> PhotoFacts:
    """The facts of `data` (a file called `name`), refusing what the photo desk cannot use.

    The header alone is read unless `full_decode`, which decodes the first frame to catch truncated files.
    """
    fmt = photo_format(data, name)
    with open_photo(data, name) as img:
        facts = PhotoFacts(format=fmt, mime=MIME_BY_FORMAT[fmt], width=img.width,
                           height=img.height, frames=_frame_count(img, name), mode=img.mode,
                           bit_depth=_bit_depth(img, data))
        if full_decode:
            with pillow_errors(name):
                img.load()
    return facts


@contextlib.contextmanager
def open_photo(data: bytes, name: str) -> Iterator[ImageFile]:
    """Pillow's lazy image of `data` (nothing decoded yet), after the format and pixel-cap checks."""
    fmt = photo_format(data, name)
    from PIL import Image

    for plugin in PLUGINS:  # registers the plugin's factory in Image.OPEN, as Image.init would for all
        importlib.import_module(f"PIL.{plugin}")
    factory, _accept = Image.OPEN[fmt]
    with pillow_errors(name):
        # The plugin's own factory, as Image.open calls it but without its bomb check: ours comes next.
        img = factory(io.BytesIO(data), name)
    with img:
        check_pixel_cap(img.width, img.height, name)
        yield img


def check_pixel_cap(width: int, height: int, name: str) -> None:
    """Refuse a picture above MAX_PIXELS (a decompression bomb or a scan no page needs), naming the file."""
    if width <= 0 or height <= 0:
        raise ValidationError(f"The photo {name} says it is {width}×{height} pixels, which cannot be right.",
                              hint="The file is damaged: export it again from its source.")
    if width * height > MAX_PIXELS:
        raise ValidationError(
            f"The photo {name} is {width}×{height} pixels ({width * height / 1e6:,.0f} megapixels), above the "
            f"limit of {MAX_PIXELS / 1e6:,.0f} megapixels that every camera fits under.",
            hint="Resize it (for example to 6000 pixels on the long side) and import it again.")


@contextlib.contextmanager
def pillow_errors(name: str) -> Iterator[None]:
    """Turn Pillow's complaints about bad bytes into a ValidationError naming the file.

    Pillow's warnings about the data (corrupt EXIF, DecompressionBombWarning: our MAX_PIXELS, checked on
    the header, is the rule) are logged, not raised; any other warning is passed on. Its
    DecompressionBombError becomes the same refusal as ours. `catch_warnings` swaps the process-wide
    filter list, so a warning from another thread in the same instant may be logged here instead.
    """
    from PIL import Image

    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as recorded:
            warnings.simplefilter("always")
            try:
                yield
            finally:
                caught = recorded or []
    except Image.DecompressionBombError as exc:
        raise ValidationError(f"The photo {name} is too large to open safely ({exc}).",
                              hint=f"Resize it below {MAX_PIXELS / 1e6:,.0f} megapixels and import it again.") from exc
    except PILLOW_DATA_ERRORS as exc:
        logger.info("Pillow could not read %s: %r", name, exc)
        if "truncated" in str(exc).lower() or isinstance(exc, EOFError):
            raise ValidationError(f"The photo {name} is incomplete: the file ends before the picture does.",
                                  hint="Copy or download it again; the copy was cut short.") from exc
        raise ValidationError(f"The photo {name} is damaged and cannot be read ({exc}).",
                              hint="Export it again from its source, or ask the sender for a new copy.") from exc
    finally:
        _pass_on(caught, name)


def _pass_on(caught: list[warnings.WarningMessage], name: str) -> None:
    from PIL import Image

    for message in caught:
        if issubclass(message.category, (UserWarning, Image.DecompressionBombWarning)) and \
                "PIL" in message.filename.replace("\\", "/").split("/"):
            logger.debug("Pillow on %s: %s", name, message.message)
        else:
            warnings.warn_explicit(message.message, message.category, message.filename, message.lineno)


def photo_format(data: bytes, name: str = "photo") -> str:
    """The accepted format of `data` by its content (JPEG, PNG, WEBP, TIFF, GIF), else a ValidationError."""
    if not data:
        raise ValidationError(f"The photo {name} is empty (0 bytes).",
                              hint="Copy or export it again; the file holds nothing.")
    sniffed = sniff_format(data)
    if sniffed.format is None:
        raise ValidationError(f"The file {name} is {sniffed.description}, not a photo the desk can use.",
                              hint=f"Use {ACCEPTED} (export it as JPEG from your photo software).")
    return sniffed.format


def _frame_count(img: ImageFile, name: str) -> int:
    with pillow_errors(name):
        return int(getattr(img, "n_frames", 1))


def _bit_depth(img: ImageFile, data: bytes) -> int:
    fmt = img.format
    if fmt == "PNG" and len(data) > 24:
        return data[24]  # IHDR bit depth: Pillow reads 16-bit RGB as 8-bit, so ask the file
    if fmt == "TIFF":
        bits = getattr(img, "tag_v2", {}).get(258)
        if isinstance(bits, tuple) and bits:
            return int(bits[0])
        if isinstance(bits, int):
            return bits
    if fmt in ("JPEG", "MPO"):
        return int(getattr(img, "bits", 8))
    return {"1": 1, "I;16": 16, "I;16B": 16, "I": 32, "F": 32}.get(img.mode, 8)
