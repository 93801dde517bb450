"""The launch baseline: a bare PySide6 main window that quits as soon as it has painted once.

Run as `python -m bench.bare_window` (or by path); bench/launch.py times it from spawn to its "bench: paint"
line, the same way it times the app started with EDITOR_APP_BENCH_EXIT=paint.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QMainWindow


class BareWindow(QMainWindow):
    """Quits the event loop right after its first paint."""

    def __init__(self) -> None:
        super().__init__()
        self._painted = False
        self.setWindowTitle("Bare window")
        self.resize(1200, 800)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            print("bench: paint", flush=True)
            QTimer.singleShot(0, QApplication.quit)


def main() -> int:
    app = QApplication(sys.argv)
    window = BareWindow()
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
