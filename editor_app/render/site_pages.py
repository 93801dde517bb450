"""The local site's other pages: the home page, section, city and week listings, and the RSS feed.

Article pages come from render.article (`render_article_page`), so the site shows stories exactly as the
preview does. Listings are laid out from plain `StoryCard`s; every href is relative to the page that holds
it, so the site works from a folder (file://) as well as from a web server.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from editor_app.render.article import Link, PaperSettings, environment


@dataclass(frozen=True)
class StoryCard:
    """One story in a listing: headline, section, deck, byline, date and an optional photo."""

    headline: str
    href: str
    section: str = ""
    section_href: str = ""
    deck: str = ""
    byline: str = ""
    date: str = ""
    image_src: str = ""
    image_alt: str = ""


@dataclass(frozen=True)
class SiteNav:
    """The links every site page carries: home, the sections, and the feed."""

    home_href: str
    sections: tuple[Link, ...] = ()
    feed_href: str = ""
    current: str = ""  # the section shown, marked in the navigation


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str
    description: str
    published: datetime
    guid: str
    category: str = ""


def render_home(paper: PaperSettings, *, nav: SiteNav, top_label: str, top: tuple[StoryCard, ...],
                latest_label: str, latest: tuple[StoryCard, ...], weeks: tuple[Link, ...],
                cities: tuple[Link, ...], top_href: str = "") -> str:
    """The home page: the editors' top stories of the week (in their order; `top_href` is that week's page), the
    latest articles, the archive by week."""
    return environment().get_template("site_home.html").render(
        paper=paper, nav=nav, top_label=top_label, top=top, top_href=top_href, latest_label=latest_label,
        latest=latest, weeks=weeks, cities=cities)


def render_listing(paper: PaperSettings, *, nav: SiteNav, kicker: str, title: str, cards: tuple[StoryCard, ...],
                   empty: str = "No stories yet.", top_label: str = "", top: tuple[StoryCard, ...] = ()) -> str:
    """A section, city or week page: its stories, newest first (a week page opens with its top stories, in the
    editors' order, when they were published)."""
    return environment().get_template("site_list.html").render(paper=paper, nav=nav, kicker=kicker, title=title,
                                                               cards=cards, empty=empty, top_label=top_label, top=top)


def render_feed(paper: PaperSettings, *, site_link: str, self_link: str, items: tuple[FeedItem, ...],
                description: str = "") -> bytes:
    """RSS 2.0, newest first, built with ElementTree (so every text is escaped the XML way)."""
    atom = "http://www.w3.org/2005/Atom"
    ET.register_namespace("atom", atom)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = paper.title
    ET.SubElement(channel, "link").text = site_link
    ET.SubElement(channel, "description").text = description or f"The latest stories from {paper.title}"
    ET.SubElement(channel, "language").text = paper.language
    ET.SubElement(channel, f"{{{atom}}}link", {"href": self_link, "rel": "self", "type": "application/rss+xml"})
    if items:
        ET.SubElement(channel, "lastBuildDate").text = format_datetime(max(i.published for i in items))
    for item in items:
        node = ET.SubElement(channel, "item")
        ET.SubElement(node, "title").text = item.title
        ET.SubElement(node, "link").text = item.link
        ET.SubElement(node, "guid", {"isPermaLink": "false"}).text = item.guid
        ET.SubElement(node, "pubDate").text = format_datetime(item.published)
        if item.category:
            ET.SubElement(node, "category").text = item.category
        ET.SubElement(node, "description").text = item.description
    ET.indent(rss)
    data: bytes = ET.tostring(rss, encoding="utf-8", xml_declaration=True)
    return data
