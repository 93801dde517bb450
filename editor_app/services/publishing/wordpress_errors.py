"""What can go wrong talking to a WordPress site, as `KnownError`s the user can act on.

Every error says the cause in one plain sentence (`message`) and what to do (`hint`), and carries
`retryable`: True when trying the same request again later may succeed (the network, a 5xx, a 429),
False when it will fail the same way until someone changes something (credentials, permissions, input).
The outbox retries the first kind with backoff and stops on the second, showing the message.

This module does not import httpx, so code that only handles these errors stays light.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from editor_app.domain.errors import KnownError


class WordPressError(KnownError):
    """A request to a WordPress site failed.

    `status` is the HTTP status when the site answered, `code` WordPress's error code
    (`rest_cannot_create`, `term_exists`…) when it sent one, `details` its `data` object and
    `server_message` its own sentence (already part of `message` where it helps).
    """

    retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        status: int | None = None,
        code: str = "",
        details: Mapping[str, Any] | None = None,
        server_message: str = "",
    ) -> None:
        super().__init__(message, hint=hint)
        self.server_message = server_message
        self.status = status
        self.code = code
        self.details: Mapping[str, Any] = details or {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status={self.status!r}, code={self.code!r})"


class InsecureUrlError(WordPressError):
    """The site address is refused before any request: plain http:// to another computer, or a bad URL."""


class BadCredentialsError(WordPressError):
    """HTTP 401: the user name or the Application Password is wrong (or was revoked)."""


class ForbiddenError(WordPressError):
    """HTTP 403: the user is known but may not do this (role too low, or a security plugin)."""


class NotWordPressError(WordPressError):
    """The address does not lead to a WordPress REST API (no /wp-json/, a web page, a redirect)."""


class UnexpectedAnswerError(WordPressError):
    """The site answered, but not with what the WordPress REST API sends (a plugin or proxy in the way)."""


class RemoteNotFoundError(WordPressError):
    """HTTP 404/410 for a given item: the post, photo or term was deleted on the site."""


class RequestRejectedError(WordPressError):
    """Another 4xx: the site refused what was sent (an invalid field, a duplicate); the server says why."""


class TooLargeError(WordPressError):
    """HTTP 413 (or PHP's post size limit): a file is bigger than the site accepts."""


class RateLimitedError(WordPressError):
    """HTTP 429: the site (or its firewall) asks to slow down. `retry_after` is its wait in seconds, if given."""

    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(WordPressError):
    """HTTP 5xx: the site broke while answering; usually temporary.

    `upload_attachment_id` is set when WordPress had already stored an uploaded file before failing
    (header `X-WP-Upload-Attachment-ID`): the upload must be finished, not repeated.
    """

    retryable = True

    def __init__(self, message: str, *, upload_attachment_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.upload_attachment_id = upload_attachment_id


class NetworkError(WordPressError):
    """No answer: connection refused or cut, unknown host, timeout. Retryable."""

    retryable = True


class TlsError(WordPressError):
    """The secure connection failed (certificate expired, self-signed, wrong host). Not retryable."""


class RemoteChangedError(WordPressError):
    """The remote post changed on the site since the app last saw it; overwriting would lose that edit."""
