"""The story file: Markdown with YAML front matter (see STORY-FORMAT.md). Parsing, checking and writing it.

Pure Python: no Qt, no database. Every error names the file and says what to fix.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import yaml

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.errors import ValidationError
from editor_app.domain.stories import Dateline
from editor_app.domain.workflow import Status

logger = logging.getLogger(__name__)

DELIMITER = "---"
PHOTO_ROLES = ("lead", "inline")
STORY_KEYS = ("headline", "deck", "section", "slug", "bylines", "dateline", "cities", "status", "scheduled",
              "photos", "id", "version")
BYLINE_KEYS = ("name", "role")
DATELINE_KEYS = ("place", "source")
PHOTO_KEYS = ("file", "role", "caption", "credit", "alt", "photographer")


@dataclass(frozen=True)
class PhotoEntry:
    """A photo listed in the front matter; `file` is the path as written, relative to the story file."""

    file: str
    role: str = "inline"
    caption: str = ""
    credit: str = ""
    alt: str = ""
    photographer: str = ""


@dataclass(frozen=True)
class StoryFile:
    """Everything a story file holds, checked and typed."""

    headline: str
    section: str
    body: str = ""
    deck: str = ""
    slug: str = ""
    bylines: tuple[Byline, ...] = ()
    dateline: Dateline | None = None
    cities: tuple[str, ...] = ()
    status: Status = Status.DRAFT
    scheduled: datetime | None = None
    photos: tuple[PhotoEntry, ...] = field(default=())
    id: int | None = None  # written by export; import uses them only with --update
    version: int | None = None


# --- reading -------------------------------------------------------------------------------------------


class _FrontMatterLoader(yaml.SafeLoader):
    """A safe loader that reads every plain scalar as text (only `null`/`~`/empty stay None).

    YAML 1.1 would turn `Norway: no` into False and `1.10` into 1.1; a headline must stay what was typed.
    Duplicate keys are refused instead of silently keeping the last one.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str):
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key '{key}' appears twice", key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split_front_matter(text: str, name: str) -> tuple[str, str]:
    """(front matter, body); the front matter starts on the file's line 2. The body is kept byte for byte."""
    if text.startswith("\ufeff"):
        text = text[1:]
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if first.rstrip("\r") != DELIMITER:
        raise ValidationError(
            f"The story file {name} does not start with a front matter block (a line '---').",
            hint="Begin the file with '---', the story's fields in YAML, and another '---' line before the body.")
    pos = first_end + 1
    while pos <= len(text):
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        if line.rstrip("\r") == DELIMITER:
            front = text[first_end + 1:pos]
            body = "" if end < 0 else text[end + 1:]
            return front, body
        if end < 0:
            break
        pos = end + 1
    raise ValidationError(f"The front matter of the story file {name} is never closed.",
                          hint="Add a line '---' between the fields and the body.")


