"""`editor-app targets …`, `publish`, `unpublish` and `queue …`: JSON out, one sentence on a failure."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from editor_app.cli import main
from editor_app.domain.workflow import Status
from editor_app.services import users
from editor_app.services.publishing import credentials
from editor_app.services.story_read import get_story
from editor_app.storage.open import open_database
from editor_app.storage.profile import resolve_profile
from tests.conftest import fill_small_newsroom
from tests.publishing_helpers import full_story


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def fresh_process() -> Iterator[None]:
    """Each CLI call in a test is like a new process: no password kept from an earlier one, and the console
    log handler writes to this test's captured stderr (not to an earlier test's, closed since)."""
    def reset() -> None:
        credentials._SYSTEM.clear()
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "_editor_console", False)]:
            root.removeHandler(handler)

    reset()
    yield
    reset()


@pytest.fixture
def profile_dir(tmp_path: Path) -> str:
    folder = tmp_path / "profile"
    database = open_database(resolve_profile(folder))
    fill_small_newsroom(database)
    owner = users.profile_owner(database)
    full_story(database, owner, word="first")
    full_story(database, owner, word="draft", status=Status.DRAFT)
    database.dispose()
    return str(folder)


def test_targets_add_list_test_edit_and_remove(capsys: pytest.CaptureFixture[str], profile_dir: str,
                                               tmp_path: Path) -> None:
    site = tmp_path / "site"
    code, out, err = run(capsys, "targets", "add", "local", "--kind", "local", "--path", str(site),
                         "--profile-dir", profile_dir)
    assert (code, err) == (0, "") and json.loads(out) == {"id": 1, "name": "local", "kind": "local", "path": str(site)}
    code, out, _ = run(capsys, "targets", "test", "local", "--profile-dir", profile_dir)
    assert code == 0 and json.loads(out)["ok"] is True
    code, out, _ = run(capsys, "targets", "edit", "local", "--rename", "paper", "--profile-dir", profile_dir)
    assert code == 0 and json.loads(out)["name"] == "paper"
    code, out, _ = run(capsys, "targets", "list", "--profile-dir", profile_dir)
    assert [t["name"] for t in json.loads(out)] == ["paper"]
    assert run(capsys, "targets", "remove", "paper", "--profile-dir", profile_dir)[0] == 0
    assert json.loads(run(capsys, "targets", "list", "--profile-dir", profile_dir)[1]) == []


def test_publish_and_unpublish_to_a_local_site(capsys: pytest.CaptureFixture[str], profile_dir: str,
                                               tmp_path: Path) -> None:
    site = tmp_path / "site"
    run(capsys, "targets", "add", "local", "--kind", "local", "--path", str(site), "--profile-dir", profile_dir)

    code, out, err = run(capsys, "publish", "1", "--target", "local", "--profile-dir", profile_dir)

    assert (code, err) == (0, "")
    printed = json.loads(out)
    slug = next(s["slug"] for s in json.loads(run(capsys, "list", "--profile-dir", profile_dir)[1]) if s["id"] == 1)
    assert printed == {"job": 1, "state": "done", "url": (site / "stories" / f"{slug}.html").as_uri()}
    assert (site / "stories" / f"{slug}.html").is_file()
    code, out, _ = run(capsys, "unpublish", "1", "--target", "local", "--profile-dir", profile_dir)
    assert code == 0 and json.loads(out)["state"] == "done"
    assert not (site / "stories" / f"{slug}.html").exists()
    db = open_database(resolve_profile(profile_dir))
    try:
        assert get_story(db, users.profile_owner(db), 1).status is Status.UNPUBLISHED
    finally:
        db.dispose()
    jobs = json.loads(run(capsys, "queue", "list", "--profile-dir", profile_dir)[1])
    assert [(j["kind"], j["state"]) for j in jobs] == [("unpublish", "done"), ("publish", "done")]


def test_publishing_a_draft_is_one_sentence(capsys: pytest.CaptureFixture[str], profile_dir: str,
                                            tmp_path: Path) -> None:
    run(capsys, "targets", "add", "local", "--kind", "local", "--path", str(tmp_path / "s"), "--profile-dir",
        profile_dir)
    code, out, err = run(capsys, "publish", "2", "--target", "local", "--profile-dir", profile_dir)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "is draft; only approved, scheduled or published stories" in err


def test_a_failed_publish_prints_the_job_and_says_why(capsys: pytest.CaptureFixture[str], profile_dir: str,
                                                      tmp_path: Path) -> None:
    busy = tmp_path / "documents"
    busy.mkdir()
    (busy / "letter.txt").write_text("keep me")
    run(capsys, "targets", "add", "docs", "--kind", "local", "--path", str(busy), "--profile-dir", profile_dir)
    code, out, err = run(capsys, "publish", "1", "--target", "docs", "--profile-dir", profile_dir)
    assert code == 1 and json.loads(out) == {"job": 1, "state": "failed", "url": ""}
    assert err.count("\n") == 1 and "Publishing job 1 stopped" in err and "holds files the app did not write" in err
    code, out, _ = run(capsys, "queue", "cancel", "1", "--profile-dir", profile_dir)
    assert code == 0 and json.loads(out)["state"] == "cancelled"
    code, _, err = run(capsys, "queue", "diff", "1", "--profile-dir", profile_dir)
    assert code == 1 and "not stopped by an edit on the site" in err


def test_without_a_secure_keyring_a_wordpress_password_is_not_kept(capsys: pytest.CaptureFixture[str],
                                                                   profile_dir: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO("abcd efgh ijkl mnop qrst uvwx\n"))
        code, out, err = run(capsys, "targets", "add", "web", "--kind", "wordpress", "--url", "https://news.example.org",
                             "--user", "ed", "--password-stdin", "--profile-dir", profile_dir)
        assert code == 0 and json.loads(out)["password"] == "session"
        assert "no secure keyring" in err and "give it again with --password-stdin" in err
        credentials._SYSTEM.clear()  # the next command is a new process
        code, out, err = run(capsys, "targets", "test", "web", "--profile-dir", profile_dir)
        assert code == 1 and "There is no Application Password for “web”" in err
    finally:
        keyring.set_keyring(previous)


def test_plain_http_to_another_computer_is_refused(capsys: pytest.CaptureFixture[str], profile_dir: str) -> None:
    code, out, err = run(capsys, "targets", "add", "web", "--kind", "wordpress", "--url", "http://news.example.org",
                         "--user", "ed", "--profile-dir", profile_dir)
    assert (code, out) == (1, "") and "Plain http:// is not allowed to news.example.org" in err


def test_a_site_edit_is_shown_as_a_diff_and_overwritten_on_request(capsys: pytest.CaptureFixture[str],
                                                                   profile_dir: str, tmp_path: Path) -> None:
    from editor_app.storage.models import OutboxJob

    run(capsys, "targets", "add", "local", "--kind", "local", "--path", str(tmp_path / "s"), "--profile-dir",
        profile_dir)
    db = open_database(resolve_profile(profile_dir))
    try:  # a publish stopped because the post was edited on the site (as a WordPress job stops)
        from editor_app.services.publishing.outbox import enqueue_publish

        job = enqueue_publish(db, users.profile_owner(db), 1, "local")
        with db.session() as session:
            row = session.get(OutboxJob, job.id)
            assert row is not None
            row.state = "conflict"
            row.payload = {**row.payload, "conflict": {
                "remote": {"title": "T", "content": "<p>Talks ended on Tuesday.</p>\n<p>Same.</p>"},
                "local": {"title": "T", "content": "<p>Talks ended on Monday.</p>\n<p>Same.</p>"},
                "remote_modified": "2026-11-26T10:00:00+00:00"}}
    finally:
        db.dispose()

    code, out, _ = run(capsys, "queue", "diff", str(job.id), "--profile-dir", profile_dir)
    assert code == 0
    assert "-<p>Talks ended on Tuesday.</p>" in out and "+<p>Talks ended on Monday.</p>" in out
    assert "--- Text: on the site" in out and "Same." in out

    code, out, err = run(capsys, "publish", "1", "--target", "local", "--overwrite", "--profile-dir", profile_dir)
    assert (code, err) == (0, "") and json.loads(out)["state"] == "done" and json.loads(out)["job"] == job.id
