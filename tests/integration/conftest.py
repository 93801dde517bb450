"""Fixtures for the integration tests: the real WordPress that scripts/wp-up.sh started (scripts/test.sh does)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import httpx
import pytest

from tests.conftest import skip_or_fail

WP_URL_VAR = "EDITOR_APP_TEST_WP_URL"
WP_USER_VAR = "EDITOR_APP_TEST_WP_USER"
WP_APP_PASSWORD_VAR = "EDITOR_APP_TEST_WP_APP_PASSWORD"


@dataclass(frozen=True)
class WordPressSite:
    """A running WordPress and an admin's Application Password for its REST API (Basic auth)."""

    url: str
    user: str
    app_password: str = field(repr=False)  # never in a test report

    @property
    def auth(self) -> httpx.BasicAuth:
        """Basic auth with the Application Password, for httpx (its repr shows no password)."""
        return httpx.BasicAuth(self.user, self.app_password)


@pytest.fixture(scope="session")
def wordpress() -> WordPressSite:
    """The private WordPress on 127.0.0.1 (scripts/wp-up.sh); skipped without it, failed under CI's demand."""
    values = {name: os.environ.get(name, "") for name in (WP_URL_VAR, WP_USER_VAR, WP_APP_PASSWORD_VAR)}
    missing = [name for name, value in values.items() if not value]
    if missing:
        skip_or_fail(f"WordPress is not running: start it with scripts/wp-up.sh and export {', '.join(missing)}")
    site = WordPressSite(url=values[WP_URL_VAR].rstrip("/"), user=values[WP_USER_VAR],
                         app_password=values[WP_APP_PASSWORD_VAR])
    try:
        httpx.get(f"{site.url}/wp-json/", timeout=10)
    except httpx.TransportError as exc:  # started once, gone since
        skip_or_fail(f"WordPress at {site.url} is unreachable ({exc}): start it with scripts/wp-up.sh")
    return site


# Publishing against the real WordPress: the site, a newsroom with a WordPress target, cleaning up after.
from tests.integration.publishing_wp import site_cleanup, wp, wp_site  # noqa: E402, F401
