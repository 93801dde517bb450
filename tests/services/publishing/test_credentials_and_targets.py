"""Where passwords live (the OS keyring through `keyring`, or this session only) and managing targets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from editor_app.domain.errors import ConflictError, PermissionDeniedError, ValidationError
from editor_app.domain.workflow import Role
from editor_app.services import users
from editor_app.services.actor import Actor
from editor_app.services.publishing.credentials import (
    SERVICE,
    Credentials,
    KeyringStore,
    KeyringUnavailableError,
    MemoryStore,
    Storage,
    account_for,
    keyring_status,
)
from editor_app.services.publishing.targets import (
    TargetKind,
    TargetSpec,
    add_target,
    check_target,
    edit_target,
    get_target,
    list_targets,
    remove_target,
)
from editor_app.services.publishing.wordpress_errors import InsecureUrlError
from editor_app.storage.engine import Database
from tests.publishing_helpers import DictKeyring, installed_keyring

SECRET = "abcd EFGH 1234 ijkl MNOP 5678"


@pytest.fixture
def os_keyring() -> Iterator[DictKeyring]:
    with installed_keyring() as backend:
        yield backend


class EmptyChainer(chainer.ChainerBackend):
    """keyring's chainer on a system where it found no backend to chain."""

    backends = []  # noqa: RUF012


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), EmptyChainer()])
def test_no_secure_keyring_is_said_plainly(backend: KeyringBackend) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        status = keyring_status()
    finally:
        keyring.set_keyring(previous)
    assert not status.secure and "kept for this session only" in status.explanation


def test_a_secure_keyring_keeps_the_password_and_the_session_does_not(os_keyring: DictKeyring) -> None:
    assert keyring_status().secure
    creds = Credentials(KeyringStore())
    assert creds.store("https://news.example.org", "ed", SECRET) is Storage.KEYRING
    assert os_keyring.items == {(SERVICE, account_for("https://news.example.org", "ed")): SECRET}
    assert creds.lookup("https://news.example.org", "ed") == (SECRET, Storage.KEYRING)
    creds.forget("https://news.example.org", "ed")
    assert os_keyring.items == {} and creds.lookup("https://news.example.org", "ed") == (None, Storage.NONE)


def test_without_a_keyring_the_password_lasts_this_session_only() -> None:
    creds = Credentials(None)
    assert creds.store("https://news.example.org", "ed", SECRET) is Storage.SESSION
    assert creds.lookup("https://news.example.org", "ed") == (SECRET, Storage.SESSION)
    assert Credentials(None).lookup("https://news.example.org", "ed") == (None, Storage.NONE)  # a new session


def test_the_keyring_is_read_once_per_session(os_keyring: DictKeyring) -> None:
    os_keyring.items[(SERVICE, account_for("https://news.example.org", "ed"))] = SECRET
    creds = Credentials(KeyringStore())
    assert [creds.lookup("https://news.example.org", "ed")[0] for _ in range(3)] == [SECRET] * 3
    assert os_keyring.reads == 1  # the queue looks every 15 s: a locked keyring must not ask each time


def test_a_locked_keyring_is_a_plain_error(os_keyring: DictKeyring) -> None:
    os_keyring.locked = True
    with pytest.raises(KeyringUnavailableError, match="could not be read"):
        Credentials(KeyringStore()).lookup("https://news.example.org", "ed")


def test_an_empty_password_is_refused() -> None:
    with pytest.raises(Exception, match="Application Password is empty"):
        Credentials(MemoryStore()).store("https://x.example", "ed", "")


