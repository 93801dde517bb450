"""Text the editor could not save — the newsroom's server unreachable, a full disk, a save that failed for any
reason but a conflict — kept in a file on this computer until a later save lands. When the newsroom opens
again, what was left is saved (when nobody changed the story meanwhile) or kept as a revision beside the
colleague's version. Nothing typed is lost, even when the window closes while the server is away.

One JSON file per story in the newsroom's `unsaved/` folder (services/local_folders.py), written atomically.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from editor_app.domain.errors import ConflictError, KnownError
from editor_app.domain.story_draft import StoryDraft, draft_from_data, draft_to_data
from editor_app.domain.story_state import RevisionKind
from editor_app.services.actor import Actor
from editor_app.services.atomic_files import write_atomically
from editor_app.services.local_folders import newsroom_folder
from editor_app.storage.engine import Database

logger = logging.getLogger(__name__)

UNSAVED_FOLDER = "unsaved"
FORMAT = 1


@dataclass(frozen=True)
class Unsaved:
    """A story's text that the database does not have: `after` against `before` (what the database held at
    `base_version`), as the editor had it at `kept_at`."""

    story_id: int
    username: str
    base_version: int
    before: StoryDraft
    after: StoryDraft
    slug_fixed: bool
    kept_at: datetime
    reason: str = ""


@dataclass(frozen=True)
class Recovered:
    story_id: int
    headline: str
    kept_at: datetime
    version: int | None = None  # saved: the story's new version
    revision: int | None = None  # the story had moved on: the revision that keeps the text

    def sentence(self) -> str:
        when = self.kept_at.astimezone().strftime("%d %b %H:%M")
        if self.revision is not None:
            return (f"Text of “{self.headline}” not saved on {when} is kept as revision {self.revision} "
                    "(the story changed meanwhile): its History shows and restores it.")
        return f"Text of “{self.headline}” not saved on {when} is saved now (version {self.version})."


class UnsavedStore:
    """The `unsaved/` folder of one newsroom on this computer."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def of(cls, db: Database) -> UnsavedStore:
        return cls(newsroom_folder(db, UNSAVED_FOLDER))

    def _file(self, story_id: int, username: str) -> Path:
        return self.folder / f"story-{story_id}-{username}.json"

    def keep(self, unsaved: Unsaved) -> bool:
        """Write the text to its file (replacing an older copy); False, logged, when even that fails."""
        data = {"format": FORMAT, "story_id": unsaved.story_id, "username": unsaved.username,
                "base_version": unsaved.base_version, "slug_fixed": unsaved.slug_fixed,
                "kept_at": unsaved.kept_at.isoformat(), "reason": unsaved.reason,
                "before": draft_to_data(unsaved.before), "after": draft_to_data(unsaved.after)}
        target = self._file(unsaved.story_id, unsaved.username)
        try:
            write_atomically(target, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except KnownError as exc:
            logger.error("could not keep the unsaved text of story %s: %s", unsaved.story_id, exc)
            return False
        logger.info("kept the unsaved text of story %s in %s (%s)", unsaved.story_id, target, unsaved.reason)
        return True

    def clear(self, story_id: int, username: str) -> None:
        """The database has the text now: forget the local copy (if any)."""
        try:
            self._file(story_id, username).unlink(missing_ok=True)
        except OSError as exc:
            logger.warning("could not remove the local copy of story %s: %s", story_id, exc)

    def pending(self, username: str) -> list[Unsaved]:
        """The texts `username` left unsaved, oldest first. A file that cannot be read is set aside
        (renamed `.unreadable`, logged) rather than deleted."""
        found: list[Unsaved] = []
        for path in sorted(self.folder.glob(f"story-*-{username}.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("format") != FORMAT or data["username"] != username:
                    raise ValueError(f"not a format-{FORMAT} file of {username}")
                found.append(Unsaved(
                    story_id=int(data["story_id"]), username=username, base_version=int(data["base_version"]),
                    before=draft_from_data(data["before"]), after=draft_from_data(data["after"]),
                    slug_fixed=bool(data["slug_fixed"]), kept_at=datetime.fromisoformat(data["kept_at"]),
                    reason=str(data.get("reason", ""))))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                logger.error("the unsaved text in %s cannot be read (%s); it is set aside", path, exc)
                path.replace(path.with_suffix(".unreadable"))
        return sorted(found, key=lambda u: u.kept_at)


def keep_unsaved(store: UnsavedStore, actor: Actor, story_id: int, base_version: int, before: StoryDraft,
                 after: StoryDraft, slug_fixed: bool, error: BaseException) -> bool:
    reason = error.message if isinstance(error, KnownError) else type(error).__name__
    return store.keep(Unsaved(story_id, actor.username, base_version, before, after, slug_fixed,
                              datetime.now(UTC), reason))


def recover_unsaved(db: Database, actor: Actor, store: UnsavedStore) -> list[Recovered]:
    """Save what `actor` left unsaved on this computer: on top of the version it was based on when the story
    is still there, else kept as a conflict revision beside the newer version. A text the database still
    refuses (the server away again) stays in its file for the next time."""
    from editor_app.services.story_editing import save_draft

    done: list[Recovered] = []
    for unsaved in store.pending(actor.username):
        headline = unsaved.after.headline.strip() or unsaved.before.headline.strip() or f"story {unsaved.story_id}"
        try:
            saved = save_draft(db, actor, unsaved.story_id, unsaved.base_version, unsaved.before, unsaved.after,
                               kind=RevisionKind.SAVE, slug_fixed=unsaved.slug_fixed,
                               note="text not saved earlier, kept on this computer")
            done.append(Recovered(unsaved.story_id, headline, unsaved.kept_at, version=saved.result.version))
        except ConflictError as conflict:  # the stale save kept the text as a revision
            revision = conflict.kept_revision or getattr(conflict, "revision", None)
            done.append(Recovered(unsaved.story_id, headline, unsaved.kept_at, revision=revision))
        except KnownError as exc:
            logger.warning("the unsaved text of story %s still cannot be saved: %s", unsaved.story_id, exc)
            continue
        store.clear(unsaved.story_id, actor.username)
    return done