def load_front_matter(front: str, name: str, first_line: int = 2) -> dict[str, Any]:
    """The front matter as a mapping; a YAML mistake is reported with its line in the file."""
    try:
        data = yaml.load(front, Loader=_FrontMatterLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f", line {mark.line + first_line}" if mark is not None else ""
        problem = exc.problem or exc.context or "unreadable YAML"
        raise ValidationError(f"The front matter of the story file {name} is not valid YAML{where}: {problem}.",
                              hint="Fix that line (quote text that contains ': ' or starts with a symbol).") from exc
    except yaml.YAMLError as exc:
        raise ValidationError(f"The front matter of the story file {name} is not valid YAML: {exc}.") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValidationError(f"The front matter of the story file {name} must be a list of 'key: value' fields.",
                              hint="Write one field per line, such as 'headline: ...'.")
    return data


def parse_story_file(text: str, name: str) -> StoryFile:
    """Parse and check a whole story file; `name` is how errors refer to it (usually its path)."""
    front, body = split_front_matter(text, name)
    data = load_front_matter(front, name)
    return story_from_mapping(data, name, body)


class _Checker:
    """Typed access to front-matter fields; every complaint names the field and the file."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, message: str, hint: str = "") -> ValidationError:
        return ValidationError(f"{message} in the story file {self.name}.", hint=hint)

    def keys(self, data: Mapping[Any, Any], allowed: tuple[str, ...], where: str) -> None:
        for key in data:
            if key not in allowed:
                raise self.fail(f"Unknown key '{key}'{where}", hint=f"Known keys there: {', '.join(allowed)}.")

    def text(self, data: Mapping[str, Any], key: str, label: str, *, required: bool = False) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip() and required):
            if required:
                raise self.fail(f"The field '{label}' is missing or empty", hint=f"Add '{key}: ...'.")
            return ""
        if isinstance(value, datetime):
            return value.isoformat()
        if not isinstance(value, str):
            raise self.fail(f"The field '{label}' must be text, not {_kind(value)}")
        return value

    def mapping(self, value: Any, label: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"The field '{label}' must be a set of 'key: value' fields, not {_kind(value)}")
        return value

    def items(self, data: Mapping[str, Any], key: str) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(f"The field '{key}' must be a list, not {_kind(value)}",
                            hint=f"Write each entry of '{key}' on its own line starting with '- '.")
        return value

    def number(self, data: Mapping[str, Any], key: str) -> int | None:
        value = self.text(data, key, key).strip()
        if not value:
            return None
        if not value.isdigit() or int(value) < 1:
            raise self.fail(f"The field '{key}' must be a whole number, not '{value}'",
                            hint=f"Leave '{key}' as export wrote it, or remove the line.")
        return int(value)

    def choice(self, value: str, label: str, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            raise self.fail(f"The {label} '{value}' is not known", hint=f"Use one of: {', '.join(allowed)}.")
        return value


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}"


def story_from_mapping(data: Mapping[Any, Any], name: str, body: str = "") -> StoryFile:
    """Check the front-matter mapping and turn it into a StoryFile."""
    check = _Checker(name)
    check.keys(data, STORY_KEYS, "")
    bylines = []
    for n, raw in enumerate(check.items(data, "bylines"), start=1):
        item = check.mapping(raw, f"bylines {n}")
        check.keys(item, BYLINE_KEYS, f" in byline {n}")
        role = check.text(item, "role", f"role of byline {n}") or BylineRole.AUTHOR.value
        check.choice(role, "byline role", tuple(r.value for r in BylineRole))
        bylines.append(Byline(check.text(item, "name", f"name of byline {n}", required=True).strip(),
                              BylineRole(role)))
    dateline = None
    if data.get("dateline") is not None:
        item = check.mapping(data["dateline"], "dateline")
        check.keys(item, DATELINE_KEYS, " in the dateline")
        dateline = Dateline(check.text(item, "place", "dateline place", required=True),
                            check.text(item, "source", "dateline source"))
    cities = []
    for n, raw in enumerate(check.items(data, "cities"), start=1):
        city = check.text({"c": raw}, "c", f"cities {n}", required=True)
        cities.append(city.strip())
    status = check.text(data, "status", "status") or Status.DRAFT.value
    check.choice(status, "status", tuple(s.value for s in Status))
    photos = []
    for n, raw in enumerate(check.items(data, "photos"), start=1):
        item = check.mapping(raw, f"photos {n}")
        check.keys(item, PHOTO_KEYS, f" in photo {n}")
        role = check.text(item, "role", f"role of photo {n}") or "inline"
        check.choice(role, "photo role", PHOTO_ROLES)
        photos.append(PhotoEntry(
            file=check.text(item, "file", f"file of photo {n}", required=True), role=role,
            caption=check.text(item, "caption", f"caption of photo {n}"),
            credit=check.text(item, "credit", f"credit of photo {n}"),
            alt=check.text(item, "alt", f"alt of photo {n}"),
            photographer=check.text(item, "photographer", f"photographer of photo {n}").strip(),
        ))
    return StoryFile(
        headline=check.text(data, "headline", "headline", required=True),
        section=check.text(data, "section", "section", required=True),
        body=body, deck=check.text(data, "deck", "deck"), slug=check.text(data, "slug", "slug").strip(),
        bylines=tuple(bylines), dateline=dateline, cities=tuple(cities), status=Status(status),
        scheduled=_scheduled(data.get("scheduled"), check), photos=tuple(photos),
        id=check.number(data, "id"), version=check.number(data, "version"),
    )


def _scheduled(value: Any, check: _Checker) -> datetime | None:
    if value is None or value == "":
        return None
    hint = "Write a date, time and time zone such as 2026-10-05T09:00:00+00:00."
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise check.fail(f"The field 'scheduled' ('{value}') is not a date and time", hint=hint) from None
        if "T" not in value and " " not in value.strip():
            raise check.fail(f"The field 'scheduled' ('{value}') has no time of day", hint=hint)
    else:
        raise check.fail(f"The field 'scheduled' must be a date and time, not {_kind(value)}", hint=hint)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise check.fail(f"The field 'scheduled' ('{value}') has no time zone", hint=hint)
    return moment


# --- writing -------------------------------------------------------------------------------------------


class _FlowList(list[str]):
    """A short list written on one line: `cities: [Baku, Tel Aviv]`."""


class _StoryDumper(yaml.SafeDumper):
    """Block style, list items indented under their key, text with line breaks as literal blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


def _represent_flow_list(dumper: yaml.SafeDumper, value: _FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


def _represent_datetime(dumper: yaml.SafeDumper, value: datetime) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_StoryDumper.add_representer(str, _represent_str)
_StoryDumper.add_representer(datetime, _represent_datetime)
_StoryDumper.add_representer(_FlowList, _represent_flow_list)


def story_to_mapping(story: StoryFile) -> dict[str, Any]:
    """The front-matter fields in the order STORY-FORMAT.md shows them; empty optional fields left out."""
    data: dict[str, Any] = {"headline": story.headline}
    if story.deck:
        data["deck"] = story.deck
    data["section"] = story.section
    if story.slug:
        data["slug"] = story.slug
    data["bylines"] = [{"name": b.name, "role": b.role.value} for b in story.bylines]
    if story.dateline is not None:
        data["dateline"] = {"place": story.dateline.place}
        if story.dateline.source:
            data["dateline"]["source"] = story.dateline.source
    data["cities"] = _FlowList(story.cities)
    data["status"] = story.status.value
    if story.scheduled is not None:
        data["scheduled"] = story.scheduled
    if story.photos:
        photos = []
        for photo in story.photos:
            entry = {"file": photo.file, "role": photo.role, "caption": photo.caption, "credit": photo.credit,
                     "alt": photo.alt}
            if photo.photographer:
                entry["photographer"] = photo.photographer
            photos.append(entry)
        data["photos"] = photos
    if story.id is not None:
        data["id"] = story.id
    if story.version is not None:
        data["version"] = story.version
    return data


def dump_story_file(story: StoryFile) -> str:
    """The story file's text: front matter between '---' lines, then the body exactly as stored."""
    front = yaml.dump(story_to_mapping(story), Dumper=_StoryDumper, sort_keys=False, allow_unicode=True,
                      default_flow_style=False, width=4096, indent=2)
    return f"{DELIMITER}\n{front}{DELIMITER}\n{story.body}"
