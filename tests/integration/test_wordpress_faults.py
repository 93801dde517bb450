"""The WordPress client when things break between it and a real WordPress (faults from FaultProxy).

Creates are never retried blindly: after a failed create the test does what the outbox must do —
ask `find_*_by_marker` whether it landed — and checks that exactly one post or photo exists in the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from editor_app.services.publishing.wordpress_client import (
    PostFields,
    RemoteMedia,
    RemotePost,
    WordPressClient,
    new_marker,
)
from editor_app.services.publishing.wordpress_errors import (
    NetworkError,
    RateLimitedError,
    ServerError,
    TooLargeError,
    WordPressError,
)
from editor_app.services.publishing.wordpress_http import NO_RETRY
from tests.integration.faultproxy import FaultProxy
from tests.integration.wordpress_helpers import FAST_RETRY, Cleanup, WpSite, jpeg_bytes, site_from_env

POSTS = re.compile(r"/wp-json/wp/v2/posts/?")  # the collection: creates, not updates
MEDIA = re.compile(r"/wp-json/wp/v2/media/?")
JSON = {"Content-Type": "application/json; charset=UTF-8"}


@pytest.fixture(scope="module")
def wp_site() -> WpSite:
    return site_from_env()


@pytest.fixture
def proxy(wp_site: WpSite) -> Iterator[FaultProxy]:
    with FaultProxy(wp_site.url) as running:
        yield running


@pytest.fixture
def client(wp_site: WpSite, proxy: FaultProxy) -> Iterator[WordPressClient]:
    """A client that talks to WordPress through the proxy (REST root already found)."""
    with wp_site.client(proxy.url) as wp:
        wp.rest_url()
        yield wp


@pytest.fixture
def cleanup(wp_site: WpSite) -> Iterator[Cleanup]:
    with wp_site.client() as direct:
        tracker = Cleanup(direct)
        yield tracker
        tracker.run()


def create_once(client: WordPressClient, fields: PostFields, marker: str) -> RemotePost:
    """What the outbox does for "create the post": try; on a retryable failure, check it landed, else try again."""
    try:
        return client.create_post(fields, marker=marker)
    except WordPressError as exc:
        assert exc.retryable
    landed = client.find_post_by_marker(marker)
    return landed if landed is not None else client.create_post(fields, marker=marker)


def upload_once(client: WordPressClient, data: bytes, name: str, marker: str) -> RemoteMedia:
    """The same for a photo."""
    try:
        return client.upload_media(data, name, "image/jpeg", caption_html="Cap (AP photo)", alt_text="Alt",
                                   title=name, marker=marker)
    except WordPressError as exc:
        assert exc.retryable
    landed = client.find_media_by_marker(marker)
    if landed is not None:
        client.finish_media(landed.id)  # it may have died making its sizes
        return landed
    return client.upload_media(data, name, "image/jpeg", caption_html="Cap (AP photo)", alt_text="Alt",
                               title=name, marker=marker)


# ---------------------------------------------------------------------- creates: did it land?
def test_a_500_before_the_create_reaches_wordpress_is_retryable_and_ends_in_one_post(
        client: WordPressClient, proxy: FaultProxy, cleanup: Cleanup) -> None:
    marker = new_marker()
    proxy.respond(500, path=POSTS, method="POST")
    with pytest.raises(ServerError) as caught:
        client.create_post(PostFields(title="Concert review"), marker=marker)
    assert caught.value.retryable and caught.value.status == 500
    assert proxy.count(POSTS, method="POST") == 1  # creates are not retried by the client
    assert client.find_post_by_marker(marker) is None  # it never landed
    post = client.create_post(PostFields(title="Concert review"), marker=marker)
    cleanup.posts.append(post.id)
    assert [p.id for p in client.find_posts(search=marker)] == [post.id]
    assert post.content.endswith(f"<!-- editor-app:create:{marker} -->")


def test_a_create_whose_answer_is_lost_is_found_and_not_repeated(
        client: WordPressClient, proxy: FaultProxy, cleanup: Cleanup) -> None:
    marker = new_marker()
    proxy.replace_response(500, path=POSTS, method="POST")
    post = create_once(client, PostFields(title="Council vote", content="<p>Body</p>"), marker)
    cleanup.posts.append(post.id)
    assert proxy.count(POSTS, method="POST") == 1  # found, not created again
    assert [p.id for p in client.find_posts(search=marker)] == [post.id]
    assert post.title == "Council vote"


def test_an_upload_cut_midway_is_a_network_error_and_ends_in_one_photo(
        client: WordPressClient, proxy: FaultProxy, cleanup: Cleanup) -> None:
    photo = jpeg_bytes(700, 500, noise=True)
    assert len(photo) > 200_000
    marker = new_marker()
    proxy.drop_after(50_000, path=MEDIA, method="POST")
    with pytest.raises(NetworkError) as caught:
        client.upload_media(photo, "market.jpg", "image/jpeg", caption_html="Market (AP photo)", alt_text="Stalls",
                            title="Market", marker=marker)
    assert caught.value.retryable
    assert "cut" in caught.value.message and "market.jpg" in caught.value.message
    media = upload_once(client, photo, "market.jpg", marker)
    cleanup.media.append(media.id)
    assert [m.id for m in client.find_media(search=marker)] == [media.id]
    assert proxy.count(MEDIA, method="POST") == 2  # the cut one and the one that landed


def test_an_upload_whose_answer_is_lost_is_found_finished_and_not_repeated(
        client: WordPressClient, proxy: FaultProxy, cleanup: Cleanup) -> None:
    marker = new_marker()
    proxy.replace_response(504, path=MEDIA, method="POST")  # a gateway gave up; WordPress carried on
    media = upload_once(client, jpeg_bytes(900, 600), "choir.jpg", marker)
    cleanup.media.append(media.id)
    assert proxy.count(MEDIA, method="POST") == 1
    assert proxy.count(f"/wp-json/wp/v2/media/{media.id}/post-process", method="POST") == 1
    assert [m.id for m in client.find_media(search=marker)] == [media.id]
    assert (media.caption_html, media.alt_text) == ("Cap (AP photo)", "Alt")


def test_an_upload_that_dies_making_image_sizes_is_finished_not_repeated(
        client: WordPressClient, proxy: FaultProxy, cleanup: Cleanup) -> None:
    marker = new_marker()
    proxy.replace_response(500, path=MEDIA, method="POST", keep_headers=("X-WP-Upload-Attachment-ID",))
    media = client.upload_media(jpeg_bytes(1200, 900), "harbour.jpg", "image/jpeg",
                                caption_html="Harbour (AP photo)", alt_text="Boats", title="Harbour", marker=marker)
    cleanup.media.append(media.id)
    assert (media.caption_html, media.alt_text, media.title) == ("Harbour (AP photo)", "Boats", "Harbour")
    assert proxy.count(MEDIA, method="POST") == 1
    assert proxy.count(f"/wp-json/wp/v2/media/{media.id}/post-process", method="POST") == 1
    assert [m.id for m in client.find_media(search=marker)] == [media.id]


def test_a_413_names_the_file_and_its_size_and_is_not_retried(client: WordPressClient, proxy: FaultProxy) -> None:
    proxy.respond(413, path=MEDIA, method="POST",
                  body=b"<html><head><title>413 Request Entity Too Large</title></head></html>")
    with pytest.raises(TooLargeError) as caught:
        client.upload_media(jpeg_bytes(900, 700, noise=True), "big-rally.jpg", "image/jpeg", caption_html="",
                            alt_text="", title="Rally")
    assert "big-rally.jpg" in caught.value.message and " MB)" in caught.value.message
    assert "upload limit" in caught.value.hint
    assert not caught.value.retryable
    assert proxy.count(MEDIA, method="POST") == 1


# ---------------------------------------------------------------------- idempotent requests retry
def test_reads_and_updates_ride_over_passing_server_errors(client: WordPressClient, proxy: FaultProxy,
                                                          cleanup: Cleanup) -> None:
    post = client.create_post(PostFields(title="Before"))
    cleanup.posts.append(post.id)
    item = f"/wp-json/wp/v2/posts/{post.id}"
    proxy.respond(503, path=item, method="GET", times=2)
    assert client.get_post(post.id).title == "Before"
    assert proxy.count(item, method="GET") == 3
    proxy.respond(502, path=item, method="POST")
    assert client.update_post(post.id, PostFields(title="After")).title == "After"
    assert proxy.count(item, method="POST") == 2


def test_a_server_that_keeps_failing_gives_up_after_the_policy(client: WordPressClient, proxy: FaultProxy) -> None:
    proxy.respond(500, path="/wp-json/wp/v2/users/me", times=None)
    with pytest.raises(ServerError) as caught:
        client.check_connection()
    assert proxy.count("/wp-json/wp/v2/users/me") == FAST_RETRY.attempts
    assert "HTTP 500" in caught.value.message and caught.value.retryable


def test_rate_limits_honour_a_short_retry_after_and_hand_back_a_long_one(
        client: WordPressClient, proxy: FaultProxy) -> None:
    me = "/wp-json/wp/v2/users/me"
    proxy.respond(429, path=me, headers={"Retry-After": "0"})
    assert client.check_connection().user_id > 0
    assert proxy.count(me) == 2
    proxy.respond(429, path=me, headers={"Retry-After": "120", **JSON},
                  body=b'{"code":"too_many","message":"Slow down","data":{"status":429}}')
    with pytest.raises(RateLimitedError) as caught:
        client.check_connection()
    assert caught.value.retry_after == 120
    assert caught.value.retryable
    assert proxy.count(me) == 3  # longer than the policy's max_retry_after: not waited for here


def test_a_site_that_never_answers_times_out_as_a_network_error(wp_site: WpSite, proxy: FaultProxy) -> None:
    with wp_site.client(proxy.url, timeout=0.5, retry=NO_RETRY) as wp:
        wp.rest_url()
        proxy.hang(path="/wp-json/wp/v2/posts")
        with pytest.raises(NetworkError) as caught:
            wp.find_posts(search="anything")
    assert "did not answer in time" in caught.value.message
    assert caught.value.retryable


def test_a_slow_site_within_the_timeout_still_works(client: WordPressClient, proxy: FaultProxy) -> None:
    proxy.delay(0.3, path="/wp-json/wp/v2/users/me")
    assert client.check_connection().can_publish


def test_trigger_cron_calls_wp_cron(client: WordPressClient, proxy: FaultProxy) -> None:
    client.trigger_cron()
    assert proxy.count("/wp-cron.php", method="GET") == 1
