"""A typed, synchronous client for the WordPress REST API, authenticated with an Application Password.

It runs on a worker thread of the GUI and in the CLI; it knows nothing of the database or Qt. Every
failure is a `WordPressError` (see `wordpress_errors`) whose `retryable` says whether to try again later.

The retry contract
------------------
* Retried here, with exponential backoff and jitter (`RetryPolicy`, via stamina), only requests whose
  repetition cannot do harm: every GET, updates of an existing id (`update_post`, `update_media`, the
  upload's post-process step), deletes, and `ensure_term` (a second create of the same term answers
  `term_exists`, which is reused). A 429 waits its Retry-After when that is within the policy.
* NOT retried: `create_post` and `upload_media`. When they fail with a retryable error, the create may
  or may not have landed (the answer can be lost after the site stored the post). Before creating again,
  the caller must ask "did my create land?":

      marker = new_marker()                     # keep it with the job, before the first try
      client.create_post(fields, marker=marker)    # NetworkError / ServerError …
      post = client.find_post_by_marker(marker)    # … later: found -> reuse post.id; None -> create again

  The marker travels as an invisible HTML comment (`<!-- editor-app:create:… -->`) at the end of the
  post's content, or as the media item's description, and is found with REST search. Posts in the trash
  are not found (creating again is then right). An update that replaces the content drops the marker,
  which is fine: it is only needed until the create is recorded.
* An upload that dies while WordPress makes the image sizes (5xx with `X-WP-Upload-Attachment-ID`) is
  finished here with `POST /wp/v2/media/{id}/post-process` instead of uploading again. A photo found by
  `find_media_by_marker` after a failed upload may lack its sizes: call `finish_media(id)` (cheap, safe).
* `update_post(..., expected_modified_gmt=…)` refuses (`RemoteChangedError`) to overwrite a post edited
  on the site since the stamp the caller last saw. REST has no If-Match: a check-then-write window remains.

The Application Password is only handed to httpx's Basic auth; it never appears in errors, reprs or logs.
"""

from __future__ import annotations

import html
import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, TypeVar

import httpx

