"""Publishing benchmark: `python -m bench.publish_bench [--repeat N] [--stories 20] [--check]`.

Publishes a batch of stories, each with one photo, to the local WordPress (scripts/wp-up.sh; the
EDITOR_APP_TEST_WP_* variables) through the app — the outbox, its journal and records, the WordPress
backend and the REST client — against a minimal hand-written httpx client that makes the same REST calls
with the same payloads (REST discovery and the taxonomy list once, per story one photo upload and one post
create, terms looked up once per batch). Batches alternate (app first, then baseline first) after one
warm-up batch each; the goal is the app ≤ 1.15× the bare client (the app adds little to the server's cost).
What each batch created is deleted between batches, untimed.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.common import NotAvailableError, Row, machine, publish_results
from editor_app.domain.bylines import Byline
from editor_app.domain.captions import caption_with_credit
from editor_app.domain.stories import Dateline
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.render.wordpress_content import wordpress_content
from editor_app.services.actor import Actor
from editor_app.services.publishing.backend import Backend
from editor_app.services.publishing.credentials import Credentials, MemoryStore
from editor_app.services.publishing.outbox import JobState, enqueue_publish
from editor_app.services.publishing.runner import drain, newsroom_paper
from editor_app.services.publishing.targets import TargetInfo, TargetKind, TargetSpec, add_target, password_for
from editor_app.services.publishing.wordpress_backend import WordPressBackend
from editor_app.services.publishing.wordpress_client import WordPressClient, new_marker
from editor_app.services.publishing.wordpress_types import marker_comment
from editor_app.services.story_changes import PhotoPlacement, PhotoUpload, StoryChanges
from editor_app.services.story_read import get_story
from editor_app.services.story_write import save_story
from editor_app.services.users import profile_owner
from editor_app.storage.engine import Database
from editor_app.storage.open import open_database
from editor_app.storage.profile import resolve_profile

logger = logging.getLogger(__name__)

GOAL = 1.15
SECTION = "International"
CITIES = ("Yerevan", "Gyumri")
BODY = ("Officials met in the capital on Monday for talks on trade, flights and water. " * 6 + "\n\n") * 5


@dataclass(frozen=True)
class Site:
    url: str
    user: str
    password: str


def site_from_env() -> Site:
    url, user, password = (os.environ.get(f"EDITOR_APP_TEST_WP_{name}", "") for name in ("URL", "USER", "APP_PASSWORD"))
    if not (url and user and password):
        raise NotAvailableError("WordPress is not running: `set -a; source <(scripts/wp-up.sh); set +a` first")
    return Site(url.rstrip("/"), user, password)


class CountingTransport(httpx.HTTPTransport):
    """Counts requests by method and route (the id of an item left out), to show both sides call alike."""

    def __init__(self, counts: Counter[str]) -> None:
        super().__init__()
        self.counts = counts

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        route = "/".join("N" if part.isdigit() else part for part in request.url.path.split("/"))
        self.counts[f"{request.method} {route}"] += 1
        return super().handle_request(request)


def photo_bytes(seed: int) -> bytes:
    """A real 1200×800 JPEG, different for every story (so every upload is a new file)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 800), (seed * 37 % 256, seed * 59 % 256, seed * 83 % 256))
    ImageDraw.Draw(image).rectangle((seed % 600, 100, seed % 600 + 400, 500), fill=(240, 240, 240))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def make_stories(db: Database, owner: Actor, count: int, tag: str, start: int) -> list[int]:
    """`count` approved stories with a byline, dateline, section, two cities and one (lead) photo."""
    ids = []
    for n in range(start, start + count):
        lead = PhotoPlacement(upload=PhotoUpload(photo_bytes(n), f"bench-{tag}-{n}.jpg", caption=f"Bench photo {n}",
                                                 credit="Bench Agency photo", alt="A grey rectangle"), role="lead")
        result = save_story(db, owner, None, None, StoryChanges(
            headline=f"Bench story {tag} {n}", deck="Talks on trade and flights", section=SECTION, body=BODY,
            bylines=(Byline("Ash Obel"),), dateline=Dateline("Yerevan"), cities=CITIES, photos=(lead,),
            status=Status.APPROVED, week=IsoWeek.parse("2026-W47")), create_missing=True)
        ids.append(result.id)
    return ids


# ------------------------------------------------------------------------------------------- the baseline
@dataclass(frozen=True)
class Prepared:
    """What the bare client sends for one story (made before timing starts)."""

    title: str
    slug: str
    excerpt: str
    content: str
    photo: bytes
    filename: str
    caption: str
    alt: str
    media_title: str


def _no_inline_photo(photo: object) -> Any:
    raise AssertionError("the bench's stories have only a lead photo, which is not in the content")


