"""Small helpers for combo boxes used as filters."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def refill(box: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
    """Replace a filter menu's choices ("everything" first, meaning no filter), keeping the current choice
    when it is still offered, without emitting a change."""
    keep = box.currentData()
    box.blockSignals(True)
    box.clear()
    box.addItem(everything, None)
    for label, value in items:
        box.addItem(label, value)
    box.setCurrentIndex(max(0, box.findData(keep)) if keep is not None else 0)
    box.blockSignals(False)
