"""One article model, two templates: the Qt preview and the local site's page show the same parts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from editor_app.domain.bylines import Byline, BylineRole, LineKind
from editor_app.domain.errors import ValidationError
from editor_app.domain.stories import PhotoUse
from editor_app.render.article import (
    Link,
    PaperSettings,
    article_parts,
    render_article_page,
    render_preview_html,
)
from editor_app.render.markup import PageMarkup
from tests.render.html_check import parse
from tests.render.samples import LEAD, PAPER, media_src, story


def qt_src(photo: PhotoUse) -> str:
    return f"image:{photo.image_id}"


def page(**changes: object) -> str:
    return render_article_page(story(**changes), paper=PAPER, image_src=media_src,
                               city_href=lambda city: f"../cities/{city.lower()}/",
                               previous=Link("Gyumri Opens a Makerspace", "gyumri.html"),
                               next_link=Link("Chess in Vanadzor", "chess.html"), home_href="../index.html")


def test_parts_are_worked_out_once_for_both_templates() -> None:
    parts = article_parts(story(), paper=PAPER, image_src=media_src, markup=PageMarkup(media_src),
                          city_href=lambda city: f"/city/{city}")
    assert (parts.section, parts.headline, parts.deck) == (
        "International", "Israeli Defense Minister Visits Azerbaijan", "Talks on drones, water and trade")
    assert parts.lead is not None
    assert (parts.lead.src, parts.lead.alt, parts.lead.caption, parts.lead.width, parts.lead.height) == (
        media_src(LEAD), "Benny Gantz at a podium in Baku", "Gantz in Baku (Jewish Press photo)", 1600, 1000)
    assert [(line.text, line.kind) for line in parts.byline] == [
        ("By Ash Obel", LineKind.BY), ("Translated by Lilit Hakobyan", LineKind.TRANSLATED)]
    assert parts.dateline == "TEL AVIV (Times of Israel) —"
    assert parts.body.startswith('<p><span class="dateline">TEL AVIV (Times of Israel) —</span> Israel’s')
    assert [(c.text, c.href) for c in parts.cities] == [
        ("Azerbaijan", "/city/Azerbaijan"), ("Israel", "/city/Israel"), ("Yerevan", "/city/Yerevan"),
        ("Gyumri", "/city/Gyumri")]
    assert parts.previous is None and parts.next is None


def test_lead_is_scaled_down_to_a_maximum_width() -> None:
    parts = article_parts(story(), paper=PAPER, image_src=media_src, markup=PageMarkup(media_src),
                          lead_max_width=560)
    assert parts.lead is not None and (parts.lead.width, parts.lead.height) == (560, 350)
    unknown_size = story(photos=(replace(LEAD, width=0, height=0),))
    parts = article_parts(unknown_size, paper=PAPER, image_src=media_src, markup=PageMarkup(media_src),
                          lead_max_width=560)
    assert parts.lead is not None and (parts.lead.width, parts.lead.height) == (560, 0)


def test_the_paper_needs_a_name_and_a_sound_credit_pattern() -> None:
    with pytest.raises(ValidationError, match="no name"):
        PaperSettings(name=" ")
    with pytest.raises(ValidationError, match="credit pattern"):
        PaperSettings(name="Mirror-Spectator", credit_pattern="{caption}")
    assert PaperSettings(name="Mirror-Spectator").title == "Mirror-Spectator"
    assert PAPER.title == "The Armenian Mirror-Spectator"


def test_article_page_has_every_part_in_reading_order() -> None:
    text = " ".join(parse(page()).find("body")[0].text.split())
    in_order = ["The Armenian Mirror-Spectator", "International", "Israeli Defense Minister Visits Azerbaijan",
                "Talks on drones, water and trade", "Gantz in Baku (Jewish Press photo)", "By Ash Obel",
                "Translated by Lilit Hakobyan", "TEL AVIV (Times of Israel) — Israel’s defense minister",
                "Delegates at the talks in Tbilisi (AP photo)", "What was signed", "Gəncə",
                "The border crossing near Ijevan (Photo by Aram Arkun)", "The last visit by an Israeli",
                "Discover more cities: Azerbaijan Israel Yerevan Gyumri", "Previous", "Gyumri Opens a Makerspace",
                "Next", "Chess in Vanadzor"]
    positions = [text.find(part) for part in in_order]
    assert -1 not in positions, [p for p, at in zip(in_order, positions, strict=True) if at == -1]
    assert positions == sorted(positions)


def test_article_page_markup() -> None:
    html = page()
    document = parse(html)
    assert html.startswith("<!DOCTYPE html>")
    assert document.find("html")[0].attrs == {"lang": "en"}
    assert [t.text for t in document.find("title")] == [
        "Israeli Defense Minister Visits Azerbaijan – The Armenian Mirror-Spectator"]
    assert [h.text for h in document.find("h1")] == ["Israeli Defense Minister Visits Azerbaijan"]
    assert [a.attrs["href"] for a in document.find("a", class_="paper")] == ["../index.html"]
    assert document.find("p", class_="section")[0].text == "International"
    [lead] = document.find("figure", class_="photo lead")
    assert lead.text.strip() == "Gantz in Baku (Jewish Press photo)"
    assert document.find("img")[0].attrs == {"src": media_src(LEAD), "alt": "Benny Gantz at a podium in Baku",
                                             "width": "1600", "height": "1000"}
    assert [s.text for s in document.find("span", class_="byline-by")] == ["By Ash Obel"]
    assert [s.text for s in document.find("span", class_="dateline")] == ["TEL AVIV (Times of Israel) —"]
    assert [(a.text, a.attrs["href"]) for a in document.find("a", class_="tag")] == [
        ("Azerbaijan", "../cities/azerbaijan/"), ("Israel", "../cities/israel/"), ("Yerevan", "../cities/yerevan/"),
        ("Gyumri", "../cities/gyumri/")]
    assert [a.attrs["href"] for a in document.find("a") if a.attrs.get("rel") in ("prev", "next")] == [
        "gyumri.html", "chess.html"]
    ids = document.ids()
    assert all(a.attrs["href"][1:] in ids for a in document.find("a") if a.attrs["href"].startswith("#"))
    [style] = document.find("style")
    assert "max-width: 712px" in style.text and ".section" in style.text


def test_article_page_without_optional_parts() -> None:
    html = render_article_page(story(photos=(), dateline=None, bylines=(), cities=(), deck="", section=""),
                               paper=PAPER, image_src=media_src)
    document = parse(html)
    for gone in ("figure", "nav", "img"):
        assert document.find(gone) == [], gone
    for css_class in ("byline", "deck", "section", "cities"):
        assert document.find("p", class_=css_class) == [], css_class
    assert document.find("span", class_="paper")[0].text == "The Armenian Mirror-Spectator"
    assert "Discover more cities" not in document.text
    assert document.find("div", class_="body")[0].text.strip().startswith("Israel’s defense minister")


def test_cities_without_links_are_plain_text() -> None:
    html = render_article_page(story(), paper=PAPER, image_src=media_src)
    document = parse(html)
    assert [s.text for s in document.find("span", class_="tag")] == ["Azerbaijan", "Israel", "Yerevan", "Gyumri"]
    assert document.find("a", class_="tag") == []


def test_special_contributor_names_the_paper() -> None:
    html = page(bylines=(Byline("Nora Sarkissian", BylineRole.SPECIAL),))
    assert [s.text for s in parse(html).find("span", class_="byline-special")] == ["Special to the Mirror-Spectator"]


def test_preview_shows_the_same_parts_in_qt_markup() -> None:
    html = render_preview_html(story(), paper=PAPER, image_src=qt_src)
    document = parse(html)
    text = " ".join(document.find("body")[0].text.split())
    for part in ("International", "Israeli Defense Minister Visits Azerbaijan", "Talks on drones, water and trade",
                 "Gantz in Baku (Jewish Press photo)", "By Ash Obel", "Translated by Lilit Hakobyan",
                 "Approved · 2026-W40", "TEL AVIV (Times of Israel) — Israel’s",
                 "Delegates at the talks in Tbilisi (AP photo)",
                 "Discover more cities: Azerbaijan · Israel · Yerevan · Gyumri"):
        assert part in text, part
    assert document.find("figure") == [] and document.find("figcaption") == [], "Qt knows neither"
    assert [img.attrs["src"] for img in document.find("img")] == ["image:1", "image:2", "image:3"]
    assert document.find("img")[0].attrs["width"] == "560"
    assert [p.text for p in document.find("p", class_="figcaption")] == [
        "Gantz in Baku (Jewish Press photo)", "Delegates at the talks in Tbilisi (AP photo)",
        "The border crossing near Ijevan (Photo by Aram Arkun)"]


def test_credit_pattern_setting_reaches_lead_and_body() -> None:
    paper = PaperSettings(name="Mirror-Spectator", credit_pattern="{caption} — {credit}")
    document = parse(render_article_page(story(), paper=paper, image_src=media_src))
    assert [f.text.strip() for f in document.find("figcaption")] == [
        "Gantz in Baku — Jewish Press photo", "Delegates at the talks in Tbilisi — AP photo",
        "The border crossing near Ijevan — Photo by Aram Arkun"]
