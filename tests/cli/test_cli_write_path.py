"""The CLI's side of the write path: export with id and version, import --update, revisions, export --revision,
cities, staff accounts — exit codes and one plain sentence on failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import run
from tests.services.test_story_files import write_story


@pytest.fixture
def imported(capsys: pytest.CaptureFixture[str], profile_dir: str, tmp_path: Path) -> int:
    source = tmp_path / "source"
    source.mkdir()
    code, out, _ = run(capsys, "import", str(write_story(source)), "--profile-dir", profile_dir)
    assert code == 0
    story_id: int = json.loads(out)["id"]
    return story_id


def export(capsys: pytest.CaptureFixture[str], profile_dir: str, story_id: int, target: Path,
           *extra: str) -> str:
    code, _, err = run(capsys, "export", str(story_id), "-o", str(target), "--profile-dir", profile_dir, *extra)
    assert code == 0, err
    return target.read_text(encoding="utf-8")


def test_export_says_id_and_version_and_update_applies_it(capsys: pytest.CaptureFixture[str], profile_dir: str,
                                                         imported: int, tmp_path: Path) -> None:
    text = export(capsys, profile_dir, imported, tmp_path / "out" / "story.md")
    assert f"\nid: {imported}\nversion: 1\n---\n" in text
    (tmp_path / "out" / "story.md").write_text(text.replace("the talks went on", "the talks went on all night"),
                                               encoding="utf-8")
    code, out, err = run(capsys, "import", str(tmp_path / "out" / "story.md"), "--update", str(imported),
                         "--profile-dir", profile_dir)
    assert (code, err) == (0, "")
    assert json.loads(out) == {"id": imported, "slug": "israeli-defense-minister-visits-azerbaijan", "version": 2}
    code, out, _ = run(capsys, "list", "--search", "all night", "--profile-dir", profile_dir)
    assert [s["id"] for s in json.loads(out)] == [imported]


def test_a_stale_update_is_refused_and_kept(capsys: pytest.CaptureFixture[str], profile_dir: str, imported: int,
                                            tmp_path: Path) -> None:
    first = export(capsys, profile_dir, imported, tmp_path / "a" / "story.md")
    export(capsys, profile_dir, imported, tmp_path / "b" / "story.md")
    (tmp_path / "a" / "story.md").write_text(first.replace("waited", "waited — Anna's edit"), encoding="utf-8")
    (tmp_path / "b" / "story.md").write_text(first.replace("waited", "waited — Vardan's edit"), encoding="utf-8")
    assert run(capsys, "import", str(tmp_path / "a" / "story.md"), "--update", str(imported),
               "--profile-dir", profile_dir)[0] == 0
    code, out, err = run(capsys, "import", str(tmp_path / "b" / "story.md"), "--update", str(imported),
                         "--profile-dir", profile_dir)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "exported from story" in err and "version 1" in err and "now at version 2" in err
    code, out, _ = run(capsys, "revisions", str(imported), "--profile-dir", profile_dir)
    revisions = json.loads(out)
    assert [(r["number"], r["kind"], r["version"]) for r in revisions] == [
        (1, "import", None), (2, "import", 1), (3, "conflict", 1)]
    kept = export(capsys, profile_dir, imported, tmp_path / "kept" / "story.md", "--revision", "3")
    assert "Vardan's edit" in kept and "Anna's edit" not in kept
    assert "\nversion: 2\n" in kept  # a starting point for a new update, based on today's version


def test_an_update_needs_a_version_line(capsys: pytest.CaptureFixture[str], profile_dir: str, imported: int,
                                        tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    code, _, err = run(capsys, "import", str(write_story(folder)), "--update", str(imported),
                       "--profile-dir", profile_dir)
    assert code == 1 and "has no 'version:' line" in err and err.count("\n") == 1


def test_unknown_revision_and_story(capsys: pytest.CaptureFixture[str], profile_dir: str, imported: int) -> None:
    code, _, err = run(capsys, "export", str(imported), "--revision", "9", "--profile-dir", profile_dir)
    assert code == 1 and "has no revision 9" in err
    code, _, err = run(capsys, "revisions", "999", "--profile-dir", profile_dir)
    assert code == 1 and "no story with id 999" in err


def test_cities_add_list_and_merge(capsys: pytest.CaptureFixture[str], profile_dir: str, imported: int) -> None:
    code, out, _ = run(capsys, "cities", "add", "Stepanakert", "--country", "Artsakh", "--alias", "Khankendi",
                       "--profile-dir", profile_dir)
    assert code == 0 and json.loads(out)["aliases"] == ["Khankendi"]
    code, out, _ = run(capsys, "cities", "merge", "Tel Aviv", "Yerevan", "--profile-dir", profile_dir)
    assert code == 0 and json.loads(out)["stories"] == 1
    code, out, _ = run(capsys, "cities", "list", "--profile-dir", profile_dir)
    cities = {c["name"]: c for c in json.loads(out)}
    assert "Tel Aviv" not in cities and "Tel Aviv" in cities["Yerevan"]["aliases"]
    code, out, _ = run(capsys, "list", "--profile-dir", profile_dir)
    assert json.loads(out)[0]["cities"] == ["Baku", "Yerevan"]
    code, _, err = run(capsys, "cities", "merge", "Atlantis", "Yerevan", "--profile-dir", profile_dir)
    assert code == 1 and "no city called 'Atlantis'" in err


def test_deactivated_and_unknown_accounts(capsys: pytest.CaptureFixture[str], profile_dir: str,
                                          imported: int) -> None:
    assert run(capsys, "users", "add", "wendy", "--role", "writer", "--profile-dir", profile_dir)[0] == 0
    assert run(capsys, "--as", "wendy", "list", "--profile-dir", profile_dir)[0] == 0
    assert run(capsys, "users", "deactivate", "wendy", "--profile-dir", profile_dir)[0] == 0
    code, _, err = run(capsys, "--as", "wendy", "list", "--profile-dir", profile_dir)
    assert code == 1 and "deactivated" in err and err.count("\n") == 1
    code, _, err = run(capsys, "--as", "ghost", "list", "--profile-dir", profile_dir)
    assert code == 1 and "no staff account named 'ghost'" in err
    code, _, err = run(capsys, "--as", "wendy", "users", "activate", "wendy", "--profile-dir", profile_dir)
    assert code == 1 and "deactivated" in err


def test_a_writer_cannot_import_an_approved_story(capsys: pytest.CaptureFixture[str], profile_dir: str,
                                                  tmp_path: Path) -> None:
    from tests.services.test_story_files import story_text

    assert run(capsys, "users", "add", "wendy", "--role", "writer", "--profile-dir", profile_dir)[0] == 0
    folder = tmp_path / "approved"
    folder.mkdir()
    code, _, err = run(capsys, "--as", "wendy", "import", str(write_story(folder, story_text(status="approved"))),
                       "--profile-dir", profile_dir)
    assert code == 1 and "may not add a story as approved" in err
    code, out, _ = run(capsys, "list", "--profile-dir", profile_dir)
    assert json.loads(out) == []
