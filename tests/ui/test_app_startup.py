"""Start-up as a user gets it: a real `python -m editor_app` process, offscreen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from editor_app.storage.profile import Profile

LAZY = ("PIL", "httpx", "keyring", "markdown", "sqlalchemy", "alembic", "jinja2", "nh3", "yaml")

PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication
from editor_app.ui.main_window import MainWindow
from editor_app.ui.settings import SettingsStore
from editor_app.ui.tasks import SyncTaskRunner
from pathlib import Path
app = QApplication([])
window = MainWindow(SyncTaskRunner(), SettingsStore(Path(sys.argv[1])))
window.show()
app.processEvents()
print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))
"""


def run_app(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = os.environ | {"QT_QPA_PLATFORM": "offscreen", "EDITOR_APP_CONFIG_DIR": str(tmp_path / "config")}
    return subprocess.run([sys.executable, "-m", "editor_app", *args], env=environment | env, capture_output=True,
                          text=True, timeout=90, check=False)


def test_the_window_paints_before_heavy_libraries_load(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path)], capture_output=True, text=True,
                            env=os.environ | {"QT_QPA_PLATFORM": "offscreen"}, timeout=60, check=True)
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "PySide6" in loaded
    assert not loaded & set(LAZY), f"imported at start-up: {sorted(loaded & set(LAZY))}"


def test_first_paint_comes_before_the_database(tmp_path: Path) -> None:
    result = run_app(tmp_path, "--profile-dir", str(tmp_path / "profile"), EDITOR_APP_BENCH_EXIT="paint")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "profile" / "newsroom.sqlite").exists()


def test_demo_opens_with_its_list_and_a_screenshot(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    result = run_app(tmp_path, "--demo", "--profile-dir", str(tmp_path / "demo"), EDITOR_APP_SCREENSHOT=str(shot))
    assert result.returncode == 0, result.stderr  # 1 when the picture is of the "could not be opened" page
    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 800
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 50, "the screenshot looks blank"


def test_list_hook_reports_a_broken_profile(tmp_path: Path, profile: Profile) -> None:
    profile.dir.mkdir(parents=True)
    (profile.dir / "newsroom.sqlite").write_bytes(b"not a database at all" * 10)
    result = run_app(tmp_path, "--profile-dir", str(profile.dir), EDITOR_APP_BENCH_EXIT="list")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    shot = tmp_path / "error.png"
    result = run_app(tmp_path, "--profile-dir", str(profile.dir), EDITOR_APP_SCREENSHOT=str(shot))
    assert result.returncode == 1 and not QImage(str(shot)).isNull()  # the error page, pictured, and said so
    assert (profile.dir / "newsroom.sqlite").read_bytes() == b"not a database at all" * 10


def test_screenshot_hook_opens_a_story_in_the_editor(tmp_path: Path) -> None:
    shot = tmp_path / "editor.png"
    demo = tmp_path / "demo"
    result = run_app(tmp_path, "--demo", "--profile-dir", str(demo), EDITOR_APP_SCREENSHOT=str(shot),
                     EDITOR_APP_SCREENSHOT_STORY="chess-school-gyumri", EDITOR_APP_COLOR_SCHEME="dark")
    assert result.returncode == 0, result.stderr
    image = QImage(str(shot))
    assert not image.isNull()
    dark = sum(1 for x in range(0, image.width(), 9) for y in range(0, image.height(), 9)
               if QColor(image.pixel(x, y)).lightnessF() < 0.3)
    assert dark > 500, "the dark palette was not applied"
    missing = run_app(tmp_path, "--demo", "--profile-dir", str(demo), EDITOR_APP_SCREENSHOT=str(tmp_path / "x.png"),
                      EDITOR_APP_SCREENSHOT_STORY="no-such-story")
    assert missing.returncode == 1
