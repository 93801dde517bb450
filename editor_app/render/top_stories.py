"""The week's top stories as readers get them outside the static site: the WordPress roundup post's content, and
the newsletter (an HTML email with its CSS inlined, and its plain-text alternative).

Callers hand in plain `TopStoryItem`s whose links and picture addresses are already absolute (the published
site's); templates only lay them out (Jinja2, autoescaped HTML).
"""

from __future__ import annotations

from dataclasses import dataclass

from editor_app.domain.weeks import IsoWeek
from editor_app.render.article import PaperSettings, environment

EXCERPT_CHARS = 300


@dataclass(frozen=True)
class TopStoryItem:
    """One pick as readers see it in a list: its headline linking to the story, deck, byline and picture."""

    headline: str
    url: str
    deck: str = ""
    section: str = ""
    byline: str = ""
    image_url: str = ""
    image_alt: str = ""


@dataclass(frozen=True)
class Newsletter:
    subject: str
    html: str  # every style inline: no <style> block for a mail client to drop
    text: str  # the plain-text alternative


def roundup_title(week: IsoWeek) -> str:
    return f"Top Stories — Week {week.week}"


def roundup_post_html(week: IsoWeek, items: tuple[TopStoryItem, ...], *, paper: PaperSettings) -> str:
    """The content of the "Top Stories — Week N" post: an intro paragraph and the ordered list (one Custom HTML
    block, so that the block editor keeps it as it is)."""
    return environment().get_template("roundup_wordpress.html").render(
        week=week, days=week.days_label(), items=items, paper=paper).strip() + "\n"


def roundup_excerpt(week: IsoWeek, items: tuple[TopStoryItem, ...]) -> str:
    text = f"The editors' pick of week {week.week}: " + "; ".join(item.headline for item in items) + "."
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS - 1].rstrip() + "…"


def newsletter(week: IsoWeek, items: tuple[TopStoryItem, ...], *, paper: PaperSettings, web_url: str = "",
               site_url: str = "") -> Newsletter:
    """The week's top stories as a ready-to-send email: HTML with its CSS inlined (css-inline) and plain text.
    `web_url` reads the same list on the site (the roundup post or the week's page); `site_url` is the home page."""
    import css_inline

    subject = f"{paper.title}: Top Stories — Week {week.week}"
    values = {"week": week, "days": week.days_label(), "items": items, "paper": paper, "web_url": web_url,
              "site_url": site_url, "subject": subject}
    styled = environment().get_template("newsletter.html").render(**values)
    inlined = css_inline.inline(styled, keep_style_tags=False, load_remote_stylesheets=False)
    text = environment().get_template("newsletter.txt").render(**values)
    return Newsletter(subject=subject, html=inlined, text=text.strip() + "\n")
