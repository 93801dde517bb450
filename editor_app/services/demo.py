"""The demo newsroom: fill an empty profile with sections, cities, staff, contributors, stories and photos.

The content lives in YAML under resources/demo/ (all of it written for this project); photos are drawn by
demo_photos. Everything is added in one transaction, so a failure leaves the profile as it was. Stories come in
through the write path like any other, and move through the workflow by the staff whose job each move is.
Dates are fixed ISO weeks (not today's date), so the demo is the same on every machine.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from editor_app.domain.bylines import Byline, BylineRole, ContributorKind
from editor_app.domain.errors import KnownError, ValidationError
from editor_app.domain.permissions import Action, can_transition
from editor_app.domain.stories import Dateline
from editor_app.domain.story_state import RevisionKind
from editor_app.domain.text import fold
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Role, Status
from editor_app.services import audit, vocab
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.demo_photos import draw_photo
from editor_app.services.images import store_image
from editor_app.services.settings import read_settings, store_settings
from editor_app.services.story_changes import PhotoPlacement, StoryChanges
from editor_app.services.story_write import SaveResult, write_story
from editor_app.storage.engine import Database
from editor_app.storage.models import (
    Article,
    City,
    CityAlias,
    Contributor,
    Image,
    Note,
    Section,
    TopStoryEntry,
    TopStoryPublication,
    TopStoryWeek,
    User,
)

logger = logging.getLogger(__name__)

_PHOTO_PLACEHOLDER = re.compile(r"\{photo:([a-z0-9-]+)\}")
_BLOCK_START = re.compile(r"^(#|>|[-*+] |\d+\. |\{photo:|\s)")

# The workflow path a story took to reach each status, and which kind of staff made each move.
_PATHS: dict[Status, tuple[Status, ...]] = {
    Status.DRAFT: (),
    Status.SUBMITTED: (Status.SUBMITTED,),
    Status.CHANGES_REQUESTED: (Status.SUBMITTED, Status.CHANGES_REQUESTED),
    Status.APPROVED: (Status.SUBMITTED, Status.APPROVED),
    Status.SCHEDULED: (Status.SUBMITTED, Status.APPROVED, Status.SCHEDULED),
    Status.PUBLISHED: (Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED),
    Status.UNPUBLISHED: (Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED, Status.UNPUBLISHED),
}


@dataclass
class _Newsroom:
    """What the seeding has made so far, by name: the pieces stories refer to."""

    owner: Actor
    staff: dict[str, Actor]
    contributors: dict[str, Contributor]
    photos: dict[str, Image]
    photo_specs: dict[str, dict[str, Any]]
    editors: list[Actor]


def has_stories(db: Database) -> bool:
    """True when the profile holds at least one story (the GUI offers the demo only when it has none)."""
    with db.session() as session:
        return session.scalar(select(Article.id).limit(1)) is not None


def _load(name: str) -> dict[str, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = (files("editor_app.resources") / "demo" / name).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=loader)  # a safe loader; the C one when present
    if not isinstance(data, dict):
        raise ValidationError(f"The demo file {name} is not a mapping.")
    return data


def _story_files() -> list[str]:
    folder = files("editor_app.resources") / "demo"
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("stories") and p.name.endswith(".yaml"))


def create_demo_newsroom(db: Database, actor: Actor) -> str:
    """Fill an empty profile with the demo newsroom; returns a summary such as "7 sections, 41 cities, …".
    It adds staff and vocabularies, so the acting user must be an admin."""
    if has_stories(db):
        where = db.description[:1].upper() + db.description[1:]
        raise KnownError(f"{where} already has stories, so the demo newsroom was not added.",
                         hint="Create the demo in a new, empty profile (--profile-dir).")
    newsroom_data = _load("newsroom.yaml")
    stories = [story for name in _story_files() for story in _load(name).get("stories", [])]
    with db.session(write=True) as session:
        authorize(session, actor, Action.MANAGE_VOCABULARIES)
        owner = authorize(session, actor, Action.MANAGE_STAFF)
        store_settings(session, read_settings(session).changed(**newsroom_data.get("settings", {})))
        sections = _add_sections(session, newsroom_data["sections"])
        cities = _add_cities(session, newsroom_data["cities"])
        room = _add_people(session, actor, owner, newsroom_data)
        room.photo_specs = newsroom_data["photos"]
        articles = _add_stories(session, room, stories)
        _add_top_stories(session, room, articles, newsroom_data.get("top_stories", {}))
        audit.record(session, owner, "demo.create", stories=len(articles))
        summary = (f"{sections} sections, {cities} cities, {len(room.staff)} staff, "
                   f"{session.scalar(select(func.count()).select_from(Contributor))} contributors, "
                   f"{len(articles)} stories, {len(room.photos)} photos")
    logger.info("Demo newsroom created: %s", summary)
    return summary


def _add_sections(session: Session, names: list[str]) -> int:
    existing = {fold(name) for name in session.scalars(select(Section.name))}
    for name in names:
        if fold(name) not in existing:
            vocab.add_section(session, name)
    return len(session.scalars(select(Section.id)).all())


def _add_cities(session: Session, rows: list[list[Any]]) -> int:
    """Add the cities the profile does not know yet, with the aliases no other city already uses."""
    taken = set(session.scalars(select(City.folded))) | set(session.scalars(select(CityAlias.folded)))
    for name, country, aliases in rows:
        if fold(name) in taken:
            continue
        fresh = [alias for alias in aliases if fold(alias) not in taken]
        vocab.add_city(session, name, country, fresh)
        taken.update(fold(spelling) for spelling in [name, *fresh])
    return len(session.scalars(select(City.id)).all())


def _add_people(session: Session, owner: Actor, owner_row: User, data: dict[str, Any]) -> _Newsroom:
    staff: dict[str, Actor] = {}
    contributors: dict[str, Contributor] = {}
    for username, display_name, role_name in data["staff"]:
        role = Role(role_name)
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            user = User(username=username, display_name=display_name, role=role.value,
                        email=f"{username}@meridian-weekly.example")
            session.add(user)
            session.flush()
            audit.record(session, owner_row, "user.add", username=username, role=role.value)
        staff[username] = Actor(user.id, user.username, user.display_name, Role(user.role))
        if role is not Role.ADMIN:
            contributors[display_name] = _contributor(session, display_name, ContributorKind.STAFF,
                                                      "Meridian Weekly photo", user.id)
    for name, kind, credit in data["contributors"]:
        contributors[name] = _contributor(session, name, ContributorKind(kind), credit, None)
    editors = [actor for actor in staff.values() if actor.role is Role.EDITOR] or [owner]
    return _Newsroom(owner, staff, contributors, {}, {}, editors)


def _contributor(session: Session, name: str, kind: ContributorKind, credit: str,
                 user_id: int | None) -> Contributor:
    found = vocab.find_contributor(session, name)
    if found is not None:
        return found
    return vocab.add_contributor(session, name, kind, default_credit=credit, user_id=user_id)


def _photo(session: Session, room: _Newsroom, key: str) -> Image:
    """The Image for photo `key`, drawn and stored the first time a story asks for it."""
    if key in room.photos:
        return room.photos[key]
    spec = room.photo_specs.get(key)
    if spec is None:
        raise ValidationError(f"The demo stories use a photo '{key}' that newsroom.yaml does not define.")
    photographer = room.contributors.get(spec.get("photographer", ""))
    image = store_image(session, draw_photo(spec["scene"], int(spec["seed"])), f"{key}.jpg",
                        caption=spec["caption"], credit=spec["credit"], alt_text=spec["alt"],
                        photographer_id=photographer.id if photographer else None, source="demo")
    room.photos[key] = image
    return image


def unwrap_paragraphs(text: str) -> str:
    """Join the hard-wrapped lines of each paragraph (and quote) so a body reads as a writer types it."""
    out: list[str] = []
    for line in text.splitlines():
        prev = out[-1] if out else ""
        if prev.startswith("> ") and line.startswith("> "):
            out[-1] = f"{prev} {line[2:]}"
        elif line and prev and not _BLOCK_START.match(line) and not prev.startswith(("#", "{photo:")):
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
    return "\n".join(out).rstrip() + "\n"


def _inline_markdown(spec: dict[str, Any], key: str) -> str:
    caption = str(spec["caption"]).replace('"', "'")
    return f'![{spec["alt"]}](photos/{key}.jpg "{caption}")'


def _moment(week: str, at: list[int], minute: int) -> datetime:
    day, hour = at
    monday = IsoWeek.parse(week).monday()
    return datetime(monday.year, monday.month, monday.day, hour, minute, tzinfo=UTC) + timedelta(days=day - 1)


def _add_stories(session: Session, room: _Newsroom, stories: list[dict[str, Any]]) -> dict[str, int]:
    """Add every story through the write path, as its writer, then move it through the workflow the way the
    newsroom would have; returns their ids by key (stories without a key are keyed by their slug)."""
    added: dict[str, int] = {}
    for index, story in enumerate(stories):
        updated = _moment(story["week"], story["at"], (index * 17) % 60)
        created = updated - timedelta(hours=6 + (index * 7) % 40)
        writer = room.staff[story["writer"]]
        changes = _changes(session, room, story)
        assert isinstance(changes.body, str)
        result = write_story(session, writer, None, None, replace(changes, body=first_draft(changes.body)),
                             kind=RevisionKind.IMPORT, note="created", now=created)
        _walk_workflow(session, room, result, story, changes.body, created, updated)
        added[story.get("key") or result.slug] = result.id
    return added


def _changes(session: Session, room: _Newsroom, story: dict[str, Any]) -> StoryChanges:
    body = unwrap_paragraphs(str(story["body"]))
    inline_keys = _PHOTO_PLACEHOLDER.findall(body)
    body = _PHOTO_PLACEHOLDER.sub(lambda m: _inline_markdown(room.photo_specs[m.group(1)], m.group(1)), body)
    place, source = [*story.get("dateline", []), "", ""][:2]
    bylines = []
    for entry in story.get("bylines", []):
        name, role = (entry, BylineRole.AUTHOR) if isinstance(entry, str) else (entry["name"],
                                                                                 BylineRole(entry["role"]))
        bylines.append(Byline(_known(room, name).name, role))
    for name in story.get("cities", []):
        if vocab.find_city(session, name) is None:
            raise ValidationError(f"The demo story '{story['headline']}' names an unknown city '{name}'.")
    uses = ([(story["lead"], "lead")] if "lead" in story else []) + [(k, "inline") for k in inline_keys]
    photos = tuple(PhotoPlacement(image_id=_photo(session, room, key).id, role=role, ref=f"photos/{key}.jpg")
                   for key, role in uses)
    return StoryChanges(
        headline=story["headline"], deck=story.get("deck", ""), body=body, slug=story.get("key") or "",
        section=story["section"], dateline=Dateline(place, source) if place else None, bylines=tuple(bylines),
        cities=tuple(story.get("cities", [])), photos=photos, week=IsoWeek.parse(story["week"]), status=Status.DRAFT,
    )


def _known(room: _Newsroom, name: str) -> Contributor:
    contributor = room.contributors.get(name)
    if contributor is None:
        raise ValidationError(f"The demo stories credit '{name}', who is not among the demo contributors.")
    return contributor


def _walk_workflow(session: Session, room: _Newsroom, first: SaveResult, story: dict[str, Any], full_body: str,
                   created: datetime, updated: datetime) -> None:
    """The story's life after its first draft: the writer finishes the text, then each move is made by the
    staff member whose job it is, the last one at `updated`. Notes are added at the end."""
    writer = room.staff[story["writer"]]
    editor = room.editors[first.id % len(room.editors)]
    path = _PATHS[Status(story["status"])]
    span = (updated - created) / (len(path) + 1)
    saved = write_story(session, writer, first.id, first.version, StoryChanges(body=full_body),
                        kind=RevisionKind.SAVE, now=created + span)
    current = Status.DRAFT
    notes = list(story.get("notes", []))
    for step, target in enumerate(path, start=2):
        actor = writer if can_transition(writer.role, current, target) else editor
        changes = StoryChanges(status=target)
        if target is Status.SCHEDULED:
            changes = StoryChanges(status=target, scheduled=updated + timedelta(days=2, hours=3))
        note = (notes[0] if notes else "Please tighten the lead.") if target is Status.CHANGES_REQUESTED else ""
        saved = write_story(session, actor, first.id, saved.version, changes,
                            kind=RevisionKind.SUBMIT if target is Status.SUBMITTED else None, note=note,
                            now=created + span * step)
        current = target
    for offset, text in enumerate(notes):
        session.add(Note(article_id=first.id, author_id=editor.user_id, author_name=editor.display_name, body=text,
                         created_at=updated + timedelta(minutes=offset + 1)))


def first_draft(body: str) -> str:
    """The body without its last paragraph: what the writer had at the first save."""
    head, sep, _last = body.rstrip("\n").rpartition("\n\n")
    return head + "\n" if sep else body


def _add_top_stories(session: Session, room: _Newsroom, articles: dict[str, int],
                     weeks: dict[str, dict[str, Any]]) -> None:
    """The editors' picks of a few weeks; a week marked published gets a publication without a target (the demo
    has no site yet), as a week published before the app kept the history would."""
    editor = session.get(User, room.editors[0].user_id)
    for week_text, pick in weeks.items():
        week = IsoWeek.parse(week_text)
        row = TopStoryWeek(week=week, updated_by_name=editor.display_name if editor else "")
        for position, key in enumerate(pick["stories"]):
            story_id = articles.get(key)
            if story_id is None:
                raise ValidationError(f"The demo top stories of {week_text} name an unknown story '{key}'.")
            row.entries.append(TopStoryEntry(article_id=story_id, position=position))
        session.add(row)
        session.flush()
        ids = [entry.article_id for entry in row.entries]
        audit.record(session, editor, "top_stories.set", week=week_text, order=ids, version=row.version)
        if pick.get("state") == "published":
            headlines = dict(session.execute(select(Article.id, Article.headline).where(Article.id.in_(ids))).all())
            session.add(TopStoryPublication(
                week_id=row.id, target_id=None, target_name="", list_version=row.version, url="",
                picks=[{"id": i, "headline": headlines[i], "url": ""} for i in ids],
                user_id=editor.id if editor else None, user_name=editor.display_name if editor else "",
                published_at=datetime.combine(week.monday() + timedelta(days=6), datetime.min.time(), UTC)
                + timedelta(hours=22)))