# ---------------------------------------------------------------------------------------------- targets
def test_add_list_edit_and_remove_a_local_target(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    added = add_target(newsroom, owner, TargetSpec("  Local   site ", TargetKind.LOCAL, path=str(tmp_path / "s")))
    assert added.name == "Local site" and added.path == str((tmp_path / "s").resolve())
    assert [t.name for t in list_targets(newsroom, owner)] == ["Local site"]

    with pytest.raises(ValidationError, match="already a publishing target named"):
        add_target(newsroom, owner, TargetSpec("Local site", TargetKind.LOCAL, path=str(tmp_path / "t")))
    edited = edit_target(newsroom, owner, "Local site", added.version,
                         TargetSpec("site", TargetKind.LOCAL, path=str(tmp_path / "t")))
    assert (edited.name, edited.path, edited.version) == ("site", str(tmp_path / "t"), added.version + 1)
    with pytest.raises(ConflictError, match="changed by someone else"):
        edit_target(newsroom, owner, "site", added.version, TargetSpec("x", TargetKind.LOCAL, path="/tmp/x"))
    remove_target(newsroom, owner, "site")
    assert list_targets(newsroom, owner) == []


def test_only_admins_manage_targets_but_everyone_sees_them(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    users.add_user(newsroom, owner, "ed", "Ed Editor", Role.EDITOR)
    editor = users.actor_for(newsroom, "ed")
    with pytest.raises(PermissionDeniedError, match="may not manage publishing targets"):
        add_target(newsroom, editor, TargetSpec("site", TargetKind.LOCAL, path=str(tmp_path)))
    add_target(newsroom, owner, TargetSpec("site", TargetKind.LOCAL, path=str(tmp_path / "s")))
    assert [t.name for t in list_targets(newsroom, editor)] == ["site"]


@pytest.mark.parametrize(("url", "message"), [
    ("http://news.example.org", "Plain http:// is not allowed to news.example.org"),
    ("ftp://news.example.org", "is not a web address the app can publish to"),
    ("https://ed:pw@news.example.org", "must not contain a user name or password"),
])
def test_a_wordpress_address_the_app_will_not_use_is_refused(newsroom: Database, owner: Actor, url: str,
                                                             message: str) -> None:
    with pytest.raises(InsecureUrlError, match=message):
        add_target(newsroom, owner, TargetSpec("web", TargetKind.WORDPRESS, url=url, username="ed"))
    assert list_targets(newsroom, owner) == []


def test_a_wordpress_target_keeps_its_password_out_of_the_database(newsroom: Database, owner: Actor,
                                                                   profile_dir: Path) -> None:
    creds = Credentials(MemoryStore())
    target = add_target(newsroom, owner, TargetSpec("web", TargetKind.WORDPRESS, url="https://news.example.org/wp-json/",
                                                    username="ed"), password=SECRET, credentials=creds)
    assert target.url == "https://news.example.org" and target.password is Storage.KEYRING
    newsroom.dispose()  # flush the WAL into the file before reading its bytes
    for file in profile_dir.rglob("*"):
        if file.is_file():
            assert SECRET.encode() not in file.read_bytes(), file


@pytest.fixture
def profile_dir(newsroom: Database) -> Path:
    from editor_app.storage.profile import Profile

    url = newsroom.url
    return Profile(dir=Path(url.removeprefix("sqlite:///")).parent, database_url=url).dir


def test_a_new_address_takes_the_stored_password_along(newsroom: Database, owner: Actor) -> None:
    creds = Credentials(MemoryStore())
    added = add_target(newsroom, owner, TargetSpec("web", TargetKind.WORDPRESS, url="https://old.example.org",
                                                   username="ed"), password=SECRET, credentials=creds)
    moved = TargetSpec("web", TargetKind.WORDPRESS, url="https://new.example.org", username="ed")
    edit_target(newsroom, owner, "web", added.version, moved, credentials=creds)
    assert creds.lookup("https://new.example.org", "ed")[0] == SECRET
    assert creds.lookup("https://old.example.org", "ed")[0] is None
    assert get_target(newsroom, owner, "web", credentials=creds).password is Storage.KEYRING


def test_checking_a_local_target(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    add_target(newsroom, owner, TargetSpec("fresh", TargetKind.LOCAL, path=str(tmp_path / "new" / "site")))
    report = check_target(newsroom, owner, "fresh")
    assert report.ok and "can be written to" in report.summary

    busy = tmp_path / "documents"
    busy.mkdir()
    (busy / "letter.txt").write_text("keep me")
    add_target(newsroom, owner, TargetSpec("busy", TargetKind.LOCAL, path=str(busy)))
    report = check_target(newsroom, owner, "busy")
    assert not report.ok and "already holds other files" in report.summary


def test_checking_a_wordpress_target_without_its_password_says_how_to_give_it(newsroom: Database,
                                                                             owner: Actor) -> None:
    creds = Credentials(None)
    add_target(newsroom, owner, TargetSpec("web", TargetKind.WORDPRESS, url="https://news.example.org",
                                           username="ed"), credentials=creds)
    report = check_target(newsroom, owner, "web", credentials=creds)
    assert not report.ok and "no Application Password" in report.summary and "--password-stdin" in report.details[0]
