"""New stories from templates: Markdown story files in resources/story_templates/ (STORY-FORMAT.md), named
by the YAML comment on their first front-matter line ("# Op-ed: an argument in the writer's own voice")."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import select

from editor_app.domain.bylines import Byline
from editor_app.domain.errors import NotFoundError
from editor_app.domain.story_file import StoryFile, parse_story_file
from editor_app.domain.workflow import Status
from editor_app.services.actor import Actor
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_write import SaveResult, save_story
from editor_app.storage.engine import Database
from editor_app.storage.models import Contributor

logger = logging.getLogger(__name__)

TEMPLATE_FOLDER = "story_templates"


@dataclass(frozen=True)
class StoryTemplate:
    key: str  # the file name without ".md"
    name: str  # "Op-ed"
    description: str  # what the template is for
    story: StoryFile


def _title(text: str, key: str) -> tuple[str, str]:
    second = text.split("\n", 2)[1] if text.count("\n") >= 2 else ""
    if second.startswith("#"):
        name, _, description = second.lstrip("# ").partition(":")
        return name.strip(), description.strip()
    return key.split("-", 1)[-1].replace("-", " ").capitalize(), ""


def story_templates() -> list[StoryTemplate]:
    """The templates in their files' order ("1-community-news.md" first)."""
    folder = resources.files("editor_app.resources").joinpath(TEMPLATE_FOLDER)
    found = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".md"):
            continue
        text = entry.read_text(encoding="utf-8")
        key = entry.name.removesuffix(".md")
        name, description = _title(text, key)
        found.append(StoryTemplate(key=key, name=name, description=description,
                                   story=parse_story_file(text, f"template {entry.name}")))
    return found


def template(key: str) -> StoryTemplate:
    for candidate in story_templates():
        if key in (candidate.key, candidate.name):
            return candidate
    raise NotFoundError(f"There is no story template called '{key}'.",
                        hint="Choose one of: " + ", ".join(t.name for t in story_templates()) + ".")


def _own_byline(db: Database, actor: Actor) -> tuple[Byline, ...]:
    with db.session() as session:
        name = session.scalar(select(Contributor.name).where(Contributor.user_id == actor.user_id).limit(1))
    return (Byline(name),) if name else ()


def new_story(db: Database, actor: Actor, template_key: str, headline: str, section: str = "") -> SaveResult:
    """A draft made from a template, with the writer's own byline when they are in the contributor registry."""
    chosen = template(template_key)
    story = chosen.story
    changes = StoryChanges(headline=headline, section=section or story.section, deck=story.deck, body=story.body,
                           dateline=story.dateline, cities=story.cities,
                           bylines=story.bylines or _own_byline(db, actor), status=Status.DRAFT)
    result = save_story(db, actor, None, None, changes, note=f"new from the template {chosen.name}")
    logger.info("new story %s (%s) from template %s", result.id, result.slug, chosen.key)
    return result
