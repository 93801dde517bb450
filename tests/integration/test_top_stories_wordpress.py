"""The week's top stories on the real WordPress (scripts/wp-up.sh): the "Top Stories — Week N" post read back through
REST lists the picks' links in order with their photos and decks, in the roundup category; a new order updates
the same post; the first pick is sticky (and only it); an edit made on the site is not overwritten silently; the
sticky change does not make the story's own next publish look like a site edit."""

from __future__ import annotations

import re

from editor_app.services.publishing.outbox import JobState, resolve_conflict
from editor_app.services.publishing.runner import drain
from editor_app.services.publishing.wordpress_client import PostFields
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_read import get_story
from editor_app.services.story_write import save_story
from editor_app.services.top_stories import current_week, history, set_picks
from editor_app.services.top_stories_publish import enqueue_top_stories, most_read
from tests.integration.publishing_wp import SiteCleanup, WpNewsroom, media_with
from tests.publishing_helpers import full_story, publish, token

HEADLINE_LINK = re.compile(r'<h3 class="top-story-headline"[^>]*><a href="([^"]+)">')
PHOTO = re.compile(r'<img src="([^"]+)"')


def test_the_roundup_post_lists_the_picks_in_order_and_follows_a_new_order(wp: WpNewsroom,
                                                                          site_cleanup: SiteCleanup) -> None:
    words = [site_cleanup.track(token()) for _ in range(3)]
    ids = [full_story(wp.db, wp.owner, word=word, colours=(n + 2, n + 5)) for n, word in enumerate(words)]
    links = {}
    for story_id in ids:
        job = publish(wp.db, wp.owner, story_id, wp.target, wp.credentials, backend_factory=wp.factory())
        assert job.state is JobState.DONE, job.last_error
        links[story_id] = job.result_url
    week = current_week(wp.db, wp.owner)
    assert {get_story(wp.db, wp.owner, i).week for i in ids} == {week}
    picks = set_picks(wp.db, wp.owner, week, [ids[2], ids[0], ids[1]], expected_version=0)

    queued = enqueue_top_stories(wp.db, wp.owner, week, wp.target, sticky_first=True)
    [done] = drain(wp.db, credentials=wp.credentials, backend_factory=wp.factory())
    assert done.id == queued.job.id and done.state is JobState.DONE, done.last_error

    slug = done.result_url.rstrip("/").rsplit("/", 1)[-1]
    assert slug.startswith(f"top-stories-{str(week).lower()}")  # "-2" when the site already has one of that week
    with wp.site.client() as client:
        [roundup] = client.find_posts(slug=slug)
        assert done.result_url == roundup.link and roundup.status == "publish"
        assert roundup.title == f"Top Stories — Week {week.week}"
        assert roundup.categories == (client.ensure_term("categories", "Top Stories"),)
        assert HEADLINE_LINK.findall(roundup.content) == [links[ids[2]], links[ids[0]], links[ids[1]]]
        leads = [next(m for m in media_with(client, word) if "lectern" in m.title.lower())
                 for word in (words[2], words[0], words[1])]
        assert PHOTO.findall(roundup.content) == [m.source_url for m in leads]
        assert roundup.content.count("Talks on trade and flights") == 3  # each pick's deck
        first_post = int(links_to_ids(client, [links[ids[2]]])[0])
        assert client.get_post(first_post).sticky is True
        post_id = roundup.id

    set_picks(wp.db, wp.owner, week, [ids[1], ids[2]], expected_version=picks.version)
    enqueue_top_stories(wp.db, wp.owner, week, wp.target, sticky_first=True)
    [again] = drain(wp.db, credentials=wp.credentials, backend_factory=wp.factory())
    assert again.state is JobState.DONE, again.last_error
    with wp.site.client() as client:
        [roundup] = client.find_posts(slug=slug)
        assert roundup.id == post_id and again.result_url == done.result_url  # updated in place
        assert HEADLINE_LINK.findall(roundup.content) == [links[ids[1]], links[ids[2]]]
        new_first, old_first = links_to_ids(client, [links[ids[1]], links[ids[2]]])
        assert client.get_post(new_first).sticky is True and client.get_post(old_first).sticky is False
    assert [[p.id for p in entry.picks] for entry in history(wp.db, wp.owner, week)] == [[ids[1], ids[2]],
                                                                                          [ids[2], ids[0], ids[1]]]

    # the sticky change moved the posts' modified_gmt: the story's own record followed, so no false site edit
    story = get_story(wp.db, wp.owner, ids[1])
    save_story(wp.db, wp.owner, ids[1], story.version, StoryChanges(deck="A corrected deck"))
    from editor_app.services.workflow import approve

    approve(wp.db, wp.owner, ids[1])
    republished = publish(wp.db, wp.owner, ids[1], wp.target, wp.credentials, backend_factory=wp.factory())
    assert republished.state is JobState.DONE, republished.last_error

    with wp.site.client() as client:  # an editor changes the roundup on the site
        client.update_post(post_id, PostFields(title="Our picks (edited on the site)"))
    enqueue_top_stories(wp.db, wp.owner, week, wp.target)
    [stopped] = drain(wp.db, credentials=wp.credentials, backend_factory=wp.factory())
    assert stopped.state is JobState.CONFLICT and "edited on" in stopped.last_error
    resolve_conflict(wp.db, wp.owner, stopped.id, overwrite=True)
    [overwritten] = drain(wp.db, credentials=wp.credentials, backend_factory=wp.factory())
    assert overwritten.state is JobState.DONE
    with wp.site.client() as client:
        assert client.get_post(post_id).title == f"Top Stories — Week {week.week}"
        client.update_post(new_first, PostFields(sticky=False))


def links_to_ids(client: object, urls: list[str]) -> list[int]:
    """The post ids behind public links (the app's records say them too; here the site answers)."""
    from editor_app.services.publishing.wordpress_client import WordPressClient

    assert isinstance(client, WordPressClient)
    found = []
    for url in urls:
        slug = url.rstrip("/").rsplit("/", 1)[-1]
        [post] = client.find_posts(slug=slug)
        found.append(post.id)
    return found


def test_the_site_without_a_reader_count_says_so(wp: WpNewsroom) -> None:
    read = most_read(wp.db, wp.owner, wp.target, credentials=wp.credentials)
    assert not read.available and "does not report how often stories are read" in read.note
