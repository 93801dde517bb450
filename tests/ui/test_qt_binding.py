"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 on Python 3.11 dropped a reference to None
on every call that returns nothing, so a photo grid painting a few hundred tiles crashed the app
("Fatal Python error: none_dealloc"). pyproject.toml excludes that version; this test catches the next one."""

from __future__ import annotations

import sys

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot


def test_calls_that_return_nothing_keep_none_alive(qtbot: QtBot) -> None:
    image = QImage(20, 20, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(1000):
        painter.save()
        painter.setPen(QColor("red"))
        painter.drawRect(QRectF(0, 0, 3, 3))
        painter.restore()
    after = sys.getrefcount(None)
    painter.end()
    assert after - before > -50, f"None lost {before - after} references in 4,000 calls"
