"""CLI fixtures: a profile with a small vocabulary, and running `editor-app` in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor_app.cli import main
from editor_app.storage.open import open_database
from editor_app.storage.profile import resolve_profile
from tests.conftest import fill_small_newsroom


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`editor-app ARGV` in this process: (exit status, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def profile_dir(tmp_path: Path) -> str:
    folder = tmp_path / "profile"
    database = open_database(resolve_profile(folder))
    fill_small_newsroom(database)
    database.dispose()
    return str(folder)
