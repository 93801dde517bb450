"""What the editor holds of a story: its fields as plain data, what changed since the last save, and the
warnings a writer sees before the database refuses anything (an empty or over-long headline)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.stories import Dateline, PhotoUse, StoryDetail
from editor_app.domain.story_state import BylineState, Named, PhotoState, StoryState
from editor_app.domain.text import slugify

# Column sizes the write path enforces, said in the editor's words before a save is even tried.
LIMITS = {"headline": 300, "deck": 500, "slug": 200, "dateline place": 120, "dateline source": 120}
HEADLINE_WARN_AT = 250  # the counter turns into a warning this close to the limit


@dataclass(frozen=True)
class StoryDraft:
    headline: str
    section: str
    deck: str = ""
    slug: str = ""
    slug_follows_headline: bool = True  # False once the writer typed a slug of their own
    body: str = ""
    dateline_place: str = ""
    dateline_source: str = ""
    bylines: tuple[Byline, ...] = ()
    cities: tuple[str, ...] = ()
    photos: tuple[PhotoState, ...] = ()

    @property
    def dateline(self) -> Dateline | None:
        place = self.dateline_place.strip()
        return Dateline(place, self.dateline_source.strip()) if place else None

    def changed(self, other: StoryDraft) -> list[str]:
        """The names of the fields that differ from `other` (slug_follows_headline aside)."""
        return [f.name for f in fields(self) if f.name != "slug_follows_headline"
                and getattr(self, f.name) != getattr(other, f.name)]

    def with_fields(self, **values: Any) -> StoryDraft:
        return replace(self, **values)


@dataclass(frozen=True)
class FieldWarning:
    field: str  # a StoryDraft field name
    message: str
    blocking: bool = True  # the field is not saved until it is fixed (the rest is)


def draft_warnings(draft: StoryDraft) -> list[FieldWarning]:
    """What is wrong with the draft as the writer left it; blocking ones keep that field out of saves."""
    found: list[FieldWarning] = []
    headline = draft.headline.strip()
    if not headline:
        found.append(FieldWarning("headline", "A story needs a headline; the last one saved is kept until you "
                                              "write one."))
    elif len(headline) > LIMITS["headline"]:
        found.append(FieldWarning("headline", f"The headline is {len(headline):,} characters; the limit is "
                                              f"{LIMITS['headline']}. Shorten it to save it (the rest is saved)."))
    elif len(headline) >= HEADLINE_WARN_AT:
        found.append(FieldWarning("headline", f"{len(headline)} of {LIMITS['headline']} characters: a long "
                                              "headline.", blocking=False))
    for name, label, value in (("deck", "deck", draft.deck), ("slug", "slug", draft.slug),
                               ("dateline_place", "dateline place", draft.dateline_place),
                               ("dateline_source", "dateline source", draft.dateline_source)):
        if len(value.strip()) > LIMITS[label]:
            found.append(FieldWarning(name, f"The {label} is {len(value.strip()):,} characters; the limit is "
                                            f"{LIMITS[label]}. Shorten it to save it."))
    if not draft.section.strip():
        found.append(FieldWarning("section", "Choose a section."))
    return found


def draft_of(detail: StoryDetail, photos: tuple[PhotoState, ...], slug_follows_headline: bool) -> StoryDraft:
    """The editor's draft of a story as it was read."""
    dateline = detail.dateline
    return StoryDraft(headline=detail.headline, section=detail.section, deck=detail.deck, slug=detail.slug,
                      slug_follows_headline=slug_follows_headline, body=detail.body,
                      dateline_place=dateline.place if dateline else "",
                      dateline_source=dateline.source if dateline else "", bylines=detail.bylines,
                      cities=detail.cities, photos=photos)


def detail_with(detail: StoryDetail, draft: StoryDraft) -> StoryDetail:
    """`detail` as the draft now has it (for the preview): fields, bylines, tags, photos in the draft's order."""
    known: dict[int, PhotoUse] = {p.image_id: p for p in detail.photos}
    photos = tuple(replace(known[p.image_id], role=p.role, ref=p.ref or known[p.image_id].ref)
                   for p in draft.photos if p.image_id in known)
    return replace(detail, headline=draft.headline, deck=draft.deck, slug=draft.slug, section=draft.section,
                   body=draft.body, dateline=draft.dateline, bylines=draft.bylines, cities=draft.cities,
                   photos=photos)


def figure_markdown(photo: PhotoUse) -> str:
    """The Markdown that places `photo` in the body as a figure with its caption."""
    alt = photo.alt.replace("]", "").replace("\n", " ")
    caption = photo.caption.replace('"', "'").replace("\n", " ")
    title = f' "{caption}"' if caption else ""
    return f"![{alt}]({photo.ref or photo.filename}{title})"


def state_of_draft(draft: StoryDraft) -> StoryState:
    """The draft as a StoryState for the house-style checks (names only: the checks match them to the
    vocabulary). A slug that follows the headline is the one the headline makes."""
    section = draft.section.strip()
    return StoryState(
        headline=draft.headline, section=Named(None, section) if section else None,
        slug=draft.slug.strip() or (slugify(draft.headline) if draft.headline.strip() else ""), deck=draft.deck,
        body=draft.body, dateline=draft.dateline,
        bylines=tuple(BylineState(Named(None, b.name), b.role) for b in draft.bylines),
        cities=tuple(Named(None, name) for name in draft.cities), photos=draft.photos)


def draft_to_data(draft: StoryDraft) -> dict[str, Any]:
    """The draft as plain JSON-ready data (the local copy of text that could not be saved)."""
    data = {f.name: getattr(draft, f.name) for f in fields(draft)}
    data["bylines"] = [{"name": b.name, "role": b.role.value} for b in draft.bylines]
    data["cities"] = list(draft.cities)
    data["photos"] = [{f.name: getattr(p, f.name) for f in fields(p)} for p in draft.photos]
    return data


def draft_from_data(data: dict[str, Any]) -> StoryDraft:
    """The draft `draft_to_data` wrote; raises KeyError, TypeError or ValueError on anything else."""
    return StoryDraft(
        headline=str(data["headline"]), section=str(data["section"]), deck=str(data["deck"]),
        slug=str(data["slug"]), slug_follows_headline=bool(data["slug_follows_headline"]), body=str(data["body"]),
        dateline_place=str(data["dateline_place"]), dateline_source=str(data["dateline_source"]),
        bylines=tuple(Byline(str(b["name"]), BylineRole(b["role"])) for b in data["bylines"]),
        cities=tuple(str(c) for c in data["cities"]),
        photos=tuple(PhotoState(**p) for p in data["photos"]))
