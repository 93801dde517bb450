"""The editor's pure rules: slugs in Latin letters, word counts, word diffs, completion, draft warnings."""

from __future__ import annotations

from datetime import UTC, datetime

from editor_app.domain.bylines import Byline
from editor_app.domain.completion import Choice, exact, matching
from editor_app.domain.stories import Dateline, PhotoUse, StoryDetail
from editor_app.domain.story_draft import LIMITS, StoryDraft, detail_with, draft_warnings, figure_markdown
from editor_app.domain.story_state import PhotoState
from editor_app.domain.text import slugify, word_count
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.word_diff import Change, changed_words, word_diff
from editor_app.domain.workflow import Status


def test_slugs_transliterate_every_script() -> None:
    assert slugify("Երևանում բացվեց նոր գրադարան") == "erevanowm-bats-vets-nor-gradaran"
    assert slugify("Bakı: Şuşa, Gəncə") == "baki-susa-gence"
    assert slugify("Встреча в Баку") == "vstrecha-v-baku"
    assert slugify("Straße 5") == "strasse-5"
    assert slugify("Երևան") == "erevan"
    assert all(ch.isascii() for ch in slugify("東京で会議 🎉"))


def test_word_count_counts_words_not_marks() -> None:
    assert word_count("") == 0
    assert word_count("**Bold** _and_ [a link](http://x.org) — don't co-op 12.5") == 9
    assert word_count("Գյումրիում նոր գրադարան է բացվել։") == 5


def test_word_diff_marks_changed_words_only() -> None:
    spans = word_diff("The minister visited Baku on Monday.", "The minister visited Bakı on Tuesday.")
    assert [s.change for s in spans] == [Change.SAME, Change.REMOVED, Change.ADDED, Change.SAME, Change.REMOVED,
                                         Change.ADDED]
    assert "".join(s.text for s in spans if s.change is not Change.ADDED) == "The minister visited Baku on Monday."
    assert "".join(s.text for s in spans if s.change is not Change.REMOVED) == "The minister visited Bakı on Tuesday."
    assert changed_words(spans) == (2, 2)
    assert word_diff("same", "same") == [word_diff("same", "same")[0]] and changed_words(word_diff("a", "a")) == (0, 0)
    added_only = word_diff("", "New text here")
    assert [s.change for s in added_only] == [Change.ADDED]


def test_completion_finds_spellings_and_ignores_diacritics() -> None:
    cities = [Choice("Baku", "Baku (Bakı, Баку)", ("Bakı", "Баку")), Choice("Tel Aviv", spellings=("Tel Aviv-Yafo",)),
              Choice("Gyumri", spellings=("Gümri", "Գյումրի")), Choice("Bakersfield")]
    assert [c.value for c in matching("bak", cities)] == ["Bakersfield", "Baku"]  # alphabetical within a rank
    assert [c.value for c in matching("BAKI", cities)] == ["Baku"]
    assert [c.value for c in matching("Баку", cities)] == ["Baku"]
    assert [c.value for c in matching("gum", cities)] == ["Gyumri"]
    assert [c.value for c in matching("aviv", cities)] == ["Tel Aviv"]
    assert [c.value for c in matching("yafo", cities)] == ["Tel Aviv"]
    assert matching("zzz", cities) == []
    assert len(matching("", cities, limit=2)) == 2
    assert exact("bakı", cities) == cities[0] and exact("Bak", cities) is None


def test_draft_warnings_keep_bad_fields_out() -> None:
    ok = StoryDraft(headline="Choir returns", section="Community")
    assert draft_warnings(ok) == []
    long = ok.with_fields(headline="x" * 2000)
    [warning] = draft_warnings(long)
    assert warning.field == "headline" and warning.blocking and "2,000 characters" in warning.message
    near = draft_warnings(ok.with_fields(headline="x" * (LIMITS["headline"] - 10)))
    assert [w.blocking for w in near] == [False]
    assert [w.field for w in draft_warnings(ok.with_fields(headline="  "))] == ["headline"]
    assert ok.with_fields(body="new").changed(ok) == ["body"]
    assert ok.with_fields(slug_follows_headline=False).changed(ok) == []


def test_detail_with_follows_the_draft() -> None:
    lead = PhotoUse(1, "a" * 64, "lead", "Gantz in Baku", "AP photo", "Gantz", ref="photos/a.jpg")
    inline = PhotoUse(2, "b" * 64, "inline", "Delegates", "", "Delegates at a table", ref="photos/b.jpg")
    now = datetime(2026, 11, 2, tzinfo=UTC)
    detail = StoryDetail(id=1, headline="Old", deck="", slug="old", section="International", status=Status.DRAFT,
                         week=IsoWeek(2026, 45), body="", bylines=(), cities=(), dateline=None, photos=(lead, inline),
                         scheduled=None, created=now, updated=now, version=3)
    draft = StoryDraft(headline="New", section="Armenia", body="Text", dateline_place="Tel Aviv",
                       dateline_source="Times of Israel", bylines=(Byline("Ash Obel"),), cities=("Baku",),
                       photos=(PhotoState(2, "b" * 64, "inline", "photos/b.jpg"),))
    shown = detail_with(detail, draft)
    assert (shown.headline, shown.section, shown.body, shown.cities) == ("New", "Armenia", "Text", ("Baku",))
    assert shown.dateline == Dateline("Tel Aviv", "Times of Israel")
    assert shown.dateline.text() == "TEL AVIV (Times of Israel) —"
    assert [p.image_id for p in shown.photos] == [2]
    assert figure_markdown(inline) == '![Delegates at a table](photos/b.jpg "Delegates")'
