"""House-style checks, each rule with a story that breaks it and one that keeps it, and the fixes applied."""

from __future__ import annotations

import pytest

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.house_style import (
    CheckContext,
    Finding,
    Level,
    PhotoText,
    blockers,
    check_story,
    credit_in_house_form,
    house_credit,
)
from editor_app.domain.stories import Dateline
from editor_app.domain.story_state import BylineState, Named, PhotoState, StoryState
from editor_app.domain.text import fold

CITIES = {fold(name): proper for name, proper in (("Yerevan", "Yerevan"), ("Երևան", "Yerevan"), ("Baku", "Baku"),
                                                  ("Bakı", "Baku"), ("Tel Aviv", "Tel Aviv"), ("Gyumri", "Gyumri"))}
DESK = {1: PhotoText("Gantz in Baku", "Jewish Press photo", "Benny Gantz at a podium"),
        2: PhotoText("", "", "")}


def clean(**fields: object) -> StoryState:
    state = StoryState(
        headline="Israeli Defense Minister Visits Azerbaijan", section=Named(1, "International"),
        slug="israeli-defense-minister-visits-azerbaijan", deck="Talks in Baku focused on defense",
        body="The minister met his host on Monday.\n", dateline=Dateline("Baku", "Times of Israel"),
        bylines=(BylineState(Named(1, "Ash Obel")),), cities=(Named(2, "Baku"), Named(3, "Tel Aviv")),
        photos=(PhotoState(1, "a" * 64, role="lead"),),
    )
    return state.with_fields(**fields)


def context(**fields: object) -> CheckContext:
    values: dict[str, object] = {"city_names": CITIES, "photo_texts": DESK}
    values.update(fields)
    return CheckContext(**values)  # type: ignore[arg-type]


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def only(findings: list[Finding], code: str) -> Finding:
    matching = [f for f in findings if f.code == code]
    assert len(matching) == 1, codes(findings)
    return matching[0]


def test_a_clean_story_has_no_findings() -> None:
    assert check_story(clean(), context()) == []


@pytest.mark.parametrize(("fields", "code", "field"), [
    ({"headline": "  "}, "no-headline", "headline"),
    ({"section": None}, "no-section", "section"),
    ({"bylines": ()}, "no-byline", "bylines"),
    ({"bylines": (BylineState(Named(None, " ")),)}, "no-byline", "bylines"),
    ({"body": "\n  \n"}, "empty-body", "body"),
    ({"photos": (PhotoState(1, "a" * 64, role="lead", caption=""),)}, "lead-photo-caption", "photos[0].caption"),
    ({"photos": (PhotoState(1, "a" * 64, role="lead", credit=""),)}, "lead-photo-credit", "photos[0].credit"),
    ({"photos": (PhotoState(2, "b" * 64, role="lead"),)}, "lead-photo-alt", "photos[0].alt"),
])
def test_blockers(fields: dict[str, object], code: str, field: str) -> None:
    found = only(check_story(clean(**fields), context()), code)
    assert found.level is Level.BLOCKER and found.blocks and found.field == field
    assert found.message.endswith(".") and found.message[0].isupper()


def test_an_inline_photo_without_words_does_not_block() -> None:
    state = clean(photos=(PhotoState(1, "a" * 64, role="lead"), PhotoState(2, "b" * 64, role="inline")))
    assert blockers(check_story(state, context())) == []


def test_blockers_come_first() -> None:
    found = check_story(clean(headline="", deck="", bylines=()), context())
    assert [f.level for f in found] == [Level.BLOCKER, Level.BLOCKER, Level.WARNING]


@pytest.mark.parametrize(("fields", "ctx", "code", "field"), [
    ({"headline": "A" * 91}, {}, "headline-long", "headline"),
    ({"deck": ""}, {}, "no-deck", "deck"),
    ({"photos": (PhotoState(1, "a" * 64, role="lead", credit="Photo: Jane Doe"),)}, {}, "credit-form",
     "photos[0].credit"),
    ({"dateline": Dateline("Yerevan")}, {}, "dateline-city-untagged", "dateline"),
    ({"cities": (Named(2, "Baku"), Named(3, "Tel Aviv"), Named(None, "Atlantis"))}, {}, "city-unknown",
     "cities[2]"),
    ({"slug": "taken"}, {"slug_taken": True, "free_slug": "taken-2"}, "slug-taken", "slug"),
])
def test_warnings(fields: dict[str, object], ctx: dict[str, object], code: str, field: str) -> None:
    found = only(check_story(clean(**fields), context(**ctx)), code)
    assert found.level is Level.WARNING and not found.blocks and found.field == field


def test_headline_limit_is_a_setting() -> None:
    state = clean(headline="A" * 60)
    assert check_story(state, context()) == []
    assert codes(check_story(state, context(headline_limit=50))) == ["headline-long"]
    assert "60 characters" in check_story(state, context(headline_limit=50))[0].message


