"""Turn what a user types into search terms, and terms into FTS5 / tsquery syntax (no SQL injected)."""

from __future__ import annotations

import re

from editor_app.domain.text import fold

_TERM_RE = re.compile(r"\w+", re.UNICODE)

# Each group is one word the user typed plus its alternates (e.g. city aliases): "Bakı" -> [bakı, baku].
TermGroups = list[list[str]]


def split_terms(text: str) -> list[str]:
    """Words of the query, in order, without punctuation (FTS operators typed by users are just words)."""
    return _TERM_RE.findall(text)


def fts5_query(groups: TermGroups, prefix_last: bool = True) -> str:
    """`("bakı" OR "baku") AND "talk"*`: every group must match; the last word may be a prefix."""
    parts: list[str] = []
    for index, group in enumerate(groups):
        star = "*" if prefix_last and index == len(groups) - 1 else ""
        alternatives = sorted({f'"{term.replace(chr(34), "")}"{star}' for term in group})
        parts.append(alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")")
    return " AND ".join(parts)


def tsquery(groups: TermGroups, prefix_last: bool = True) -> str:
    """`(baki | baku) & talk:*` for PostgreSQL's to_tsquery('simple', …), diacritics already folded."""
    parts: list[str] = []
    for index, group in enumerate(groups):
        suffix = ":*" if prefix_last and index == len(groups) - 1 else ""
        alternatives = sorted({"'" + fold(term).replace("'", "''") + "'" + suffix for term in group})
        parts.append(alternatives[0] if len(alternatives) == 1 else "(" + " | ".join(alternatives) + ")")
    return " & ".join(parts)
