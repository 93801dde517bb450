"""A writer who never stops typing, for the SIGKILL test: `python -m tests.ui.autosave_driver PROFILE CONFIG`.

Opens the real main window with the real thread-pool runner on PROFILE, waits for the first story to open in
the editor, then types one word every 40 ms at the end of its body and prints `TYPED <n> <monotonic time>`
after each (`OPENED <story id>` first). It runs until it is killed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from editor_app.ui.main_window import MainWindow
from editor_app.ui.settings import SettingsStore
from editor_app.ui.tasks import ThreadTaskRunner

WORD_EVERY_MS = 40


def main(profile_dir: str, config_dir: str) -> int:
    app = QApplication(sys.argv[:1])
    window = MainWindow(ThreadTaskRunner(app), SettingsStore(Path(config_dir)))
    window.show()
    typed = 0
    timer = QTimer(app, interval=WORD_EVERY_MS)

    def type_a_word() -> None:
        nonlocal typed
        body = window.desk.editor.body
        body.moveCursor(QTextCursor.MoveOperation.End)
        typed += 1
        QTest.keyClicks(body, f" w{typed}")
        print(f"TYPED {typed} {time.monotonic():.4f}", flush=True)

    def opened(_story: object) -> None:
        if timer.isActive():
            return
        print(f"OPENED {window.desk.controller.story_id}", flush=True)
        window.desk.editor.body.setFocus()
        timer.timeout.connect(type_a_word)
        timer.start()

    window.desk.controller.opened.connect(opened)
    window.open_newsroom(Path(profile_dir), None, False)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
