"""The week's top stories: the board (picks, candidates, latest articles, what was published), and changing the
picks with a version check.

A week's list is one `TopStoryWeek` row with its ordered entries; every change writes the whole order and moves
the row's version on. A change based on a version that is no longer current is refused with
PicksConflictError, which carries both orders (the editor's and the one saved meanwhile, with who saved it) so
the board can show them side by side and let the editor choose. Picking needs Action.PICK_TOP_STORIES (editors
and admins); reading needs READ. The slots come from the newsroom settings; a story can be picked once a week,
and only among the week's candidates: approved, scheduled and published stories whose week it is.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Table, delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from editor_app.domain.errors import ConflictError, KnownError, NotFoundError, ValidationError
from editor_app.domain.permissions import Action
from editor_app.domain.top_stories import (
    CANDIDATE_STATUSES,
    PicksConflictError,
    Publication,
    PublishedPick,
    TopStory,
    WeekPicks,
    check_order,
    moved,
)
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.services import audit, search
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.changes import ChangeKind, record_change
from editor_app.services.settings import read_settings
from editor_app.storage.engine import Database
from editor_app.storage.models import (
    Article,
    ArticleImage,
    Contributor,
    Section,
    TopStoryEntry,
    TopStoryPublication,
    TopStoryWeek,
    utcnow,
)
from editor_app.storage.models import Byline as BylineRecord

logger = logging.getLogger(__name__)

CANDIDATE_LIMIT = 300
LATEST_LIMIT = 12
_ENTRY: Table = TopStoryEntry.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class Board:
    """Everything the board shows for a week, read in one transaction."""

    picks: WeekPicks
    candidates: tuple[TopStory, ...]
    latest: tuple[TopStory, ...]  # "Latest articles of the week": published, newest first
    history: tuple[Publication, ...]  # the orders published for the week, newest first
    current_week: IsoWeek  # this week on the newsroom's calendar (the board's "This week")


# --- reading ---------------------------------------------------------------------------------------------------
def current_week(db: Database, actor: Actor, now: datetime | None = None) -> IsoWeek:
    """The week it is now on the newsroom's calendar (its time zone)."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return read_settings(session).week_of(now or utcnow())


def stories(session: Session, ids: Sequence[int]) -> dict[int, TopStory]:
    """The board's view of stories `ids` (bylines and whether they have a lead photo included)."""
    if not ids:
        return {}
    names: dict[int, list[str]] = defaultdict(list)
    for article_id, name in session.execute(
            select(BylineRecord.article_id, Contributor.name)
            .join(Contributor, Contributor.id == BylineRecord.contributor_id)
            .where(BylineRecord.article_id.in_(ids)).order_by(BylineRecord.article_id, BylineRecord.position)):
        names[article_id].append(name)
    with_photo = set(session.scalars(select(ArticleImage.article_id).where(
        ArticleImage.article_id.in_(ids), ArticleImage.role == "lead")))
    rows = session.execute(
        select(Article.id, Article.headline, Section.name, Article.status, Article.week, Article.deck,
               Article.published_at, Article.scheduled_at)
        .outerjoin(Section, Section.id == Article.section_id).where(Article.id.in_(ids)))
    return {r.id: TopStory(id=r.id, headline=r.headline, section=r.name or "", status=Status(r.status), week=r.week,
                           byline=", ".join(names[r.id]), deck=r.deck, published=r.published_at,
                           scheduled=r.scheduled_at, has_photo=r.id in with_photo) for r in rows}


def _week_row(session: Session, week: IsoWeek, *, lock: bool = False) -> TopStoryWeek | None:
    query = select(TopStoryWeek).where(TopStoryWeek.week == week)
    if lock and session.get_bind().dialect.name != "sqlite":
        query = query.with_for_update()
    return session.scalar(query.execution_options(populate_existing=True))


def read_picks(session: Session, week: IsoWeek, slots: int) -> WeekPicks:
    row = _week_row(session, week)
    if row is None:
        return WeekPicks(week, (), 0, slots)
    ids = [e.article_id for e in row.entries]
    found = stories(session, ids)
    return WeekPicks(week, tuple(found[i] for i in ids if i in found), row.version, slots, row.updated_by_name,
                     row.updated_at)


def get_picks(db: Database, actor: Actor, week: IsoWeek) -> WeekPicks:
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return read_picks(session, week, read_settings(session).top_story_slots)


