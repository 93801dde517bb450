from __future__ import annotations

from datetime import date

import pytest

from editor_app.domain.bylines import Byline, BylineRole, byline_text
from editor_app.domain.captions import caption_with_credit
from editor_app.domain.errors import ValidationError
from editor_app.domain.passwords import hash_password, verify_password
from editor_app.domain.search_query import fts5_query, split_terms, tsquery
from editor_app.domain.stories import Dateline
from editor_app.domain.text import fold, slugify
from editor_app.domain.weeks import IsoWeek


def test_iso_week_parse_and_format() -> None:
    week = IsoWeek.parse("2026-w40")
    assert str(week) == "2026-W40"
    assert week.monday() == date(2026, 9, 28)
    assert IsoWeek.of(date(2027, 1, 1)) == IsoWeek(2026, 53)
    assert str(IsoWeek(2026, 1).shifted(-1)) == "2025-W52"


@pytest.mark.parametrize("text", ["2026-40", "W40", "2025-W53", "2026-W00"])
def test_bad_weeks_are_refused_plainly(text: str) -> None:
    with pytest.raises(ValidationError, match=r"week|Week"):
        IsoWeek.parse(text)


def test_fold_and_slug() -> None:
    assert fold("Şuşa") == "susa"
    assert fold("BAKI") == fold("Bakı") == "baki"
    assert fold("Երևան") == fold("ԵՐԵՒԱՆ") == "երեւան"  # the և ligature unfolds to ե + ւ
    assert slugify("Israeli Defense Minister Visits Azerbaijan!") == "israeli-defense-minister-visits-azerbaijan"
    assert slugify("Zürich: Ünïcode") == "zurich-unicode"
    assert slugify("Գյումրի") == "gyowmri"  # transliterated (anyascii)
    assert slugify("!!!") == "story"
    assert len(slugify("word " * 50)) <= 80


def test_byline_and_dateline_house_style() -> None:
    bylines = [Byline("Ash Obel"), Byline("Ani Sarkissian"), Byline("Lilit Hakobyan", BylineRole.TRANSLATOR)]
    assert byline_text(bylines, "Mirror-Spectator") == "By Ash Obel and Ani Sarkissian; translated by Lilit Hakobyan"
    assert byline_text([], "Mirror-Spectator") == ""
    assert Dateline("Tel Aviv", "Times of Israel").text() == "TEL AVIV (Times of Israel) —"
    assert Dateline("Yerevan").text() == "YEREVAN —"


def test_caption_credit() -> None:
    assert caption_with_credit("Gantz in Baku", "Jewish Press photo") == "Gantz in Baku (Jewish Press photo)"
    assert caption_with_credit("Gantz in Baku (AP photo)", "AP photo") == "Gantz in Baku (AP photo)"
    assert caption_with_credit("Gantz", "") == "Gantz"


def test_search_syntax_cannot_be_injected() -> None:
    terms = split_terms('baku" OR * NEAR(x')
    assert terms == ["baku", "OR", "NEAR", "x"]
    assert fts5_query([["Bakı", "Baku"], ["talk"]]) == '("Baku" OR "Bakı") AND "talk"*'
    assert tsquery([["Bakı", "Baku"], ["o'neil"]]) == "('baki' | 'baku') & 'o''neil':*"


def test_password_hash_round_trip() -> None:
    stored = hash_password("correct horse")
    assert "correct horse" not in stored
    assert verify_password("correct horse", stored)
    assert not verify_password("wrong", stored)
    assert not verify_password("x", "garbage")
