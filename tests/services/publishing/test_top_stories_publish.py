"""The week's top stories going out: through the outbox to a local site (the home and week pages show the picks
in their exact order, a new order replaces it), refused or published first when picks are not on the target,
the history of every published order, the newsletter (inline styles, absolute links, a text part), and what a
target says of its readers."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from editor_app.domain.errors import ValidationError
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.services.actor import Actor
from editor_app.services.publishing.outbox import JobState, list_jobs
from editor_app.services.publishing.runner import drain, run_job_now
from editor_app.services.publishing.targets import TargetKind, TargetSpec, add_target
from editor_app.services.publishing.wordpress_client import WordPressClient
from editor_app.services.story_read import get_story
from editor_app.services.top_stories import current_week, get_picks, history, set_picks
from editor_app.services.top_stories_publish import (
    PicksNotPublishedError,
    build_newsletter,
    enqueue_top_stories,
    most_read,
    write_newsletter,
)
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, PublishRecord, TopStoryWeek
from tests.publishing_helpers import full_story, local_target, memory_credentials, publish


class Links(HTMLParser):
    """Every link and picture address of a page, and whether it has a <style> block."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.styles = 0
        self.styled = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))
        if tag == "img":
            self.srcs.append(str(values.get("src")))
        if tag == "style":
            self.styles += 1
        if values.get("style"):
            self.styled += 1


