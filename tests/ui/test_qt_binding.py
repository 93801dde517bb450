"""The Qt binding itself keeps Python's reference counts. PySide6 6.12.0 on Python 3.11 dropped a reference to
True on every Signal.emit() and one to None on every call that returns nothing, so the app aborted within
minutes ("bool_dealloc", "none_dealloc"). pyproject.toml excludes that release; these tests fail on any
release that brings the bug back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot


class _Sender(QObject):
    value = Signal(object)


def test_emitting_signals_keeps_reference_counts() -> None:
    sender = _Sender()
    received: list[object] = []
    sender.value.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for n in range(500):
        sender.value.emit(n)
    assert len(received) == 500
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before


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
