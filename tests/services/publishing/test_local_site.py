"""The local site backend: a whole static site in a folder, swapped in atomically, every link working."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image as PILImage
from sqlalchemy import select

from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.imaging.scrub import leftovers
from editor_app.render.article import Link, render_article_page
from editor_app.services.actor import Actor
from editor_app.services.publishing.local_site import SITE_MARK, SiteFolderError, swap_in
from editor_app.services.publishing.outbox import JobState, enqueue_unpublish
from editor_app.services.publishing.runner import drain, newsroom_paper
from editor_app.services.story_read import get_story
from editor_app.storage.engine import Database
from editor_app.storage.models import Image, PhotoCopy, PublishRecord, TopStoryEntry, TopStoryPublication, TopStoryWeek
from tests.publishing_helpers import full_story, local_target, memory_credentials, publish


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def broken_links(site: Path) -> list[str]:
    """Every relative href/src of every page that points at no file."""
    broken = []
    for page in site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#"):
                continue
            if not (page.parent / unquote(parts.path)).resolve().exists():
                broken.append(f"{page.relative_to(site)} -> {link}")
    return broken


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return tmp_path / "site"


def test_publishing_writes_a_whole_site_whose_article_page_is_the_renderers(newsroom: Database, owner: Actor,
                                                                             site: Path) -> None:
    first = full_story(newsroom, owner, colours=(1, 2))
    second = full_story(newsroom, owner, colours=(3, 4), section="Community", cities=("Yerevan",))
    local_target(newsroom, owner, site)
    creds = memory_credentials()
    jobs = [publish(newsroom, owner, story_id, "local", creds) for story_id in (first, second)]

    assert [j.state for j in jobs] == [JobState.DONE, JobState.DONE]
    one, two = get_story(newsroom, owner, first), get_story(newsroom, owner, second)
    assert one.status is Status.PUBLISHED and two.status is Status.PUBLISHED
    assert jobs[1].result_url == (site / "stories" / f"{two.slug}.html").as_uri()
    for path in ("index.html", "feed.xml", f"stories/{one.slug}.html", "sections/international.html",
                 "sections/community.html", "cities/baku.html", "cities/tel-aviv.html", "cities/yerevan.html",
                 f"weeks/{one.week}.html", SITE_MARK):  # the week it was published in
        assert (site / path).is_file(), path
    assert broken_links(site) == []

    # The article page is render_article_page's, with previous/next in the order the stories went live.
    page = (site / "stories" / f"{one.slug}.html").read_text(encoding="utf-8")
    names = {p.image_id: p for p in one.photos}
    with newsroom.session() as session:
        files = {i.id: i for i in session.scalars(select(Image).where(Image.id.in_(list(names))))}
        stored = {image_id: image.data for image_id, image in files.items()}
    expected = render_article_page(
        one, paper=newsroom_paper(newsroom),
        image_src=lambda p: f"../photos/{re.sub(r'[^a-z0-9]+', '-', files[p.image_id].filename[:-4].lower())}"
                            f"-{p.sha256[:12]}.jpg",
        city_href=lambda c: f"../cities/{c.lower().replace(' ', '-')}.html",
        next_link=Link(two.headline, f"../stories/{two.slug}.html"), home_href="../index.html")
    assert page == expected
    assert "The lectern before the press conference" in page and "(Wire Service photo)" in page
    assert "TEL AVIV (Times of Israel) —" in page and "By Ash Obel" in page
    for photo in one.photos:  # the photo files are web renditions: never the stored original, no metadata at all
        found = list((site / "photos").glob(f"*-{photo.sha256[:12]}.jpg"))
        assert len(found) == 1 and found[0].read_bytes() != stored[photo.image_id]
        with PILImage.open(found[0]) as written:
            assert "exif" not in written.info and written.format == "JPEG"
        assert leftovers(found[0].read_bytes()) == []
    with newsroom.session() as session:
        copies = session.scalars(select(PhotoCopy).where(PhotoCopy.image_id.in_(list(names)))).all()
    assert {c.image_id for c in copies} == set(names) and all(c.verified_clean for c in copies)


def test_the_home_page_lists_the_weeks_top_stories_in_order_and_the_feed_is_rss(newsroom: Database, owner: Actor,
                                                                                site: Path) -> None:
    ids = [full_story(newsroom, owner, colours=(n, n + 1)) for n in range(3)]
    with newsroom.session() as session:  # an order published before the history was kept (no target): every site's
        week = TopStoryWeek(week=IsoWeek(2026, 47))
        week.entries = [TopStoryEntry(article_id=ids[2], position=0), TopStoryEntry(article_id=ids[0], position=1)]
        session.add(week)
        session.flush()
        session.add(TopStoryPublication(week_id=week.id, target_id=None, target_name="", list_version=1, url="",
                                        picks=[{"id": ids[2], "headline": "", "url": ""},
                                               {"id": ids[0], "headline": "", "url": ""}], user_name=""))
    local_target(newsroom, owner, site)
    creds = memory_credentials()
    for story_id in ids:
        publish(newsroom, owner, story_id, "local", creds)

    home = (site / "index.html").read_text(encoding="utf-8")
    headlines = [get_story(newsroom, owner, i).headline for i in ids]
    top = home[home.index("Top stories week 47"):home.index("Latest articles of the week")]
    assert top.index(headlines[2]) < top.index(headlines[0]) and headlines[1] not in top
    latest = home[home.index("Latest articles of the week"):]
    assert all(h in latest for h in headlines)
    feed = ET.fromstring((site / "feed.xml").read_bytes())
    titles = [item.findtext("title") for item in feed.iter("item")]
    assert titles == list(reversed(headlines))  # newest first
    title = feed.findtext("channel/title")
    assert title == newsroom_paper(newsroom).name == "The Weekly"  # the newsroom settings' default name


def test_unpublishing_removes_the_page_and_every_link_to_it(newsroom: Database, owner: Actor, site: Path) -> None:
    keep, drop = full_story(newsroom, owner, colours=(5, 6)), full_story(newsroom, owner, colours=(7, 8))
    local_target(newsroom, owner, site)
    creds = memory_credentials()
    publish(newsroom, owner, keep, "local", creds)
    publish(newsroom, owner, drop, "local", creds)
    gone = get_story(newsroom, owner, drop)

    job = enqueue_unpublish(newsroom, owner, drop, "local")
    [ran] = drain(newsroom, credentials=creds)

    assert ran.id == job.id and ran.state is JobState.DONE
    assert get_story(newsroom, owner, drop).status is Status.UNPUBLISHED
    assert not (site / "stories" / f"{gone.slug}.html").exists()
    assert all(gone.headline not in page.read_text(encoding="utf-8") for page in site.rglob("*.html"))
    assert broken_links(site) == []
    with newsroom.session() as session:
        record = session.scalars(select(PublishRecord).where(PublishRecord.article_id == drop)).one()
        assert record.remote_status == "draft"


def test_a_failed_render_leaves_the_previous_site_as_it_was(site: Path) -> None:
    def good(fresh: Path, _old: Path | None) -> None:
        (fresh / "index.html").write_text("old site", encoding="utf-8")

    def broken(fresh: Path, _old: Path | None) -> None:
        (fresh / "index.html").write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    swap_in(site, good)
    with pytest.raises(SiteFolderError, match="No space left on device"):
        swap_in(site, broken)

    assert (site / "index.html").read_text(encoding="utf-8") == "old site"
    assert [p.name for p in site.parent.iterdir()] == ["site"]  # no half-written folder left beside it


def test_a_folder_holding_other_files_is_never_replaced(newsroom: Database, owner: Actor, site: Path) -> None:
    site.mkdir()
    (site / "thesis.docx").write_bytes(b"years of work")
    story_id = full_story(newsroom, owner)
    local_target(newsroom, owner, site)

    job = publish(newsroom, owner, story_id, "local", memory_credentials())

    assert job.state is JobState.FAILED
    assert "holds files the app did not write" in job.last_error and job.error_hint
    assert (site / "thesis.docx").read_bytes() == b"years of work"
    assert get_story(newsroom, owner, story_id).status is Status.APPROVED


def test_a_second_publish_shares_unchanged_photo_files_with_the_old_site(newsroom: Database, owner: Actor,
                                                                         site: Path) -> None:
    first = full_story(newsroom, owner, colours=(9, 10))
    local_target(newsroom, owner, site)
    creds = memory_credentials()
    publish(newsroom, owner, first, "local", creds)
    before = {p.name: p.read_bytes() for p in (site / "photos").iterdir()}

    publish(newsroom, owner, full_story(newsroom, owner, colours=(11, 12)), "local", creds)

    after = {p.name: p.read_bytes() for p in (site / "photos").iterdir()}
    assert len(after) == len(before) + 2 and all(after[name] == data for name, data in before.items())
