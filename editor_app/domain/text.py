"""Text helpers shared by matching, slugs and the editor: folding away case and diacritics, counting words."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

# Letters that carry no combining mark in Unicode but that newsrooms fold anyway.
_EXTRA_FOLDS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})
_SLUG_WORD = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"\w+(?:['’.-]\w+)*")


def fold(text: str) -> str:
    """Lower-case `text` and drop diacritics: "Şuşa" -> "susa", "Bakı" -> "baki"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def slugify(text: str, max_length: int = 80) -> str:
    """A URL slug in plain ASCII, any script transliterated (anyascii):
    "Երևանում բացվեց նոր գրադարան" -> "erevanowm-bats-vets-nor-gradaran", "Bakı" -> "baki"."""
    words = _SLUG_WORD.findall(anyascii(unicodedata.normalize("NFC", text)).lower())
    slug = "-".join(words)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "story"


def sentence_case(text: str) -> str:
    """The first letter upper-cased and the rest left alone (unlike str.capitalize, which lowers paths)."""
    return text[:1].upper() + text[1:]


def word_count(text: str) -> int:
    """Words as a reader counts them: "don't" and "co-op" are one each, punctuation and Markdown marks none."""
    return len(_WORD.findall(text))
