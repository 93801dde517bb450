"""Showing what an edit on the site changed: the site's version beside the app's, field by field.

Post content is HTML on few lines; it is cut after each block (paragraph, heading, figure, list item) so a
changed sentence shows as one changed line, not as the whole post.
"""

from __future__ import annotations

import difflib
import re

from editor_app.services.publishing.outbox import ConflictView

FIELDS = (("title", "Headline"), ("excerpt", "Excerpt (deck)"), ("content", "Text"))
_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|figure|li|ul|ol|blockquote|table|pre)>|<br\s*/?>|-->)", re.IGNORECASE)


def readable_lines(html: str) -> list[str]:
    """HTML cut into one line per block, blank lines dropped."""
    return [line.strip() for line in _BLOCK_END.sub(r"\1\n", html).splitlines() if line.strip()]


def unified_diff(view: ConflictView) -> str:
    """The site's version against the app's, as a unified diff per field ('' when they are the same)."""
    parts: list[str] = []
    for key, label in FIELDS:
        site, app = view.remote.get(key, ""), view.local.get(key, "")
        if site == app:
            continue
        lines = difflib.unified_diff(readable_lines(site), readable_lines(app), fromfile=f"{label}: on the site",
                                     tofile=f"{label}: in the app", lineterm="", n=2)
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def side_by_side_html(view: ConflictView) -> str:
    """A table per changed field, the site's version left and the app's right (difflib.HtmlDiff)."""
    maker = difflib.HtmlDiff(wrapcolumn=60)
    tables = []
    for key, label in FIELDS:
        site, app = view.remote.get(key, ""), view.local.get(key, "")
        if site == app:
            continue
        tables.append(f"<h3>{label}</h3>" + maker.make_table(readable_lines(site), readable_lines(app),
                                                             "On the site", "In the app", context=True, numlines=2))
    return "\n".join(tables) or "<p>The two versions are the same.</p>"
