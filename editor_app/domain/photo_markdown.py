"""A story photo in the body: the figure a writer would type, `![alt](ref "caption")`, placed as its own
paragraph at the cursor. Pure text work, shared by the editor (its unsaved text) and the services."""

from __future__ import annotations

import re

_SPACE_IN_REF = re.compile(r"[\s<>()]")


def figure_markdown(ref: str, alt: str = "", caption: str = "") -> str:
    """'![Benny Gantz at a podium](photos/gantz.jpg "Gantz in Baku")'. The renderer shows the photo desk's
    caption, credit and alt text; what is written here is what a reader of the plain text sees."""
    alt_text = " ".join(alt.split()).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    target = _SPACE_IN_REF.sub(lambda match: f"%{ord(match[0]):02X}", ref)
    title = " ".join(caption.split()).replace('"', "'")
    return f'![{alt_text}]({target} "{title}")' if title else f"![{alt_text}]({target})"


def insert_block(body: str, cursor: int | None, block: str) -> tuple[str, int]:
    """`body` with `block` as a paragraph of its own at `cursor` (None: the end), one blank line either side;
    returns the new body and the cursor just after the block. A cursor inside a line splits it there."""
    cursor = len(body) if cursor is None else max(0, min(cursor, len(body)))
    before, after = body[:cursor].rstrip(" \t"), body[cursor:].lstrip(" \t")
    before = before.rstrip("\n")
    after = after.lstrip("\n")
    head = f"{before}\n\n" if before else ""
    tail = f"\n\n{after}" if after else "\n"
    new_body = f"{head}{block}{tail}"
    return new_body, len(head) + len(block)
