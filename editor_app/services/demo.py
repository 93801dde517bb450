"""The demo newsroom: fill an empty profile with sections, cities, staff, contributors, stories and photos.

The content lives in YAML under resources/demo/ (all of it written for this project); photos are drawn by
demo_photos. Everything is added in one transaction, so a failure leaves the profile as it was. Dates are
fixed ISO weeks (not today's date), so the demo is the same on every machine.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from editor_app.domain.bylines import BylineRole, ContributorKind
from editor_app.domain.errors import KnownError, ValidationError
from editor_app.domain.text import fold
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Role, Status, can_transition
from editor_app.services import audit, vocab
from editor_app.services.actor import Actor
from editor_app.services.demo_photos import draw_photo
from editor_app.services.images import store_image
from editor_app.services.stories import snapshot, unique_slug
from editor_app.services.users import profile_owner
from editor_app.storage.engine import Database
from editor_app.storage.models import (
    Article,
    ArticleCity,
    ArticleImage,
    AuditEvent,
    City,
    CityAlias,
    Contributor,
    Image,
    Note,
    Revision,
    Section,
    TopStoryEntry,
    TopStoryWeek,
    User,
)
from editor_app.storage.models import Byline as BylineRecord

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


def create_demo_newsroom(db: Database) -> str:
    """Fill an empty profile with the demo newsroom; returns a summary such as "7 sections, 41 cities, …"."""
    if has_stories(db):
        where = db.description[:1].upper() + db.description[1:]
        raise KnownError(f"{where} already has stories, so the demo newsroom was not added.",
                         hint="Create the demo in a new, empty profile (--profile-dir).")
    owner = profile_owner(db)
    newsroom_data = _load("newsroom.yaml")
    stories = [story for name in _story_files() for story in _load(name).get("stories", [])]
    with db.session() as session:
        sections = _add_sections(session, newsroom_data["sections"])
        cities = _add_cities(session, newsroom_data["cities"])
        room = _add_people(session, owner, newsroom_data)
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


def _add_people(session: Session, owner: Actor, data: dict[str, Any]) -> _Newsroom:
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
            audit.record(session, owner, "user.add", username=username, role=role.value)
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


def _add_stories(session: Session, room: _Newsroom, stories: list[dict[str, Any]]) -> dict[str, Article]:
    """Add every story; returns them by key (stories without a key are keyed by their slug)."""
    added: dict[str, Article] = {}
    for index, story in enumerate(stories):
        article, created = _build_article(session, room, story, index)
        session.add(article)
        session.flush()
        added[story.get("key") or article.slug] = article
        _add_history(session, room, article, story, created)
    return added


def _build_article(session: Session, room: _Newsroom, story: dict[str, Any],
                   index: int) -> tuple[Article, datetime]:
    status = Status(story["status"])
    updated = _moment(story["week"], story["at"], (index * 17) % 60)
    created = updated - timedelta(hours=6 + (index * 7) % 40)
    writer = room.staff[story["writer"]]
    body = unwrap_paragraphs(str(story["body"]))
    inline_keys = _PHOTO_PLACEHOLDER.findall(body)
    body = _PHOTO_PLACEHOLDER.sub(lambda m: _inline_markdown(room.photo_specs[m.group(1)], m.group(1)), body)
    place, source = [*story.get("dateline", []), "", ""][:2]
    article = Article(
        headline=story["headline"], deck=story.get("deck", ""), body=body,
        slug=story.get("key") or unique_slug(session, story["headline"]),
        section_id=vocab.find_section(session, story["section"]).id,
        dateline_place=place, dateline_source=source, status=status.value, week=story["week"],
        created_by_id=writer.user_id, created_at=created, updated_at=updated,
    )
    if status is Status.SCHEDULED:
        article.scheduled_at = updated + timedelta(days=2, hours=3)
    if status in (Status.PUBLISHED, Status.UNPUBLISHED):
        article.published_at = updated - timedelta(hours=1) if status is Status.UNPUBLISHED else updated
    if status in (Status.SUBMITTED, Status.APPROVED):
        article.assignee_id = room.editors[index % len(room.editors)].user_id
    elif status in (Status.DRAFT, Status.CHANGES_REQUESTED):
        article.assignee_id = writer.user_id
    for position, entry in enumerate(story.get("bylines", [])):
        if isinstance(entry, str):
            name, role = entry, BylineRole.AUTHOR
        else:
            name, role = entry["name"], BylineRole(entry["role"])
        article.bylines.append(BylineRecord(contributor_id=_known(room, name).id, role=role.value, position=position))
    for position, name in enumerate(story.get("cities", [])):
        city = vocab.find_city(session, name)
        if city is None:
            raise ValidationError(f"The demo story '{story['headline']}' names an unknown city '{name}'.")
        article.city_links.append(ArticleCity(city_id=city.id, position=position))
    uses = ([(story["lead"], "lead")] if "lead" in story else []) + [(k, "inline") for k in inline_keys]
    for position, (key, role_name) in enumerate(uses):
        article.images.append(ArticleImage(image_id=_photo(session, room, key).id, role=role_name,
                                           position=position, ref=f"photos/{key}.jpg"))
    return article, created


def _known(room: _Newsroom, name: str) -> Contributor:
    contributor = room.contributors.get(name)
    if contributor is None:
        raise ValidationError(f"The demo stories credit '{name}', who is not among the demo contributors.")
    return contributor


def _add_history(session: Session, room: _Newsroom, article: Article, story: dict[str, Any],
                 created: datetime) -> None:
    """Revision 1, the audit trail of the moves that brought the story to its status, and its notes."""
    writer = room.staff[story["writer"]]
    editor = room.editors[article.id % len(room.editors)]
    session.add(Revision(article_id=article.id, number=1, snapshot=snapshot(article), author_id=writer.user_id,
                         created_at=created, note="created"))
    session.add(AuditEvent(user_id=writer.user_id, action="story.create", article_id=article.id,
                           at=created, detail={"status": Status.DRAFT.value}))
    path = _PATHS[Status(article.status)]
    span = (article.updated_at - created) / (len(path) + 1)
    current = Status.DRAFT
    for step, target in enumerate(path, start=1):
        actor = writer if can_transition(writer.role, current, target) else editor
        session.add(AuditEvent(user_id=actor.user_id, action="story.transition", article_id=article.id,
                               at=created + span * step, detail={"from": current.value, "to": target.value}))
        current = target
    for offset, text in enumerate(story.get("notes", [])):
        session.add(Note(article_id=article.id, author_id=editor.user_id, body=text,
                         created_at=created + span * (len(path) or 1) + timedelta(minutes=offset)))


def _add_top_stories(session: Session, room: _Newsroom, articles: dict[str, Article],
                     weeks: dict[str, dict[str, Any]]) -> None:
    for week_text, pick in weeks.items():
        week = IsoWeek.parse(week_text)
        row = TopStoryWeek(year=week.year, week=week.week, state=pick.get("state", "draft"))
        for position, key in enumerate(pick["stories"]):
            article = articles.get(key)
            if article is None:
                raise ValidationError(f"The demo top stories of {week_text} name an unknown story '{key}'.")
            row.entries.append(TopStoryEntry(article_id=article.id, position=position))
        session.add(row)
        audit.record(session, room.editors[0], "top_stories.set", week=week_text, count=len(pick["stories"]))
