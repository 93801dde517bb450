"""`editor-app settings show|set`."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import run


def test_settings_from_the_command_line(capsys: pytest.CaptureFixture[str], profile_dir: str) -> None:
    code, out, _ = run(capsys, "settings", "set", "--paper-name", "Mirror-Spectator", "--time-zone", "Asia/Yerevan",
                       "--profile-dir", profile_dir)
    assert code == 0 and json.loads(out)["time_zone"] == "Asia/Yerevan"
    code, out, _ = run(capsys, "settings", "show", "--profile-dir", profile_dir)
    assert json.loads(out)["paper_name"] == "Mirror-Spectator" and json.loads(out)["version"] == 1
    code, _, err = run(capsys, "settings", "set", "--time-zone", "Nowhere/City", "--profile-dir", profile_dir)
    assert code == 1 and "not a time zone" in err and err.count("\n") == 1
