"""Photo captions in house style: the credit closes the caption in parentheses.

The pattern is a newsroom setting; `{caption}` and `{credit}` are the only fields. It is filled by plain
substitution, never `str.format`, so a setting cannot reach into Python objects.
"""

from __future__ import annotations

import re

from editor_app.domain.errors import ValidationError

DEFAULT_CREDIT_PATTERN = "{caption} ({credit})"
_FIELD = re.compile(r"\{(caption|credit)\}")


def check_credit_pattern(pattern: str) -> str:
    """The pattern itself, or a ValidationError when it lacks one of its two fields."""
    missing = [name for name in ("caption", "credit") if "{" + name + "}" not in pattern]
    if missing:
        raise ValidationError(f"The caption credit pattern {pattern!r} has no {{{missing[0]}}} in it.",
                              hint='Write it like "{caption} ({credit})".')
    return pattern


def caption_with_credit(caption: str, credit: str, pattern: str = DEFAULT_CREDIT_PATTERN) -> str:
    """'Gantz in Baku' + 'Jewish Press photo' -> 'Gantz in Baku (Jewish Press photo)'.

    A caption that already ends with its credit is left alone; a credit without a caption stands alone.
    """
    check_credit_pattern(pattern)
    caption, credit = caption.strip(), credit.strip().strip("()").strip()
    if not credit:
        return caption
    credit_part = _fill(pattern, "", credit).strip()
    if caption.endswith(credit_part):
        return caption
    return _fill(pattern, caption, credit).strip() if caption else credit_part


def _fill(pattern: str, caption: str, credit: str) -> str:
    values = {"caption": caption, "credit": credit}
    return _FIELD.sub(lambda match: values[match[1]], pattern)
