"""Text helpers shared by matching and slugs: folding away case and diacritics."""

from __future__ import annotations

import re
import unicodedata

# Letters that carry no combining mark in Unicode but that newsrooms fold anyway.
_EXTRA_FOLDS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


def fold(text: str) -> str:
    """Lower-case `text` and drop diacritics: "Şuşa" -> "susa", "Bakı" -> "baki"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def slugify(text: str, max_length: int = 80) -> str:
    """A URL slug: folded, ASCII letters and digits kept, other scripts kept as they are."""
    words = re.findall(r"\w+", fold(text))
    slug = "-".join(words).replace("_", "-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "story"


def sentence_case(text: str) -> str:
    """The first letter upper-cased and the rest left alone (unlike str.capitalize, which lowers paths)."""
    return text[:1].upper() + text[1:]
