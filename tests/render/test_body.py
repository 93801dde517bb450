"""A story body, Markdown in, sanitized HTML out: photos, captions, footnotes, headings, tables, quotes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from editor_app.domain.errors import ValidationError
from editor_app.render.markdown_html import body_html
from editor_app.render.markup import PageMarkup, QtMarkup
from tests.render.html_check import parse
from tests.render.samples import BODY, INLINE, LEAD, SAME_NAME, media_src

PAGE = PageMarkup(media_src)


def render(body: str, **kwargs: object) -> str:
    return body_html(body, markup=PAGE, photos=kwargs.pop("photos", (LEAD, INLINE, SAME_NAME)), **kwargs)  # type: ignore[arg-type]


def test_photo_alone_in_a_paragraph_becomes_a_captioned_figure() -> None:
    document = parse(render('Before.\n\n![x](photos/IMG_0001.jpg "old title")\n\nAfter.'))
    [figure] = document.find("figure")
    [img] = document.find("img")
    assert img.attrs == {"src": media_src(INLINE), "alt": "Delegates around a table", "width": "1200", "height": "800"}
    assert figure.text == "Delegates at the talks in Tbilisi (AP photo)"
    assert [f.text for f in document.find("figcaption")] == ["Delegates at the talks in Tbilisi (AP photo)"]
    assert "photos/IMG_0001.jpg" not in render("![x](photos/IMG_0001.jpg)")
    assert document.find("p")[0].text == "Before." and document.find("p")[-1].text == "After."


def test_figure_is_not_inside_a_paragraph() -> None:
    html = render("![x](photos/IMG_0001.jpg)")
    assert html.startswith('<figure class="photo">') and "<p>" not in html


def test_markdown_alt_and_title_fill_in_what_the_photo_desk_left_blank() -> None:
    bare = replace(INLINE, caption="", alt="")
    document = parse(render('![Written alt](photos/IMG_0001.jpg "Written caption")', photos=[bare]))
    assert document.find("img")[0].attrs["alt"] == "Written alt"
    assert document.find("figcaption")[0].text == "Written caption (AP photo)"
    no_words = replace(INLINE, caption="", credit="", alt="")
    assert parse(render("![](photos/IMG_0001.jpg)", photos=[no_words])).find("figcaption") == []


def test_credit_pattern_is_used_for_figures() -> None:
    document = parse(render("![x](photos/IMG_0001.jpg)", credit_pattern="{caption} — {credit}"))
    assert document.find("figcaption")[0].text == "Delegates at the talks in Tbilisi — AP photo"
    with pytest.raises(ValidationError):
        render("text", credit_pattern="{caption}")


def test_photo_in_running_text_is_an_inline_image() -> None:
    document = parse(render("See ![the table](photos/IMG_0001.jpg) here."))
    assert document.find("figure") == []
    assert document.find("p")[0].text == "See  here."
    assert document.find("img")[0].attrs["src"] == media_src(INLINE)


def test_two_photos_with_the_same_file_name_do_not_collide() -> None:
    document = parse(render("![one](photos/IMG_0001.jpg)\n\n![two](photos/IMG_0001-2.jpg)"))
    assert [img.attrs["src"] for img in document.find("img")] == [media_src(INLINE), media_src(SAME_NAME)]
    assert [f.text for f in document.find("figcaption")] == [
        "Delegates at the talks in Tbilisi (AP photo)", "The border crossing near Ijevan (Photo by Aram Arkun)"]


def test_ref_with_encoded_characters_is_found() -> None:
    spaced = replace(INLINE, ref="photos/IMG 0001.jpg")
    assert parse(render("![x](photos/IMG%200001.jpg)", photos=[spaced])).find("img")[0].attrs["src"] == (
        media_src(INLINE))
    assert parse(render("![x](<photos/IMG 0001.jpg>)", photos=[spaced])).find("img")[0].attrs["src"] == (
        media_src(INLINE))


def test_unknown_local_image_shows_its_alt_text_and_web_images_stay() -> None:
    document = parse(render("Look: ![a missing photo](photos/nope.jpg) and ![logo](https://example.org/l.png)."))
    assert document.text == "Look: a missing photo and ."
    assert [img.attrs for img in document.find("img")] == [{"alt": "logo", "src": "https://example.org/l.png"}]
    assert parse(render("![alone](photos/nope.jpg)")).find("p")[0].text == "alone"


def test_footnote_links_resolve_to_existing_ids() -> None:
    document = parse(render("One[^a] and two[^b], one again[^a].\n\n[^a]: First.\n[^b]: Second."))
    ids = document.ids()
    hrefs = [a.attrs["href"] for a in document.find("a")]
    assert len(hrefs) == 6  # three references, three ways back
    assert all(href.startswith("#") and href[1:] in ids for href in hrefs)
    assert [a.text for a in document.find("a", class_="footnote-ref")] == ["1", "2", "1"]
    assert [li.text.strip() for li in document.find("li")] == ["First.\xa0↩↩", "Second.\xa0↩"]


def test_heading_ids_are_stable_unicode_slugs_and_h1_is_demoted() -> None:
    body = "# Life in Երևան\n\n## Bakı talks\n\n### Bakı talks\n\nText."
    document = parse(render(body))
    assert [(e.tag, e.attrs.get("id")) for e in document.elements if e.tag.startswith("h")] == [
        ("h2", "h-life-in-երևան"), ("h2", "h-bakı-talks"), ("h3", "h-bakı-talks_1")]
    assert render(body) == render(body), "the same ids on every render (nothing carried over)"


def test_tables_keep_their_alignment() -> None:
    document = parse(render("| City | Votes |\n|:--|--:|\n| Gyumri | 1,204 |\n| Gəncə | 87 |"))
    assert [c.text for c in document.find("th")] == ["City", "Votes"]
    assert [(c.text, c.attrs.get("align")) for c in document.find("td")] == [
        ("Gyumri", "left"), ("1,204", "right"), ("Gəncə", "left"), ("87", "right")]


def test_typographic_quotes_and_dashes() -> None:
    text = parse(render("\"Nobody expects it,\" she said -- it's 'final'... --- really.")).text
    assert text == "“Nobody expects it,” she said – it’s ‘final’… — really."


def test_sane_lists_do_not_merge_ordered_and_bulleted() -> None:
    document = parse(render("1. one\n2. two\n\n* three\n* four"))
    assert [e.tag for e in document.elements if e.tag in ("ol", "ul")] == ["ol", "ul"]


@pytest.mark.parametrize(("body", "first"), [
    ("The talks began.\n\nMore.", "<p><span class=\"dateline\">TEL AVIV (Times of Israel) —</span> The talks began."),
    ("![x](photos/IMG_0001.jpg)\n\n**Talks** began.",
     '<figure class="photo">'),
    ("## Heading\n\nText.", "<h2"),
    ("> A quote.\n\nThe talks.", "<blockquote>"),
    ("", '<p><span class="dateline">TEL AVIV (Times of Israel) —</span></p>'),
])
def test_dateline_opens_the_first_paragraph_of_text(body: str, first: str) -> None:
    html = render(body, dateline="TEL AVIV (Times of Israel) —")
    assert html.startswith(first)
    assert html.count("TEL AVIV") == 1
    paragraphs = [p for p in parse(html).find("p") if "TEL AVIV" in p.text]
    assert (len(paragraphs) == 1 and paragraphs[0].text.startswith("TEL AVIV (Times of Israel) — ")) or body == ""


def test_dateline_skips_raw_html_blocks_and_is_escaped() -> None:
    html = render("<div>A raw block</div>\n\nThe talks.", dateline="A & B —")
    assert '<p><span class="dateline">A &amp; B —</span> The talks.</p>' in html
    assert html.startswith("<div>A raw block</div>")


def test_qt_markup_uses_plain_blocks() -> None:
    html = body_html("![x](photos/IMG_0001.jpg)", markup=QtMarkup(lambda p: f"image:{p.image_id}"), photos=[INLINE])
    assert html == ('<div class="figure"><img src="image:2" alt="Delegates around a table">'
                    '<p class="figcaption">Delegates at the talks in Tbilisi (AP photo)</p></div>')


def test_renders_do_not_leak_into_each_other() -> None:
    first = render("Text[^1].\n\n[^1]: A note.\n\n![x](photos/IMG_0001.jpg)", dateline="BAKU —")
    second = render("Plain text.")
    assert second == "<p>Plain text.</p>"
    assert render("Text[^1].\n\n[^1]: A note.\n\n![x](photos/IMG_0001.jpg)", dateline="BAKU —") == first


def test_threads_render_alike() -> None:
    expected = render(BODY, dateline="TEL AVIV —")
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: render(BODY, dateline="TEL AVIV —"), range(16)))
    assert results == [expected] * 16
