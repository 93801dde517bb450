"""The WordPress post content: byline and dateline at the head, inline photos as image blocks."""

from __future__ import annotations

import json
import re

import pytest

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.errors import ValidationError
from editor_app.domain.stories import PhotoUse
from editor_app.render.wordpress_content import RemoteMedia, wordpress_content
from tests.render.html_check import parse
from tests.render.samples import INLINE, LEAD, PAPER, SAME_NAME, story

UPLOADED = {
    LEAD.ref: RemoteMedia(101, "https://paper.example/wp-content/uploads/2026/10/gantz-baku.jpg"),
    INLINE.ref: RemoteMedia(102, "https://paper.example/wp-content/uploads/2026/10/IMG_0001.jpg"),
    SAME_NAME.ref: RemoteMedia(103, "https://paper.example/wp-content/uploads/2026/10/IMG_0001-1.jpg"),
}


def media(photo: PhotoUse) -> RemoteMedia:
    return UPLOADED[photo.ref]


def test_content_opens_with_the_byline_then_the_dateline() -> None:
    content = wordpress_content(story(), paper=PAPER, media=media)
    assert content.startswith(
        '<!-- wp:paragraph {"className":"byline"} -->\n'
        '<p class="byline"><strong>By Ash Obel</strong><br>Translated by Lilit Hakobyan</p>\n'
        "<!-- /wp:paragraph -->\n\n"
        "<p><strong>TEL AVIV (Times of Israel) —</strong> Israel’s defense minister arrived in Baku")


def test_inline_photos_are_image_blocks_with_their_media_ids() -> None:
    content = wordpress_content(story(), paper=PAPER, media=media)
    blocks = re.findall(r"<!-- wp:image (\{.*?\}) -->\n(.*?)\n<!-- /wp:image -->", content)
    assert [json.loads(attributes) for attributes, _ in blocks] == [{"id": 102}, {"id": 103}]
    assert blocks[0][1] == (
        '<figure class="wp-block-image"><img src="https://paper.example/wp-content/uploads/2026/10/IMG_0001.jpg" '
        'alt="Delegates around a table" class="wp-image-102"/>'
        '<figcaption class="wp-element-caption">Delegates at the talks in Tbilisi (AP photo)</figcaption></figure>')
    assert "wp-image-103" in blocks[1][1] and "IMG_0001-1.jpg" in blocks[1][1]
    assert content.count("<!-- wp:image") == content.count("<!-- /wp:image -->") == 2


def test_lead_photo_is_left_to_featured_media() -> None:
    content = wordpress_content(story(), paper=PAPER, media=media)
    assert "gantz-baku" not in content and "Gantz in Baku (Jewish Press photo)" not in content


def test_body_keeps_table_footnotes_and_headings() -> None:
    document = parse(wordpress_content(story(), paper=PAPER, media=media))
    assert [h.text for h in document.find("h2")] == ["What was signed", "Reaction in the diaspora"]
    assert len(document.find("tr")) == 4
    ids = document.ids()
    assert all(a.attrs["href"][1:] in ids for a in document.find("a") if a.attrs["href"].startswith("#"))


def test_inline_photo_in_running_text() -> None:
    content = wordpress_content(story(body="See ![x](photos/IMG_0001.jpg) here.", dateline=None, bylines=()),
                                paper=PAPER, media=media)
    assert content == ('<p>See <img src="https://paper.example/wp-content/uploads/2026/10/IMG_0001.jpg" '
                       'alt="Delegates around a table" class="wp-image-102"/> here.</p>')


def test_special_contributor_in_the_byline_block() -> None:
    content = wordpress_content(story(bylines=(Byline("Nora Sarkissian", BylineRole.SPECIAL),)), paper=PAPER,
                                media=media)
    assert '<p class="byline"><strong>By Nora Sarkissian</strong><br>Special to the Mirror-Spectator</p>' in content


@pytest.mark.parametrize("remote", [RemoteMedia(0, "https://paper.example/a.jpg"),
                                    RemoteMedia(5, "javascript:alert(1)"),
                                    RemoteMedia(5, 'https://paper.example/a.jpg" onerror="x'),
                                    RemoteMedia(True, "https://paper.example/a.jpg")])
def test_media_without_a_usable_id_or_url_is_refused(remote: RemoteMedia) -> None:
    with pytest.raises(ValidationError, match=r"photos/IMG_0001\.jpg") as caught:
        wordpress_content(story(), paper=PAPER, media=lambda photo: remote)
    assert caught.value.hint
