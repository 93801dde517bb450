"""What a caller wants changed in a story, and turning it into the story's next state.

`StoryChanges` names only what changes (every field defaults to KEEP). Names are matched to the newsroom's
vocabularies (aliases and diacritics included); unknown ones stop the save unless `create_missing` is
given and the acting user may add to the vocabularies. New photo bytes are stored content-addressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy.orm import Session

from editor_app.domain.bylines import Byline, ContributorKind
from editor_app.domain.errors import NotFoundError, ValidationError
from editor_app.domain.permissions import Action, allowed
from editor_app.domain.stories import Dateline
from editor_app.domain.story_draft import LIMITS  # column sizes, said in the editor's words
from editor_app.domain.story_state import BylineState, Named, PhotoState, StoryState
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Role, Status
from editor_app.services import vocab
from editor_app.services.images import store_image
from editor_app.storage.models import Image, User


class Keep(Enum):
    KEEP = "keep"


KEEP = Keep.KEEP



@dataclass(frozen=True)
class PhotoUpload:
    """Photo bytes brought in with a story (an import); the words are the photo's own if it is new."""

    data: bytes
    filename: str
    caption: str = ""
    credit: str = ""
    alt: str = ""
    photographer: str = ""


@dataclass(frozen=True)
class PhotoPlacement:
    """A photo in a story: a stored one (`image_id`) or new bytes (`upload`), with this story's words."""

    image_id: int | None = None
    upload: PhotoUpload | None = None
    role: str = "inline"
    ref: str = ""
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None


@dataclass(frozen=True)
class StoryChanges:
    headline: str | Keep = KEEP
    deck: str | Keep = KEEP
    slug: str | Keep = KEEP  # "" makes one from the headline (never for a story that has been published)
    section: str | Keep = KEEP
    body: str | Keep = KEEP
    dateline: Dateline | Keep | None = KEEP
    bylines: tuple[Byline, ...] | Keep = KEEP
    cities: tuple[str, ...] | Keep = KEEP
    photos: tuple[PhotoPlacement, ...] | Keep = KEEP
    status: Status | Keep = KEEP
    scheduled: datetime | Keep | None = KEEP
    week: IsoWeek | Keep = KEEP  # a draft's week; scheduling and publishing set it (see story_write)

    def given(self) -> dict[str, Any]:
        """The fields that change, by name."""
        return {name: value for name, value in self.__dict__.items() if value is not KEEP}


def _check_text(label: str, value: str) -> str:
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")  # PostgreSQL cannot store NUL; keep a visible mark instead
    limit = LIMITS.get(label)
    if limit is not None and len(value) > limit:
        raise ValidationError(f"The {label} is {len(value):,} characters long; the limit is {limit}.",
                              hint=f"Shorten the {label}; nothing else was lost, the text is still in the editor.")
    return value


