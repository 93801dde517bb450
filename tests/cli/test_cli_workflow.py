"""The workflow commands of STORY-FORMAT.md: submit, approve, request-changes, schedule, check, audit, notes;
users passwd/rename/remove; db-password."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from editor_app.cli import main
from editor_app.domain.passwords import verify_password
from editor_app.storage.models import User
from editor_app.storage.open import open_database
from editor_app.storage.profile import resolve_profile
from tests.conftest import fill_small_newsroom
from tests.workflow_helpers import add_staff, complete_story, new_story


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def newsroom_dir(tmp_path: Path) -> tuple[str, int, int]:
    """A profile with staff and two stories by Wendy: one complete, one without a byline."""
    folder = tmp_path / "profile"
    db = open_database(resolve_profile(folder))
    try:
        fill_small_newsroom(db)
        staff = add_staff(db)
        good = new_story(db, staff.writer)
        rough = new_story(db, staff.writer, complete_story("No byline yet", bylines=(), deck=""))
    finally:
        db.dispose()
    return str(folder), good, rough


def test_submit_request_changes_approve_schedule(newsroom_dir: tuple[str, int, int],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder, good, _ = newsroom_dir
    where = ["--profile-dir", folder]
    code, out, _ = run(capsys, "--as", "wendy", "submit", str(good), *where)
    assert code == 0 and json.loads(out) == {"id": good, "status": "submitted"}
    code, _, err = run(capsys, "--as", "wendy", "approve", str(good), *where)
    assert code == 1 and err.count("\n") == 1 and "Wendy Writer (writer) may not approve stories" in err
    with pytest.raises(SystemExit) as usage:  # a usage error: the note is required
        main(["--as", "anna", "request-changes", str(good), *where])
    assert usage.value.code == 2 and "--note" in capsys.readouterr().err
    code, out, _ = run(capsys, "--as", "anna", "request-changes", str(good), "--note", "Quote the mayor.", *where)
    assert code == 0 and json.loads(out)["status"] == "changes_requested"
    code, out, _ = run(capsys, "--as", "wendy", "submit", str(good), *where)
    code, out, _ = run(capsys, "--as", "anna", "approve", str(good), *where)
    assert code == 0 and json.loads(out) == {"id": good, "status": "approved"}
    code, _, err = run(capsys, "--as", "eddie", "approve", str(good), *where)
    assert code == 1 and "already approved by Anna Petrosyan" in err
    code, _, err = run(capsys, "--as", "anna", "schedule", str(good), "--at", "2026-10-05 09:00", *where)
    assert code == 1 and "no time zone" in err
    code, _, err = run(capsys, "--as", "anna", "schedule", str(good), "--at", "next monday", *where)
    assert code == 1 and "'next monday' is not a time" in err
    code, out, _ = run(capsys, "--as", "anna", "schedule", str(good), "--at", "2099-10-05T09:00:00+00:00", *where)
    assert code == 0 and json.loads(out) == {"id": good, "status": "scheduled"}

    code, out, _ = run(capsys, "audit", str(good), *where)
    trail = json.loads(out)
    assert [(e["user"], e["action"]) for e in trail][-1] == ("Anna Petrosyan", "story.transition")
    assert {"at", "user", "action", "detail"} == set(trail[0])
    assert [e["detail"].get("to") for e in trail if e["action"] == "story.transition"] == [
        "submitted", "changes_requested", "submitted", "approved", "scheduled"]


def test_check_prints_findings_and_approval_waits_for_blockers(newsroom_dir: tuple[str, int, int],
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    folder, _, rough = newsroom_dir
    where = ["--profile-dir", folder]
    code, out, _ = run(capsys, "check", str(rough), *where)
    findings = json.loads(out)
    assert code == 0
    assert [(f["level"], f["code"], f["field"]) for f in findings] == [
        ("blocker", "no-byline", "bylines"), ("warning", "no-deck", "deck")]
    assert findings[0]["message"] == "The story has no byline."
    assert findings[0]["fix"] == "Add the byline “By Wendy Writer”"
    run(capsys, "--as", "wendy", "submit", str(rough), *where)
    code, _, err = run(capsys, "--as", "anna", "approve", str(rough), *where)
    assert code == 1 and "cannot be approved yet: The story has no byline" in err


def test_notes_list_add_reply_resolve(newsroom_dir: tuple[str, int, int], capsys: pytest.CaptureFixture[str]) -> None:
    folder, good, _ = newsroom_dir
    where = ["--profile-dir", folder]
    code, out, _ = run(capsys, "notes", str(good), *where)
    assert code == 0 and json.loads(out) == []
    code, out, _ = run(capsys, "--as", "anna", "notes", str(good), "--add", "Check the mayor's title.", *where)
    first = json.loads(out)["id"]
    code, out, _ = run(capsys, "--as", "wendy", "notes", str(good), "--add", "Deputy mayor.", "--reply-to",
                       str(first), *where)
    assert code == 0 and json.loads(out)["reply_to"] == first
    code, out, _ = run(capsys, "--as", "wendy", "notes", str(good), "--resolve", str(first), *where)
    [thread] = json.loads(out)
    assert (thread["author"], thread["text"], thread["resolved"], thread["resolved_by"]) == (
        "Anna Petrosyan", "Check the mayor's title.", True, "Wendy Writer")
    assert [(r["author"], r["text"]) for r in thread["replies"]] == [("Wendy Writer", "Deputy mayor.")]
    code, _, err = run(capsys, "notes", str(good), "--reply-to", str(first), *where)
    assert code == 1 and "--reply-to answers a note with --add" in err


def test_users_passwd_rename_remove(newsroom_dir: tuple[str, int, int], capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder, _, _ = newsroom_dir
    where = ["--profile-dir", folder]
    monkeypatch.setattr("sys.stdin", io.StringIO("a long passphrase\n"))
    code, out, err = run(capsys, "users", "passwd", "wendy", *where)
    assert code == 0 and "passphrase" not in out + err
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    code, _, err = run(capsys, "users", "passwd", "wendy", *where)
    assert code == 1 and "too short" in err and "short\n" not in err
    monkeypatch.setattr("sys.stdin", io.StringIO("another long one\n"))
    code, _, err = run(capsys, "--as", "wendy", "users", "passwd", "walt", *where)
    assert code == 1 and "may not manage staff" in err
    db = open_database(resolve_profile(folder))
    try:
        with db.session() as session:
            stored = session.scalar(select(User.password_hash).where(User.username == "wendy"))
    finally:
        db.dispose()
    assert stored is not None and verify_password("a long passphrase", stored)

    code, out, _ = run(capsys, "users", "rename", "anna", "--name", "Anna P. Karapetyan", *where)
    assert code == 0 and json.loads(out)["display_name"] == "Anna P. Karapetyan"
    code, _, err = run(capsys, "users", "remove", "wendy", *where)
    assert code == 1 and "has history" in err and "deactivate" in err
    code, out, _ = run(capsys, "users", "remove", "pat", *where)  # the photo desk has done nothing yet
    assert code == 0 and json.loads(out) == {"username": "pat", "removed": True}


def test_db_password_needs_a_shared_newsroom(newsroom_dir: tuple[str, int, int],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    folder, _, _ = newsroom_dir
    code, _, err = run(capsys, "db-password", "--profile-dir", folder)
    assert code == 1 and "single-desk profile has no database password" in err


def test_db_password_without_a_keyring_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)
    monkeypatch.setattr("sys.stdin", io.StringIO("db secret\n"))
    code, out, err = run(capsys, "db-password", "--profile-dir", str(tmp_path),
                         "--database-url", "postgresql://news@db.example/newsroom")
    assert code == 1 and "no secure keyring" in err and "db secret" not in out + err
