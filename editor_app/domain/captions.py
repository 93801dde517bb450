"""Photo captions in house style: the credit closes the caption in parentheses."""

from __future__ import annotations


def caption_with_credit(caption: str, credit: str) -> str:
    """'Gantz in Baku' + 'Jewish Press photo' -> 'Gantz in Baku (Jewish Press photo)'."""
    caption, credit = caption.strip(), credit.strip().strip("()")
    if not credit or caption.endswith(f"({credit})"):
        return caption
    return f"{caption} ({credit})" if caption else f"({credit})"
