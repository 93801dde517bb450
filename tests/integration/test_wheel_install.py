"""The built wheel installs into a clean virtual environment and works there: CLI, migrations, resources."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Runs inside the new environment: every resource file the package can see, with its hash, and where
# the package was imported from (it must be the installed copy, not this checkout).
LIST_RESOURCES = """
import hashlib, json
from importlib.resources import files
import editor_app

def walk(node, prefix=""):
    for child in node.iterdir():
        name = prefix + child.name
        if child.is_dir():
            if child.name != "__pycache__":
                yield from walk(child, name + "/")
        elif not child.name.endswith((".py", ".pyc")):
            yield name, hashlib.sha256(child.read_bytes()).hexdigest()

print(json.dumps({"package": editor_app.__file__, "resources": dict(walk(files("editor_app.resources")))}))
"""


def source_resources() -> dict[str, str]:
    root = REPO / "resources"
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".py", ".pyc"}
    }


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "VIRTUAL_ENV", "EDITOR_APP_PROFILE_DIR", "PYTHONHOME"}}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run(args: list[str | Path], cwd: Path, timeout: float = 300) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=clean_env(), capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, f"{args} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_wheel_installs_and_runs_in_a_clean_environment(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "build", "--wheel", "--outdir", dist, REPO], cwd=tmp_path)
    wheels = list(dist.glob("editor_app-*.whl"))
    assert len(wheels) == 1, wheels

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], cwd=tmp_path)  # no --system-site-packages: nothing leaks in
    python, cli = venv / "bin" / "python", venv / "bin" / "editor-app-cli"
    run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheels[0]], cwd=tmp_path)
    assert (venv / "bin" / "editor-app").exists()

    seen = json.loads(run([python, "-c", LIST_RESOURCES], cwd=tmp_path))
    assert Path(seen["package"]).is_relative_to(venv), seen["package"]
    assert seen["resources"] == source_resources()
    assert any(name.startswith("templates/") and name.endswith(".html") for name in seen["resources"])

    profile = ["--profile-dir", str(tmp_path / "profile")]
    assert "migrat" in run([cli, "migrate", *profile], cwd=tmp_path).lower()
    assert (tmp_path / "profile" / "newsroom.sqlite").exists()
    assert isinstance(json.loads(run([cli, "users", "list", *profile], cwd=tmp_path)), list)

    run([cli, "demo", *profile], cwd=tmp_path)
    stories = json.loads(run([cli, "list", *profile], cwd=tmp_path))
    assert len(stories) >= 40 and all(story["headline"] for story in stories)
    assert len({story["status"] for story in stories}) >= 4  # the demo spreads stories over the workflow
    roles = {user["role"] for user in json.loads(run([cli, "users", "list", *profile], cwd=tmp_path))}
    assert {"writer", "photo_desk", "editor", "admin"} <= roles
