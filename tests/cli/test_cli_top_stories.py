"""`editor-app top-stories show|set|publish|newsletter --week …` as STORY-FORMAT.md says: JSON out, one sentence
on a refusal (exit 1), a usage error for a week that does not exist (exit 2)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from editor_app.cli import main
from editor_app.services import users
from editor_app.services.publishing import credentials
from editor_app.storage.open import open_database
from editor_app.storage.profile import resolve_profile
from tests.cli.conftest import run
from tests.conftest import fill_small_newsroom
from tests.publishing_helpers import full_story


@pytest.fixture(autouse=True)
def fresh_process() -> Iterator[None]:
    credentials._SYSTEM.clear()
    yield
    credentials._SYSTEM.clear()


@pytest.fixture
def profile_dir(tmp_path: Path) -> str:
    folder = tmp_path / "profile"
    database = open_database(resolve_profile(folder))
    fill_small_newsroom(database)
    owner = users.profile_owner(database)
    for word in ("harvest", "council", "choir"):  # approved stories of 2026-W47
        full_story(database, owner, word=word)
    database.dispose()
    return str(folder)


def test_show_set_publish_and_newsletter(capsys: pytest.CaptureFixture[str], profile_dir: str,
                                         tmp_path: Path) -> None:
    where = ("--profile-dir", profile_dir)
    code, out, err = run(capsys, "top-stories", "show", "--week", "2026-W47", *where)
    shown = json.loads(out)
    assert (code, err) == (0, "") and (shown["week"], shown["version"], shown["picks"]) == ("2026-W47", 0, [])
    assert sorted(c["id"] for c in shown["candidates"]) == [1, 2, 3] and shown["slots"] == 10

    code, out, _ = run(capsys, "top-stories", "set", "--week", "2026-W47", "3", "1", *where)
    assert code == 0 and json.loads(out) == {"week": "2026-W47", "version": 1, "picks": [3, 1]}
    code, _, err = run(capsys, "top-stories", "set", "--week", "2026-W47", "2", "--version", "0", *where)
    assert code == 1 and "were changed" in err and err.count("\n") == 1
    code, _, err = run(capsys, "top-stories", "set", "--week", "2026-W47", "1", "1", *where)
    assert code == 1 and "picked twice" in err
    shown = json.loads(run(capsys, "top-stories", "show", "--week", "2026-W47", "--search", "choir", *where)[1])
    assert [p["id"] for p in shown["picks"]] == [3, 1] and [c["id"] for c in shown["candidates"]] == [3]

    site = tmp_path / "site"
    run(capsys, "targets", "add", "local", "--kind", "local", "--path", str(site), *where)
    code, out, err = run(capsys, "top-stories", "publish", "--week", "2026-W47", "--target", "local", *where)
    assert code == 1 and out == "" and "2 of the picks are not on “local” yet" in err
    code, out, err = run(capsys, "top-stories", "publish", "--week", "2026-W47", "--target", "local",
                         "--publish-missing", *where)
    assert (code, err) == (0, "") and json.loads(out)["state"] == "done"
    assert json.loads(out)["url"] == (site / "weeks" / "2026-W47.html").as_uri()
    home = (site / "index.html").read_text(encoding="utf-8")
    top = home[home.index("Top stories week 47"):home.index("Latest articles of the week")]
    assert top.index("choir") < top.index("harvest") and "council" not in top
    published = json.loads(run(capsys, "top-stories", "show", "--week", "2026-W47", *where)[1])["published"]
    assert [(p["target"], p["order"]) for p in published] == [("local", [3, 1])]

    code, out, err = run(capsys, "top-stories", "newsletter", "--week", "2026-W47", "-o", str(tmp_path / "mail"),
                         *where)
    assert (code, err) == (0, "")
    written = json.loads(out)
    html = Path(written["html"]).read_text(encoding="utf-8")
    text = Path(written["text"]).read_text(encoding="utf-8")
    assert "<style" not in html and 'style="' in html and html.index("choir") < html.index("harvest")
    assert "1. Delegation visits Baku choir" in text and "2. Delegation visits Baku harvest" in text
    assert "file://" in text and "<" not in text


def test_a_week_that_does_not_exist_is_a_usage_error(capsys: pytest.CaptureFixture[str], profile_dir: str) -> None:
    code, _, err = run_exit(capsys, "top-stories", "show", "--week", "2026-W60", "--profile-dir", profile_dir)
    assert code == 2 and "Week 60 does not exist in 2026" in err


def run_exit(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(caught.value.code or 0), out, err