def _candidate_query(week: IsoWeek, words: str, session: Session) -> Select[Any]:
    when = func.coalesce(Article.published_at, Article.scheduled_at, Article.updated_at)
    query = (select(Article.id).where(Article.week == week,
                                      Article.status.in_([s.value for s in CANDIDATE_STATUSES]))
             .order_by(when.desc(), Article.id.desc()))
    hits = search.matches(session, words) if words.strip() else None
    if hits is not None:
        query = query.where(Article.id.in_(hits))
    return query


def read_candidates(session: Session, week: IsoWeek, words: str = "", limit: int = CANDIDATE_LIMIT) -> list[TopStory]:
    ids = list(session.scalars(_candidate_query(week, words, session).limit(limit)))
    found = stories(session, ids)
    return [found[i] for i in ids if i in found]


def candidates(db: Database, actor: Actor, week: IsoWeek, search_text: str = "",
               limit: int = CANDIDATE_LIMIT) -> list[TopStory]:
    """Approved, scheduled and published stories of `week` (matching `search_text`), newest out first."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return read_candidates(session, week, search_text, limit)


def read_latest(session: Session, week: IsoWeek, limit: int = LATEST_LIMIT) -> list[TopStory]:
    # the week's index must find the rows: `status || ''` keeps the planner off the status indexes, which would
    # read every published story of four years (0.6 s on the 100,000-story archive against 20 ms)
    newest = func.coalesce(Article.published_at, Article.updated_at)
    ids = list(session.scalars(select(Article.id).where(Article.week == week,
                                                        Article.status.concat("") == Status.PUBLISHED.value)
                               .order_by(newest.desc(), Article.id.desc()).limit(limit)))
    found = stories(session, ids)
    return [found[i] for i in ids if i in found]


def latest_of_week(db: Database, actor: Actor, week: IsoWeek, limit: int = LATEST_LIMIT) -> list[TopStory]:
    """ "Latest articles of the week": the week's published stories, the most recently published first."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return read_latest(session, week, limit)


def read_history(session: Session, week: IsoWeek | None = None, limit: int = 50) -> list[Publication]:
    query = (select(TopStoryPublication, TopStoryWeek.week)
             .join(TopStoryWeek, TopStoryWeek.id == TopStoryPublication.week_id)
             .order_by(TopStoryPublication.published_at.desc(), TopStoryPublication.id.desc()).limit(limit))
    if week is not None:
        query = query.where(TopStoryWeek.week == week)
    return [Publication(week=w, at=p.published_at, user=p.user_name, target=p.target_name, url=p.url,
                        list_version=p.list_version,
                        picks=tuple(PublishedPick(int(i["id"]), str(i.get("headline", "")), str(i.get("url", "")))
                                    for i in p.picks))
            for p, w in session.execute(query).all()]


