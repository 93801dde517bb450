"""Turn what a WordPress site answered (or why it did not) into a `WordPressError` with a plain sentence.

`action` is what the app was doing, as the end of "when asked to …": "create the post",
"upload the photo 'x.jpg'". `site` is the address as the user typed it, without credentials.
"""

from __future__ import annotations

import html
import re
import socket
import ssl
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from editor_app.services.publishing.wordpress_errors import (
    BadCredentialsError,
    ForbiddenError,
    NetworkError,
    NotWordPressError,
    RateLimitedError,
    RemoteNotFoundError,
    RequestRejectedError,
    ServerError,
    TlsError,
    TooLargeError,
    WordPressError,
)

_SERVER_MESSAGE_LIMIT = 300
# WordPress answers an upload whose body PHP threw away (bigger than post_max_size) with these codes.
_BODY_DROPPED_CODES = frozenset({"rest_upload_no_content_disposition", "rest_upload_no_data"})
_RETRY_LATER = "This is usually temporary and the app will try again."


def server_error_body(response: httpx.Response) -> tuple[str, str, Mapping[str, Any]]:
    """WordPress's (code, message, data) from an error answer; empty when the body is not its JSON."""
    try:
        body = response.json()
    except ValueError:
        return "", "", {}
    if not isinstance(body, dict):
        return "", "", {}
    code = body.get("code")
    message = body.get("message")
    data = body.get("data")
    return (
        code if isinstance(code, str) else "",
        plain_text(message) if isinstance(message, str) else "",
        data if isinstance(data, dict) else {},
    )


def plain_text(markup: str) -> str:
    """A server message without tags or entities, on one line, cut to a readable length."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
    if len(text) > _SERVER_MESSAGE_LIMIT:
        text = text[: _SERVER_MESSAGE_LIMIT - 1].rstrip() + "…"
    return text


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def error_from_response(response: httpx.Response, *, site: str, action: str) -> WordPressError:
    """The error for a non-2xx answer, with the server's own message where it gave one."""
    status = response.status_code
    code, said, data = server_error_body(response)
    facts: dict[str, Any] = {"status": status, "code": code, "details": data, "server_message": said}
    with_reason = f": {said.rstrip('.')}" if said else f" (HTTP {status})"
    if 300 <= status < 400:
        location = response.headers.get("location", "another address")
        return NotWordPressError(
            f"{site} redirected the app to {location} when asked to {action}.",
            hint="Enter the address it redirects to (often https:// or www.) as the site address.", **facts)
    if status == 401:
        return BadCredentialsError(
            f"{site} refused the user name or Application Password (HTTP 401) when asked to {action}.",
            hint="Check the user name, or create a new Application Password in WordPress (Users → Profile) "
                 "and enter it again.", **facts)
    if status == 403:
        return ForbiddenError(
            f"{site} does not allow this user to {action}{with_reason}.",
            hint="Ask the site's administrator for a role that may do this (Editor or Administrator), "
                 "or to let the app through the site's security settings.", **facts)
    if status == 413 or code in _BODY_DROPPED_CODES:
        return TooLargeError(
            f"{site} refused to {action}: the request is larger than the site accepts{with_reason}.",
            hint="Send a smaller file, or ask the site's administrator to raise the upload limit "
                 "(PHP upload_max_filesize and post_max_size, or the web server's body size limit).", **facts)
    if status == 429:
        wait = retry_after_seconds(response.headers.get("retry-after"))
        hint = f"The app waits {wait:.0f} s and tries again." if wait is not None else "The app will try again later."
        return RateLimitedError(
            f"{site} asked the app to slow down (HTTP 429) when asked to {action}.",
            hint=hint, retry_after=wait, **facts)
    if code == "rest_no_route":
        return RequestRejectedError(
            f"{site} has no REST endpoint to {action} ({said.rstrip('.') or 'rest_no_route'}).",
            hint="Update WordPress, or check that the plugin that provides it is active.", **facts)
    if status in (404, 410):
        if not code:
            return NotWordPressError(
                f"{site} answered 'not found' (HTTP {status}) when asked to {action}.",
                hint="Check the site address: it should be the WordPress home page.", **facts)
        return RemoteNotFoundError(
            f"{site} no longer has what the app tried to {action}{with_reason}.",
            hint="It was probably deleted on the site; publishing again creates it anew.", **facts)
    if status >= 500:
        if code == "rest_upload_unknown_error":  # PHP refused the file (size limit, disk): retrying won't help
            return RequestRejectedError(
                f"{site} could not store the file when asked to {action}{with_reason}.",
                hint="Send a smaller file, or ask the site's administrator to check the upload settings.",
                **facts)
        attachment = response.headers.get("x-wp-upload-attachment-id", "")
        return ServerError(
            f"{site} failed with a server error (HTTP {status}) when asked to {action}"
            f"{': ' + said.rstrip('.') if said else ''}.",
            hint=f"{_RETRY_LATER} If it persists, the site's administrator should check the server's error log.",
            upload_attachment_id=int(attachment) if attachment.isdigit() else None, **facts)
    return RequestRejectedError(
        f"{site} refused to {action}{with_reason}.",
        hint="Correct what the message names and try again.", **facts)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def error_from_transport(exc: httpx.TransportError, *, site: str, host: str, action: str) -> WordPressError:
    """The error for a request that got no answer: refused, cut, timed out, unknown host, TLS failure."""
    causes = list(_chain(exc))
    tls = next((c for c in causes if isinstance(c, ssl.SSLError)), None)
    if tls is not None:
        reason = getattr(tls, "verify_message", "") or getattr(tls, "reason", "") or str(tls)
        if isinstance(tls, ssl.SSLCertVerificationError):
            what = f"its certificate could not be verified ({reason})"
        else:
            what = f"the secure connection failed ({reason}); the server may not speak https on that port"
        return TlsError(
            f"Could not connect securely to {site}: {what}.",
            hint="The site's administrator must fix its certificate. Plain http:// is allowed only to "
                 "this computer (localhost), never to a site on the network.")
    if isinstance(exc, httpx.ConnectTimeout):
        return NetworkError(f"Could not connect to {site} in time when asked to {action}.",
                            hint="Check the internet connection and the site address; the app will try again.")
    if isinstance(exc, httpx.TimeoutException):
        return NetworkError(f"{site} did not answer in time when asked to {action}.",
                            hint=f"The site may be overloaded. {_RETRY_LATER}")
    if any(isinstance(c, socket.gaierror) for c in causes):
        return NetworkError(f"The host name {host!r} could not be found when asked to {action}.",
                            hint="Check the site address for typos and that this computer is online; "
                                 "the app will try again.")
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return NetworkError(f"{site} refused the connection when asked to {action}.",
                            hint="Check the site address and port, and that the site is up; the app will try again.")
    if isinstance(exc, httpx.ConnectError):
        return NetworkError(f"Could not connect to {site} when asked to {action} ({exc}).",
                            hint="Check the internet connection and the site address; the app will try again.")
    return NetworkError(f"The connection to {site} was cut when asked to {action}.",
                        hint=_RETRY_LATER)
