from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor_app.cli import main
from tests.cli.conftest import run
from tests.services.test_story_files import BODY, picture, story_text, write_story


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "source"
    folder.mkdir()
    return write_story(folder)


def test_import_prints_id_and_slug(capsys: pytest.CaptureFixture[str], profile_dir: str, source: Path) -> None:
    code, out, err = run(capsys, "import", str(source), "--profile-dir", profile_dir)
    assert (code, err) == (0, "")
    assert json.loads(out) == {"id": 1, "slug": "israeli-defense-minister-visits-azerbaijan", "version": 1}
    code, out, _ = run(capsys, "list", "--profile-dir", profile_dir)
    assert [s["cities"] for s in json.loads(out)] == [["Baku", "Tel Aviv"]]


@pytest.mark.parametrize(("text", "expected"), [
    ("headline: no front matter\n", "does not start with a front matter"),
    ("---\nheadline: H\nsection: International\nbylines: [\n---\n", "not valid YAML, line"),
    ("---\nheadline: H\nsection: International\ncolour: red\n---\n", "Unknown key 'colour'"),
    ("---\nheadline: H\nsection: Weather\n---\n", "no section called 'Weather'"),
])
def test_malformed_file_is_one_sentence(capsys: pytest.CaptureFixture[str], profile_dir: str, tmp_path: Path,
                                        text: str, expected: str) -> None:
    path = write_story(tmp_path, text, photos=False)
    code, out, err = run(capsys, "import", str(path), "--profile-dir", profile_dir)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and expected in err and "story.md" in err
    assert "Traceback" not in err


def test_unknown_city_then_create_missing(capsys: pytest.CaptureFixture[str], profile_dir: str,
                                          tmp_path: Path) -> None:
    path = write_story(tmp_path, story_text(cities="[Atlantis]"))
    code, _, err = run(capsys, "import", str(path), "--profile-dir", profile_dir)
    assert code == 1 and "'Atlantis'" in err and "--create-missing" in err
    code, out, _ = run(capsys, "import", str(path), "--create-missing", "--profile-dir", profile_dir)
    assert code == 0 and json.loads(out)["id"] == 1


def test_export_writes_file_and_photos(capsys: pytest.CaptureFixture[str], profile_dir: str, source: Path,
                                       tmp_path: Path) -> None:
    run(capsys, "import", str(source), "--profile-dir", profile_dir)
    out_file = tmp_path / "exported" / "story.md"
    code, out, err = run(capsys, "export", "1", "-o", str(out_file), "--profile-dir", profile_dir)
    assert (code, out, err) == (0, "", "")
    text = out_file.read_text(encoding="utf-8")
    assert text.startswith("---\nheadline: Israeli Defense Minister Visits Azerbaijan\n") and text.endswith(BODY)
    assert (out_file.parent / "photos" / "gantz-baku.jpg").read_bytes() == picture()
    assert (out_file.parent / "photos" / "map.png").is_file()
    code, out, _ = run(capsys, "export", "1", "--profile-dir", profile_dir)
    assert code == 0 and out == text


def test_export_unknown_id(capsys: pytest.CaptureFixture[str], profile_dir: str) -> None:
    code, _, err = run(capsys, "export", "42", "--profile-dir", profile_dir)
    assert code == 1 and "no story with id 42" in err


def test_unknown_arguments_are_usage_errors(capsys: pytest.CaptureFixture[str], profile_dir: str) -> None:
    for argv in (["import"], ["import", "a.md", "--bogus"], ["export"], ["export", "seven"],
                 ["export", "1", "--output"]):
        with pytest.raises(SystemExit) as info:
            main([*argv, "--profile-dir", profile_dir])
        assert info.value.code == 2
    capsys.readouterr()
