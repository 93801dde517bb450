"""Faults in the middle of a publish, between the app and the real WordPress (tests/integration/faultproxy.py):
a connection dropped mid-upload, a 500 on the post's create, answers lost after the site did the work,
timeouts and slow answers. Whatever happens, once the faults clear there is exactly one post and one media
item per photo, with the story's latest content."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from editor_app.domain.workflow import Status
from editor_app.services.publishing.outbox import JobInfo, JobState, enqueue_publish
from editor_app.services.publishing.runner import BackendFactory, drain
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_read import get_story
from editor_app.services.story_write import save_story
from editor_app.storage.models import utcnow
from tests.integration.faultproxy import FaultProxy
from tests.integration.publishing_wp import SiteCleanup, WpNewsroom, media_with, posts_with
from tests.integration.wordpress_helpers import WpSite
from tests.publishing_helpers import full_story, token

POSTS = re.compile(r"/wp-json/wp/v2/posts/?")  # the collection: creates, not updates
MEDIA = re.compile(r"/wp-json/wp/v2/media/?")
LATEST = "The latest paragraph, written while the site was failing."


@pytest.fixture
def proxy(wp_site: WpSite) -> Iterator[FaultProxy]:
    with FaultProxy(wp_site.url) as running:
        yield running


def publish_through_faults(wp: WpNewsroom, proxy: FaultProxy, story_id: int, factory: BackendFactory,
                           ) -> tuple[JobInfo, list[JobState]]:
    """Publish through the proxy; after the first run the story gets a new paragraph, then the queue runs
    (its clock moved past each retry time) until the job settles. Returns the job and the states it passed."""
    wp.add(proxy.url, name="proxied")
    job = enqueue_publish(wp.db, wp.owner, story_id, "proxied")
    clock = utcnow()
    states: list[JobState] = []
    for attempt in range(4):
        ran = drain(wp.db, credentials=wp.credentials, backend_factory=factory, clock=functools.partial(_same, clock))
        info = next(j for j in ran if j.id == job.id)
        states.append(info.state)
        if attempt == 0:
            story = get_story(wp.db, wp.owner, story_id)
            save_story(wp.db, wp.owner, story_id, story.version, StoryChanges(body=f"{story.body}\n\n{LATEST}"))
            if info.state is JobState.DONE:  # no fault bit: publish the change too
                job = enqueue_publish(wp.db, wp.owner, story_id, "proxied")
        elif info.state is JobState.DONE:
            return info, states
        clock += timedelta(hours=1)
    raise AssertionError(f"the job never settled: {states}")


def _same(moment: datetime) -> datetime:
    return moment


def exactly_one_of_each(wp: WpNewsroom, word: str) -> None:
    with wp.site.client() as client:
        posts = posts_with(client, word)
        assert len(posts) == 1, [p.id for p in posts]
        assert LATEST in posts[0].content and posts[0].status == "publish"
        assert len(media_with(client, word)) == 2


def test_a_connection_dropped_mid_upload(wp: WpNewsroom, proxy: FaultProxy, site_cleanup: SiteCleanup) -> None:
    word = site_cleanup.track(token())
    story_id = full_story(wp.db, wp.owner, word=word, size=(1600, 1200))
    proxy.drop_after(6000, path=MEDIA, method="POST")

    job, states = publish_through_faults(wp, proxy, story_id, wp.factory())

    assert states[:2] == [JobState.RETRY, JobState.DONE]
    assert sum("uploaded as media" in line for line in job.journal) == 2
    assert job.state is JobState.DONE and get_story(wp.db, wp.owner, story_id).status is Status.PUBLISHED
    exactly_one_of_each(wp, word)


def test_a_500_on_the_posts_create(wp: WpNewsroom, proxy: FaultProxy, site_cleanup: SiteCleanup) -> None:
    word = site_cleanup.track(token())
    story_id = full_story(wp.db, wp.owner, word=word)
    proxy.respond(500, path=POSTS, method="POST")

    job, states = publish_through_faults(wp, proxy, story_id, wp.factory())

    assert states[:2] == [JobState.RETRY, JobState.DONE] and job.attempts == 2
    exactly_one_of_each(wp, word)


def test_a_lost_answer_after_the_site_created_the_post(wp: WpNewsroom, proxy: FaultProxy,
                                                       site_cleanup: SiteCleanup) -> None:
    word = site_cleanup.track(token())
    story_id = full_story(wp.db, wp.owner, word=word)
    proxy.replace_response(500, path=POSTS, method="POST")

    job, states = publish_through_faults(wp, proxy, story_id, wp.factory())

    assert states[0] is JobState.RETRY and any("found on the site from an earlier try" in line for line in job.journal)
    exactly_one_of_each(wp, word)


def test_a_lost_answer_after_the_site_stored_a_photo(wp: WpNewsroom, proxy: FaultProxy,
                                                     site_cleanup: SiteCleanup) -> None:
    word = site_cleanup.track(token())
    story_id = full_story(wp.db, wp.owner, word=word)
    proxy.replace_response(502, path=MEDIA, method="POST")

    job, states = publish_through_faults(wp, proxy, story_id, wp.factory())

    assert states[0] is JobState.RETRY
    assert any("found on the site from an earlier try (media" in line for line in job.journal)
    exactly_one_of_each(wp, word)


def test_a_create_that_times_out_after_the_site_did_it(wp: WpNewsroom, proxy: FaultProxy,
                                                       site_cleanup: SiteCleanup) -> None:
    word = site_cleanup.track(token())
    story_id = full_story(wp.db, wp.owner, word=word)
    proxy.delay(6.0, path=POSTS, method="POST", times=1)  # the site creates it, the answer comes too late

    job, states = publish_through_faults(wp, proxy, story_id, wp.factory(timeout=2.0))

    assert states[0] is JobState.RETRY and job.state is JobState.DONE
    exactly_one_of_each(wp, word)


def test_a_site_that_never_answers_the_create(wp: WpNewsroom, proxy: FaultProxy, site_cleanup: SiteCleanup) -> None:
    word = site_cleanup.track(token())
    story_id = full_story(wp.db, wp.owner, word=word)
    proxy.hang(path=POSTS, method="POST")

    job, states = publish_through_faults(wp, proxy, story_id, wp.factory(timeout=2.0))

    assert states[0] is JobState.RETRY and job.state is JobState.DONE
    exactly_one_of_each(wp, word)


def test_slow_answers_everywhere_still_publish_in_one_go(wp: WpNewsroom, proxy: FaultProxy,
                                                         site_cleanup: SiteCleanup) -> None:
    word = site_cleanup.track(token())
    story_id = full_story(wp.db, wp.owner, word=word)
    proxy.delay(0.3, times=None)

    job, states = publish_through_faults(wp, proxy, story_id, wp.factory(timeout=10.0))

    assert states == [JobState.DONE, JobState.DONE] and job.attempts == 1
    exactly_one_of_each(wp, word)