@pytest.mark.parametrize(("credit", "expected"), [
    ("Photo: Jane Doe", "Jane Doe photo"),
    ("(AP Photo)", "AP photo"),
    ("photo by Jane Doe", "Jane Doe photo"),
    ("Jane Doe", "Jane Doe photo"),
    ("Courtesy of the Armenian Museum", "the Armenian Museum photo"),
    ("© Reuters", "Reuters photo"),
    ("Jewish Press photos", "Jewish Press photo"),
    ("Photo", None),
])
def test_credits_in_house_form(credit: str, expected: str | None) -> None:
    assert not credit_in_house_form(credit)
    assert house_credit(credit) == expected
    if expected:
        assert credit_in_house_form(expected)


@pytest.mark.parametrize("credit", ["Jewish Press photo", "AP photo", "Jane Doe photo"])
def test_house_form_credits_pass(credit: str) -> None:
    assert credit_in_house_form(credit)


def test_a_city_in_the_vocabulary_under_another_spelling_is_tagged() -> None:
    """The dateline says "Bakı" and the tags say "Baku": the same city, no finding."""
    assert check_story(clean(dateline=Dateline("Bakı")), context()) == []
    assert check_story(clean(dateline=Dateline("BAKU")), context()) == []


def test_a_dateline_city_outside_the_vocabulary_has_no_fix() -> None:
    found = only(check_story(clean(dateline=Dateline("Washington")), context()), "dateline-city-untagged")
    assert found.fix is None and "Washington" in found.message


# --- fixes ----------------------------------------------------------------------------------------------
def fixed(state: StoryState, code: str, ctx: CheckContext) -> StoryState:
    found = only(check_story(state, ctx), code)
    assert found.fix is not None
    after = found.fix.apply(state)
    assert code not in codes(check_story(after, ctx))
    return after


def test_fix_adds_the_dateline_city_to_the_tags() -> None:
    after = fixed(clean(dateline=Dateline("Երևան")), "dateline-city-untagged", context())
    assert [c.name for c in after.cities] == ["Baku", "Tel Aviv", "Yerevan"]
    assert after.cities[0].id == 2  # the tags that were there keep their ids


def test_fix_replaces_a_misspelt_tag_with_the_vocabulary_name() -> None:
    state = clean(cities=(Named(2, "Baku"), Named(None, "Gyumry")))
    found = only(check_story(state, context()), "city-unknown")
    assert found.fix is not None and found.fix.label == "Use “Gyumri” instead"
    assert [c.name for c in found.fix.apply(state).cities] == ["Baku", "Gyumri"]


def test_fix_rewrites_the_credit() -> None:
    state = clean(photos=(PhotoState(1, "a" * 64, role="lead", credit="Photo: Jane Doe"),))
    after = fixed(state, "credit-form", context())
    assert after.photos[0].credit == "Jane Doe photo" and after.photos[0].caption is None


def test_fix_brings_back_the_photo_desks_words() -> None:
    state = clean(photos=(PhotoState(1, "a" * 64, role="lead", caption="", alt=""),))
    found = check_story(state, context())
    assert codes(found) == ["lead-photo-caption", "lead-photo-alt"]
    after = fixed(fixed(state, "lead-photo-caption", context()), "lead-photo-alt", context())
    assert (after.photos[0].caption, after.photos[0].alt) == ("Gantz in Baku", "Benny Gantz at a podium")


def test_a_photo_the_desk_never_captioned_has_no_fix() -> None:
    found = only(check_story(clean(photos=(PhotoState(2, "b" * 64, role="lead"),)), context()), "lead-photo-caption")
    assert found.fix is None


def test_fix_adds_the_writers_own_byline() -> None:
    ctx = context(own_byline="Wendy Writer")
    after = fixed(clean(bylines=()), "no-byline", ctx)
    assert [(b.contributor.name, b.role) for b in after.bylines] == [("Wendy Writer", BylineRole.AUTHOR)]
    assert only(check_story(clean(bylines=()), context()), "no-byline").fix is None
    offered = only(check_story(clean(bylines=()), ctx), "no-byline").fix
    assert offered is not None and offered.bylines == (Byline("Wendy Writer"),)


def test_fix_offers_a_free_slug() -> None:
    found = only(check_story(clean(slug="budget"), context(slug_taken=True, free_slug="budget-2")), "slug-taken")
    assert found.fix is not None and found.fix.apply(clean(slug="budget")).slug == "budget-2"
    assert "budget" in found.message


def test_problems_without_a_mechanical_fix_have_none() -> None:
    state = clean(headline="", section=None, body="", deck="")
    assert all(f.fix is None for f in check_story(state, context()))
