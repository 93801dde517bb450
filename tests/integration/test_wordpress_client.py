"""The WordPress REST client against a real WordPress (scripts/wp-up.sh): connection, terms, photos, posts.

Faults (dropped uploads, 5xx, 413, timeouts) are in test_wordpress_faults.py.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from editor_app.domain.errors import ValidationError
from editor_app.services.publishing.wordpress_client import PostFields, WordPressClient, new_marker
from editor_app.services.publishing.wordpress_errors import (
    BadCredentialsError,
    ForbiddenError,
    InsecureUrlError,
    NetworkError,
    NotWordPressError,
    RemoteChangedError,
    RemoteNotFoundError,
    TlsError,
)
from editor_app.services.publishing.wordpress_http import NO_RETRY
from tests.integration.faultproxy import FaultProxy
from tests.integration.tiny_http import Answer, TinyServer
from tests.integration.wordpress_helpers import (
    Cleanup,
    WpSite,
    jpeg_bytes,
    self_signed_tls,
    site_from_env,
    temporary_user,
    token,
)

HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture(scope="module")
def wp_site() -> WpSite:
    return site_from_env()


@pytest.fixture
def client(wp_site: WpSite) -> Iterator[WordPressClient]:
    with wp_site.client() as wp:
        yield wp


@pytest.fixture
def cleanup(client: WordPressClient) -> Iterator[Cleanup]:
    tracker = Cleanup(client)
    yield tracker
    tracker.run()


# ---------------------------------------------------------------------- connection and addresses
def test_check_connection_names_the_user_and_what_they_may_do(client: WordPressClient) -> None:
    report = client.check_connection()
    assert report.user_id > 0
    assert report.user_name
    assert report.can_publish and report.can_upload
    assert report.site_name
    assert report.rest_url == f"{client.site}/wp-json/"


def test_a_contributor_may_not_publish_and_is_told_so(wp_site: WpSite, cleanup: Cleanup) -> None:
    with temporary_user(wp_site, "contributor") as contributor, contributor.client() as wp:
        report = wp.check_connection()
        assert report.user_name.startswith("contributor-")
        assert not report.can_publish
        with pytest.raises(ForbiddenError) as caught:
            wp.create_post(PostFields(title="Not allowed", status="publish"))
        assert caught.value.status == 403
        assert not caught.value.retryable
        assert caught.value.server_message  # WordPress's own sentence reaches the user
        assert caught.value.server_message in str(caught.value)


def test_wrong_password_is_bad_credentials_and_never_shows_the_password(
        wp_site: WpSite, caplog: pytest.LogCaptureFixture) -> None:
    wrong_password = "abcd EFGH ijkl MNOP qrst UVWX"
    caplog.set_level(logging.DEBUG)
    with WordPressClient(wp_site.url, wp_site.user, wrong_password, retry=NO_RETRY) as wp:
        with pytest.raises(BadCredentialsError) as caught:
            wp.check_connection()
        shown = " ".join([str(caught.value), repr(caught.value), caught.value.hint, repr(wp), caplog.text])
    assert caught.value.status == 401
    assert not caught.value.retryable
    assert "Application Password" in caught.value.hint
    secret_forms = [wrong_password, wrong_password.replace(" ", ""),
                    base64.b64encode(f"{wp_site.user}:{wrong_password}".encode()).decode()]
    assert not [form for form in secret_forms if form in shown]


def test_the_real_password_stays_out_of_errors_and_logs(wp_site: WpSite, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    shown: list[str] = []
    with FaultProxy(wp_site.url) as proxy, wp_site.client(proxy.url) as wp:
        wp.check_connection()
        proxy.respond(500, path="/wp-json/wp/v2/posts", times=None)
        for failing in (lambda: wp.find_posts(search="x"), lambda: wp.create_post(PostFields(title="x"))):
            with pytest.raises(Exception) as caught:
                failing()
            shown += [str(caught.value), repr(caught.value), repr(caught.value.__cause__)]
        shown.append(repr(wp))
    shown.append(caplog.text)
    text = "\n".join(shown)
    assert "HTTP 500" in text
    basic = base64.b64encode(f"{wp_site.user}:{wp_site.app_password}".encode()).decode()
    assert wp_site.app_password not in text
    assert basic not in text


def test_plain_http_to_another_computer_is_refused_before_any_request() -> None:
    requests: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200)

    spy = httpx.MockTransport(record)
    for address in ("http://news.example.org", "http://192.168.1.20/blog", "http://[2001:db8::1]/"):
        with pytest.raises(InsecureUrlError) as caught:
            WordPressClient(address, "anna", "secret words", transport=spy)
        assert "http://" in caught.value.message and "https://" in caught.value.hint
    with pytest.raises(InsecureUrlError):
        WordPressClient("https://anna:secret@news.example.org", "anna", "secret words", transport=spy)
    assert requests == []
    for loopback in ("http://localhost:8080", "http://127.0.0.5", "http://[::1]:9000/wp/"):
        WordPressClient(loopback, "anna", "secret words", transport=spy).close()


def test_a_web_page_that_is_not_wordpress_is_told_apart() -> None:
    def html_site(method: str, path: str, body: bytes) -> Answer:
        return 200, HTML, b"<html><body>Bakery of the week</body></html>"

    with (TinyServer(html_site) as server, WordPressClient(server.url, "anna", "pw", retry=NO_RETRY) as wp,
          pytest.raises(NotWordPressError) as caught):
        wp.check_connection()
    assert server.url in caught.value.message
    assert "web page" in caught.value.message
    assert [r.path for r in server.received] == ["/wp-json/", "/?rest_route=%2F"]


def test_a_site_whose_wp_json_is_missing_is_not_wordpress() -> None:
    def no_rest(method: str, path: str, body: bytes) -> Answer:
        return (404, HTML, b"<h1>Not Found</h1>") if path.startswith("/wp-json") else (200, HTML, b"<p>home</p>")

    with (TinyServer(no_rest) as server, WordPressClient(server.url, "anna", "pw", retry=NO_RETRY) as wp,
          pytest.raises(NotWordPressError) as caught):
        wp.check_connection()
    assert "/wp-json/ was not found (HTTP 404)" in caught.value.message
    assert not caught.value.retryable


def test_without_pretty_permalinks_the_rest_route_parameter_is_used(wp_site: WpSite, cleanup: Cleanup) -> None:
    with FaultProxy(wp_site.url) as proxy, wp_site.client(proxy.url) as wp:
        proxy.respond(404, path="/wp-json/", times=None, body=b"<h1>Not Found</h1>")
        report = wp.check_connection()
        assert report.rest_url == f"{proxy.url}/?rest_route=/"
        tag = wp.ensure_term("tags", f"Query style {token()}")
        post = wp.create_post(PostFields(title="Through rest_route", content="<p>Hi</p>", tags=[tag]))
        cleanup.posts.append(post.id)
        assert wp.get_post(post.id).tags == (tag,)
        assert proxy.count("/wp-json/") == 1  # asked once, then never again
        assert proxy.count("/") > 4


def test_an_unknown_host_is_a_network_error() -> None:
    with (WordPressClient("https://no-such-host.invalid", "anna", "pw", retry=NO_RETRY) as wp,
          pytest.raises(NetworkError) as caught):
        wp.check_connection()
    assert "no-such-host.invalid" in caught.value.message
    assert caught.value.retryable


def test_a_closed_port_is_a_retryable_network_error() -> None:
    with TinyServer(lambda m, p, b: (200, HTML, b"")) as server:
        address = server.url  # nothing listens there once the server is gone
    with WordPressClient(address, "anna", "pw", retry=NO_RETRY) as wp, pytest.raises(NetworkError) as caught:
        wp.check_connection()
    assert "refused the connection" in caught.value.message
    assert caught.value.retryable


def test_an_untrusted_certificate_is_a_tls_error(tmp_path: Path) -> None:
    tls = self_signed_tls(tmp_path)
    with (TinyServer(lambda m, p, b: (200, HTML, b"<p>hi</p>"), tls=tls) as server,
          WordPressClient(server.url, "anna", "pw", retry=NO_RETRY) as wp, pytest.raises(TlsError) as caught):
        wp.check_connection()
    assert "certificate" in caught.value.message
    assert "http://" in caught.value.hint and "localhost" in caught.value.hint
    assert not caught.value.retryable
    assert server.received == []


# ---------------------------------------------------------------------- taxonomies and terms
def test_taxonomies_include_the_sites_city_taxonomy(client: WordPressClient) -> None:
    assert client.taxonomy_rest_base("post_tag") == "tags"
    assert client.taxonomy_rest_base("category") == "categories"
    assert client.taxonomy_rest_base("city") == "city"  # registered by the test site's mu-plugin
    assert client.taxonomy_rest_base("no_such_taxonomy") is None


def test_ensure_term_twice_gives_the_same_term(client: WordPressClient) -> None:
    name = f"Arts & Culture {token()}"
    first = client.ensure_term("categories", name)
    assert client.ensure_term("categories", name) == first
    assert client.ensure_term("categories", name.upper()) == first  # WordPress names ignore case
    city = client.ensure_term("city", f"Gyumri {token()}", slug=None)
    assert client.ensure_term("city", "ignored", slug=_slug_of(client, "city", city)) == city


def test_ensure_term_reuses_the_term_when_wordpress_says_it_exists(wp_site: WpSite, client: WordPressClient) -> None:
    name = f"Yerevan {token()}"
    existing = client.ensure_term("tags", name)
    with FaultProxy(wp_site.url) as proxy, wp_site.client(proxy.url) as wp:
        # The search misses (as it can for names WordPress normalises), so the client POSTs: term_exists.
        proxy.respond(200, path="/wp-json/wp/v2/tags", method="GET", headers={"Content-Type": "application/json"},
                      body=b"[]")
        assert wp.ensure_term("tags", name) == existing
        assert proxy.count("/wp-json/wp/v2/tags", method="POST") == 1


def _slug_of(client: WordPressClient, rest_base: str, term_id: int) -> str:
    with httpx.Client(timeout=30) as http:
        return str(http.get(f"{client.rest_url()}wp/v2/{rest_base}/{term_id}").json()["slug"])


# ---------------------------------------------------------------------- photos
def test_upload_a_photo_with_caption_and_alt_text_and_read_them_back(client: WordPressClient,
                                                                    cleanup: Cleanup) -> None:
    photo = jpeg_bytes(800, 600)
    marker = new_marker()
    caption = "Flower sellers in <em>Baku</em> (Jewish Press photo)"
    media = client.upload_media(photo, "baku-flowers.jpg", "image/jpeg", caption_html=caption,
                                alt_text="Two women selling roses", title="Baku flowers", marker=marker)
    cleanup.media.append(media.id)
    again = client.get_media(media.id)
    assert (again.caption_html, again.alt_text, again.title) == (caption, "Two women selling roses", "Baku flowers")
    assert again.mime_type == "image/jpeg"
    with httpx.Client(timeout=30) as http:
        assert http.get(media.source_url).content == photo
    assert client.find_media_by_marker(marker) == again
    changed = client.update_media(media.id, caption_html="Roses in Baku (Jewish Press photo)", alt_text="Roses")
    assert (changed.caption_html, changed.alt_text, changed.title) == (
        "Roses in Baku (Jewish Press photo)", "Roses", "Baku flowers")
    assert client.get_media(media.id) == changed


def test_reading_a_deleted_photo_says_it_is_gone(client: WordPressClient) -> None:
    media = client.upload_media(jpeg_bytes(64, 64), "gone.jpg", "image/jpeg", caption_html="", alt_text="",
                                title="gone")
    client.delete_media(media.id)
    client.delete_media(media.id)  # already gone counts as done
    with pytest.raises(RemoteNotFoundError) as caught:
        client.get_media(media.id)
    assert not caught.value.retryable


# ---------------------------------------------------------------------- posts
def test_create_update_and_read_a_post_with_terms_and_featured_photo(client: WordPressClient,
                                                                    cleanup: Cleanup) -> None:
    word = token()
    section = client.ensure_term("categories", f"International {word}")
    tag = client.ensure_term("tags", f"Azerbaijan {word}")
    city = client.ensure_term("city", f"Baku {word}")
    photo = client.upload_media(jpeg_bytes(), f"lead-{word}.jpg", "image/jpeg", caption_html="Lead (AP photo)",
                                alt_text="Lead photo", title="Lead")
    cleanup.media.append(photo.id)
    fields = PostFields(title=f"Talks resume in Baku {word}", content="<p>BAKU (AP) — Talks resumed.</p>",
                        excerpt="Talks resumed.", slug=f"talks-{word}", status="draft", categories=[section],
                        tags=[tag], terms={"city": [city]}, featured_media=photo.id, sticky=True)
    post = client.create_post(fields)
    cleanup.posts.append(post.id)
    assert (post.title, post.content, post.excerpt, post.status) == (
        fields.title, fields.content, "Talks resumed.", "draft")
    assert (post.categories, post.tags, post.terms, post.featured_media, post.sticky) == (
        (section,), (tag,), {"city": (city,)}, photo.id, True)
    updated = client.update_post(post.id, PostFields(title=f"Talks end in Baku {word}", status="publish",
                                                     sticky=False), expected_modified_gmt=post.modified_gmt)
    read = client.get_post(post.id)
    assert read == updated
    assert (read.title, read.status, read.sticky, read.content) == (f"Talks end in Baku {word}", "publish",
                                                                    False, fields.content)
    assert f"talks-{word}" in read.link
    assert client.find_posts(slug=f"talks-{word}") == [read]


def test_update_refuses_to_overwrite_an_edit_made_on_the_site(client: WordPressClient, cleanup: Cleanup) -> None:
    post = client.create_post(PostFields(title="Original", content="<p>app text</p>"))
    cleanup.posts.append(post.id)
    seen = post.modified_gmt - timedelta(seconds=5)  # as if someone saved on the site after the app
    with pytest.raises(RemoteChangedError) as caught:
        client.update_post(post.id, PostFields(content="<p>app overwrite</p>"), expected_modified_gmt=seen)
    assert f"Post {post.id}" in caught.value.message
    assert client.get_post(post.id).content == "<p>app text</p>"


def test_schedule_a_post_and_read_it_back(client: WordPressClient, cleanup: Cleanup) -> None:
    when = (datetime.now(UTC) + timedelta(hours=2)).replace(microsecond=0)
    post = client.create_post(PostFields(title="Next week's concert", status="future", date_gmt=when))
    cleanup.posts.append(post.id)
    read = client.get_post(post.id)
    assert (read.status, read.date_gmt) == ("future", when)
    client.trigger_cron()  # not due yet: stays scheduled
    assert client.get_post(post.id).status == "future"


def test_a_schedule_less_than_a_minute_ahead_is_refused_before_sending(client: WordPressClient) -> None:
    title = f"Too soon {token()}"
    with pytest.raises(ValidationError) as caught:
        client.create_post(PostFields(title=title, status="future",
                                      date_gmt=datetime.now(UTC) + timedelta(seconds=20)))
    assert "less than a minute" in caught.value.message
    assert client.find_posts(search=title) == []


def test_delete_moves_to_trash_then_deletes_for_good(client: WordPressClient) -> None:
    post = client.create_post(PostFields(title=f"Mistake {token()}"))
    client.delete_post(post.id)
    assert client.get_post(post.id).status == "trash"
    client.delete_post(post.id)  # already in the trash: nothing to do
    client.delete_post(post.id, force=True)
    with pytest.raises(RemoteNotFoundError):
        client.get_post(post.id)