def prepare(db: Database, owner: Actor, ids: list[int]) -> list[Prepared]:
    from markupsafe import escape

    paper = newsroom_paper(db)
    out = []
    for story_id in ids:
        story = get_story(db, owner, story_id)
        lead = story.photos[0]
        with db.session() as session:
            from editor_app.services.images import image_bytes

            data, _mime = image_bytes(session, lead.image_id)
        out.append(Prepared(
            title=story.headline, slug=story.slug, excerpt=story.deck,
            content=wordpress_content(story, paper=paper, media=_no_inline_photo), photo=data, filename=lead.filename,
            caption=str(escape(caption_with_credit(lead.caption, lead.credit, paper.credit_pattern))), alt=lead.alt,
            media_title=lead.caption))
    return out


class BareClient:
    """The fewest REST calls that publish a story with its photo, written by hand."""

    def __init__(self, site: Site, counts: Counter[str]) -> None:
        self.http = httpx.Client(base_url=f"{site.url}/wp-json/", auth=(site.user, site.password), timeout=120,
                                 transport=CountingTransport(counts))
        self.terms: dict[tuple[str, str], int] = {}

    def close(self) -> None:
        self.http.close()

    def term(self, rest_base: str, name: str) -> int:
        key = (rest_base, name)
        if key not in self.terms:
            found = self.http.get(f"wp/v2/{rest_base}", params={"search": name, "per_page": 100,
                                                                "hide_empty": "false"}).raise_for_status().json()
            match = [t["id"] for t in found if t["name"] == name]
            if match:
                self.terms[key] = match[0]
            else:
                created = self.http.post(f"wp/v2/{rest_base}", json={"name": name}).raise_for_status().json()
                self.terms[key] = created["id"]
        return self.terms[key]

    def publish_batch(self, stories: list[Prepared]) -> list[tuple[int, int]]:
        self.http.get("").raise_for_status()  # the app finds the REST root once
        taxonomies = self.http.get("wp/v2/taxonomies", params={"type": "post"}).raise_for_status().json()
        city = "city" if "city" in taxonomies else "tags"
        created = []
        for story in stories:
            media = self.http.post("wp/v2/media", files={"file": (story.filename, story.photo, "image/jpeg")},
                                   data={"caption": story.caption, "alt_text": story.alt, "title": story.media_title,
                                         "description": marker_comment(new_marker())}).raise_for_status().json()
            body: dict[str, Any] = {
                "title": story.title, "content": f"{story.content}\n{marker_comment(new_marker())}",
                "excerpt": story.excerpt, "slug": story.slug, "status": "publish",
                "categories": [self.term("categories", SECTION)], city: [self.term(city, c) for c in CITIES],
                "featured_media": media["id"]}
            post = self.http.post("wp/v2/posts", json=body).raise_for_status().json()
            created.append((post["id"], media["id"]))
        return created


# ------------------------------------------------------------------------------------------- the app
def app_factory(credentials: Credentials, counts: Counter[str]) -> Callable[[TargetInfo], Backend]:
    def make(target: TargetInfo) -> Backend:
        def client(url: str, user: str, password: str) -> WordPressClient:
            return WordPressClient(url, user, password, timeout=120, transport=CountingTransport(counts))

        return WordPressBackend(target, password_for(target, credentials), client_factory=client)

    return make


def remove(site: Site, created: list[tuple[int, int]]) -> None:
    with httpx.Client(base_url=f"{site.url}/wp-json/wp/v2/", auth=(site.user, site.password), timeout=120) as http:
        for post_id, media_id in created:
            http.delete(f"posts/{post_id}", params={"force": "true"})
            http.delete(f"media/{media_id}", params={"force": "true"})


def app_created(db: Database) -> list[tuple[int, int]]:
    from sqlalchemy import select

    from editor_app.storage.models import PublishRecord

    with db.session() as session:
        rows = session.scalars(select(PublishRecord)).all()
        posts = [int(r.remote_id) for r in rows if r.article_id is not None]
        media = [int(r.remote_id) for r in rows if r.image_id is not None]
    return list(zip(posts, media, strict=True))