from editor_app.domain.errors import ValidationError
from editor_app.services.publishing.wordpress_errors import (
    RemoteChangedError,
    RemoteNotFoundError,
    RequestRejectedError,
    ServerError,
    TooLargeError,
    UnexpectedAnswerError,
)
from editor_app.services.publishing.wordpress_http import RestSession, RetryPolicy
from editor_app.services.publishing.wordpress_types import (
    ConnectionReport,
    PopularPost,
    PostFields,
    RemoteMedia,
    RemotePost,
    Taxonomy,
    check_marker,
    marker_comment,
    media_from_json,
    popular_from_json,
    post_from_json,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")
Marked = TypeVar("Marked", RemoteMedia, RemotePost)
MIN_SCHEDULE_AHEAD = timedelta(seconds=60)  # WordPress publishes a `future` post at once below this
POPULAR_POSTS = "wordpress-popular-posts/v1"  # the REST namespace of the WordPress Popular Posts plugin
_PER_PAGE = 100


def new_marker() -> str:
    """A fresh creation marker for `create_post`/`upload_media` (store it with the job before the first try)."""
    return "ea" + uuid.uuid4().hex


class WordPressClient:
    """One WordPress site, one user. Thread-safe for sequential use from a worker; close it when done."""

    def __init__(
        self,
        base_url: str,
        user: str,
        app_password: str,
        *,
        timeout: float = 30.0,
        upload_timeout: float = 300.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.user = user
        self.upload_timeout = max(timeout, upload_timeout)
        self._rest = RestSession(base_url, user, app_password, timeout=timeout, retry=retry or RetryPolicy(),
                                 transport=transport)

    @property
    def site(self) -> str:
        """The site's base URL as used (no trailing slash, no credentials)."""
        return self._rest.site

    def __repr__(self) -> str:
        return f"WordPressClient({self.site!r}, user={self.user!r})"

    def close(self) -> None:
        self._rest.close()

    def __enter__(self) -> WordPressClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ site and user
    def rest_url(self) -> str:
        """Where the REST API answers (found on first use)."""
        root = self._rest.root()
        return root.url if root.style == "path" else f"{self.site}/?rest_route=/"

    def check_connection(self) -> ConnectionReport:
        """Prove the credentials work (`users/me` needs them; public routes answer anyone) and say what they allow."""
        me = self._rest.rest("GET", "wp/v2/users/me", params={"context": "edit"}, action="check the connection",
                             idempotent=True)
        caps = me.get("capabilities") if isinstance(me, dict) else None
        caps = caps if isinstance(caps, dict) else {}
        return self._parse(lambda: ConnectionReport(
            user_name=str(me.get("name") or me.get("username") or self.user),
            user_id=int(me["id"]),
            can_publish=bool(caps.get("publish_posts")),
            can_upload=bool(caps.get("upload_files")),
            site_name=self._rest.root().site_name,
            rest_url=self.rest_url(),
        ), "check the connection")

    def has_namespace(self, namespace: str) -> bool:
        """True when the site's REST API offers `namespace` (a plugin's routes, e.g. POPULAR_POSTS)."""
        return namespace in self._rest.root().namespaces

    def popular_posts(self, *, days: int = 30, limit: int = 10) -> list[PopularPost] | None:
        """The most read posts of the last `days` days (30 or 7) as WordPress Popular Posts counts them, most read
        first; None when the site does not run that plugin (nothing else in WordPress counts readers)."""
        if not self.has_namespace(POPULAR_POSTS):
            return None
        action = "read the most read posts"
        answer = self._rest.rest("GET", f"{POPULAR_POSTS}/popular-posts", params={
            "range": "last7days" if days <= 7 else "last30days", "limit": limit, "order_by": "views",
            "post_type": "post"}, action=action, idempotent=True)
        return self._parse(lambda: [popular_from_json(p) for p in answer], action)

    # ------------------------------------------------------------------ taxonomies and terms
    def taxonomies(self) -> list[Taxonomy]:
        """The taxonomies posts can carry (category, post_tag, and e.g. a site's own `city`)."""
        body = self._rest.rest("GET", "wp/v2/taxonomies", params={"type": "post"}, action="list the taxonomies",
                               idempotent=True)
        items = body.values() if isinstance(body, dict) else body
        return self._parse(lambda: [
            Taxonomy(slug=str(t["slug"]), name=str(t.get("name", t["slug"])),
                     rest_base=str(t.get("rest_base") or t["slug"]), hierarchical=bool(t.get("hierarchical")))
            for t in items
        ], "list the taxonomies")

    def taxonomy_rest_base(self, slug: str) -> str | None:
        """The rest_base of taxonomy `slug` (e.g. "city"), or None when the site has no such taxonomy."""
        return next((t.rest_base for t in self.taxonomies() if t.slug == slug), None)

    def ensure_term(self, taxonomy_rest_base: str, name: str, *, slug: str | None = None) -> int:
        """The id of the term called `name` (or with `slug`), created when missing. Safe to repeat."""
        action = f"find or create the term {name!r}"
        route = f"wp/v2/{taxonomy_rest_base}"
        if slug:
            found = self._rest.rest("GET", route, params={"slug": slug, "hide_empty": "false"}, action=action,
                                    idempotent=True)
            if isinstance(found, list) and found:
                return int(found[0]["id"])
        candidates = self._rest.rest("GET", route, params={"search": name, "per_page": _PER_PAGE,
                                                           "hide_empty": "false"},
                                     action=action, idempotent=True)
        wanted = name.strip().casefold()
        for term in candidates if isinstance(candidates, list) else []:
            if html.unescape(str(term.get("name", ""))).strip().casefold() == wanted:
                return int(term["id"])
        body: dict[str, Any] = {"name": name}
        if slug:
            body["slug"] = slug
        try:
            created = self._rest.rest("POST", route, json=body, action=action, idempotent=True)
        except RequestRejectedError as exc:
            term_id = exc.details.get("term_id")
            if exc.code == "term_exists" and isinstance(term_id, int):
                return term_id
            raise
        logger.info("Created term %r in %s (id %s)", name, taxonomy_rest_base, created.get("id"))
        return self._parse(lambda: int(created["id"]), action)

    # ------------------------------------------------------------------ media
    def upload_media(
        self,
        data: bytes,
        filename: str,
        mime: str,
        *,
        caption_html: str,
        alt_text: str,
        title: str,
        marker: str | None = None,
    ) -> RemoteMedia:
        """Upload a file with its caption, alt text and title. Not retried: see the module's retry contract."""
        action = f"upload the file {filename!r}"
        form = {"caption": caption_html, "alt_text": alt_text, "title": title}
        if marker is not None:
            form["description"] = marker_comment(marker)
        try:
            body = self._rest.rest("POST", "wp/v2/media", files={"file": (filename, data, mime)}, data=form,
                                   action=action, idempotent=False, timeout=self.upload_timeout)
        except ServerError as exc:
            if exc.upload_attachment_id is None:
                raise
            logger.warning("WordPress stored %s as media %d but failed making its sizes; finishing it",
                           filename, exc.upload_attachment_id)
            self.finish_media(exc.upload_attachment_id)
            return self.update_media(exc.upload_attachment_id, caption_html=caption_html, alt_text=alt_text,
                                     title=title)
        except TooLargeError as exc:
            said = f": {exc.server_message.rstrip('.')}" if exc.server_message else f" (HTTP {exc.status})"
            raise TooLargeError(
                f"The file {filename} ({_size(len(data))}) is larger than {self.site} accepts{said}.",
                hint=exc.hint, status=exc.status, code=exc.code, details=exc.details,
                server_message=exc.server_message) from exc
        media = self._parse(lambda: media_from_json(body), action)
        logger.info("Uploaded %s as media %d", filename, media.id)
        return media

    def finish_media(self, media_id: int) -> None:
        """Make the image sizes WordPress is missing for a stored upload (POST …/post-process). Safe to repeat."""
        self._rest.rest("POST", f"wp/v2/media/{media_id}/post-process", json={"action": "create-image-subsizes"},
                        action=f"finish the upload of photo {media_id}", idempotent=True,
                        timeout=self.upload_timeout)

    def update_media(self, media_id: int, *, caption_html: str | None = None, alt_text: str | None = None,
                     title: str | None = None) -> RemoteMedia:
        """Change a photo's caption, alt text or title (None leaves it)."""
        body = {k: v for k, v in (("caption", caption_html), ("alt_text", alt_text), ("title", title))
                if v is not None}
        action = f"update photo {media_id}"
        answer = self._rest.rest("POST", f"wp/v2/media/{media_id}", json=body, action=action, idempotent=True)
        return self._parse(lambda: media_from_json(answer), action)

    def get_media(self, media_id: int) -> RemoteMedia:
        action = f"read photo {media_id}"
        answer = self._rest.rest("GET", f"wp/v2/media/{media_id}", params={"context": "edit"}, action=action,
                                 idempotent=True)
        return self._parse(lambda: media_from_json(answer), action)

    def find_media(self, *, search: str) -> list[RemoteMedia]:
        """Media whose title, caption, description or file name contains `search` (first 100, oldest first)."""
        action = f"search the media for {search!r}"
        answer = self._rest.rest("GET", "wp/v2/media", params={
            "search": search, "context": "edit", "per_page": _PER_PAGE, "orderby": "id", "order": "asc"},
            action=action, idempotent=True)
        return self._parse(lambda: [media_from_json(m) for m in answer], action)

    def find_media_by_marker(self, marker: str) -> RemoteMedia | None:
        """The media item an `upload_media(..., marker=marker)` created, or None if that upload never landed."""
        comment = marker_comment(marker)
        return _first_marked([m for m in self.find_media(search=check_marker(marker)) if comment in m.description_html],
                             marker)

    def delete_media(self, media_id: int) -> None:
        """Delete a media item for good (WordPress has no trash for media). Already gone counts as done."""
        self._delete(f"wp/v2/media/{media_id}", force=True, action=f"delete photo {media_id}")

    # ------------------------------------------------------------------ posts
    def create_post(self, fields: PostFields, *, marker: str | None = None) -> RemotePost:
        """Create a post. Not retried: on a retryable error, ask `find_post_by_marker` before creating again."""
        body = self._checked_post_body(fields, creating=True)
        if marker is not None:
            body["content"] = f"{body.get('content', '')}\n{marker_comment(marker)}"
        action = f"create the post {fields.title!r}" if fields.title else "create the post"
        answer = self._rest.rest("POST", "wp/v2/posts", json=body, action=action, idempotent=False)
        post = self._parse(lambda: post_from_json(answer), action)
        logger.info("Created post %d (%s)", post.id, post.status)
        return post

    def update_post(self, post_id: int, fields: PostFields, *,
                    expected_modified_gmt: datetime | None = None) -> RemotePost:
        """Change a post; with `expected_modified_gmt`, refuse when it was edited on the site since then."""
        body = self._checked_post_body(fields, creating=False)
        if expected_modified_gmt is not None:
            current = self.get_post(post_id)
            if current.modified_gmt != expected_modified_gmt:
                raise RemoteChangedError(
                    f"Post {post_id} on {self.site} was changed on the site at {current.modified_gmt:%Y-%m-%d %H:%M} "
                    f"UTC, after the app last published it; it was not overwritten.",
                    hint="Look at the site's version, then publish again to replace it or copy its changes "
                         "into the story first.")
        action = f"update post {post_id}"
        answer = self._rest.rest("POST", f"wp/v2/posts/{post_id}", json=body, action=action, idempotent=True)
        return self._parse(lambda: post_from_json(answer), action)

    def get_post(self, post_id: int, context: Literal["edit", "view"] = "edit") -> RemotePost:
        """A post with raw title/content (context "edit") or rendered ones ("view")."""
        action = f"read post {post_id}"
        answer = self._rest.rest("GET", f"wp/v2/posts/{post_id}", params={"context": context}, action=action,
                                 idempotent=True)
        return self._parse(lambda: post_from_json(answer), action)

    def find_posts(self, *, search: str | None = None, slug: str | None = None,
                   status: str = "any") -> list[RemotePost]:
        """Posts (any status but trash, by default) matching a search and/or a slug: first 100, oldest first."""
        params: dict[str, Any] = {"context": "edit", "status": status, "per_page": _PER_PAGE,
                                  "orderby": "id", "order": "asc"}
        if search is not None:
            params["search"] = search
        if slug is not None:
            params["slug"] = slug
        action = "search the posts"
        answer = self._rest.rest("GET", "wp/v2/posts", params=params, action=action, idempotent=True)
        return self._parse(lambda: [post_from_json(p) for p in answer], action)

    def find_post_by_marker(self, marker: str) -> RemotePost | None:
        """The post a `create_post(..., marker=marker)` created, or None if that create never landed."""
        comment = marker_comment(marker)
        return _first_marked([p for p in self.find_posts(search=check_marker(marker)) if comment in p.content],
                             marker)

    def delete_post(self, post_id: int, *, force: bool = False) -> None:
        """Move a post to the trash (or delete it for good with `force`). Already gone counts as done."""
        self._delete(f"wp/v2/posts/{post_id}", force=force, action=f"delete post {post_id}")

    def trigger_cron(self) -> None:
        """Run the site's due jobs (GET /wp-cron.php), e.g. to publish scheduled posts when WP-Cron is off.

        On php -S it runs before answering; behind PHP-FPM it may finish after: poll `get_post` for the status.
        """
        self._rest.send("GET", f"{self.site}/wp-cron.php", action="run the site's scheduled jobs", idempotent=True)

    # ------------------------------------------------------------------ helpers
    def _delete(self, route: str, *, force: bool, action: str) -> None:
        try:
            self._rest.rest("DELETE", route, params={"force": "true"} if force else {}, action=action,
                            idempotent=True)
        except RemoteNotFoundError as exc:  # a retried delete, or deleted on the site: either way it is gone
            logger.info("%s: already gone (%s)", action, exc.code)

    def _checked_post_body(self, fields: PostFields, *, creating: bool) -> dict[str, Any]:
        if fields.status == "future":
            if fields.date_gmt is None:
                if creating:
                    raise ValidationError("A scheduled post needs a publication time.",
                                          hint="Choose the date and time it should go live.")
            elif fields.date_gmt - datetime.now(UTC) < MIN_SCHEDULE_AHEAD:
                raise ValidationError(
                    f"The scheduled time {fields.date_gmt:%Y-%m-%d %H:%M} UTC is less than a minute away; "
                    "WordPress would publish the post at once.",
                    hint="Choose a later time, or publish now.")
        return fields.to_json()

    def _parse(self, build: Callable[[], T], action: str) -> T:
        """Build a record from an answer; a shape the REST API never sends becomes an UnexpectedAnswerError."""
        try:
            return build()
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise UnexpectedAnswerError(
                f"{self.site} answered in a form the app does not understand when asked to {action} ({exc!r}).",
                hint="A plugin on the site may change the REST API; ask its administrator.") from exc


def _first_marked(found: list[Marked], marker: str) -> Marked | None:
    """The oldest item carrying a marker; more than one means a duplicate create, logged for a human."""
    if len(found) > 1:
        logger.warning("Creation marker %s found on %d items: %s", marker, len(found), [item.id for item in found])
    return found[0] if found else None


def _size(n_bytes: int) -> str:
    return f"{n_bytes / 1_000_000:.1f} MB" if n_bytes >= 100_000 else f"{n_bytes / 1000:.0f} kB"


__all__ = [
    "ConnectionReport",
    "PopularPost",
    "PostFields",
    "RemoteMedia",
    "RemotePost",
    "RetryPolicy",
    "Taxonomy",
    "WordPressClient",
    "new_marker",
]
