"""A whole story as one HTML page: the read-only view now, the publishing templates later."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import escape

from editor_app.domain.bylines import byline_text
from editor_app.domain.captions import caption_with_credit
from editor_app.domain.stories import StoryDetail
from editor_app.render.figures import ImageSrc
from editor_app.render.markdown_html import body_html

PREVIEW_IMAGE_WIDTH = 560


@cache
def environment() -> Environment:
    return Environment(loader=PackageLoader("editor_app.resources", "templates"),
                       autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def render_story_html(story: StoryDetail, image_src: ImageSrc) -> str:
    """Section label, headline, deck, lead photo with caption and credit, byline, dateline, body, city tags."""
    lead = next((p for p in story.photos if p.role == "lead"), None)
    inline = {p.ref: p for p in story.photos if p.role != "lead" and p.ref}
    width = min(PREVIEW_IMAGE_WIDTH, lead.width) if lead and lead.width else PREVIEW_IMAGE_WIDTH
    return environment().get_template("story_preview.html").render(
        story=story,
        lead=lead,
        lead_src=image_src(lead) if lead else "",
        lead_width=width,
        lead_caption=caption_with_credit(lead.caption, lead.credit) if lead else "",
        byline=byline_text(list(story.bylines)),
        body=with_dateline(body_html(story.body, inline, image_src), story.dateline.text() if story.dateline else ""),
    )


def with_dateline(body: str, dateline: str) -> str:
    """The dateline opens the first paragraph, as in print: 'YEREVAN — The federation named…'."""
    if not dateline:
        return body
    tag = f'<span class="dateline">{escape(dateline)}</span> '
    if body.startswith("<p>"):
        return "<p>" + tag + body[3:]
    return f"<p>{tag}</p>\n{body}"

