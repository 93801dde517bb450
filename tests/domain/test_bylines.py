"""Bylines and photo captions in house style."""

from __future__ import annotations

import pytest

from editor_app.domain.bylines import Byline, BylineRole, LineKind, byline_lines, byline_text
from editor_app.domain.captions import caption_with_credit, check_credit_pattern
from editor_app.domain.errors import ValidationError

PAPER = "Mirror-Spectator"
A, S, T, P = BylineRole.AUTHOR, BylineRole.SPECIAL, BylineRole.TRANSLATOR, BylineRole.PHOTOGRAPHER


def lines(*people: tuple[str, BylineRole]) -> list[str]:
    return [line.text for line in byline_lines([Byline(name, role) for name, role in people], PAPER)]


def test_authors_are_joined_the_house_way() -> None:
    assert lines(("Ash Obel", A)) == ["By Ash Obel"]
    assert lines(("Ash Obel", A), ("Nora Sarkissian", A)) == ["By Ash Obel and Nora Sarkissian"]
    assert lines(("A", A), ("B", A), ("C", A)) == ["By A, B and C"]
    assert lines() == []


def test_special_contributor_gets_the_paper_line() -> None:
    assert lines(("Ash Obel", S)) == ["By Ash Obel", "Special to the Mirror-Spectator"]
    assert lines(("Ash Obel", S), ("Nora Sarkissian", S)) == ["By Ash Obel and Nora Sarkissian",
                                                             "Special to the Mirror-Spectator"]


def test_staff_and_special_together_say_who_is_special() -> None:
    assert lines(("Ash Obel", A), ("Nora Sarkissian", S)) == [
        "By Ash Obel", "and Nora Sarkissian, Special to the Mirror-Spectator"]


def test_translators_and_photographers_have_their_own_lines() -> None:
    assert lines(("Lilit Hakobyan", T)) == ["Translated by Lilit Hakobyan"]
    assert lines(("Aram Arkun", P)) == ["Photos by Aram Arkun"]
    assert lines(("Aram Arkun", P), ("Ash Obel", A), ("Lilit Hakobyan", T), ("Ani Tovmasyan", T)) == [
        "By Ash Obel", "Translated by Lilit Hakobyan and Ani Tovmasyan", "Photos by Aram Arkun"]


def test_every_role_at_once_in_house_order() -> None:
    result = byline_lines([Byline("P1", P), Byline("T1", T), Byline("S1", S), Byline("A1", A), Byline("A2", A)],
                          PAPER)
    assert [(line.text, line.kind) for line in result] == [
        ("By A1 and A2", LineKind.BY), ("and S1, Special to the Mirror-Spectator", LineKind.SPECIAL),
        ("Translated by T1", LineKind.TRANSLATED), ("Photos by P1", LineKind.PHOTOS)]


def test_blank_names_are_skipped() -> None:
    assert lines(("  ", A), ("Ash Obel ", A)) == ["By Ash Obel"]


def test_special_byline_needs_the_paper_name() -> None:
    with pytest.raises(ValueError, match="paper's name"):
        byline_lines([Byline("Ash Obel", S)], " ")
    assert byline_lines([Byline("Ash Obel")], "") == byline_lines([Byline("Ash Obel")], PAPER)


def test_one_line_byline() -> None:
    def text(*people: tuple[str, BylineRole]) -> str:
        return byline_text([Byline(name, role) for name, role in people], PAPER)

    assert text(("Ash Obel", S)) == "By Ash Obel, Special to the Mirror-Spectator"
    assert text(("Ash Obel", A), ("Nora Sarkissian", S), ("Lilit Hakobyan", T)) == (
        "By Ash Obel and Nora Sarkissian, Special to the Mirror-Spectator; translated by Lilit Hakobyan")
    assert text(("Aram Arkun", P)) == "Photos by Aram Arkun"


def test_caption_credit_default_pattern() -> None:
    assert caption_with_credit("Gantz in Baku", "Jewish Press photo") == "Gantz in Baku (Jewish Press photo)"
    assert caption_with_credit(" Gantz in Baku ", "(Jewish Press photo)") == "Gantz in Baku (Jewish Press photo)"
    assert caption_with_credit("Gantz in Baku (AP photo)", "AP photo") == "Gantz in Baku (AP photo)"
    assert caption_with_credit("Gantz", " ") == "Gantz"
    assert caption_with_credit("", "AP photo") == "(AP photo)"
    assert caption_with_credit("", "") == ""


def test_caption_credit_pattern_is_a_setting() -> None:
    pattern = "{caption} Photo: {credit}"
    assert caption_with_credit("Gantz in Baku", "Jewish Press", pattern) == "Gantz in Baku Photo: Jewish Press"
    assert caption_with_credit("Gantz in Baku Photo: AP", "AP", pattern) == "Gantz in Baku Photo: AP"
    assert caption_with_credit("", "AP", pattern) == "Photo: AP"
    assert caption_with_credit("Gantz", "AP", "{credit} — {caption}") == "AP — Gantz"


def test_caption_pattern_is_filled_not_formatted() -> None:
    """A setting cannot reach into Python objects, and braces in a caption stay as written."""
    assert caption_with_credit("{credit} {0}", "AP", "{caption} ({credit}) {caption.__class__}") == (
        "{credit} {0} (AP) {caption.__class__}")


@pytest.mark.parametrize("pattern", ["{caption}", "({credit})", "", "{Caption} {credit}"])
def test_caption_pattern_needs_both_fields(pattern: str) -> None:
    with pytest.raises(ValidationError, match="caption credit pattern") as caught:
        check_credit_pattern(pattern)
    assert "{caption} ({credit})" in caught.value.hint