def history(db: Database, actor: Actor, week: IsoWeek | None = None, limit: int = 50) -> list[Publication]:
    """Every order that was published (for `week`, or all weeks), newest first: who, when, where, what."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return read_history(session, week, limit)


def board(db: Database, actor: Actor, week: IsoWeek | None = None, search_text: str = "", *,
          now: datetime | None = None) -> Board:
    """The board for `week` (this week on the newsroom's calendar when None)."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        settings = read_settings(session)
        this_week = settings.week_of(now or utcnow())
        week = week or this_week
        return Board(picks=read_picks(session, week, settings.top_story_slots),
                     candidates=tuple(read_candidates(session, week, search_text)),
                     latest=tuple(read_latest(session, week)), history=tuple(read_history(session, week)),
                     current_week=this_week)


# --- changing -------------------------------------------------------------------------------------------------
def set_picks(db: Database, actor: Actor, week: IsoWeek, story_ids: Sequence[int],
              expected_version: int | None) -> WeekPicks:
    """Make `story_ids` the week's picks, in that order. `expected_version` is the version the editor saw (0 for a
    week without a list yet); None skips the check (the command line's `set` replaces whatever is there)."""
    return _change(db, actor, week, expected_version, lambda _current: list(story_ids))


def add_picks(db: Database, actor: Actor, week: IsoWeek, story_ids: Sequence[int], expected_version: int | None,
              position: int | None = None) -> WeekPicks:
    """Insert stories at `position` (the end when None); those already picked stay where they are."""
    def change(current: list[int]) -> list[int]:
        fresh = [i for i in story_ids if i not in current]
        return current[:position] + fresh + current[position:] if position is not None else current + fresh
    return _change(db, actor, week, expected_version, change)


def remove_picks(db: Database, actor: Actor, week: IsoWeek, story_ids: Sequence[int],
                 expected_version: int | None) -> WeekPicks:
    return _change(db, actor, week, expected_version, lambda current: [i for i in current if i not in story_ids])


def move_pick(db: Database, actor: Actor, week: IsoWeek, story_id: int, position: int,
              expected_version: int | None) -> WeekPicks:
    """Move one pick to `position` (0 is first) among the others."""
    def change(current: list[int]) -> list[int]:
        if story_id not in current:
            raise NotFoundError(f"Story {story_id} is not among the top stories of {week.label}.")
        row = current.index(story_id)
        return moved(current, [row], position + 1 if position > row else position)
    return _change(db, actor, week, expected_version, change)


def _change(db: Database, actor: Actor, week: IsoWeek, expected_version: int | None,
            change: Callable[[list[int]], list[int]]) -> WeekPicks:
    try:
        with db.session(write=True) as session:
            return _change_in(session, actor, week, expected_version, change)
    except IntegrityError as exc:  # two desks created the week's list at the same moment
        raise ConflictError(f"Somebody else started the top stories of {week.label} at the same moment.",
                            hint="Reload the week and make your change again; nothing of yours was saved.") from exc


def _change_in(session: Session, actor: Actor, week: IsoWeek, expected_version: int | None,
               change: Callable[[list[int]], list[int]]) -> WeekPicks:
    user = authorize(session, actor, Action.PICK_TOP_STORIES)
    slots = read_settings(session).top_story_slots
    row = _week_row(session, week, lock=True)
    current = [e.article_id for e in row.entries] if row is not None else []
    version = row.version if row is not None else 0
    stale = expected_version is not None and expected_version != version
    try:
        wanted = change(list(current))
    except KnownError:
        if not stale:
            raise
        wanted = current  # the change does not apply to the order saved meanwhile: show that order
    if stale:
        raise _conflict(session, week, wanted, slots)
    wanted = list(check_order(wanted, slots, week))
    _check_candidates(session, week, [i for i in wanted if i not in current])
    if row is not None and wanted == current:
        return read_picks(session, week, slots)
    now = utcnow()
    if row is None:
        row = TopStoryWeek(week=week, updated_by_name=user.display_name, created_at=now, updated_at=now)
        session.add(row)
        session.flush()
    else:
        row.updated_by_name = user.display_name
        row.updated_at = now  # the row's UPDATE moves its version on (version_id_col)
        session.flush()
    session.execute(delete(_ENTRY).where(_ENTRY.c.week_id == row.id))
    if wanted:
        session.execute(insert(_ENTRY), [{"week_id": row.id, "article_id": story_id, "position": n}
                                         for n, story_id in enumerate(wanted)])
    session.expire(row, ["entries"])
    audit.record(session, user, "top_stories.set", week=str(week), order=wanted, version=row.version)
    record_change(session, None, ChangeKind.TOP_STORIES, now)  # other desks' boards reload
    logger.info("Top stories of %s set by %s: %s (version %d)", week, user.username, wanted, row.version)
    return read_picks(session, week, slots)


def _conflict(session: Session, week: IsoWeek, mine: list[int], slots: int) -> PicksConflictError:
    theirs = read_picks(session, week, slots)
    headlines = {s.id: s.headline for s in theirs.picks}
    missing = [i for i in mine if i not in headlines]
    headlines |= dict(session.execute(select(Article.id, Article.headline).where(Article.id.in_(missing))).all())
    who = f" by {theirs.updated_by}" if theirs.updated_by else ""
    when = f" at {theirs.updated_at:%H:%M} UTC" if theirs.updated_at else ""
    return PicksConflictError(
        f"The top stories of {week.label} were changed{who}{when} while you worked on them.",
        hint="Nothing of yours was saved. Compare the two orders and keep yours or theirs.",
        mine=tuple(mine), theirs=theirs, headlines=headlines)


def _check_candidates(session: Session, week: IsoWeek, new_ids: list[int]) -> None:
    """New picks must be the week's candidates: approved, scheduled or published stories of that week."""
    if not new_ids:
        return
    found = {r.id: r for r in session.execute(select(Article.id, Article.headline, Article.status, Article.week)
                                              .where(Article.id.in_(new_ids)))}
    for story_id in new_ids:
        row = found.get(story_id)
        if row is None:
            raise NotFoundError(f"There is no story with id {story_id}.",
                                hint="`editor-app top-stories show` lists the week's candidates and their ids.")
        status = Status(row.status)
        if status not in CANDIDATE_STATUSES:
            raise ValidationError(f"“{row.headline}” is {status.label.lower()}; only approved, scheduled or "
                                  "published stories can be top stories.", hint="Have it approved first.")
        if row.week != week:
            raise ValidationError(f"“{row.headline}” runs in {row.week.label}, not {week.label}.",
                                  hint="Pick it in its own week, or schedule it for this one.")

