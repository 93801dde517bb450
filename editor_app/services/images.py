"""Photos: validate with Pillow (imported lazily), store content-addressed, reuse identical files."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from editor_app.domain.errors import ValidationError
from editor_app.storage.models import Image

MAX_PIXELS = 120_000_000


@dataclass(frozen=True)
class ImageFacts:
    mime: str
    width: int
    height: int


def inspect_image(data: bytes, name: str) -> ImageFacts:
    """Check that `data` is a whole, readable photo; the error names `name` and says what is wrong."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    if not data:
        raise ValidationError(f"The photo {name} is empty (0 bytes).", hint="Export it again from its source.")
    try:
        with PILImage.open(io.BytesIO(data)) as img:
            fmt = (img.format or "").upper()
            width, height = img.size
            if width * height > MAX_PIXELS:
                raise ValidationError(f"The photo {name} is too large ({width}x{height} pixels).",
                                      hint="Resize it below 120 megapixels.")
            img.load()  # decodes fully: catches truncated files
    except UnidentifiedImageError as exc:
        raise ValidationError(f"The file {name} is not a photo Editorial Workstation can read.",
                              hint="Use a JPEG, PNG, GIF or WebP file.") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(f"The photo {name} is damaged or incomplete ({exc}).",
                              hint="Copy or export it again from its source.") from exc
    mime = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}.get(fmt)
    if mime is None:
        raise ValidationError(f"The photo {name} is a {fmt or 'unknown'} file.",
                              hint="Use a JPEG, PNG, GIF or WebP file.")
    return ImageFacts(mime, width, height)


def store_image(session: Session, data: bytes, filename: str, *, caption: str = "", credit: str = "",
                alt_text: str = "", photographer_id: int | None = None, source: str = "") -> Image:
    """The Image row for `data`: an existing one when the same bytes are already stored."""
    digest = hashlib.sha256(data).hexdigest()
    existing = session.scalar(select(Image).where(Image.sha256 == digest))
    if existing is not None:
        return existing
    facts = inspect_image(data, filename)
    image = Image(sha256=digest, data=data, mime=facts.mime, width=facts.width, height=facts.height,
                  byte_size=len(data), filename=filename, caption=caption, credit=credit,
                  alt_text=alt_text, photographer_id=photographer_id, source=source)
    session.add(image)
    session.flush()
    return image


def image_bytes(session: Session, image_id: int) -> tuple[bytes, str]:
    image = session.get(Image, image_id)
    if image is None:
        raise ValidationError(f"Photo {image_id} does not exist.")
    return image.data, image.mime
