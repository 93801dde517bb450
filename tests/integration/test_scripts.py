"""The developer scripts from a clone the postgres user cannot enter (root's 0700 home): pg-up.sh must still work."""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[2]


def run_script(clone: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run one of the clone's scripts from inside the clone, as a newcomer would."""
    return subprocess.run(["bash", *args], cwd=clone, capture_output=True, text=True, timeout=90, check=False)


@pytest.fixture
def private_clone(tmp_path: Path) -> Iterator[Path]:
    """A copy of scripts/ inside a 0700 folder owned by root, like a clone in /root; its cluster is purged after."""
    if os.geteuid() != 0:
        pytest.skip("only root runs the server as another user (postgres), so only root can hit this")
    if shutil.which("runuser") is None or not Path("/usr/lib/postgresql").is_dir():
        pytest.skip("PostgreSQL is not installed: run scripts/setup.sh --test")
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    home.chmod(0o700)  # whatever the umask
    clone = home / "project"
    clone.mkdir()
    shutil.copytree(REPO / "scripts", clone / "scripts")
    yield clone
    run_script(clone, "scripts/pg-down.sh", "--purge")


@pytest.mark.slow
def test_pg_up_works_from_a_folder_the_postgres_user_cannot_enter(private_clone: Path) -> None:
    started = run_script(private_clone, "scripts/pg-up.sh")
    assert started.returncode == 0, started.stderr
    lines = started.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("EDITOR_APP_TEST_PG_URL="), started.stdout
    url = lines[0].removeprefix("EDITOR_APP_TEST_PG_URL=")

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar_one() == 1
    finally:
        engine.dispose()

    socket_dir = Path(parse_qs(urlsplit(url).query)["host"][0])
    cluster = socket_dir.parent
    assert not cluster.is_relative_to(private_clone)  # the postgres user could not have written there
    info = cluster.stat()
    assert stat.S_IMODE(info.st_mode) == 0o700
    assert pwd.getpwuid(info.st_uid).pw_name == "postgres"

    again = run_script(private_clone, "scripts/pg-up.sh")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == lines[0]
    assert "already running" in again.stderr

    stopped = run_script(private_clone, "scripts/pg-down.sh", "--purge")
    assert stopped.returncode == 0, stopped.stderr
    assert "stopped" in stopped.stderr
    assert not cluster.exists()
