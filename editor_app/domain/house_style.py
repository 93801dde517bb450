"""House-style checks: what an editor would mark on a proof, as plain data.

`check_story(state, context)` looks at a story's whole state (saved or still in the editor) and returns
findings. A *blocker* stops approval (no headline, section, byline or body; a lead photo without caption,
credit or alt text); a *warning* is shown but does not stop anything. A finding says where it is (`field`,
the name of a StoryState field, with `[i]` and `.part` for a photo or a tag) and, where the fix is
mechanical, carries a `Fix`: a small patch the editor can apply with one click (`Fix.apply(state)`, or
services.house_style.fix_changes for the write path).

The checks are pure: whatever they need from the newsroom (the city vocabulary, the photo desk's words for
each photo, whether the slug is taken) comes in a `CheckContext` that the service builds.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from editor_app.domain.bylines import Byline
from editor_app.domain.story_state import BylineState, Named, PhotoState, StoryState
from editor_app.domain.text import fold

HEADLINE_LIMIT = 90  # characters: longer headlines wrap badly on the home page and in the newsletter


class Level(StrEnum):
    BLOCKER = "blocker"
    WARNING = "warning"


@dataclass(frozen=True)
class PhotoFix:
    """New words for the photo at `index` in the story's photos (None: leave that one alone)."""

    index: int
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None


@dataclass(frozen=True)
class Fix:
    """A one-click repair: the fields it sets (None or empty: unchanged), like a small StoryChanges."""

    label: str  # what the button says: 'Add "Baku" to the city tags'
    slug: str | None = None
    bylines: tuple[Byline, ...] | None = None
    cities: tuple[str, ...] | None = None  # the whole new list of tags, by name
    photos: tuple[PhotoFix, ...] = ()

    def apply(self, state: StoryState) -> StoryState:
        """`state` with the fix made (names not yet matched to the vocabulary have no id)."""
        fields: dict[str, object] = {}
        if self.slug is not None:
            fields["slug"] = self.slug
        if self.bylines is not None:
            fields["bylines"] = tuple(BylineState(Named(None, b.name), b.role) for b in self.bylines)
        if self.cities is not None:
            known = {fold(c.name): c for c in state.cities}
            fields["cities"] = tuple(known.get(fold(name), Named(None, name)) for name in self.cities)
        if self.photos:
            photos = list(state.photos)
            for edit in self.photos:
                photo = photos[edit.index]
                photos[edit.index] = replace(
                    photo,
                    caption=photo.caption if edit.caption is None else edit.caption,
                    credit=photo.credit if edit.credit is None else edit.credit,
                    alt=photo.alt if edit.alt is None else edit.alt,
                )
            fields["photos"] = tuple(photos)
        return state.with_fields(**fields)


@dataclass(frozen=True)
class Finding:
    level: Level
    code: str  # stable, for scripts and tests: "no-byline", "credit-form", …
    message: str  # one plain sentence
    field: str  # "headline", "bylines", "photos[0].credit", "cities[2]", …
    fix: Fix | None = None

    @property
    def blocks(self) -> bool:
        return self.level is Level.BLOCKER


@dataclass(frozen=True)
class PhotoText:
    """The photo desk's own words for a photo (a story's PhotoState overrides them where not None)."""

    caption: str = ""
    credit: str = ""
    alt: str = ""


@dataclass(frozen=True)
class CheckContext:
    """What the checks need to know about the newsroom, gathered by the service."""

    city_names: Mapping[str, str] = field(default_factory=dict)  # folded name or alias -> vocabulary name
    photo_texts: Mapping[int, PhotoText] = field(default_factory=dict)  # image id -> the photo desk's words
    slug_taken: bool = False  # another story already uses the state's slug
    free_slug: str = ""  # a free slug to offer instead
    own_byline: str = ""  # the writer's own contributor name, offered when the story has no byline
    headline_limit: int = HEADLINE_LIMIT


def blockers(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocks]


def check_story(state: StoryState, context: CheckContext | None = None) -> list[Finding]:
    """Every house-style finding for `state`, blockers first, each in the order of the story's fields."""
    context = context or CheckContext()
    findings = [*_essentials(state, context), *_lead_photos(state, context), *_credits(state, context),
                *_headline_and_deck(state, context), *_places(state, context), *_slug(state, context)]
    return sorted(findings, key=lambda f: f.level is not Level.BLOCKER)


# --- blockers ------------------------------------------------------------------------------------------
def _essentials(state: StoryState, context: CheckContext) -> list[Finding]:
    found = []
    if not state.headline.strip():
        found.append(Finding(Level.BLOCKER, "no-headline", "The story has no headline.", "headline"))
    if state.section is None or not state.section.name.strip():
        found.append(Finding(Level.BLOCKER, "no-section", "The story has no section.", "section"))
    if not any(b.contributor.name.strip() for b in state.bylines):
        fix = (Fix(f"Add the byline “By {context.own_byline}”", bylines=(Byline(context.own_byline),))
               if context.own_byline else None)
        found.append(Finding(Level.BLOCKER, "no-byline", "The story has no byline.", "bylines", fix))
    if not state.body.strip():
        found.append(Finding(Level.BLOCKER, "empty-body", "The story has no body text.", "body"))
    return found


