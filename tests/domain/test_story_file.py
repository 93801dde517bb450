from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.errors import ValidationError
from editor_app.domain.stories import Dateline
from editor_app.domain.story_file import PhotoEntry, StoryFile, dump_story_file, parse_story_file
from editor_app.domain.workflow import Status

SAMPLE = """\
---
headline: Israeli Defense Minister Visits Azerbaijan
deck: Talks in Baku focused on defense cooperation        # optional
section: International
slug: israeli-defense-minister-visits-azerbaijan
bylines:
  - name: Ash Obel
    role: author
  - name: Ani Sarkissian
    role: translator
dateline:
  place: Tel Aviv
  source: Times of Israel
cities: [Baku, Tel Aviv]
status: draft
scheduled: 2026-10-05T09:00:00+04:00
photos:
  - file: photos/gantz-baku.jpg
    role: lead
    caption: Israeli Defense Minister Benny Gantz in Baku
    credit: Jewish Press photo
    alt: Benny Gantz at a podium in Baku
    photographer: Jane Doe
---
The body in Markdown.
![Benny Gantz at a podium in Baku](photos/gantz-baku.jpg "Israeli Defense Minister Benny Gantz in Baku")
"""


def minimal(front: str, body: str = "Body.\n") -> str:
    return f"---\nheadline: H\nsection: International\n{front}---\n{body}"


def error_of(text: str) -> str:
    with pytest.raises(ValidationError) as info:
        parse_story_file(text, "story.md")
    message = str(info.value)
    assert "story.md" in message
    return message


def test_parse_sample() -> None:
    story = parse_story_file(SAMPLE, "sample.md")
    assert story.headline == "Israeli Defense Minister Visits Azerbaijan"
    assert story.deck == "Talks in Baku focused on defense cooperation"
    assert story.bylines == (Byline("Ash Obel"), Byline("Ani Sarkissian", BylineRole.TRANSLATOR))
    assert story.dateline == Dateline("Tel Aviv", "Times of Israel")
    assert story.cities == ("Baku", "Tel Aviv")
    assert story.scheduled == datetime(2026, 10, 5, 5, 0, tzinfo=UTC)
    assert story.scheduled.utcoffset() == timedelta(hours=4)
    assert story.photos == (PhotoEntry("photos/gantz-baku.jpg", "lead", "Israeli Defense Minister Benny Gantz in Baku",
                                       "Jewish Press photo", "Benny Gantz at a podium in Baku", "Jane Doe"),)
    assert story.body.startswith("The body in Markdown.\n![Benny")
    assert story.body.endswith('Baku")\n')


def test_defaults_for_optional_fields() -> None:
    story = parse_story_file(minimal(""), "s.md")
    assert story == StoryFile(headline="H", section="International", body="Body.\n")
    assert story.status is Status.DRAFT


def test_plain_scalars_stay_text() -> None:
    """YAML 1.1 would read `no` as False and `1.10` as 1.1; a story file keeps what was typed."""
    story = parse_story_file(minimal("deck: 1.10\ncities: [Norway, no, 2026]\n"), "s.md")
    assert story.deck == "1.10"
    assert story.cities == ("Norway", "no", "2026")


@pytest.mark.parametrize("body", ["", "One line without newline", "\n\nStarts blank\n\n\n", "a\r\nb\r\n",
                                  "---\nA rule inside the body\n---\n", "Երևան, Москва, ירושלים 🎉\n"])
def test_body_is_kept_byte_for_byte(body: str) -> None:
    assert parse_story_file(minimal("", body), "s.md").body == body


def test_closing_delimiter_at_end_of_file() -> None:
    assert parse_story_file("---\nheadline: H\nsection: S\n---", "s.md").body == ""


def test_crlf_file_and_bom() -> None:
    text = "\ufeff---\r\nheadline: H\r\nsection: S\r\n---\r\nBody\r\n"
    story = parse_story_file(text, "s.md")
    assert (story.headline, story.body) == ("H", "Body\r\n")


def test_round_trip_of_tricky_text() -> None:
    story = StoryFile(
        headline="Հայաստան: «Yes», no — 1.10 & #1?", section="Armenia", body="Тело\n\n  indented\n",
        deck="  leading spaces and: a colon", slug="hayastan",
        bylines=(Byline("Ани Саркисян", BylineRole.SPECIAL), Byline("Ash Obel", BylineRole.PHOTOGRAPHER)),
        dateline=Dateline("Երևան"), cities=("Երևան", "Tel Aviv, Yafo", "null", "true"),
        status=Status.SCHEDULED, scheduled=datetime(2026, 10, 5, 9, 30, tzinfo=timezone(timedelta(hours=4))),
        photos=(PhotoEntry("photos/a b.jpg", "lead", "Line one\nline two\n", "(AP photo)", "", "שרה"),
                PhotoEntry("photos/ü.png", "inline", "- starts with a dash", "'quoted'", "🎉 emoji", "")),
    )
    text = dump_story_file(story)
    assert parse_story_file(text, "s.md") == story
    assert dump_story_file(parse_story_file(text, "s.md")) == text
    assert "Երևան" in text and "🎉" in text and "\\u" not in text  # written as characters, not escapes


