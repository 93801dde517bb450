"""The editor's work for the worker threads: plain data in, plain data out. Services are imported inside
the jobs so that the window paints before SQLAlchemy, Markdown and Pillow load."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtGui import QImage

from editor_app.domain.completion import Choice
from editor_app.domain.newsroom_settings import NewsroomSettings
from editor_app.domain.stories import StoryDetail
from editor_app.domain.story_draft import StoryDraft
from editor_app.domain.story_state import RevisionKind
from editor_app.domain.word_diff import Span, word_diff
from editor_app.ui.newsroom_jobs import decode_photos, image_src

if TYPE_CHECKING:
    from editor_app.services.actor import Actor
    from editor_app.services.locks import LockOutcome
    from editor_app.services.rescue import Recovered, UnsavedStore
    from editor_app.services.revisions import RevisionInfo
    from editor_app.services.story_editing import DraftSaved, EditableStory
    from editor_app.services.story_templates import StoryTemplate
    from editor_app.services.story_write import SaveResult
    from editor_app.storage.engine import Database

# The preview renders at most this much of the body: a pasted book must not hold the GUI in setHtml.
PREVIEW_MAX_CHARS = 200_000


@dataclass(frozen=True)
class OpenedStory:
    editable: EditableStory
    images: dict[str, QImage] = field(default_factory=dict)
    lock: LockOutcome | None = None  # the edit lock, for a story the user may edit (None: not asked)

    @property
    def locked_out(self) -> bool:
        """Somebody else holds the edit lock: the story opens read-only."""
        return self.lock is not None and not self.lock.editable


@dataclass(frozen=True)
class Vocabulary:
    sections: list[str]
    cities: list[Choice]
    contributors: list[Choice]


def open_story(db: Database, actor: Actor, story_id: int, *, take_lock: bool = True) -> OpenedStory:
    """The story as the editor opens it, with its edit lock taken (or who holds it) when the user may edit."""
    from editor_app.services.locks import open_for_editing as lock_for_editing
    from editor_app.services.story_editing import open_for_editing

    editable = open_for_editing(db, actor, story_id)
    lock = lock_for_editing(db, actor, story_id) if editable.may_edit and take_lock else None
    return OpenedStory(editable, decode_photos(db, editable.detail.photos), lock)


def unsaved_store(db: Database) -> UnsavedStore:
    from editor_app.services.rescue import UnsavedStore

    return UnsavedStore.of(db)


def recover_unsaved(db: Database, actor: Actor, store: UnsavedStore) -> list[Recovered]:
    from editor_app.services.rescue import recover_unsaved as recover

    return recover(db, actor, store)


def resolve_conflict(db: Database, actor: Actor, story_id: int, baseline: StoryDraft, mine: StoryDraft,
                     body: str | None, slug_fixed: bool) -> int:
    """After a conflict: my edits (the fields I changed since `baseline`, with `body` instead of mine when
    merged by hand) saved over the story as it is now. Returns the new version."""
    from editor_app.services.story_editing import open_for_editing, save_draft

    theirs = open_for_editing(db, actor, story_id)
    changed = {name: getattr(mine, name) for name in mine.changed(baseline)}
    after = theirs.draft.with_fields(**changed, slug_follows_headline=mine.slug_follows_headline)
    if body is not None:
        after = after.with_fields(body=body)
    note = "merged by hand after a conflict" if body is not None else "kept mine after a conflict"
    saved = save_draft(db, actor, story_id, theirs.detail.version, theirs.draft, after, kind=RevisionKind.SAVE,
                       slug_fixed=slug_fixed, note=note)
    return saved.result.version


def story_id_for_slug(db: Database, actor: Actor, slug: str) -> int:
    from editor_app.services.story_editing import story_id_for_slug as find

    return find(db, actor, slug)


def vocabulary(db: Database, actor: Actor) -> Vocabulary:
    from editor_app.services import vocab

    cities = [Choice(c.name, f"{c.name} ({', '.join(c.aliases)})" if c.aliases else c.name, c.aliases)
              for c in vocab.list_cities(db, actor)]
    people = [Choice(p.name, f"{p.name} · {p.kind.value}") for p in vocab.list_contributors(db, actor)]
    return Vocabulary(vocab.section_names(db, actor), cities, people)


def render_preview(detail: StoryDetail, settings: NewsroomSettings) -> str:
    """The story as the site shows it (Qt's flavour); a very long body is cut with a note."""
    from dataclasses import replace

    from editor_app.render.article import PaperSettings, render_preview_html

    if len(detail.body) > PREVIEW_MAX_CHARS:
        cut = detail.body[:PREVIEW_MAX_CHARS].rsplit("\n", 1)[0]
        detail = replace(detail, body=cut + f"\n\n*[The preview shows the first {PREVIEW_MAX_CHARS:,} of "
                                            f"{len(detail.body):,} characters.]*\n")
    return render_preview_html(detail, paper=PaperSettings.of(settings), image_src=image_src)


class SaveChain:
    """What the database holds of the story being edited, shared with the database worker.

    The database lane runs saves one after another, so each save starts from the version and the text the
    previous one left, even when the editor queued it before that one finished (a flush on close). After a
    conflict the chain stops: nothing more is written over the colleague's version. A save that fails for any
    other reason (the server away, a full disk) leaves the text in `unsaved`, a file on this computer, until
    a later save lands.
    """

    def __init__(self, story_id: int, version: int, baseline: StoryDraft, slug_fixed: bool,
                 unsaved: UnsavedStore | None = None) -> None:
        self.story_id = story_id
        self.slug_fixed = slug_fixed
        self.unsaved = unsaved
        self._kept_locally = False
        self._lock = threading.Lock()
        self._version = version
        self._baseline = baseline
        self.stopped = False

    @property
    def version(self) -> int:
        with self._lock:
            return self._version

    @property
    def baseline(self) -> StoryDraft:
        with self._lock:
            return self._baseline

    def save(self, db: Database, actor: Actor, after: StoryDraft, kind: RevisionKind) -> DraftSaved | None:
        """Runs on the database worker. None when there was nothing to write or the chain has stopped."""
        from editor_app.domain.errors import ConflictError
        from editor_app.services.story_editing import save_draft
        from editor_app.services.story_write import checkpoint

        with self._lock:
            if self.stopped:
                return None
            before, version = self._baseline, self._version
        if not after.changed(before) and kind is RevisionKind.AUTOSAVE:
            return None
        try:
            try:
                saved = save_draft(db, actor, self.story_id, version, before, after, kind=kind,
                                   slug_fixed=self.slug_fixed)
            except ConflictError as conflict:
                version = self._words_unchanged_since(db, actor, before, conflict)
                saved = save_draft(db, actor, self.story_id, version, before, after, kind=kind,
                                   slug_fixed=self.slug_fixed)
            if kind is RevisionKind.SAVE and saved.result.revision is None:
                checkpoint(db, actor, self.story_id, saved.result.version, note="saved")
        except ConflictError:
            with self._lock:
                self.stopped = True
            raise
        except Exception as error:
            if self.unsaved is not None:
                from editor_app.services.rescue import keep_unsaved

                self._kept_locally = keep_unsaved(self.unsaved, actor, self.story_id, version, before, after,
                                                  self.slug_fixed, error) or self._kept_locally
            raise
        with self._lock:
            self._version = saved.result.version
            self._baseline = saved.saved
        if self._kept_locally and self.unsaved is not None:
            self.unsaved.clear(self.story_id, actor.username)
            self._kept_locally = False
        return saved

    def _words_unchanged_since(self, db: Database, actor: Actor, baseline: StoryDraft, conflict: Exception) -> int:
        """After a stale save: the story's version now when only its standing moved since `baseline` (an
        editor approved it, or sent it back, while the writer typed; no field of the draft changed), so the
        save may simply go again on top of it. Anything else, or a lock, is a real conflict: re-raised."""
        from editor_app.domain.errors import LockedError
        from editor_app.services.story_editing import open_for_editing

        if isinstance(conflict, LockedError):
            raise conflict
        now = open_for_editing(db, actor, self.story_id)
        if now.draft.changed(baseline):
            raise conflict
        return now.detail.version

    def moved(self, version: int) -> None:
        """A workflow move left the story at `version` without changing its words (runs on the worker)."""
        with self._lock:
            self._version = version

    def stop(self) -> None:
        """Write nothing more (the edit lock is gone, or the story is read-only now)."""
        with self._lock:
            self.stopped = True

    def restore(self, db: Database, actor: Actor, number: int) -> SaveResult:
        from editor_app.services.revisions import restore_revision

        with self._lock:
            version = self._version
            self.stopped = True  # the editor reopens the story after a restore
        return restore_revision(db, actor, self.story_id, number, version)


@dataclass(frozen=True)
class RevisionDiff:
    number: int
    headline: list[Span]
    deck: list[Span]
    body: list[Span]
    other: list[str]  # other fields that differ, by name


def revisions(db: Database, actor: Actor, story_id: int) -> list[RevisionInfo]:
    from editor_app.services.revisions import list_revisions

    return list(reversed(list_revisions(db, actor, story_id)))


def revision_diff(db: Database, actor: Actor, story_id: int, number: int, current: StoryDraft) -> RevisionDiff:
    """What the revision says against what the editor shows now (the revision as old, the editor as new)."""
    from editor_app.services.revisions import revision_detail

    old = revision_detail(db, actor, story_id, number)
    other = [label for label, was, now in (
        ("section", old.section, current.section), ("slug", old.slug, current.slug),
        ("dateline", old.dateline, current.dateline), ("bylines", old.bylines, current.bylines),
        ("city tags", old.cities, current.cities)) if was != now]
    return RevisionDiff(number, word_diff(old.headline, current.headline), word_diff(old.deck, current.deck),
                        word_diff(old.body, current.body), other)


def new_contributor(db: Database, actor: Actor, name: str) -> str:
    from editor_app.services.vocab import new_contributor as add

    return add(db, actor, name).name


def new_city(db: Database, actor: Actor, name: str) -> str:
    from editor_app.services.vocab import new_city as add

    return add(db, actor, name).name


def templates() -> list[StoryTemplate]:
    from editor_app.services.story_templates import story_templates

    return story_templates()


def new_story(db: Database, actor: Actor, template_key: str, headline: str, section: str) -> int:
    from editor_app.services.story_templates import new_story as create

    return create(db, actor, template_key, headline, section).id


def duplicate(db: Database, actor: Actor, story_id: int) -> int:
    from editor_app.services.story_editing import duplicate_story

    return duplicate_story(db, actor, story_id).id


def merge_cities(db: Database, actor: Actor, source: str, target: str) -> int:
    from editor_app.services.city_merge import merge_cities as merge

    return merge(db, actor, source, target)