def _shown(photo: PhotoState, context: CheckContext) -> PhotoText:
    desk = context.photo_texts.get(photo.image_id, PhotoText())
    return PhotoText(caption=desk.caption if photo.caption is None else photo.caption,
                     credit=desk.credit if photo.credit is None else photo.credit,
                     alt=desk.alt if photo.alt is None else photo.alt)


_PARTS = (("caption", "caption"), ("credit", "credit line"), ("alt", "alt text"))


def _lead_photos(state: StoryState, context: CheckContext) -> list[Finding]:
    found = []
    for index, photo in enumerate(state.photos):
        if photo.role != "lead":
            continue
        shown, desk = _shown(photo, context), context.photo_texts.get(photo.image_id, PhotoText())
        for part, words in _PARTS:
            if getattr(shown, part).strip():
                continue
            fix = None
            if getattr(desk, part).strip():  # the story blanked what the photo desk wrote: bring it back
                fix = Fix(f"Use the photo desk's {words}",
                          photos=(PhotoFix(index, **{part: getattr(desk, part)}),))
            found.append(Finding(Level.BLOCKER, f"lead-photo-{part}", f"The lead photo has no {words}.",
                                 f"photos[{index}].{part}", fix))
    return found


# --- warnings ------------------------------------------------------------------------------------------
_CREDIT_FORM = re.compile(r"^[^()\s][^()]* photo$")
_CREDIT_PREFIX = re.compile(r"^(?:photos?|photograph|foto|picture)\s*(?:by|:|-|–|—)\s*", re.IGNORECASE)
_CREDIT_COURTESY = re.compile(r"^(?:courtesy(?:\s+of)?|©|\(c\))\s*", re.IGNORECASE)
_CREDIT_SUFFIX = re.compile(r"\s*(?:photos?|photograph|foto)\.?$", re.IGNORECASE)


def credit_in_house_form(credit: str) -> bool:
    """True for "Jewish Press photo", "AP photo": who, then "photo" (the parentheses come from the pattern)."""
    return bool(_CREDIT_FORM.match(credit.strip()))


def house_credit(credit: str) -> str | None:
    """The credit in house form ("Photo: Jane Doe" -> "Jane Doe photo", "(AP Photo)" -> "AP photo"), or None
    when nothing is left to credit."""
    text = credit.strip().strip("()").strip().rstrip(".")
    text = _CREDIT_PREFIX.sub("", text)
    text = _CREDIT_COURTESY.sub("", text)
    text = _CREDIT_SUFFIX.sub("", text).strip(" ,;:-–—")
    if not text or fold(text) in {"photo", "photos"}:
        return None
    return f"{text} photo"


def _credits(state: StoryState, context: CheckContext) -> list[Finding]:
    found = []
    for index, photo in enumerate(state.photos):
        credit = _shown(photo, context).credit.strip()
        if not credit or credit_in_house_form(credit):
            continue
        better = house_credit(credit)
        fix = Fix(f"Change the credit to “{better}”", photos=(PhotoFix(index, credit=better),)) if better else None
        found.append(Finding(Level.WARNING, "credit-form",
                             f"The credit “{credit}” of photo {index + 1} is not in the house form “(Name photo)”.",
                             f"photos[{index}].credit", fix))
    return found


def _headline_and_deck(state: StoryState, context: CheckContext) -> list[Finding]:
    found = []
    length = len(state.headline.strip())
    if length > context.headline_limit:
        found.append(Finding(Level.WARNING, "headline-long",
                             f"The headline is {length} characters long; keep it within {context.headline_limit}.",
                             "headline"))
    if not state.deck.strip():
        found.append(Finding(Level.WARNING, "no-deck", "The story has no deck (the line under the headline).",
                             "deck"))
    return found


def _places(state: StoryState, context: CheckContext) -> list[Finding]:
    found = []
    names = context.city_names
    tags = [c.name for c in state.cities]
    for index, city in enumerate(state.cities):
        if city.id is not None or fold(city.name) in names:
            continue
        close = difflib.get_close_matches(fold(city.name), list(names), n=1, cutoff=0.75)
        fix = None
        if close:
            closest = names[close[0]]
            fix = Fix(f"Use “{closest}” instead",
                      cities=tuple(closest if i == index else t for i, t in enumerate(tags)))
        found.append(Finding(Level.WARNING, "city-unknown",
                             f"The city tag “{city.name}” is not in the newsroom's city vocabulary.",
                             f"cities[{index}]", fix))
    if state.dateline is not None and state.dateline.place.strip():
        place = state.dateline.place.strip()
        proper: str | None = names.get(fold(place))
        tagged = {fold(names.get(fold(tag), tag)) for tag in tags}
        if fold(proper or place) not in tagged:
            fix = Fix(f"Add “{proper}” to the city tags", cities=(*tags, proper)) if proper else None
            found.append(Finding(Level.WARNING, "dateline-city-untagged",
                                 f"The dateline city “{place}” is not among the city tags.", "dateline", fix))
    return found


def _slug(state: StoryState, context: CheckContext) -> list[Finding]:
    if not context.slug_taken:
        return []
    fix = Fix(f"Use the slug “{context.free_slug}”", slug=context.free_slug) if context.free_slug else None
    return [Finding(Level.WARNING, "slug-taken", f"Another story already uses the slug “{state.slug}”.", "slug",
                    fix)]
