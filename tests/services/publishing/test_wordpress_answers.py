"""How answers a real WordPress test site cannot produce on demand become errors (no network involved)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from editor_app.services.publishing.wordpress_answers import error_from_response, retry_after_seconds
from editor_app.services.publishing.wordpress_errors import (
    ForbiddenError,
    NotWordPressError,
    RateLimitedError,
    RemoteNotFoundError,
    RequestRejectedError,
    ServerError,
    TooLargeError,
    WordPressError,
)

SITE = "https://news.example.org"


def answer(status: int, body: object = None, headers: dict[str, str] | None = None) -> WordPressError:
    request = httpx.Request("POST", f"{SITE}/wp-json/wp/v2/media")
    if isinstance(body, dict):
        response = httpx.Response(status, json=body, headers=headers, request=request)
    else:
        response = httpx.Response(status, text=str(body or ""), headers={"Content-Type": "text/html",
                                                                         **(headers or {})}, request=request)
    return error_from_response(response, site=SITE, action="upload the file 'a.jpg'")


def wp_error(code: str, message: str, status: int, **data: object) -> dict[str, object]:
    return {"code": code, "message": message, "data": {"status": status, **data}}


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 11, 25, 10, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Wed, 25 Nov 2026 10:00:30 GMT", now=now) == 30
    assert retry_after_seconds("Wed, 25 Nov 2026 09:00:00 GMT", now=now) == 0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_php_throwing_the_body_away_is_too_large_not_a_puzzling_400() -> None:
    error = answer(400, wp_error("rest_upload_no_content_disposition", "No Content-Disposition supplied.", 400))
    assert isinstance(error, TooLargeError)
    assert not error.retryable
    assert "post_max_size" in error.hint


def test_a_web_server_413_page_is_too_large_with_no_html_in_the_message() -> None:
    error = answer(413, "<html><body><h1>413 Request Entity Too Large</h1><hr>nginx</body></html>")
    assert isinstance(error, TooLargeError)
    assert "<" not in error.message and "(HTTP 413)" in error.message


def test_a_500_from_a_refused_upload_is_not_retried() -> None:
    error = answer(500, wp_error("rest_upload_unknown_error",
                                 "The uploaded file exceeds the upload_max_filesize directive in php.ini.", 500))
    assert isinstance(error, RequestRejectedError)
    assert not error.retryable
    assert "upload_max_filesize" in error.message


def test_a_5xx_carries_the_attachment_wordpress_already_stored() -> None:
    error = answer(502, "<h1>Bad gateway</h1>", {"X-WP-Upload-Attachment-ID": "77"})
    assert isinstance(error, ServerError)
    assert (error.retryable, error.upload_attachment_id) == (True, 77)


def test_a_403_tells_the_servers_reason_and_whom_to_ask() -> None:
    error = answer(403, wp_error("rest_cannot_create", "Sorry, you are not allowed to <b>upload</b> files.", 403))
    assert isinstance(error, ForbiddenError)
    assert error.message == (f"{SITE} does not allow this user to upload the file 'a.jpg': "
                             "Sorry, you are not allowed to upload files.")
    assert "administrator" in error.hint


def test_a_429_keeps_its_wait() -> None:
    error = answer(429, "", {"Retry-After": "7"})
    assert isinstance(error, RateLimitedError)
    assert (error.retryable, error.retry_after) == (True, 7)
    assert "7 s" in error.hint


@pytest.mark.parametrize(("status", "body", "kind"), [
    (301, "", NotWordPressError),
    (404, "<h1>Not Found</h1>", NotWordPressError),
    (404, wp_error("rest_post_invalid_id", "Invalid post ID.", 404), RemoteNotFoundError),
    (404, wp_error("rest_no_route", "No route was found matching the URL and request method.", 404),
     RequestRejectedError),
    (400, wp_error("rest_invalid_param", "Invalid parameter(s): status", 400), RequestRejectedError),
])
def test_other_answers_stop_with_the_right_error(status: int, body: object, kind: type[WordPressError]) -> None:
    error = answer(status, body, {"Location": "https://www.news.example.org/wp-json/wp/v2/media"})
    assert type(error) is kind
    assert not error.retryable
    assert error.message.startswith(SITE)
