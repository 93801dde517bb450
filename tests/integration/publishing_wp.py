"""Helpers for publishing tests against the real WordPress: a newsroom with a WordPress target, a backend
factory with tiny retry waits, counting and cleaning up what one test put on the site."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from editor_app.services.actor import Actor
from editor_app.services.publishing.backend import Backend
from editor_app.services.publishing.credentials import Credentials
from editor_app.services.publishing.runner import BackendFactory
from editor_app.services.publishing.targets import TargetInfo, TargetKind, TargetSpec, add_target, password_for
from editor_app.services.publishing.wordpress_backend import WordPressBackend
from editor_app.services.publishing.wordpress_client import RemoteMedia, RemotePost, WordPressClient
from editor_app.services.publishing.wordpress_errors import WordPressError
from editor_app.storage.engine import Database
from tests.integration.wordpress_helpers import FAST_RETRY, WpSite, site_from_env
from tests.publishing_helpers import memory_credentials

logger = logging.getLogger(__name__)


def backend_factory(credentials: Credentials, **client_options: Any) -> BackendFactory:
    """WordPress backends whose clients retry with tiny waits (and e.g. a short timeout)."""
    client_options.setdefault("retry", FAST_RETRY)

    def make(target: TargetInfo) -> Backend:
        def client(url: str, user: str, password: str) -> WordPressClient:
            return WordPressClient(url, user, password, **client_options)

        return WordPressBackend(target, password_for(target, credentials), client_factory=client)

    return make


@dataclass
class WpNewsroom:
    db: Database
    owner: Actor
    credentials: Credentials
    site: WpSite
    target: str = "web"

    def add(self, url: str | None = None, *, name: str = "web", password: str | None = None,
            options: dict[str, Any] | None = None) -> TargetInfo:
        """A WordPress target (the real site, or `url`, e.g. a fault proxy in front of it)."""
        return add_target(self.db, self.owner, TargetSpec(name, TargetKind.WORDPRESS, url=url or self.site.url,
                                                          username=self.site.user, options=options or {}),
                          password=password or self.site.app_password, credentials=self.credentials)

    def factory(self, **client_options: Any) -> BackendFactory:
        return backend_factory(self.credentials, **client_options)


def posts_with(client: WordPressClient, word: str) -> list[RemotePost]:
    """Every post (any status but trash) whose text holds `word`."""
    return client.find_posts(search=word)


def media_with(client: WordPressClient, word: str) -> list[RemoteMedia]:
    return client.find_media(search=word)


class SiteCleanup:
    """Deletes, at the end of a test, every post and photo holding one of the words it was given."""

    def __init__(self, client: WordPressClient) -> None:
        self.client = client
        self.words: list[str] = []

    def track(self, word: str) -> str:
        self.words.append(word)
        return word

    def run(self) -> None:
        for word in self.words:
            try:
                for post in self.client.find_posts(search=word):
                    self.client.delete_post(post.id, force=True)
                for media in self.client.find_media(search=word):
                    self.client.delete_media(media.id)
            except WordPressError as exc:  # pragma: no cover - only reported
                logger.warning("cleanup of %s: %s", word, exc)


@pytest.fixture(scope="module")
def wp_site() -> WpSite:
    return site_from_env()


@pytest.fixture
def site_cleanup(wp_site: WpSite) -> Iterator[SiteCleanup]:
    with wp_site.client() as direct:
        cleanup = SiteCleanup(direct)
        yield cleanup
        cleanup.run()


@pytest.fixture
def wp(newsroom: Database, owner: Actor, wp_site: WpSite) -> WpNewsroom:
    room = WpNewsroom(newsroom, owner, memory_credentials(), wp_site)
    room.add()
    return room
