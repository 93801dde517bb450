"""The app in a real X server (Xvfb): proves the system libraries for the xcb platform are installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.conftest import skip_or_fail


@pytest.mark.slow
def test_story_list_in_a_real_x_window(tmp_path: Path) -> None:
    if shutil.which("xvfb-run") is None:
        skip_or_fail("xvfb-run is not installed: run scripts/setup.sh --test")
    shot = tmp_path / "x11.png"
    env = os.environ | {"QT_QPA_PLATFORM": "xcb", "EDITOR_APP_SCREENSHOT": str(shot),
                        "EDITOR_APP_CONFIG_DIR": str(tmp_path / "config")}
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, "-m", "editor_app", "--demo",
         "--profile-dir", str(tmp_path / "demo")],
        env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 9) for y in range(0, 800, 9)}
    assert len(colours) > 50, "the X screen looks blank"
