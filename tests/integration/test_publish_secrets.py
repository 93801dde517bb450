"""The Application Password never lands in the profile folder, the database or the logs — after a real publish
to WordPress with everything logged down to DEBUG, and through the command line without a keyring."""

from __future__ import annotations

import base64
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from editor_app.logs import configure_logging
from editor_app.services import users
from editor_app.services.publishing.credentials import Credentials, KeyringStore
from editor_app.services.publishing.outbox import JobState
from editor_app.services.publishing.targets import TargetKind, TargetSpec, add_target, check_target
from editor_app.storage.open import open_database
from editor_app.storage.profile import resolve_profile
from tests.conftest import fill_small_newsroom
from tests.integration.publishing_wp import SiteCleanup, backend_factory
from tests.integration.wordpress_helpers import WpSite
from tests.publishing_helpers import DictKeyring, full_story, installed_keyring, publish, token


def forms_of(site: WpSite) -> list[bytes]:
    """The password as bytes, without its spaces, and inside a Basic auth header."""
    secret = site.app_password
    basic = base64.b64encode(f"{site.user}:{secret}".encode())
    return [secret.encode(), secret.replace(" ", "").encode(), basic, secret.encode("utf-16-le")]


def files_holding_a_secret(folder: Path, forms: list[bytes]) -> list[str]:
    return [str(path) for path in folder.rglob("*") if path.is_file()
            and any(form in path.read_bytes() for form in forms)]


@pytest.fixture
def os_keyring() -> Iterator[DictKeyring]:
    with installed_keyring() as backend:
        yield backend


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    """Everything, httpx and httpcore included, logged at DEBUG into the profile's log file."""
    profile = tmp_path / "profile"
    root = logging.getLogger()
    level = root.level
    configure_logging(profile)
    handlers = [h for h in root.handlers if isinstance(h, logging.FileHandler)]
    for handler in handlers:
        handler.setLevel(logging.DEBUG)
    root.setLevel(logging.DEBUG)
    yield profile
    root.setLevel(level)
    for handler in handlers:
        handler.setLevel(logging.INFO)


def test_a_publish_keeps_the_password_in_the_keyring_only(wp_site: WpSite, os_keyring: DictKeyring,
                                                          debug_log: Path, site_cleanup: SiteCleanup) -> None:
    db = open_database(resolve_profile(debug_log))
    try:
        fill_small_newsroom(db)
        owner = users.profile_owner(db)
        credentials = Credentials(KeyringStore())
        add_target(db, owner, TargetSpec("web", TargetKind.WORDPRESS, url=wp_site.url, username=wp_site.user),
                   password=wp_site.app_password, credentials=credentials)
        add_target(db, owner, TargetSpec("wrong", TargetKind.WORDPRESS, url=f"{wp_site.url}/", username="nobody"),
                   password=wp_site.app_password, credentials=credentials)
        assert check_target(db, owner, "web", credentials=credentials).ok
        assert not check_target(db, owner, "wrong", credentials=credentials).ok  # an error path, logged too
        word = site_cleanup.track(token())
        job = publish(db, owner, full_story(db, owner, word=word), "web", credentials,
                      backend_factory=backend_factory(credentials))
        assert job.state is JobState.DONE
    finally:
        db.dispose()

    assert list(os_keyring.items.values()) == [wp_site.app_password] * 2
    log = debug_log / "logs" / "editor-app.log"
    assert "HTTP Request: POST" in log.read_text(encoding="utf-8")  # httpx did log at DEBUG/INFO
    assert (debug_log / "newsroom.sqlite").is_file()
    assert files_holding_a_secret(debug_log, forms_of(wp_site)) == []


def test_the_command_line_without_a_keyring_takes_the_password_for_one_command(wp_site: WpSite, tmp_path: Path,
                                                                               site_cleanup: SiteCleanup) -> None:
    profile = tmp_path / "profile"
    db = open_database(resolve_profile(profile))
    fill_small_newsroom(db)
    word = site_cleanup.track(token())
    story_id = full_story(db, users.profile_owner(db), word=word)
    db.dispose()
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}

    def cli(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "editor_app", *argv, "--profile-dir", str(profile)],
                              input=stdin, capture_output=True, text=True, env=env, timeout=120, check=False)

    added = cli("targets", "add", "web", "--kind", "wordpress", "--url", wp_site.url, "--user", wp_site.user,
                "--password-stdin", stdin=wp_site.app_password + "\n")
    assert added.returncode == 0 and "no secure keyring" in added.stderr
    refused = cli("publish", str(story_id), "--target", "web")
    assert refused.returncode == 1 and "There is no Application Password for “web”" in refused.stderr
    done = cli("publish", str(story_id), "--target", "web", "--password-stdin", stdin=wp_site.app_password + "\n")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["state"] == "done"

    outputs = [added, refused, done]
    assert all(form.decode(errors="ignore") not in run.stdout + run.stderr for run in outputs
               for form in forms_of(wp_site)[:3])
    assert files_holding_a_secret(profile, forms_of(wp_site)) == []
