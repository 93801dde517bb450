"""save_story on the archive: a 2,000-word story with 3 bylines, 4 cities and 2 photos, against a bare UPDATE of
the same row through sqlite3 (the search index's trigger fires for both), in the same run, interleaved."""

from __future__ import annotations

import io
import random
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench.common import Row, compare, time_call

WORDS = ["council", "budget", "school", "river", "festival", "minister", "library", "choir", "harvest", "bridge",
         "community", "vote", "talks", "market", "museum", "teacher", "parish", "newsroom", "season", "archive"]


def body(seed: int, words: int = 2000) -> str:
    rng = random.Random(seed)
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(100)).capitalize() + "." for _ in range(words // 100)]
    return "\n\n".join(paragraphs) + "\n"


def _photo(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), colour).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def measure_save(archive_dir: Path, repeat: int) -> list[Row]:
    from editor_app.domain.bylines import Byline, BylineRole
    from editor_app.domain.story_state import RevisionKind
    from editor_app.services.story_changes import PhotoPlacement, PhotoUpload, StoryChanges
    from editor_app.services.story_read import get_story
    from editor_app.services.story_write import save_story
    from editor_app.services.users import profile_owner
    from editor_app.services.vocab import list_cities, list_contributors
    from editor_app.storage.open import open_database
    from editor_app.storage.profile import resolve_profile

    db = open_database(resolve_profile(archive_dir))
    owner = profile_owner(db)
    raw = sqlite3.connect(archive_dir / "newsroom.sqlite", isolation_level=None)
    raw.execute("PRAGMA busy_timeout=5000")
    try:
        people = [c.name for c in list_contributors(db, owner)][:3]
        cities = [c.name for c in list_cities(db, owner)][:4]
        story = save_story(db, owner, None, None, StoryChanges(
            headline="Council passes the harvest budget", section="Community", body=body(0),
            bylines=(Byline(people[0]), Byline(people[1]), Byline(people[2], BylineRole.PHOTOGRAPHER)),
            cities=tuple(cities), photos=(
                PhotoPlacement(upload=PhotoUpload(_photo((180, 40, 40)), "lead.jpg", caption="Lead"), role="lead"),
                PhotoPlacement(upload=PhotoUpload(_photo((40, 40, 180)), "inline.jpg", caption="Inline")))))
        detail = get_story(db, owner, story.id)
        version = story.version
        counter = iter(range(1, 1_000_000))
        placements = tuple(PhotoPlacement(image_id=p.image_id, role=p.role, ref=p.ref) for p in detail.photos)

        def edit_body() -> StoryChanges:
            return StoryChanges(body=body(next(counter)))

        def whole_story() -> StoryChanges:  # what an editor's autosave sends: every field, one of them changed
            return StoryChanges(headline=detail.headline, deck=detail.deck, section=detail.section,
                                body=body(next(counter)), dateline=detail.dateline, bylines=detail.bylines,
                                cities=detail.cities, photos=placements)

        def with_service(changes: StoryChanges, kind: RevisionKind) -> float:
            nonlocal version
            elapsed = time_call(lambda: save_story(db, owner, story.id, version, changes, kind=kind))
            version += 1
            return elapsed

        def bare_update() -> float:
            nonlocal version
            text = body(next(counter))

            def update() -> None:
                raw.execute("BEGIN IMMEDIATE")
                raw.execute("UPDATE article SET body = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                            (text, datetime.now(UTC).replace(tzinfo=None).isoformat(" "), story.id))
                raw.execute("COMMIT")
            elapsed = time_call(update)
            version += 1
            return elapsed

        shape = f"{len(detail.bylines)} bylines, {len(detail.cities)} cities, {len(detail.photos)} photos"
        rounds = (
            ("what typing costs: autosaves", {
                "autosave of a body edit": lambda: with_service(edit_body(), RevisionKind.AUTOSAVE),
                "autosave of the whole story": lambda: with_service(whole_story(), RevisionKind.AUTOSAVE)}),
            ("an explicit save", {
                "explicit save (writes a full revision)": lambda: with_service(whole_story(), RevisionKind.SAVE)}),
        )
        rows = []
        for title, measured in rounds:  # each round with its own baseline: revisions fill the WAL faster
            runs: dict[str, Callable[[], float]] = {"bare": bare_update, **measured}
            samples: dict[str, list[float]] = {name: [] for name in runs}
            for run in runs.values():
                run()
            for _ in range(repeat * 3):
                for name, run in runs.items():
                    samples[name].append(run())
            base = Row(f"bare UPDATE of the 2,000-word body through sqlite3, FTS trigger included "
                       f"(baseline for {title}, warm)", samples["bare"])
            rows.append(base)
            for name in measured:
                rows.append(compare(Row(f"save_story: {name}, 2,000 words, {shape} (warm)", samples[name],
                                        goal="≤ 3× bare UPDATE"), base, 3.0, label="bare UPDATE"))
        return rows
    finally:
        raw.close()
        db.dispose()
