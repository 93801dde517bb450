"""Site addresses and the records sent to and read from WordPress (no network involved)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from editor_app.services.publishing.wordpress_errors import InsecureUrlError
from editor_app.services.publishing.wordpress_http import is_loopback_host, normalize_site_url
from editor_app.services.publishing.wordpress_types import PostFields, marker_comment, post_from_json


@pytest.mark.parametrize(("typed", "used"), [
    ("https://news.example.org/", "https://news.example.org"),
    ("  https://news.example.org/wp-json/ ", "https://news.example.org"),
    ("https://example.org/paper/wp-admin/", "https://example.org/paper"),
    ("http://127.0.0.1:8091", "http://127.0.0.1:8091"),
])
def test_site_addresses_are_normalised(typed: str, used: str) -> None:
    assert str(normalize_site_url(typed)).rstrip("/") == used


@pytest.mark.parametrize("typed", ["ftp://news.example.org", "news.example.org", "http://10.0.0.5",
                                   "http://localhost.example.org", "https://"])
def test_bad_or_unsafe_addresses_are_refused(typed: str) -> None:
    with pytest.raises(InsecureUrlError):
        normalize_site_url(typed)


def test_loopback_hosts() -> None:
    assert all(map(is_loopback_host, ["localhost", "127.0.0.1", "127.8.9.10", "::1", "[::1]", "app.localhost"]))
    assert not any(map(is_loopback_host, ["10.0.0.1", "localhost.example.org", "::2", "example.org"]))


def test_post_fields_send_only_what_is_set_with_dates_in_gmt() -> None:
    yerevan = timezone(timedelta(hours=4))
    fields = PostFields(title="T", status="future", date_gmt=datetime(2026, 11, 25, 14, 0, tzinfo=yerevan),
                        tags=(3, 4), terms={"city": [9]}, sticky=False)
    assert fields.to_json() == {"title": "T", "status": "future", "date_gmt": "2026-11-25T10:00:00",
                                "tags": [3, 4], "city": [9], "sticky": False}
    with pytest.raises(ValueError, match="timezone-aware"):
        PostFields(date_gmt=datetime(2026, 11, 25, 14, 0)).to_json()
    with pytest.raises(ValueError, match="clashes"):
        PostFields(terms={"tags": [1]}).to_json()


def test_markers_are_plain_words() -> None:
    assert marker_comment("ea0123456789abcdef") == "<!-- editor-app:create:ea0123456789abcdef -->"
    for bad in ("short", "-ea0123456789", "with space 123", "x" * 65):
        with pytest.raises(ValueError):
            marker_comment(bad)


def test_a_post_read_through_rest_route_keeps_its_custom_taxonomies() -> None:
    post = post_from_json({
        "id": 4, "modified_gmt": "2026-11-25T10:00:00", "date_gmt": "2026-11-25T09:00:00", "status": "draft",
        "title": {"raw": "Raw &amp; title", "rendered": "Rendered"}, "content": {"rendered": "<p>Only rendered</p>"},
        "categories": [1], "tags": [], "city": [7, 8], "featured_media": 0,
        "_links": {"wp:term": [
            {"taxonomy": "category", "href": "http://x/?rest_route=/wp/v2/categories&post=4"},
            {"taxonomy": "post_tag", "href": "http://x/?rest_route=/wp/v2/tags&post=4"},
            {"taxonomy": "city", "href": "http://x/?rest_route=/wp/v2/city&post=4"}]},
    })
    assert (post.title, post.content) == ("Raw &amp; title", "<p>Only rendered</p>")
    assert (post.categories, post.tags, dict(post.terms)) == ((1,), (), {"city": (7, 8)})
    assert post.modified_gmt.tzinfo is not None and post.date_gmt is not None
