"""Publishing to the real WordPress (scripts/wp-up.sh) through the outbox: a full story read back through REST
and through the public page, an update, an edit made on the site, unpublish, and schedules."""

from __future__ import annotations

import time
from datetime import timedelta

import httpx

from editor_app.domain.stories import StoryDetail
from editor_app.domain.workflow import Status
from editor_app.services.publishing.outbox import (
    JobKind,
    JobState,
    conflict_view,
    enqueue_publish,
    enqueue_unpublish,
    list_jobs,
    publish_now,
    resolve_conflict,
)
from editor_app.services.publishing.runner import drain
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_read import get_story
from editor_app.services.story_write import save_story
from editor_app.storage.models import PublishRecord, utcnow
from tests.integration.publishing_wp import SiteCleanup, WpNewsroom, media_with, posts_with
from tests.publishing_helpers import full_story, publish, token


def _records(wp: WpNewsroom) -> list[tuple[int | None, int | None, str]]:
    from sqlalchemy import select

    with wp.db.session() as session:
        return [(r.article_id, r.image_id, r.remote_id) for r in
                session.scalars(select(PublishRecord).order_by(PublishRecord.id))]


def test_a_full_story_reads_back_right_through_rest_and_on_the_public_page(wp: WpNewsroom,
                                                                           site_cleanup: SiteCleanup) -> None:
    word = site_cleanup.track(token())
    story_id = full_story(wp.db, wp.owner, word=word)

    job = publish(wp.db, wp.owner, story_id, wp.target, wp.credentials, backend_factory=wp.factory())

    assert job.state is JobState.DONE, job.last_error
    story = get_story(wp.db, wp.owner, story_id)
    assert story.status is Status.PUBLISHED
    with wp.site.client() as client:
        [post] = posts_with(client, word)
        lead, inline = sorted(media_with(client, word), key=lambda m: "lectern" not in m.title)
        assert job.result_url == post.link and post.status == "publish" and post.slug == story.slug
        assert post.title == story.headline and "Talks on trade and flights" in post.excerpt
        assert post.featured_media == lead.id
        assert post.content.startswith('<!-- wp:paragraph {"className":"byline"} -->')
        assert "<strong>By Ash Obel</strong><br>Photos by Ani Sarkissian" in post.content
        assert "<strong>TEL AVIV (Times of Israel) —</strong> Officials met" in post.content
        assert f'<!-- wp:image {{"id":{inline.id}}} -->' in post.content and f"wp-image-{inline.id}" in post.content
        assert f"wp-image-{lead.id}" not in post.content  # the lead is the featured image, not in the text
        assert "The lectern before the press conference" in lead.caption_html
        assert "(Wire Service photo)" in lead.caption_html and lead.alt_text == "A wooden lectern between two flags"
        assert "(Jane Doe/AP photo)" in inline.caption_html and inline.alt_text == "Sailboats off a seafront"
        section = client.ensure_term("categories", "International")
        assert post.categories == (section,)
        cities = {client.ensure_term("city", "Baku"), client.ensure_term("city", "Tel Aviv")}
        assert set(post.terms.get("city", ())) == cities

    page = httpx.get(post.link, timeout=30, follow_redirects=True)
    assert page.status_code == 200
    html = page.text
    assert story.headline in html and "By Ash Obel" in html and "TEL AVIV (Times of Israel) —" in html
    assert inline.source_url.rsplit("/", 1)[-1] in html and f"The seafront boulevard {word} (Jane Doe/AP photo)" in html
    assert set(_records(wp)) == {(story_id, None, str(post.id)), (None, lead_id(story, 0), str(lead.id)),
                                 (None, lead_id(story, 1), str(inline.id))}


def lead_id(story: StoryDetail, index: int) -> int:
    """The image id of the story's lead photo (0) or its inline one (1)."""
    return sorted(story.photos, key=lambda p: p.role != "lead")[index].image_id


