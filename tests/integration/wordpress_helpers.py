"""Helpers for the tests against the real WordPress: the site from the environment, real JPEGs,
a throw-away user with a lower role, a self-signed TLS context, and cleaning up what a test created.

The site comes from EDITOR_APP_TEST_WP_URL / _USER / _APP_PASSWORD (scripts/wp-up.sh prints them).
"""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
import logging
import os
import random
import ssl
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from PIL import Image

from editor_app.services.publishing.wordpress_client import RetryPolicy, WordPressClient
from editor_app.services.publishing.wordpress_errors import WordPressError
from tests.conftest import skip_or_fail

logger = logging.getLogger(__name__)

# Tiny waits so that retries are exercised without slowing the suite.
FAST_RETRY = RetryPolicy(attempts=3, timeout=20.0, wait_initial=0.01, wait_max=0.05, wait_jitter=0.01,
                         max_retry_after=2.0)


@dataclass(frozen=True)
class WpSite:
    url: str
    user: str
    app_password: str = field(repr=False)

    def client(self, url: str | None = None, **kwargs: object) -> WordPressClient:
        """A client for this site (or for `url`, e.g. a fault proxy in front of it) with tiny retry waits."""
        kwargs.setdefault("retry", FAST_RETRY)
        return WordPressClient(url or self.url, self.user, self.app_password, **kwargs)  # type: ignore[arg-type]


def site_from_env() -> WpSite:
    """The test WordPress, or a skip (a failure under EDITOR_APP_REQUIRE_INTEGRATION=1) when it is not set up."""
    url = os.environ.get("EDITOR_APP_TEST_WP_URL", "")
    user = os.environ.get("EDITOR_APP_TEST_WP_USER", "")
    password = os.environ.get("EDITOR_APP_TEST_WP_APP_PASSWORD", "")
    if not (url and user and password):
        skip_or_fail("WordPress is not running: start it with scripts/wp-up.sh and export EDITOR_APP_TEST_WP_URL, "
                     "EDITOR_APP_TEST_WP_USER and EDITOR_APP_TEST_WP_APP_PASSWORD")
    return WpSite(url.rstrip("/"), user, password)


def token() -> str:
    """A word no other post or photo contains, to find and count what one test made."""
    return "t" + uuid.uuid4().hex[:16]


def jpeg_bytes(width: int = 640, height: int = 480, *, noise: bool = False) -> bytes:
    """A real JPEG made with Pillow; with noise it barely compresses (big enough to cut an upload midway)."""
    if noise:
        rng = random.Random(width * height)
        image = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    else:
        image = Image.new("RGB", (width, height), (180, 40, 40))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@contextmanager
def temporary_user(site: WpSite, role: str) -> Iterator[WpSite]:
    """A new user with `role` and an Application Password, deleted afterwards (its posts go to the admin)."""
    name = f"{role}-{uuid.uuid4().hex[:8]}"
    with httpx.Client(base_url=f"{site.url}/wp-json/wp/v2", auth=(site.user, site.app_password),
                      timeout=30) as admin:
        me = admin.get("/users/me").raise_for_status().json()
        user = admin.post("/users", json={"username": name, "email": f"{name}@example.test", "roles": [role],
                                           "password": uuid.uuid4().hex}).raise_for_status().json()
        try:
            created = admin.post(f"/users/{user['id']}/application-passwords", json={"name": "tests"})
            yield WpSite(site.url, name, created.raise_for_status().json()["password"])
        finally:
            admin.delete(f"/users/{user['id']}", params={"force": "true", "reassign": me["id"]})


def self_signed_tls(folder: Path) -> ssl.SSLContext:
    """A server TLS context with a self-signed certificate for 127.0.0.1 (which no client trusts)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


class Cleanup:
    """Posts and photos a test created, deleted for good at the end (failures there are only reported)."""

    def __init__(self, client: WordPressClient) -> None:
        self.client = client
        self.posts: list[int] = []
        self.media: list[int] = []

    def run(self) -> None:
        for post_id in self.posts:
            try:
                self.client.delete_post(post_id, force=True)
            except WordPressError as exc:
                logger.warning("cleanup: post %d: %s", post_id, exc)
        for media_id in self.media:
            try:
                self.client.delete_media(media_id)
            except WordPressError as exc:
                logger.warning("cleanup: media %d: %s", media_id, exc)
