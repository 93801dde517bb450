"""Import photos into the photo desk: files, folders, pasted or dropped bytes.

Each photo is checked (format by content, pixel cap, a real decode), deduplicated by sha256, prefilled from
its metadata (caption, credit, photographer, date taken, copyright) and stored in a transaction of its own:
a bad file gets a plain sentence and the rest of the batch still imports; nothing is ever half-imported.
Credit memory: a photographer or agency the newsroom knows fills in their usual credit.
"""

from __future__ import annotations

import logging
import os
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from editor_app.domain.bylines import ContributorKind
from editor_app.domain.errors import KnownError, StorageError
from editor_app.domain.permissions import Action, allowed
from editor_app.domain.workflow import Role
from editor_app.services import audit, vocab
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.images import THUMB_SPEC, CheckedPhoto, check_photo, find_by_sha256, sha256_of, store_photo
from editor_app.services.story_changes import PhotoUpload
from editor_app.storage.engine import Database
from editor_app.storage.models import Contributor, User

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from editor_app.imaging.cache import RenditionCache

logger = logging.getLogger(__name__)

PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".webp", ".tif", ".tiff", ".gif"})
# What cameras write into ImageDescription when nobody captioned the photo.
CAMERA_BOILERPLATE = frozenset({"olympus digital camera", "sony dsc", "digital camera", "default", "image",
                                "samsung", "lg electronics", "camera", "picture", "photo"})
# Sources people write (captioning tools, agencies); an EXIF Artist is a camera setting, often stale.
PERSON_WRITTEN = ("IPTC", "XMP")

ProgressFn = Callable[[int, int, str], None]
CheckFn = Callable[[], None]


@dataclass(frozen=True)
class PhotoSource:
    """One thing to import: a file (`path`), or bytes that were pasted or dropped (`data`) under a name."""

    name: str
    path: Path | None = None
    data: bytes | None = None

    @classmethod
    def file(cls, path: Path) -> PhotoSource:
        return cls(name=path.name, path=path)

    @classmethod
    def pasted(cls, data: bytes, name: str) -> PhotoSource:
        return cls(name=name, data=data)

    @property
    def label(self) -> str:
        """How a message names it: the path for a file, the name for pasted bytes."""
        return str(self.path) if self.path is not None else self.name

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.path is not None
        from editor_app.imaging.sniff import read_photo_file

        return read_photo_file(self.path)


@dataclass(frozen=True)
class ImportOutcome:
    """What became of one source: a photo id (new or a duplicate), or the reason it was refused."""

    name: str
    image_id: int | None = None
    duplicate: bool = False
    error: str = ""
    hint: str = ""
    notes: tuple[str, ...] = ()
    location_found: bool = False
    serial_found: bool = False
    caption: str = ""
    credit: str = ""
    photographer: str = ""
    upload: PhotoUpload | None = None  # checked bytes not stored yet (see prepare_upload)

    @property
    def ok(self) -> bool:
        return self.image_id is not None or self.upload is not None

    @property
    def message(self) -> str:
        return f"{self.error} {self.hint}".strip()


@dataclass(frozen=True)
class FolderScan:
    """The files a list of paths stands for: folders are walked for photo files; the rest are listed."""

    sources: list[PhotoSource] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files in folders without a photo file name


def collect_sources(paths: Iterable[Path]) -> FolderScan:
    """Files named explicitly are tried whatever their name; folders give their photo files (by suffix,
    sub-folders included, hidden files left out), in name order."""
    scan = FolderScan()
    for path in paths:
        if not path.is_dir():
            scan.sources.append(PhotoSource.file(path))
            continue
        for root, folders, files in os.walk(path):
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                found = Path(root) / name
                if found.suffix.lower() in PHOTO_SUFFIXES:
                    scan.sources.append(PhotoSource.file(found))
                else:
                    scan.skipped.append(found)
    return scan


def import_photos(db: Database, actor: Actor, sources: Sequence[PhotoSource], *,
                  cache: RenditionCache | None = None, progress: ProgressFn | None = None,
                  check: CheckFn | None = None, source: str = "") -> list[ImportOutcome]:
    """Import each source in turn; `progress(done, total, name)` after each, `check()` before each (it
    raises to cancel: what was imported stays). A refusal is an outcome, never an exception."""
    outcomes: list[ImportOutcome] = []
    for done, item in enumerate(sources):
        if check is not None:
            check()
        outcomes.append(import_one(db, actor, item, cache=cache, source=source))
        if progress is not None:
            progress(done + 1, len(sources), item.name)
    imported = sum(1 for o in outcomes if o.ok and not o.duplicate)
    logger.info("imported %d of %d photos (%d duplicates, %d refused)", imported, len(outcomes),
                sum(1 for o in outcomes if o.duplicate), sum(1 for o in outcomes if not o.ok))
    return outcomes