def test_republishing_updates_the_same_post_and_photos(wp: WpNewsroom, site_cleanup: SiteCleanup) -> None:
    word = site_cleanup.track(token())
    story_id = full_story(wp.db, wp.owner, word=word)
    publish(wp.db, wp.owner, story_id, wp.target, wp.credentials, backend_factory=wp.factory())
    before = _records(wp)
    story = get_story(wp.db, wp.owner, story_id)
    save_story(wp.db, wp.owner, story_id, story.version,
               StoryChanges(body=story.body + "\n\nA correction: the talks lasted three days."))

    job = publish(wp.db, wp.owner, story_id, wp.target, wp.credentials, backend_factory=wp.factory())

    assert job.state is JobState.DONE, job.last_error
    assert _records(wp) == before
    with wp.site.client() as client:
        [post] = posts_with(client, word)
        assert "A correction: the talks lasted three days." in post.content
        assert len(media_with(client, word)) == 2


def test_an_edit_made_on_the_site_is_shown_not_overwritten(wp: WpNewsroom, site_cleanup: SiteCleanup) -> None:
    word = site_cleanup.track(token())
    story_id = full_story(wp.db, wp.owner, word=word)
    publish(wp.db, wp.owner, story_id, wp.target, wp.credentials, backend_factory=wp.factory())
    with wp.site.client() as client:
        [post] = posts_with(client, word)
    time.sleep(1.1)  # WordPress stamps changes to the second
    httpx.post(f"{wp.site.url}/wp-json/wp/v2/posts/{post.id}", auth=(wp.site.user, wp.site.app_password),
               json={"content": f"<p>Fixed on the site by the web editor {word}</p>"}, timeout=30).raise_for_status()
    story = get_story(wp.db, wp.owner, story_id)
    save_story(wp.db, wp.owner, story_id, story.version, StoryChanges(deck="Talks on trade, flights and water"))

    stopped = publish(wp.db, wp.owner, story_id, wp.target, wp.credentials, backend_factory=wp.factory())

    assert stopped.state is JobState.CONFLICT and "was edited on web" in stopped.last_error
    view = conflict_view(wp.db, wp.owner, stopped.id)
    assert "Fixed on the site by the web editor" in view.remote["content"]
    assert "Officials met in the capital" in view.local["content"] and view.local["excerpt"].endswith("and water")
    assert "Officials met in the capital" in view.last_sent["content"]
    with wp.site.client() as client:
        assert "Fixed on the site" in client.get_post(post.id).content  # untouched

    resolve_conflict(wp.db, wp.owner, stopped.id, overwrite=True)
    [done] = drain(wp.db, credentials=wp.credentials, backend_factory=wp.factory())
    assert done.state is JobState.DONE
    with wp.site.client() as client:
        current = client.get_post(post.id)
        assert "Fixed on the site" not in current.content and "Officials met in the capital" in current.content
        assert current.excerpt == "Talks on trade, flights and water"


def test_unpublish_puts_the_post_back_to_draft_and_republish_brings_it_back(wp: WpNewsroom,
                                                                            site_cleanup: SiteCleanup) -> None:
    word = site_cleanup.track(token())
    story_id = full_story(wp.db, wp.owner, word=word)
    publish(wp.db, wp.owner, story_id, wp.target, wp.credentials, backend_factory=wp.factory())

    enqueue_unpublish(wp.db, wp.owner, story_id, wp.target)
    [down] = drain(wp.db, credentials=wp.credentials, backend_factory=wp.factory())

    assert down.state is JobState.DONE and get_story(wp.db, wp.owner, story_id).status is Status.UNPUBLISHED
    with wp.site.client() as client:
        [post] = posts_with(client, word)
        assert post.status == "draft"
    assert httpx.get(post.link, timeout=30, follow_redirects=True).status_code == 404

    again = publish(wp.db, wp.owner, story_id, wp.target, wp.credentials, backend_factory=wp.factory())
    assert again.state is JobState.DONE and get_story(wp.db, wp.owner, story_id).status is Status.PUBLISHED
    with wp.site.client() as client:
        assert [p.status for p in posts_with(client, word)] == ["publish"]