def parsed(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def section(page: str, start: str, end: str) -> str:
    return page[page.index(start):page.index(end)]


def order_in(text: str, headlines: list[str]) -> list[str]:
    """The headlines in the order they first appear in `text` (those that do)."""
    found = [(text.index(h), h) for h in headlines if h in text]
    return [h for _, h in sorted(found)]


@pytest.fixture
def published(newsroom: Database, owner: Actor, tmp_path: Path) -> tuple[list[int], list[str], IsoWeek]:
    """Three stories live on a local site; their week (the week they were published in) and headlines."""
    ids = [full_story(newsroom, owner, colours=(n, n + 3)) for n in range(3)]
    local_target(newsroom, owner, tmp_path / "site")
    credentials = memory_credentials()
    for story_id in ids:
        assert publish(newsroom, owner, story_id, "local", credentials).state is JobState.DONE
    week = get_story(newsroom, owner, ids[0]).week
    assert week == current_week(newsroom, owner)  # published now: this week
    return ids, [get_story(newsroom, owner, i).headline for i in ids], week


def test_the_local_site_shows_the_picks_in_their_exact_order_and_a_new_order_replaces_it(
        newsroom: Database, owner: Actor, tmp_path: Path, published: tuple[list[int], list[str], IsoWeek]) -> None:
    ids, headlines, week = published
    site = tmp_path / "site"
    picks = set_picks(newsroom, owner, week, [ids[2], ids[0], ids[1]], expected_version=0)
    queued = enqueue_top_stories(newsroom, owner, week, "local")
    assert queued.story_jobs == () and queued.job.kind.value == "top_stories"
    [done] = drain(newsroom, credentials=memory_credentials())
    assert done.state is JobState.DONE and done.result_url == (site / "weeks" / f"{week}.html").as_uri()

    label = f"Top stories week {week.week}"
    home = (site / "index.html").read_text(encoding="utf-8")
    expected = [headlines[2], headlines[0], headlines[1]]
    assert order_in(section(home, label, "Latest articles of the week"), headlines) == expected
    week_page = (site / "weeks" / f"{week}.html").read_text(encoding="utf-8")
    assert order_in(section(week_page, label, "All stories of the week"), headlines) == expected

    set_picks(newsroom, owner, week, [ids[1], ids[2]], expected_version=picks.version)
    enqueue_top_stories(newsroom, owner, week, "local")
    drain(newsroom, credentials=memory_credentials())
    home = (site / "index.html").read_text(encoding="utf-8")
    assert order_in(section(home, label, "Latest articles of the week"), headlines) == [headlines[1], headlines[2]]

    sent = history(newsroom, owner, week)
    assert [[p.id for p in entry.picks] for entry in sent] == [[ids[1], ids[2]], [ids[2], ids[0], ids[1]]]
    assert {(entry.user, entry.target) for entry in sent} == {(owner.display_name, "local")}
    assert sent[0].list_version == 2 and sent[0].url.endswith(f"weeks/{week}.html")
    with newsroom.session() as session:  # one roundup record per target and week, updated in place
        week_id = session.query(TopStoryWeek.id).filter(TopStoryWeek.week == week).scalar()
        assert session.query(PublishRecord).filter(PublishRecord.week_id == week_id).count() == 1


def test_picks_not_on_the_target_are_named_or_published_first(newsroom: Database, owner: Actor,
                                                              tmp_path: Path) -> None:
    live = full_story(newsroom, owner, colours=(1, 2))
    local_target(newsroom, owner, tmp_path / "site")
    publish(newsroom, owner, live, "local", memory_credentials())
    week = get_story(newsroom, owner, live).week
    waiting = full_story(newsroom, owner, colours=(3, 4))
    with newsroom.session(write=True) as session:  # approved this week, not published anywhere yet
        session.get_one(Article, waiting).week = week
    set_picks(newsroom, owner, week, [waiting, live], expected_version=0)
    headline = get_story(newsroom, owner, waiting).headline
    with pytest.raises(PicksNotPublishedError, match=re.escape(f"1 of the picks is not on “local” yet: “{headline}”")):
        enqueue_top_stories(newsroom, owner, week, "local")
    assert list_jobs(newsroom, owner) and all(j.kind.value == "publish" for j in list_jobs(newsroom, owner))

    queued = enqueue_top_stories(newsroom, owner, week, "local", publish_missing=True)
    assert [j.story_id for j in queued.story_jobs] == [waiting] and queued.job.id > queued.story_jobs[0].id
    early = run_job_now(newsroom, queued.job.id, credentials=memory_credentials())  # out of turn: it waits
    assert early is not None and early.state is JobState.RETRY and headline in early.last_error
    assert "publish jobs run first" in early.error_hint
    drain(newsroom, credentials=memory_credentials(), clock=lambda: early.next_try_at or early.updated)
    assert get_story(newsroom, owner, waiting).status is Status.PUBLISHED
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert order_in(home, [headline, get_story(newsroom, owner, live).headline])[0] == headline


def test_a_pick_scheduled_for_later_cannot_be_linked_yet(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    from datetime import timedelta

    from editor_app.services.workflow import schedule
    from editor_app.storage.models import utcnow

    local_target(newsroom, owner, tmp_path / "site")
    later = full_story(newsroom, owner, colours=(7, 8))
    schedule(newsroom, owner, later, utcnow() + timedelta(days=14))
    week = get_story(newsroom, owner, later).week  # the week of its schedule
    set_picks(newsroom, owner, week, [later], expected_version=0)
    with pytest.raises(ValidationError, match=r"is scheduled for .* the top stories cannot link to it"):
        enqueue_top_stories(newsroom, owner, week, "local", publish_missing=True)
    assert list_jobs(newsroom, owner) == []


def test_the_newsletter_has_inline_styles_absolute_links_and_a_text_part(
        newsroom: Database, owner: Actor, tmp_path: Path, published: tuple[list[int], list[str], IsoWeek]) -> None:
    from editor_app.services.publishing.targets import edit_target, get_target

    ids, headlines, week = published
    set_picks(newsroom, owner, week, [ids[1], ids[0]], expected_version=0)
    without_address = build_newsletter(newsroom, owner, week)
    assert all(h.startswith("file:///") for h in parsed(without_address.html).hrefs)

    current = get_target(newsroom, owner, "local")
    edit_target(newsroom, owner, "local", current.version,
                TargetSpec("local", TargetKind.LOCAL, path=current.path, options={"base_url": "https://news.example.org/"}))
    letter = build_newsletter(newsroom, owner, week, "local")
    html, text = write_newsletter(letter, tmp_path / "out")
    page = html.read_text(encoding="utf-8")
    links = parsed(page)
    assert links.styles == 0 and "<style" not in page and links.styled > 10  # every style inline
    assert links.hrefs and all(h.startswith("https://news.example.org/") for h in links.hrefs)
    assert links.srcs and all(s.startswith("https://news.example.org/photos/") for s in links.srcs)
    assert order_in(page, headlines) == [headlines[1], headlines[0]]
    assert f"https://news.example.org/weeks/{week}.html" in links.hrefs  # "Read this on the web"
    plain = text.read_text(encoding="utf-8")
    assert f"1. {headlines[1]}" in plain and f"2. {headlines[0]}" in plain and "<" not in plain
    assert f"https://news.example.org/stories/{get_story(newsroom, owner, ids[1]).slug}.html" in plain
    assert letter.subject == f"The Weekly: Top Stories — Week {week.week}"


def test_a_newsletter_refuses_picks_the_site_does_not_have(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    story_id = full_story(newsroom, owner)
    local_target(newsroom, owner, tmp_path / "site")
    week = get_story(newsroom, owner, story_id).week
    set_picks(newsroom, owner, week, [story_id], expected_version=0)
    with pytest.raises(PicksNotPublishedError, match="not on “local”"):
        build_newsletter(newsroom, owner, week)
    assert get_picks(newsroom, owner, week).ids == (story_id,)


POPULAR = [{"id": 7, "title": {"rendered": "Chess &amp; the city"}, "link": "https://news.example.org/chess/",
            "pageviews": 1200},
           {"id": 9, "title": {"rendered": "Harvest"}, "link": "https://news.example.org/harvest/", "pageviews": 800}]


def fake_site(with_plugin: bool) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/wp-json/":
            spaces = ["wp/v2", "oembed/1.0"] + (["wordpress-popular-posts/v1"] if with_plugin else [])
            return httpx.Response(200, json={"name": "News", "namespaces": spaces})
        if request.url.path == "/wp-json/wordpress-popular-posts/v1/popular-posts":
            assert request.url.params["range"] == "last30days" and request.url.params["limit"] == "10"
            return httpx.Response(200, json=POPULAR)
        return httpx.Response(404, json={"code": "rest_no_route", "message": "No route", "data": {"status": 404}})
    return httpx.MockTransport(handle)


@pytest.mark.parametrize("with_plugin", [True, False])
def test_most_read_comes_from_wordpress_popular_posts_when_the_site_has_it(newsroom: Database, owner: Actor,
                                                                          tmp_path: Path, with_plugin: bool) -> None:
    credentials = memory_credentials()
    add_target(newsroom, owner, TargetSpec("web", TargetKind.WORDPRESS, url="https://news.example.org", username="ed"),
               password="abcd efgh", credentials=credentials)
    transport = fake_site(with_plugin)
    read = most_read(newsroom, owner, "web", credentials=credentials,
                     client_factory=lambda url, user, password: WordPressClient(url, user, password,
                                                                                transport=transport))
    if with_plugin:
        assert read.available and [(i.headline, i.views) for i in read.items] == [("Chess & the city", 1200),
                                                                                  ("Harvest", 800)]
    else:
        assert not read.available and read.items == () and "does not report" in read.note
    local_target(newsroom, owner, tmp_path / "site")
    local = most_read(newsroom, owner, "local", credentials=credentials)
    assert not local.available and "does not count its readers" in local.note