def import_one(db: Database, actor: Actor, item: PhotoSource, *, cache: RenditionCache | None = None,
               source: str = "") -> ImportOutcome:
    """Import one photo; a KnownError becomes the outcome's message, and a bug too (logged with its trace),
    so that one strange file cannot stop a batch."""
    name = unicodedata.normalize("NFC", item.name)
    try:
        return _import(db, actor, item, name, cache, source)
    except KnownError as exc:
        logger.info("refused %s: %s", item.label, exc.message)
        return ImportOutcome(name, error=exc.message, hint=exc.hint)
    except Exception:
        logger.exception("importing %s failed", item.label)
        return ImportOutcome(name, error=f"The photo {name} could not be imported because of an unexpected "
                                         "error in Editorial Workstation.",
                             hint="This is a bug: the details are in the log. The other photos were imported.")


def _import(db: Database, actor: Actor, item: PhotoSource, name: str, cache: RenditionCache | None,
            source: str) -> ImportOutcome:
    with db.session() as session:
        authorize(session, actor, Action.CAPTION_PHOTOS)
    data = item.read()
    digest = sha256_of(data)
    with db.session() as session:
        existing = find_by_sha256(session, digest)
        if existing is not None:
            return _duplicate(name, existing.id)
    checked = check_photo(data, name, digest=digest)
    if cache is not None:
        try:
            cache.put(digest, THUMB_SPEC, checked.thumbnail)
        except StorageError as exc:  # the cache is a convenience: a full disk must not stop the import
            logger.warning("thumbnail of %s not cached: %s", name, exc)
    try:
        with db.session(write=True) as session:
            return _store(session, actor, checked, name, source)
    except StorageError:
        with db.session() as session:  # another desk stored the same bytes in the same instant
            existing = find_by_sha256(session, digest)
        if existing is None:
            raise
        return _duplicate(name, existing.id)


def _duplicate(name: str, image_id: int) -> ImportOutcome:
    return ImportOutcome(name, image_id=image_id, duplicate=True,
                         notes=(f"Already in the photo desk as photo {image_id}; nothing was added.",))


def _store(session: Session, actor: Actor, checked: CheckedPhoto, name: str, source: str) -> ImportOutcome:
    user = authorize(session, actor, Action.CAPTION_PHOTOS)
    meta = checked.metadata
    existing = find_by_sha256(session, checked.sha256)
    if existing is not None:
        return _duplicate(name, existing.id)
    photographer = _photographer_from_file(session, user, meta.byline, meta.sources.get("byline", ""),
                                           meta.credit)
    credit = meta.credit or (photographer.default_credit if photographer is not None else "")
    stored = store_photo(session, checked, name, caption=prefill_caption(meta.caption), credit=credit,
                         photographer_id=photographer.id if photographer is not None else None, source=source)
    image = stored.image
    audit.record(session, user, "photo.import", image_id=image.id, filename=image.filename,
                 location_found=bool(image.location_found), serial_found=bool(image.serial_found))
    return ImportOutcome(name, image_id=image.id, notes=checked.notes,
                         location_found=bool(image.location_found), serial_found=bool(image.serial_found),
                         caption=image.caption, credit=image.credit,
                         photographer=photographer.name if photographer is not None else "")


def prefill_caption(text: str) -> str:
    """The file's caption, unless it is only what a camera writes when nobody captioned the photo."""
    text = " ".join(text.split())
    return "" if text.lower() in CAMERA_BOILERPLATE else text


def _photographer_from_file(session: Session, user: User, byline: str, where: str,
                            credit: str) -> Contributor | None:
    """The contributor the file names: one the newsroom knows; or, when a person wrote the name (IPTC, XMP)
    and the importer may add contributors, a new freelance whose usual credit is the file's."""
    name = " ".join(byline.split())
    if not name or ";" in name:  # several creators: the desk chooses
        return None
    known = vocab.find_contributor(session, name)
    if known is not None:
        return known
    if not where.startswith(PERSON_WRITTEN) or not allowed(Role(user.role), Action.ADD_TO_VOCABULARIES):
        return None
    person = vocab.add_contributor(session, name[:120], ContributorKind.FREELANCE, default_credit=credit[:200])
    audit.record(session, user, "contributor.add", name=person.name, via="photo import")
    return person


def prepare_upload(item: PhotoSource) -> ImportOutcome:
    """Check a photo and prefill its words without storing it: for a story editor whose user may not add to
    the photo desk (a writer). The upload is stored when the story is saved with it (save_story)."""
    name = unicodedata.normalize("NFC", item.name)
    try:
        checked = check_photo(item.read(), name)
    except KnownError as exc:
        return ImportOutcome(name, error=exc.message, hint=exc.hint)
    meta = checked.metadata
    upload = PhotoUpload(checked.data, name, caption=prefill_caption(meta.caption), credit=meta.credit[:200])
    return ImportOutcome(name, notes=checked.notes, location_found=meta.has_location, serial_found=meta.has_serial,
                         caption=upload.caption, credit=upload.credit, upload=upload)


def prepare_uploads(sources: Sequence[PhotoSource], *, progress: ProgressFn | None = None,
                    check: CheckFn | None = None) -> list[ImportOutcome]:
    outcomes = []
    for done, item in enumerate(sources, start=1):
        if check is not None:
            check()
        outcomes.append(prepare_upload(item))
        if progress is not None:
            progress(done, len(sources), item.name)
    return outcomes