def test_a_scheduled_story_goes_out_as_future_and_a_missed_time_is_said(wp: WpNewsroom,
                                                                      site_cleanup: SiteCleanup) -> None:
    word = site_cleanup.track(token())
    when = (utcnow() + timedelta(hours=3)).replace(microsecond=0)
    story_id = full_story(wp.db, wp.owner, word=word, status=Status.SCHEDULED, scheduled=when)

    job = publish(wp.db, wp.owner, story_id, wp.target, wp.credentials, backend_factory=wp.factory())

    assert job.state is JobState.DONE
    assert get_story(wp.db, wp.owner, story_id).status is Status.SCHEDULED
    with wp.site.client() as client:
        [post] = posts_with(client, word)
        assert post.status == "future" and post.date_gmt == when
    [check] = [j for j in list_jobs(wp.db, wp.owner) if j.kind is JobKind.CHECK_SCHEDULE and j.story_id == story_id]
    assert check.next_try_at == when + timedelta(minutes=2)

    # Three hours later (the clock moved on): WordPress has not published it (WP-Cron never ran).
    [missed] = drain(wp.db, credentials=wp.credentials, backend_factory=wp.factory(),
                     clock=lambda: when + timedelta(minutes=3))
    assert missed.id == check.id and missed.state is JobState.MISSED
    assert "did not publish" in missed.last_error and word in missed.last_error

    publish_now(wp.db, wp.owner, missed.id)
    [now] = drain(wp.db, credentials=wp.credentials, backend_factory=wp.factory())
    assert now.state is JobState.DONE and get_story(wp.db, wp.owner, story_id).status is Status.PUBLISHED
    with wp.site.client() as client:
        assert [p.status for p in posts_with(client, word)] == ["publish"]


def test_a_schedule_the_site_kept_moves_the_story_to_published(wp: WpNewsroom, site_cleanup: SiteCleanup) -> None:
    word = site_cleanup.track(token())
    when = (utcnow() + timedelta(hours=3)).replace(microsecond=0)
    story_id = full_story(wp.db, wp.owner, word=word, status=Status.SCHEDULED, scheduled=when)
    publish(wp.db, wp.owner, story_id, wp.target, wp.credentials, backend_factory=wp.factory())
    with wp.site.client() as client:
        [post] = posts_with(client, word)
    past = (utcnow() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S")
    httpx.post(f"{wp.site.url}/wp-json/wp/v2/posts/{post.id}", auth=(wp.site.user, wp.site.app_password),
               json={"status": "publish", "date_gmt": past}, timeout=30).raise_for_status()  # as WP-Cron would

    [check] = drain(wp.db, credentials=wp.credentials, backend_factory=wp.factory(),
                    clock=lambda: when + timedelta(minutes=3))

    assert check.kind is JobKind.CHECK_SCHEDULE and check.state is JobState.DONE
    assert get_story(wp.db, wp.owner, story_id).status is Status.PUBLISHED


def test_city_tags_go_to_tags_when_the_target_says_so(wp: WpNewsroom, site_cleanup: SiteCleanup) -> None:
    word = site_cleanup.track(token())
    wp.add(name="tags", options={"city_taxonomy": "tags"})
    story_id = full_story(wp.db, wp.owner, word=word, cities=("Yerevan",))
    enqueue_publish(wp.db, wp.owner, story_id, "tags")
    [job] = drain(wp.db, credentials=wp.credentials, backend_factory=wp.factory())
    assert job.state is JobState.DONE
    with wp.site.client() as client:
        [post] = posts_with(client, word)
        assert post.tags == (client.ensure_term("tags", "Yerevan"),) and not post.terms.get("city")


def test_a_story_published_before_keeps_its_date_and_gets_an_excerpt_without_the_byline(
        wp: WpNewsroom, site_cleanup: SiteCleanup) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import update

    from editor_app.storage.models import Article

    word = site_cleanup.track(token())
    story_id = full_story(wp.db, wp.owner, word=word, status=Status.PUBLISHED)
    went_live = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)
    with wp.db.session() as session:  # it went out in print and on an earlier site weeks ago
        session.execute(update(Article).where(Article.id == story_id).values(published_at=went_live, deck=""))

    job = publish(wp.db, wp.owner, story_id, wp.target, wp.credentials, backend_factory=wp.factory())

    assert job.state is JobState.DONE
    with wp.site.client() as client:
        [post] = posts_with(client, word)
    assert post.date_gmt == went_live
    assert post.excerpt.startswith(f"TEL AVIV (Times of Israel) — Officials met in the capital for talks on trade "
                                   f"({word})")
    assert "By Ash Obel" not in post.excerpt
