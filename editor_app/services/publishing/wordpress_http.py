"""HTTP plumbing for the WordPress client: the address rule, REST root discovery, requests with retries.

Retries go through `stamina` (exponential backoff with jitter, bounded attempts and time). Only requests
the caller marks idempotent are retried; a 429's Retry-After replaces the backoff when it fits the policy.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import httpx
import stamina

from editor_app.services.publishing.wordpress_answers import error_from_response, error_from_transport
from editor_app.services.publishing.wordpress_errors import (
    InsecureUrlError,
    NotWordPressError,
    RateLimitedError,
    UnexpectedAnswerError,
    WordPressError,
)

logger = logging.getLogger(__name__)

USER_AGENT = "EditorialWorkstation/0.1 (+WordPress REST client)"
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


@dataclass(frozen=True)
class RetryPolicy:
    """How hard one idempotent request is retried before its error reaches the caller.

    `max_retry_after`: a 429 asking to wait longer than this is not waited for here; the error (with its
    `retry_after`) goes to the caller, whose queue can come back later without holding a thread.
    """

    attempts: int = 4
    timeout: float = 60.0
    wait_initial: float = 0.5
    wait_max: float = 10.0
    wait_jitter: float = 1.0
    max_retry_after: float = 30.0


NO_RETRY = RetryPolicy(attempts=1)


@dataclass(frozen=True)
class RestRoot:
    """Where the REST API answers: `style` "path" is /wp-json/…, "query" is ?rest_route=/… (no pretty permalinks)."""

    url: str
    style: Literal["path", "query"]
    site_name: str
    namespaces: tuple[str, ...] = ()  # the REST namespaces the site offers ("wp/v2", a plugin's own …)


def is_loopback_host(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1: the only hosts plain http:// may go to."""
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_site_url(raw: str) -> httpx.URL:
    """The site's base URL without trailing slash or '/wp-json'; refuses http:// to anything but loopback."""
    text = raw.strip()
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise InsecureUrlError(f"{text!r} is not a web address ({exc}).",
                               hint="Enter the site's address, like https://news.example.org.") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise InsecureUrlError(f"{text!r} is not a web address the app can publish to.",
                               hint="Enter the site's address starting with https://, like https://news.example.org.")
    if url.userinfo:
        raise InsecureUrlError("The site address must not contain a user name or password.",
                               hint="Remove the 'name:password@' part; the app asks for them separately.")
    if url.scheme == "http" and not is_loopback_host(url.host):
        raise InsecureUrlError(
            f"Plain http:// is not allowed to {url.host}: the password would cross the network unencrypted.",
            hint=f"Use https://{url.host}{url.path.rstrip('/')} instead; http:// is only allowed to this computer "
                 "(localhost, 127.0.0.1).")
    path = url.path.rstrip("/")
    for suffix in ("/wp-json", "/wp-admin"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    return url.copy_with(path=path or "", query=None, fragment=None)


class RestSession:
    """One authenticated httpx client bound to a site, its discovered REST root and its retry policy."""

    def __init__(
        self,
        base_url: str,
        user: str,
        app_password: str,
        *,
        timeout: float,
        retry: RetryPolicy,
        transport: httpx.BaseTransport | None,
    ) -> None:
        self.base = normalize_site_url(base_url)
        self.site = str(self.base).rstrip("/")
        self.retry = retry
        self.timeout = timeout
        self._root: RestRoot | None = None
        self._root_lock = threading.Lock()
        self._http = httpx.Client(
            auth=httpx.BasicAuth(user, app_password),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 15.0)),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=False,  # a redirected POST turns into a GET: say so instead
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------------ the REST root
    def root(self) -> RestRoot:
        """The REST root, found once: /wp-json/ first, then ?rest_route=/ for sites without pretty permalinks."""
        with self._root_lock:
            if self._root is None:
                self._root = self._discover()
            return self._root

    def _discover(self) -> RestRoot:
        first_problem = ""
        candidates: tuple[tuple[Literal["path", "query"], str, dict[str, str]], ...] = (
            ("path", f"{self.site}/wp-json/", {}),
            ("query", f"{self.site}/", {"rest_route": "/"}),
        )
        for style, url, params in candidates:
            response = self.send("GET", url, params=params, action="find the REST API", idempotent=True,
                                 accept_status=(200, 404))
            index = _json_or_none(response)
            if response.status_code == 200 and isinstance(index, dict) and "wp/v2" in index.get("namespaces", ()):
                site_name = index.get("name")
                namespaces = tuple(str(n) for n in index.get("namespaces", ()) if isinstance(n, str))
                root = RestRoot(url=str(response.url), style=style,
                                site_name=site_name if isinstance(site_name, str) else "", namespaces=namespaces)
                logger.info("WordPress REST API of %s found at %s", self.site, root.url)
                return root
            if not first_problem:
                first_problem = _why_not_rest(response)
        raise NotWordPressError(
            f"{self.site} does not look like a WordPress site: {first_problem}.",
            hint="Check the address (it should be the site's home page) and that the REST API is not "
                 "disabled by a plugin.")

    def route_url(self, route: str) -> tuple[str, dict[str, str]]:
        """URL and query parameters for a REST route such as 'wp/v2/posts/12'."""
        root = self.root()
        route = route.strip("/")
        if root.style == "path":
            return root.url + route, {}
        return f"{self.site}/", {"rest_route": f"/{route}"}

    # ------------------------------------------------------------------ requests
    def rest(
        self,
        method: str,
        route: str,
        *,
        action: str,
        idempotent: bool,
        params: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        """Send a REST request and return its decoded JSON; errors are `WordPressError`s."""
        url, base_params = self.route_url(route)
        response = self.send(method, url, params={**base_params, **(params or {})}, action=action,
                             idempotent=idempotent, **kwargs)
        body = _json_or_none(response)
        if body is None:
            raise UnexpectedAnswerError(
                f"{self.site} answered with a web page instead of REST data when asked to {action}.",
                hint="A plugin, cache or firewall on the site may be in the way; ask its administrator.",
                status=response.status_code)
        return body

    def send(
        self,
        method: str,
        url: str,
        *,
        action: str,
        idempotent: bool,
        accept_status: tuple[int, ...] = (),
        **kwargs: Any,
    ) -> httpx.Response:
        """Send one request, retried per the policy when idempotent; a 2xx (or an accepted status) comes back."""
        if not idempotent or self.retry.attempts <= 1:
            return self._send_once(method, url, action=action, accept_status=accept_status, **kwargs)
        policy = self.retry
        for attempt in stamina.retry_context(
            on=self._retry_hook, attempts=policy.attempts, timeout=policy.timeout,
            wait_initial=policy.wait_initial, wait_max=policy.wait_max, wait_jitter=policy.wait_jitter,
        ):
            with attempt:
                if attempt.num > 1:
                    logger.info("%s %s: attempt %d of %d", method, url, attempt.num, policy.attempts)
                return self._send_once(method, url, action=action, accept_status=accept_status, **kwargs)
        raise AssertionError("stamina ended without an attempt")  # pragma: no cover

    def _retry_hook(self, exc: Exception) -> bool | float:
        """Retry retryable WordPress errors; a 429 waits its Retry-After when that fits the policy."""
        if not isinstance(exc, WordPressError) or not exc.retryable:
            return False
        if isinstance(exc, RateLimitedError) and exc.retry_after is not None:
            if exc.retry_after > self.retry.max_retry_after:
                return False
            return exc.retry_after
        return True

    def _send_once(self, method: str, url: str, *, action: str, accept_status: tuple[int, ...],
                   **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            error = error_from_transport(exc, site=self.site, host=self.base.host, action=action)
            logger.warning("%s %s failed: %s", method, url, error.message)
            raise error from exc
        logger.debug("%s %s -> %d", method, response.url, response.status_code)
        if response.is_success or response.status_code in accept_status:
            return response
        error = error_from_response(response, site=self.site, action=action)
        logger.warning("%s %s -> HTTP %d %s", method, url, response.status_code, error.code or "")
        raise error


def _json_or_none(response: httpx.Response) -> Any:
    if "json" not in response.headers.get("content-type", ""):
        return None
    try:
        return response.json()
    except (ValueError, json.JSONDecodeError):
        return None


def _why_not_rest(response: httpx.Response) -> str:
    path = response.url.raw_path.decode("ascii", "replace")
    if response.status_code == 404:
        return f"{path} was not found (HTTP 404)"
    if "html" in response.headers.get("content-type", ""):
        return f"{path} answered with a web page, not the WordPress REST API"
    return f"{path} answered without the WordPress REST index (HTTP {response.status_code})"
