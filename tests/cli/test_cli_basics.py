from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor_app.cli import main
from editor_app.storage.profile import resolve_profile


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_migrate_then_up_to_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "migrate", "--profile-dir", str(tmp_path))
    assert code == 0 and "0001, 0002" in out
    code, out, _ = run(capsys, "migrate", "--profile-dir", str(tmp_path))
    assert code == 0 and "up to date" in out
    assert (tmp_path / "newsroom.sqlite").is_file()


def test_users_add_and_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "users", "add", "anna", "--name", "Anna Petrosyan", "--role", "editor",
                       "--profile-dir", str(tmp_path))
    assert code == 0 and json.loads(out)["role"] == "editor"
    code, out, _ = run(capsys, "users", "list", "--profile-dir", str(tmp_path))
    listed = {u["username"]: u for u in json.loads(out)}
    assert listed["anna"]["display_name"] == "Anna Petrosyan"
    assert any(u["role"] == "admin" for u in listed.values())  # the profile owner
    code, _, err = run(capsys, "users", "add", "anna", "--role", "writer", "--profile-dir", str(tmp_path))
    assert code == 1 and err.count("\n") == 1 and "already exists" in err
    code, _, err = run(capsys, "--as", "anna", "users", "add", "bob", "--role", "writer",
                       "--profile-dir", str(tmp_path))
    assert code == 1 and "may not manage staff" in err


def test_password_from_stdin_is_never_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("hunter2-very-secret\n"))
    code, out, err = run(capsys, "users", "add", "carl", "--role", "writer", "--password-stdin",
                         "--profile-dir", str(tmp_path))
    assert code == 0 and json.loads(out)["has_password"] is True
    assert "hunter2" not in out + err
    assert b"hunter2" not in (tmp_path / "newsroom.sqlite").read_bytes()
    from sqlalchemy import select

    from editor_app.domain.passwords import verify_password
    from editor_app.storage.models import User
    from editor_app.storage.open import open_database

    db = open_database(resolve_profile(tmp_path))
    try:
        with db.session() as session:
            stored = session.scalar(select(User.password_hash).where(User.username == "carl"))
    finally:
        db.dispose()
    assert stored is not None and verify_password("hunter2-very-secret", stored)
    assert not verify_password("hunter2", stored)


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["frobnicate"], ["list", "--bogus"], ["list", "--status", "lost"], ["users"]):
        with pytest.raises(SystemExit) as info:
            main([*argv, "--profile-dir", str(tmp_path)])
        assert info.value.code == 2
    capsys.readouterr()


def test_bad_week_and_bad_database_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "list", "--week", "2026-W99", "--profile-dir", str(tmp_path))
    assert code == 1 and "Week 99" in err
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("my shopping list\n")
    code, _, err = run(capsys, "list", "--database-url", f"sqlite:///{bogus}", "--profile-dir", str(tmp_path))
    assert code == 1 and str(bogus) in err and "not an Editorial Workstation database" in err
    assert "Traceback" not in err and bogus.read_text() == "my shopping list\n"


def test_database_url_from_profile_setting(tmp_path: Path) -> None:
    (tmp_path / "profile.ini").write_text("[database]\nurl = postgresql://news@db.example/newsroom\n")
    profile = resolve_profile(tmp_path)
    assert profile.database_url == "postgresql+psycopg://news@db.example/newsroom"
    assert not profile.is_embedded
    assert resolve_profile(tmp_path, "sqlite:////x/y.sqlite").sqlite_path == Path("/x/y.sqlite")


def test_a_bug_gives_one_sentence_and_a_log(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kw: object) -> object:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("editor_app.services.story_list.list_stories", broken)
    code, _, err = run(capsys, "list", "--profile-dir", str(tmp_path))
    assert code == 1 and "This is a bug" in err and "Traceback" not in err
    log = (tmp_path / "logs" / "editor-app.log").read_text()
    assert "ZeroDivisionError: boom" in log and "Traceback" in log


def test_a_password_in_the_settings_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "profile.ini").write_text("[database]\nurl = postgresql://news:topsecret@db.example/newsroom\n")
    code, _, err = run(capsys, "list", "--profile-dir", str(tmp_path))
    assert code == 1 and "keyring" in err and "topsecret" not in err
