"""F1: every shortcut the window knows, read from its actions (so the list cannot go stale), and the keys
that work inside a pane."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QAction, QKeySequence

IN_PANES = (
    ("Esc", "Clear the search / back to the list; close the find bar"),
    ("↑ ↓ PgUp PgDn Home End", "Move through the list; the story opens on the right"),
    ("Enter", "In the list: go to the story. In the photos: put the photo at the cursor"),
    ("Alt+H, Alt+E, Alt+T, Alt+U, Alt+L, Alt+B, Alt+C", "Go to headline, deck, section, slug, dateline, bylines, "
                                                        "cities"),
    ("Alt+P, Alt+O, Alt+Y", "Show the preview, the photos, the history"),
    ("Enter (bylines, cities)", "Add the name typed (a new one asks first)"),
    ("Backspace (empty city box)", "Remove the last city tag"),
    ("Delete", "Remove the focused city tag, byline or photo"),
    ("Alt+← → / Alt+↑ ↓", "Move the chosen byline or photo"),
    ("F2", "Change the chosen byline's role"),
    ("Ctrl+Z, Ctrl+Shift+Z", "Undo, redo (in any text field)"),
    ("Enter, Alt+↑ ↓, Delete (top stories)", "Add the chosen candidate, move the chosen pick, take it out"),
    ("Alt+← →, Alt+Home (top stories)", "The previous, next week; this week"),
)


def shortcuts_html(actions: list[QAction]) -> str:
    rows = []
    seen = set()
    for action in actions:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if not keys or action.text() in seen:
            continue
        seen.add(action.text())
        rows.append((keys, action.text().replace("&", "").rstrip(".…")))
    rows += IN_PANES
    cells = "".join(f"<tr><td><b>{escape(keys)}</b></td><td>{escape(text)}</td></tr>" for keys, text in rows)
    return f'<table cellpadding="3">{cells}</table>'
