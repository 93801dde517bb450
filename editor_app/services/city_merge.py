"""Merge two cities of the vocabulary: every story tagged with one is tagged with the other, through the
write path (so each story's version moves), and the merged name stays findable as an alias."""

from __future__ import annotations

import logging

from sqlalchemy import select

from editor_app.domain.errors import NotFoundError, ValidationError
from editor_app.domain.permissions import Action
from editor_app.domain.text import fold
from editor_app.services import audit, vocab
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_records import read_story
from editor_app.services.story_write import write_story
from editor_app.storage.engine import Database
from editor_app.storage.models import ArticleCity, CityAlias

logger = logging.getLogger(__name__)


def merge_cities(db: Database, actor: Actor, source_name: str, target_name: str) -> int:
    """Fold `source_name` into `target_name`; returns how many stories were retagged. All or nothing."""
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.MANAGE_VOCABULARIES)
        source = vocab.find_city(session, source_name)
        target = vocab.find_city(session, target_name)
        for wanted, found in ((source_name, source), (target_name, target)):
            if found is None:
                raise NotFoundError(f"There is no city called '{wanted}'.", hint="`editor-app cities list` shows them.")
        assert source is not None and target is not None
        if source.id == target.id:
            raise ValidationError(f"'{source_name}' and '{target_name}' are already the same city ({target.name}).")
        story_ids = list(session.scalars(select(ArticleCity.article_id).where(ArticleCity.city_id == source.id)))
        for story_id in story_ids:
            head, state = read_story(session, story_id, lock=True)
            names = tuple(target.name if city.id == source.id else city.name for city in state.cities)
            write_story(session, actor, story_id, head.version, StoryChanges(cities=names), kind=None)
        spellings = [source.name, *(alias.alias for alias in source.aliases)]
        source_id, source_label = source.id, source.name
        session.delete(source)
        session.flush()  # the source's aliases go first, then they can be the target's
        taken = {fold(target.name), *(a.folded for a in target.aliases)}
        for spelling in spellings:
            if fold(spelling) not in taken:
                target.aliases.append(CityAlias(alias=spelling, folded=fold(spelling)))
                taken.add(fold(spelling))
        audit.record(session, user, "city.merge", merged=source_label, into=target.name, stories=len(story_ids),
                     merged_id=source_id)
    logger.info("merged city %s into %s (%d stories)", source_label, target_name, len(story_ids))
    return len(story_ids)
