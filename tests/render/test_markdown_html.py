from __future__ import annotations

from datetime import UTC, datetime

from editor_app.domain.bylines import Byline
from editor_app.domain.stories import Dateline, PhotoUse, StoryDetail
from editor_app.domain.workflow import Status
from editor_app.render.markdown_html import body_html
from editor_app.render.story_html import render_story_html

LEAD = PhotoUse(1, "aaa", "lead", "Gantz in Baku", "Jewish Press photo", "Gantz at a podium", width=1200)
INLINE = PhotoUse(2, "bbb", "inline", "The talks", "AP photo", "Delegates at a table", ref="photos/t.jpg")


def src(photo: PhotoUse) -> str:
    return f"image://{photo.sha256}"


def test_scripts_and_links_are_removed() -> None:
    html = body_html('Hi <script>alert(1)</script><img src=x onerror="alert(2)"> [a](javascript:alert(3))')
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert html.startswith("<p>Hi")


def test_inline_photo_becomes_captioned_figure() -> None:
    html = body_html('Before.\n\n![x](photos/t.jpg "old title")\n\nAfter.', {"photos/t.jpg": INLINE}, src)
    assert '<figure><img alt="Delegates at a table" src="image://bbb">' in html
    assert "<figcaption>The talks (AP photo)</figcaption>" in html
    assert "photos/t.jpg" not in html


def test_story_page_has_every_part() -> None:
    now = datetime(2026, 10, 1, tzinfo=UTC)
    story = StoryDetail(
        id=1, headline="Minister Visits <Baku>", deck="Talks on defense", slug="m", section="International",
        status=Status.PUBLISHED, week="2026-W40", body="Body **text**.\n\n![x](photos/t.jpg)",
        bylines=(Byline("Ash Obel"),), cities=("Azerbaijan", "Israel"),
        dateline=Dateline("Tel Aviv", "Times of Israel"), photos=(LEAD, INLINE), scheduled=None,
        created=now, updated=now, version=1,
    )
    html = render_story_html(story, src)
    for part in ("International", "Minister Visits &lt;Baku&gt;", "Talks on defense", 'src="image://aaa"',
                 "Gantz in Baku (Jewish Press photo)", "By Ash Obel", "TEL AVIV (Times of Israel) —",
                 "<strong>text</strong>", "The talks (AP photo)", "Discover more cities: Azerbaijan · Israel"):
        assert part in html, part


def test_dateline_opens_the_first_paragraph() -> None:
    from editor_app.render.story_html import with_dateline

    assert with_dateline("<p>The talks began.</p>\n<p>More.</p>", "BAKU —") == (
        '<p><span class="dateline">BAKU —</span> The talks began.</p>\n<p>More.</p>')
    assert with_dateline("<h2>Heading</h2>", "A & B —").startswith('<p><span class="dateline">A &amp; B —</span> </p>')
    assert with_dateline("<p>x</p>", "") == "<p>x</p>"
