"""The work the Top stories board hands to its workers: plain data in, plain data out (services are imported
inside, so the window paints before they load)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from editor_app.domain.top_stories import TopStory, WeekPicks
    from editor_app.domain.weeks import IsoWeek
    from editor_app.services.actor import Actor
    from editor_app.services.publishing.targets import TargetInfo
    from editor_app.services.top_stories import Board
    from editor_app.services.top_stories_publish import MostRead, TopStoriesQueued
    from editor_app.storage.engine import Database


@dataclass(frozen=True)
class Loaded:
    board: Board
    targets: list[TargetInfo]
    may_pick: bool
    may_publish: bool


def load(db: Database, actor: Actor, week: IsoWeek | None) -> Loaded:
    from editor_app.domain.permissions import Action, allowed
    from editor_app.services.publishing.targets import list_targets
    from editor_app.services.top_stories import board

    shown = board(db, actor, week)
    return Loaded(shown, list_targets(db, actor), allowed(actor.role, Action.PICK_TOP_STORIES),
                  allowed(actor.role, Action.PUBLISH))


def search(db: Database, actor: Actor, week: IsoWeek, text: str) -> list[TopStory]:
    from editor_app.services.top_stories import candidates

    return candidates(db, actor, week, text)


def picks(db: Database, actor: Actor, week: IsoWeek) -> WeekPicks:
    from editor_app.services.top_stories import get_picks

    return get_picks(db, actor, week)


def save(db: Database, actor: Actor, week: IsoWeek, ids: Sequence[int], version: int) -> WeekPicks:
    from editor_app.services.top_stories import set_picks

    return set_picks(db, actor, week, ids, version)


def publish(db: Database, actor: Actor, week: IsoWeek, target_id: int, *, publish_missing: bool,
            sticky_first: bool) -> TopStoriesQueued:
    from editor_app.services.top_stories_publish import enqueue_top_stories

    return enqueue_top_stories(db, actor, week, target_id, publish_missing=publish_missing, sticky_first=sticky_first)


def newsletter(db: Database, actor: Actor, week: IsoWeek, target_id: int, folder: Path) -> Path:
    from editor_app.services.top_stories_publish import build_newsletter, write_newsletter

    html, _text = write_newsletter(build_newsletter(db, actor, week, target_id), folder)
    return html


def most_read(db: Database, actor: Actor, target_id: int) -> MostRead:
    """Network work: run it on the network lane."""
    from editor_app.domain.errors import KnownError
    from editor_app.services.publishing.credentials import Credentials
    from editor_app.services.top_stories_publish import MostRead, most_read

    try:
        return most_read(db, actor, target_id, credentials=Credentials.system())
    except KnownError as exc:  # no password here, the site is down: the panel says so, no dialog
        return MostRead(False, exc.message)