@dataclass
class Bench:
    """One run: a profile with the stories of every batch, the WordPress target, the call counts."""

    site: Site
    db: Database
    owner: Actor
    stories: int
    app_ids: list[int]
    bare_payloads: list[Prepared]
    credentials: Credentials
    counts: dict[str, Counter[str]]

    def run_app(self, batch: int) -> float:
        chunk = self.app_ids[batch * self.stories:(batch + 1) * self.stories]
        factory = app_factory(self.credentials, self.counts["app"])
        start = time.perf_counter()
        for story_id in chunk:
            enqueue_publish(self.db, self.owner, story_id, "web")
        ran = drain(self.db, credentials=self.credentials, backend_factory=factory)
        elapsed = time.perf_counter() - start
        failed = [j for j in ran if j.state is not JobState.DONE]
        if failed or len(ran) != len(chunk):
            raise NotAvailableError(f"the app's publish failed: {failed[0].last_error if failed else ran}")
        remove(self.site, app_created(self.db))
        _forget_records(self.db)
        return elapsed

    def run_bare(self, batch: int) -> float:
        start = time.perf_counter()
        client = BareClient(self.site, self.counts["bare"])  # connecting is part of it, as for the app
        try:
            created = client.publish_batch(self.bare_payloads[batch * self.stories:(batch + 1) * self.stories])
            elapsed = time.perf_counter() - start
        finally:
            client.close()
        remove(self.site, created)
        return elapsed


def ensure_terms(site: Site) -> None:
    """The section and cities exist on the site before anything is counted or timed: whichever side ran first
    would otherwise pay for creating them, and the two would not make the same calls."""
    with WordPressClient(site.url, site.user, site.password) as client:
        client.ensure_term("categories", SECTION)
        city = client.taxonomy_rest_base("city") or "tags"
        for name in CITIES:
            client.ensure_term(city, name)


def set_up(folder: Path, site: Site, stories: int, batches: int) -> Bench:
    ensure_terms(site)
    db = open_database(resolve_profile(folder / "profile"))
    owner = profile_owner(db)
    from editor_app.services import vocab

    with db.session() as session:
        vocab.add_section(session, SECTION)
    tag = str(int(time.time()))
    credentials = Credentials(MemoryStore())
    add_target(db, owner, TargetSpec("web", TargetKind.WORDPRESS, url=site.url, username=site.user),
               password=site.password, credentials=credentials)
    app_ids = make_stories(db, owner, stories * batches, f"{tag}a", 0)
    bare_ids = make_stories(db, owner, stories * batches, f"{tag}b", stories * batches)
    return Bench(site, db, owner, stories, app_ids, prepare(db, owner, bare_ids), credentials,
                 {"app": Counter(), "bare": Counter()})


def measure(repeat: int, stories: int = 20) -> tuple[list[Row], dict[str, Counter[str]]]:
    """Alternating batches (app first, then the bare client first) after one warm-up batch of each."""
    site = site_from_env()
    with tempfile.TemporaryDirectory(prefix="publish-bench-") as folder:
        bench = set_up(Path(folder), site, stories, repeat + 1)
        times: dict[str, list[float]] = {"app": [], "bare": []}
        try:
            for batch in range(repeat + 1):
                order = ("app", "bare") if batch % 2 == 0 else ("bare", "app")
                for side in order:
                    seconds = bench.run_app(batch) if side == "app" else bench.run_bare(batch)
                    if batch > 0:  # the warm-up batch: its calls are counted, its times dropped
                        times[side].append(seconds)
        finally:
            bench.db.dispose()
    app_times, bare_times = times["app"], times["bare"]
    ratio = statistics.median(app_times) / statistics.median(bare_times)
    rows = [Row(f"bare httpx client: {stories} stories with a photo (baseline)", bare_times),
            Row(f"app: queue + outbox + WordPress backend, {stories} stories", app_times,
                f"{ratio:.2f}× bare", f"≤ {GOAL}× bare", ratio <= GOAL),
            Row("  per story, bare client", [t / stories for t in bare_times]),
            Row("  per story, app", [t / stories for t in app_times])]
    return rows, bench.counts


def _forget_records(db: Database) -> None:
    """The batch's posts were deleted on the site: forget them, as the next batch has new stories anyway."""
    from sqlalchemy import delete

    from editor_app.storage.models import PublishRecord

    with db.session() as session:
        session.execute(delete(PublishRecord))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.publish_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, metavar="N", help="timed batches per side (default 5)")
    parser.add_argument("--stories", type=int, default=20, metavar="N", help="stories per batch (default 20)")
    parser.add_argument("--check", action="store_true", help="exit 1 when the goal is missed")
    parser.add_argument("--no-readme", action="store_true", help="do not write the table into README.md")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    header = machine()
    print("\n".join(header), flush=True)
    try:
        rows, counts = measure(args.repeat, args.stories)
    except NotAvailableError as exc:
        print(f"publish bench not available: {exc}")
        return 1 if args.check else 0
    publish_results("publish", header, rows, readme=not args.no_readme)
    print("\nREST calls over all batches (method route: app / bare):")
    for route in sorted(set(counts["app"]) | set(counts["bare"])):
        print(f"  {route}: {counts['app'][route]} / {counts['bare'][route]}")
    return 1 if args.check and any(row.passed is False for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