def test_dump_is_human_friendly() -> None:
    story = parse_story_file(SAMPLE, "sample.md")
    text = dump_story_file(story)
    front = text.split("---\n")[1]
    keys = [line.split(":")[0] for line in front.splitlines() if line[0].isalpha()]
    assert keys == ["headline", "deck", "section", "slug", "bylines", "dateline", "cities", "status", "scheduled",
                    "photos"]
    assert "cities: [Baku, Tel Aviv]\n" in text
    assert "scheduled: 2026-10-05T09:00:00+04:00\n" in text
    assert "  - name: Ash Obel\n    role: author\n" in text
    assert text.endswith("---\n" + story.body)
    multi = dump_story_file(StoryFile("H", "S", photos=(PhotoEntry("p.jpg", caption="one\ntwo"),)))
    assert "caption: |-\n      one\n      two\n" in multi


def test_dump_leaves_out_empty_optional_fields() -> None:
    text = dump_story_file(StoryFile("H", "S", body="B"))
    assert text == "---\nheadline: H\nsection: S\nbylines: []\ncities: []\nstatus: draft\n---\nB"


@pytest.mark.parametrize(("text", "expected"), [
    ("headline: H\n", "does not start with a front matter"),
    ("---\nheadline: H\nsection: S\n", "never closed"),
    ("--- \nheadline: H\n---\n", "does not start with a front matter"),
])
def test_front_matter_delimiters(text: str, expected: str) -> None:
    assert expected in error_of(text)


def test_bad_yaml_names_the_line() -> None:
    message = error_of("---\nheadline: H\nsection: S\nbylines:\n  - name: [unclosed\n---\nBody\n")
    assert "not valid YAML" in message and "line 6" in message


def test_bad_yaml_line_of_a_bad_indent() -> None:
    message = error_of("---\nheadline: H\n  section: S\n---\n")
    assert "line 3" in message


def test_duplicate_key() -> None:
    message = error_of(minimal("headline: again\n"))
    assert "'headline' appears twice" in message and "line 4" in message


@pytest.mark.parametrize(("front", "expected"), [
    ("headlne: Typo\n", "Unknown key 'headlne'"),
    ("bylines:\n  - name: A\n    rol: author\n", "Unknown key 'rol' in byline 1"),
    ("dateline:\n  place: Baku\n  sorce: AP\n", "Unknown key 'sorce' in the dateline"),
    ("photos:\n  - file: a.jpg\n    captoin: x\n", "Unknown key 'captoin' in photo 1"),
])
def test_unknown_keys_are_named(front: str, expected: str) -> None:
    assert expected in error_of(minimal(front))


@pytest.mark.parametrize(("front", "expected"), [
    ("deck: [a, b]\n", "'deck' must be text, not a list"),
    ("bylines: Ash Obel\n", "'bylines' must be a list"),
    ("bylines:\n  - Ash Obel\n", "'bylines 1' must be a set of"),
    ("bylines:\n  - role: author\n", "'name of byline 1' is missing"),
    ("cities: Baku\n", "'cities' must be a list"),
    ("cities: [[Baku]]\n", "'cities 1' must be text"),
    ("dateline: Baku\n", "'dateline' must be a set of"),
    ("dateline:\n  source: AP\n", "'dateline place' is missing"),
    ("photos:\n  - caption: x\n", "'file of photo 1' is missing"),
    ("photos:\n  - file: {a: b}\n", "'file of photo 1' must be text"),
])
def test_wrong_types_name_the_field(front: str, expected: str) -> None:
    assert expected in error_of(minimal(front))


def test_unsafe_or_typed_yaml_is_refused() -> None:
    assert "not valid YAML, line 4" in error_of(minimal("deck: !!python/object/apply:os.system ['true']\n"))
    assert "'deck' must be text, not a number" in error_of(minimal("deck: !!int 5\n"))


def test_missing_headline_and_section() -> None:
    assert "'headline' is missing" in error_of("---\nsection: S\n---\n")
    assert "'section' is missing" in error_of("---\nheadline: H\n---\n")
    assert "'headline' is missing" in error_of("---\nheadline: '  '\nsection: S\n---\n")
    assert "must be a list of 'key: value'" in error_of("---\n- a\n- b\n---\n")


@pytest.mark.parametrize(("front", "expected"), [
    ("bylines:\n  - name: A\n    role: editor\n", "byline role 'editor' is not known"),
    ("photos:\n  - file: a.jpg\n    role: hero\n", "photo role 'hero' is not known"),
    ("status: live\n", "status 'live' is not known"),
])
def test_unknown_choices_list_the_known_ones(front: str, expected: str) -> None:
    message = error_of(minimal(front))
    assert expected in message and "Use one of:" in message


@pytest.mark.parametrize(("value", "expected"), [
    ("next tuesday", "not a date and time"),
    ("2026-10-05", "no time of day"),
    ("2026-10-05T09:00:00", "no time zone"),
    ("2026-13-05T09:00:00+00:00", "not a date and time"),
    ("[2026]", "must be a date and time"),
])
def test_bad_scheduled(value: str, expected: str) -> None:
    message = error_of(minimal(f"scheduled: {value}\n"))
    assert expected in message and "scheduled" in message


def test_scheduled_with_z_suffix() -> None:
    story = parse_story_file(minimal("scheduled: 2026-10-05T09:00:00Z\n"), "s.md")
    assert story.scheduled == datetime(2026, 10, 5, 9, tzinfo=UTC)
