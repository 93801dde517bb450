"""`editor-app photos import|list|set|check` as STORY-FORMAT.md specifies them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import sample_photos
from editor_app.cli import main
from tests import photo_samples
from tests.cli.conftest import run
from tests.photo_samples import BAD_CASES


def lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_import_a_folder_prints_one_object_per_file(capsys: pytest.CaptureFixture[str], profile_dir: str,
                                                    tmp_path: Path) -> None:
    folder = tmp_path / "card"
    photo_samples.write_good_photos(folder, 2)
    photo_samples.write_bad_file(folder, "text")
    photo_samples.write_bad_file(folder, "bomb")
    (folder / "readme.txt").write_text("not a photo by name")
    code, out, err = run(capsys, "photos", "import", str(folder), "--profile-dir", profile_dir)
    assert code == 1
    printed = {Path(str(o["file"])).name: o for o in lines(out)}
    assert set(printed) == {"IMG_0000.jpg", "IMG_0001.jpg", "notes.jpg", "bomb.png"}
    good = printed["IMG_0000.jpg"]
    assert good["id"] == 1 and good["location_found"] is True and good["caption"] == sample_photos.CAPTION
    assert "error" not in good
    assert "bomb.png" in str(printed["bomb.png"]["error"]) and "megapixels" in str(printed["bomb.png"]["error"])
    assert "id" not in printed["notes.jpg"]
    assert "skipped 1 file(s) that are not photos by name: readme.txt" in err
    assert "2 of 4 file(s) were not imported" in err and "Traceback" not in err
    code, out, _ = run(capsys, "photos", "import", str(folder / "IMG_0000.jpg"), "--profile-dir", profile_dir)
    assert code == 0 and lines(out)[0]["duplicate"] is True and lines(out)[0]["id"] == 1


def test_list_set_and_needs(capsys: pytest.CaptureFixture[str], profile_dir: str, tmp_path: Path) -> None:
    (tmp_path / "plain.jpg").write_bytes(photo_samples.plain_jpeg(1))
    (tmp_path / BAD_CASES["non-ascii"].name).write_bytes(photo_samples.camera_photo(2))
    code, _, _ = run(capsys, "photos", "import", str(tmp_path / "plain.jpg"),
                     str(tmp_path / BAD_CASES["non-ascii"].name), "--profile-dir", profile_dir)
    assert code == 0
    code, out, _ = run(capsys, "photos", "list", "--needs", "caption", "--profile-dir", profile_dir)
    [row] = json.loads(out)
    assert set(row) >= {"id", "filename", "caption", "credit", "alt", "photographer", "width", "height",
                        "location_found", "stories"}
    assert (row["filename"], row["location_found"], row["stories"]) == ("plain.jpg", False, [])
    code, out, err = run(capsys, "photos", "set", str(row["id"]), "--caption", "Gyumri's library",
                         "--photographer", "Ani Sarkissian", "--credit", "Meridian photo", "--alt", "Shelves",
                         "--focal", "0.2,0.7", "--profile-dir", profile_dir)
    assert (code, err) == (0, "")
    changed = json.loads(out)
    assert (changed["caption"], changed["photographer"], changed["credit"], changed["focal"]) == (
        "Gyumri's library", "Ani Sarkissian", "Meridian photo", [0.2, 0.7])
    code, out, _ = run(capsys, "photos", "list", "--needs", "caption", "--profile-dir", profile_dir)
    assert json.loads(out) == []
    code, out, _ = run(capsys, "photos", "list", "--profile-dir", profile_dir)
    names = [r["filename"] for r in json.loads(out)]
    assert names == [BAD_CASES["non-ascii"].name, "plain.jpg"]  # newest first, the name as it was
    code, out, err = run(capsys, "photos", "set", "99", "--caption", "x", "--profile-dir", profile_dir)
    assert (code, out) == (1, "") and "no photo with id 99" in err
    code, out, err = run(capsys, "photos", "set", "1", "--focal", "left", "--profile-dir", profile_dir)
    assert code == 1 and "--focal 'left' is not two numbers" in err
    code, out, err = run(capsys, "photos", "check", "--profile-dir", profile_dir)
    assert (code, json.loads(out)) == (0, {"checked": 0})


def test_import_of_nothing_and_a_bad_needs(capsys: pytest.CaptureFixture[str], profile_dir: str,
                                           tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "photos", "import", str(tmp_path / "empty"), "--profile-dir", profile_dir)
    assert code == 1 and "No photo files were found there." in err
    with pytest.raises(SystemExit) as exited:
        main(["photos", "list", "--needs", "colour", "--profile-dir", profile_dir])
    assert exited.value.code == 2
