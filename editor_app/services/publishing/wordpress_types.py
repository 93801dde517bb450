"""Plain records the WordPress client takes and returns: what was sent, what the site holds.

Times are timezone-aware UTC datetimes. WordPress's `modified_gmt` (second precision) is the only change
stamp REST offers: compare it with the one last seen before overwriting an edit made on the site.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

PostStatus = Literal["draft", "pending", "future", "publish", "private"]
POST_STATUSES: tuple[str, ...] = ("draft", "pending", "future", "publish", "private")
CORE_TAXONOMY_FIELDS = frozenset({"categories", "tags"})
_MARKER = re.compile(r"[A-Za-z0-9]{8,64}")


@dataclass(frozen=True)
class ConnectionReport:
    """Who the app is on the site and whether it may publish there."""

    user_name: str
    user_id: int
    can_publish: bool
    can_upload: bool
    site_name: str
    rest_url: str


@dataclass(frozen=True)
class Taxonomy:
    """A taxonomy posts can carry; `rest_base` names its REST route and the post field holding its term ids."""

    slug: str
    name: str
    rest_base: str
    hierarchical: bool


@dataclass(frozen=True)
class RemoteMedia:
    """A photo as the site holds it (raw caption HTML, alt text, title)."""

    id: int
    source_url: str
    modified_gmt: datetime
    caption_html: str
    alt_text: str
    title: str
    mime_type: str
    link: str
    description_html: str = ""


@dataclass(frozen=True)
class RemotePost:
    """A post as the site holds it, raw values (`context=edit`) where the site sent them."""

    id: int
    link: str
    status: str
    slug: str
    title: str
    content: str
    excerpt: str
    date_gmt: datetime | None
    modified_gmt: datetime
    featured_media: int
    categories: tuple[int, ...]
    tags: tuple[int, ...]
    terms: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # other taxonomies, by rest_base
    sticky: bool = False
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PostFields:
    """What to set on a post; None means "leave as it is" (or the site's default on create).

    `terms` holds custom taxonomies by rest_base (e.g. {"city": [4, 9]}); `meta` only keys the site registered.
    A `future` status needs `date_gmt` at least a minute ahead (WordPress publishes at once otherwise).
    """

    title: str | None = None
    content: str | None = None
    excerpt: str | None = None
    slug: str | None = None
    status: PostStatus | None = None
    date_gmt: datetime | None = None
    categories: Sequence[int] | None = None
    tags: Sequence[int] | None = None
    terms: Mapping[str, Sequence[int]] | None = None
    featured_media: int | None = None
    sticky: bool | None = None
    meta: Mapping[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        """The REST body: only the fields that are set."""
        body: dict[str, Any] = {}
        for name in ("title", "content", "excerpt", "slug", "status", "featured_media", "sticky"):
            value = getattr(self, name)
            if value is not None:
                body[name] = value
        if self.date_gmt is not None:
            body["date_gmt"] = format_gmt(self.date_gmt)
        if self.categories is not None:
            body["categories"] = list(self.categories)
        if self.tags is not None:
            body["tags"] = list(self.tags)
        for rest_base, ids in (self.terms or {}).items():
            if rest_base in body or rest_base in CORE_TAXONOMY_FIELDS:
                raise ValueError(f"terms[{rest_base!r}] clashes with a post field; use the field itself")
            body[rest_base] = list(ids)
        if self.meta is not None:
            body["meta"] = dict(self.meta)
        return body


@dataclass(frozen=True)
class PopularPost:
    """A post and how often it was read, as WordPress Popular Posts counts (its `pageviews`)."""

    id: int
    title: str
    link: str
    views: int


def popular_from_json(data: Mapping[str, Any]) -> PopularPost:
    """One item of WordPress Popular Posts' /popular-posts answer: a post (view context) plus `pageviews`."""
    import html

    return PopularPost(id=int(data["id"]), title=html.unescape(_raw(data.get("title"))), link=str(data.get("link", "")),
                       views=int(data.get("pageviews") or 0))


def check_marker(marker: str) -> str:
    """A creation marker: 8–64 letters and digits (WordPress search splits on spaces and treats '-x' as NOT)."""
    if not _MARKER.fullmatch(marker):
        raise ValueError(f"a creation marker must be 8–64 ASCII letters or digits, not {marker!r}")
    return marker


def marker_comment(marker: str) -> str:
    """The invisible HTML comment that carries a creation marker inside content or a media description."""
    return f"<!-- editor-app:create:{check_marker(marker)} -->"


def format_gmt(moment: datetime) -> str:
    """WordPress's GMT date format ('2026-11-25T10:00:00') from an aware datetime."""
    if moment.tzinfo is None:
        raise ValueError("date_gmt must be timezone-aware (use datetime.now(UTC) or .replace(tzinfo=UTC))")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def parse_gmt(text: object) -> datetime | None:
    """An aware UTC datetime from WordPress's GMT date string; None for null or the zero date."""
    if not isinstance(text, str) or not text or text.startswith("0000"):
        return None
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _raw(value: object) -> str:
    """The raw text of a {'raw':…, 'rendered':…} field (rendered when the context had no raw)."""
    if isinstance(value, dict):
        text = value.get("raw", value.get("rendered", ""))
        return text if isinstance(text, str) else ""
    return value if isinstance(value, str) else ""


def _ids(value: object) -> tuple[int, ...]:
    return tuple(int(v) for v in value) if isinstance(value, list) else ()


def _rest_base_from_href(href: str) -> str:
    """'…/wp-json/wp/v2/city?post=4' or '…/?rest_route=/wp/v2/city&post=4' -> 'city'."""
    parts = urlsplit(href)
    route = parse_qs(parts.query).get("rest_route", [parts.path])[0]
    return route.rstrip("/").rsplit("/", 1)[-1]


def media_from_json(data: Mapping[str, Any]) -> RemoteMedia:
    modified = parse_gmt(data.get("modified_gmt"))
    if modified is None:
        raise KeyError("modified_gmt")
    return RemoteMedia(
        id=int(data["id"]),
        source_url=str(data.get("source_url", "")),
        modified_gmt=modified,
        caption_html=_raw(data.get("caption")),
        alt_text=str(data.get("alt_text", "")),
        title=_raw(data.get("title")),
        mime_type=str(data.get("mime_type", "")),
        link=str(data.get("link", "")),
        description_html=_raw(data.get("description")),
    )


def post_from_json(data: Mapping[str, Any]) -> RemotePost:
    modified = parse_gmt(data.get("modified_gmt"))
    if modified is None:
        raise KeyError("modified_gmt")
    terms: dict[str, tuple[int, ...]] = {}
    for link in data.get("_links", {}).get("wp:term", []):
        rest_base = _rest_base_from_href(str(link.get("href", "")))
        if rest_base and rest_base not in CORE_TAXONOMY_FIELDS and isinstance(data.get(rest_base), list):
            terms[rest_base] = _ids(data[rest_base])
    meta = data.get("meta")
    return RemotePost(
        id=int(data["id"]),
        link=str(data.get("link", "")),
        status=str(data.get("status", "")),
        slug=str(data.get("slug", "")),
        title=_raw(data.get("title")),
        content=_raw(data.get("content")),
        excerpt=_raw(data.get("excerpt")),
        date_gmt=parse_gmt(data.get("date_gmt")),
        modified_gmt=modified,
        featured_media=int(data.get("featured_media") or 0),
        categories=_ids(data.get("categories")),
        tags=_ids(data.get("tags")),
        terms=terms,
        sticky=bool(data.get("sticky", False)),
        meta=meta if isinstance(meta, dict) else {},
    )
