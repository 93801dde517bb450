"""The Qt binding itself: PySide6 6.12.0 dropped a reference to True on every Signal.emit(), so a window
that emits a few thousand signals aborted with "bool_dealloc". pyproject.toml excludes that release; this
test fails on any release that brings the bug back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


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