class Resolver:
    """Matches names to the vocabularies within one transaction, creating missing entries when allowed.
    Names the story already carries are taken from it without asking the database (an editor's autosave
    sends every field, most of them unchanged)."""

    def __init__(self, session: Session, user: User, create_missing: bool, known: StoryState | None = None) -> None:
        self.session = session
        self.user = user
        self.create_missing = create_missing
        self._section = known.section if known else None
        self._people = {b.contributor.name: b.contributor for b in known.bylines} if known else {}
        self._cities = {c.name: c for c in known.cities} if known else {}
        self._photos = {p.image_id: p for p in known.photos} if known else {}

    def _may_create(self, kind: str, name: str) -> None:
        if not self.create_missing:
            raise NotFoundError(f"The {kind} '{name}' is not in the newsroom's vocabulary.",
                                hint="Add it first, or import with --create-missing to create it.")
        if not allowed(Role(self.user.role), Action.ADD_TO_VOCABULARIES):
            raise NotFoundError(f"The {kind} '{name}' is not in the newsroom's vocabulary, and "
                                f"{self.user.display_name} may not add to it.", hint="Ask an editor to add it.")

    def section(self, name: str) -> Named:
        if self._section is not None and self._section.name == name:
            return self._section
        section = vocab.find_section(self.session, name)
        return Named(section.id, section.name)

    def contributor(self, name: str, kind: ContributorKind = ContributorKind.FREELANCE) -> Named:
        name = name.strip()
        if name in self._people:
            return self._people[name]
        found = vocab.find_contributor(self.session, name)
        if found is None:
            self._may_create("contributor", name)
            found = vocab.add_contributor(self.session, name, kind)
        return Named(found.id, found.name)

    def cities(self, names: tuple[str, ...]) -> tuple[Named, ...]:
        tags: list[Named] = []
        for name in names:
            if name.strip() in self._cities:
                tag = self._cities[name.strip()]
                if all(t.id != tag.id for t in tags):
                    tags.append(tag)
                continue
            city = vocab.find_city(self.session, name.strip())
            if city is None:
                self._may_create("city", name.strip())
                city = vocab.add_city(self.session, name.strip())
            if all(tag.id != city.id for tag in tags):
                tags.append(Named(city.id, city.name))
        return tuple(tags)

    def photo(self, placement: PhotoPlacement) -> PhotoState:
        if placement.upload is not None:
            up = placement.upload
            photographer = self.contributor(up.photographer).id if up.photographer else None
            image = store_image(self.session, up.data, up.filename, caption=up.caption, credit=up.credit,
                                alt_text=up.alt, photographer_id=photographer)
            # the same photo may already be stored with other words: this story keeps its own
            caption = placement.caption if placement.caption is not None else _if_other(up.caption, image.caption)
            credit = placement.credit if placement.credit is not None else _if_other(up.credit, image.credit)
            alt = placement.alt if placement.alt is not None else _if_other(up.alt, image.alt_text)
            return PhotoState(image.id, image.sha256, placement.role, placement.ref or up.filename,
                              caption, credit, alt)
        if placement.image_id in self._photos:
            placed = self._photos[placement.image_id]
            return PhotoState(placed.image_id, placed.sha256, placement.role, placement.ref or placed.ref,
                              placement.caption, placement.credit, placement.alt)
        stored = self.session.get(Image, placement.image_id) if placement.image_id is not None else None
        if stored is None:
            raise NotFoundError(f"Photo {placement.image_id} does not exist (was it removed?).",
                                hint="Choose the photo again from the photo desk.")
        return PhotoState(stored.id, stored.sha256, placement.role, placement.ref or stored.filename,
                          placement.caption, placement.credit, placement.alt)


def _if_other(wanted: str, stored: str) -> str | None:
    return None if wanted == stored else wanted


def unique_refs(photos: tuple[PhotoState, ...]) -> tuple[PhotoState, ...]:
    """Each photo's ref unique within the story: two different photos both called IMG_0001.jpg become
    IMG_0001.jpg and IMG_0001-2.jpg (the same photo placed twice keeps one ref)."""
    owner: dict[str, str] = {}
    out: list[PhotoState] = []
    for photo in photos:
        ref = photo.ref or f"photos/{photo.sha256[:12]}"
        if owner.get(ref, photo.sha256) != photo.sha256:
            stem, dot, ext = ref.rpartition(".")
            n = 2
            while (candidate := f"{stem}-{n}.{ext}" if dot else f"{ref}-{n}") in owner:
                n += 1
            ref = candidate
        owner[ref] = photo.sha256
        out.append(photo if ref == photo.ref else PhotoState(photo.image_id, photo.sha256, photo.role, ref,
                                                              photo.caption, photo.credit, photo.alt))
    return tuple(out)


def next_state(resolver: Resolver, current: StoryState, changes: StoryChanges, now: datetime) -> StoryState:
    """`current` with `changes` applied, every name matched to the vocabularies. Slugs are settled later."""
    fields: dict[str, Any] = {}
    given = changes.given()
    for name in ("headline", "deck", "body"):
        if name in given:
            fields[name] = _check_text(name, given[name] if name == "body" else given[name].strip())
    if "headline" in fields and not fields["headline"]:
        raise ValidationError("The story has no headline.", hint="Write a headline; the rest was kept.")
    if "slug" in given:
        fields["slug"] = _check_text("slug", given["slug"].strip())
    if "section" in given:
        fields["section"] = resolver.section(given["section"])
    if "dateline" in given:
        dateline = given["dateline"]
        if dateline is not None and dateline.place.strip():
            dateline = Dateline(_check_text("dateline place", dateline.place.strip()),
                                _check_text("dateline source", dateline.source.strip()))
        fields["dateline"] = dateline if dateline is not None and dateline.place else None
    if "bylines" in given:
        fields["bylines"] = tuple(BylineState(resolver.contributor(b.name), b.role) for b in given["bylines"]
                                  if b.name.strip())
    if "cities" in given:
        fields["cities"] = resolver.cities(tuple(c for c in given["cities"] if c.strip()))
    if "photos" in given:
        fields["photos"] = unique_refs(tuple(resolver.photo(p) for p in given["photos"]))
    for name in ("status", "scheduled"):
        if name in given:
            fields[name] = given[name]
    if "week" in given:
        fields["week"] = given["week"]
    return current.with_fields(**fields)
