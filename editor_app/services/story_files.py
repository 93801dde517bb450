"""Import and export story files (Markdown + YAML front matter, photos beside it); see STORY-FORMAT.md."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path, PurePosixPath, PureWindowsPath

from sqlalchemy import select

from editor_app.domain.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from editor_app.domain.stories import StoryDetail
from editor_app.domain.story_file import PhotoEntry, StoryFile, dump_story_file, parse_story_file
from editor_app.domain.story_state import RevisionKind
from editor_app.services.actor import Actor
from editor_app.services.atomic_files import write_atomically
from editor_app.services.images import check_photo, image_bytes
from editor_app.services.revisions import revision_detail
from editor_app.services.story_changes import KEEP, PhotoPlacement, PhotoUpload, StoryChanges
from editor_app.services.story_read import get_story
from editor_app.services.story_write import SaveResult, save_story
from editor_app.storage.engine import Database
from editor_app.storage.models import Image

logger = logging.getLogger(__name__)

_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
               "image/tiff": ".tif"}


# --- import --------------------------------------------------------------------------------------------


def read_story_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 without touching its line endings."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"The story file {path} does not exist.",
                            hint="Check the path and the file name.") from None
    except IsADirectoryError:
        raise ValidationError(f"The story file {path} is a folder, not a file.",
                              hint="Give the path of the .md file inside it.") from None
    except OSError as exc:
        raise ValidationError(f"The story file {path} cannot be read ({exc.strerror or exc}).",
                              hint="Check that it exists and that you may read it.") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ValidationError(f"The story file {path} is not UTF-8 text (line {line}).",
                              hint="Save it as UTF-8 in your editor and import it again.") from None


def read_photo(story_path: Path, photo: PhotoEntry) -> PhotoPlacement:
    """Read and check one photo listed in the story file; errors name the photo's file."""
    where = story_path.parent / photo.file
    label = f"{photo.file} (listed in {story_path})"
    try:
        data = where.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"The photo {label} does not exist at {where}.",
                            hint="Put the photo next to the story file or correct its 'file:' path.") from None
    except OSError as exc:
        raise ValidationError(f"The photo {label} cannot be read ({exc.strerror or exc}).",
                              hint="Check that it is a file you may read.") from None
    check_photo(data, label)  # format by content, the pixel cap, a real decode: refused with the file's name
    upload = PhotoUpload(data=data, filename=PurePosixPath(photo.file.replace("\\", "/")).name or photo.file,
                         caption=photo.caption, credit=photo.credit, alt=photo.alt, photographer=photo.photographer)
    return PhotoPlacement(upload=upload, role=photo.role, ref=photo.file)


def story_changes(story: StoryFile, photos: tuple[PhotoPlacement, ...]) -> StoryChanges:
    """Every field of the file, as the changes that make a story say exactly that."""
    return StoryChanges(
        headline=story.headline, section=story.section, body=story.body, deck=story.deck, slug=story.slug,
        bylines=story.bylines, dateline=story.dateline, cities=story.cities, status=story.status,
        scheduled=story.scheduled, photos=photos,
    )


def import_story_file(db: Database, actor: Actor, path: Path, *, create_missing: bool = False,
                      update: int | None = None) -> SaveResult:
    """Add the story in `path` (and its photos) in one transaction; with `update`, change that story instead,
    only if the file's `version:` is still the story's (otherwise its text is kept as a conflict revision)."""
    story = parse_story_file(read_story_text(path), str(path))
    if update is not None and story.version is None:
        raise ValidationError(f"The story file {path} has no 'version:' line, so it cannot update story {update}.",
                              hint=f"Export the story first (`editor-app export {update} -o …`), edit that file, "
                                   "and import it with --update.")
    photos = tuple(read_photo(path, photo) for photo in story.photos)
    changes = story_changes(story, photos)
    if update is not None:
        changes = replace(changes, status=KEEP)  # the workflow moves a story, not a file
    try:
        result = save_story(db, actor, update, story.version if update is not None else None, changes,
                            kind=RevisionKind.IMPORT, note=f"imported from {path.name}"[:300],
                            create_missing=create_missing)
    except ConflictError as exc:
        now = f"is now at version {exc.current_version}" if exc.current_version else "has changed since"
        raise ConflictError(f"{path} was exported from story {update} at version {story.version}, but the story "
                            f"{now}, so the file was not applied.", hint=exc.hint,
                            current_version=exc.current_version, kept_revision=exc.kept_revision) from exc
    except (NotFoundError, ValidationError, PermissionDeniedError) as exc:
        raise type(exc)(f"{exc.message.rstrip('.')} (importing {path}).", hint=exc.hint) from exc
    logger.info("imported %s as story %s (%s), version %s", path, result.id, result.slug, result.version)
    return result


# --- export --------------------------------------------------------------------------------------------


def story_file_of(detail: StoryDetail, refs: list[str]) -> StoryFile:
    photos = tuple(
        PhotoEntry(file=ref, role=p.role, caption=p.caption, credit=p.credit, alt=p.alt, photographer=p.photographer)
        for p, ref in zip(detail.photos, refs, strict=True)
    )
    return StoryFile(
        headline=detail.headline, section=detail.section, body=detail.body, deck=detail.deck, slug=detail.slug,
        bylines=detail.bylines, dateline=detail.dateline, cities=detail.cities, status=detail.status,
        scheduled=detail.scheduled, photos=photos, id=detail.id, version=detail.version,
    )


def _photo_refs(detail: StoryDetail, mimes: dict[int, str]) -> list[str]:
    """The path each photo gets in the file: the one it was imported under, made unique where needed."""
    refs: list[str] = []
    owner: dict[str, str] = {}  # ref -> sha256 of the photo written there
    for photo in detail.photos:
        ref = photo.ref or f"photos/{photo.sha256[:12]}{_EXTENSIONS.get(mimes[photo.image_id], '')}"
        if owner.get(ref, photo.sha256) != photo.sha256:
            stem, dot, ext = ref.rpartition(".")
            n = 2
            while (candidate := f"{stem}-{n}.{ext}" if dot else f"{ref}-{n}") in owner:
                n += 1
            ref = candidate
        owner[ref] = photo.sha256
        refs.append(ref)
    return refs


def photo_target(folder: Path, ref: str, story_id: int) -> Path:
    """Where the photo `ref` goes below `folder`; a path that would leave the folder is refused."""
    posix, windows = PurePosixPath(ref.replace("\\", "/")), PureWindowsPath(ref)
    escapes = posix.is_absolute() or bool(windows.drive) or ".." in posix.parts
    target = folder.joinpath(*posix.parts) if not escapes else folder
    if not escapes:
        try:
            target.resolve().relative_to(folder.resolve())
        except ValueError:
            escapes = True
    if escapes or not posix.parts:
        raise ValidationError(
            f"The photo path '{ref}' of story {story_id} would be written outside {folder}.",
            hint="Export the story without -o, or give the photo a path inside the story's folder.")
    return target


def export_story_file(db: Database, actor: Actor, story_id: int, output: Path | None,
                      revision: int | None = None) -> str:
    """The story file text of `story_id` (or of one of its revisions); with `output`, also write it and its
    photos next to it. The file says the story's id and current version, for `import --update`."""
    detail = get_story(db, actor, story_id) if revision is None else revision_detail(db, actor, story_id, revision)
    with db.session() as session:
        mimes = dict(session.execute(
            select(Image.id, Image.mime).where(Image.id.in_([p.image_id for p in detail.photos]))).all())
    refs = _photo_refs(detail, mimes)
    text = dump_story_file(story_file_of(detail, refs))
    if output is None:
        return text  # text only: the photos' bytes are not even read
    folder = output.parent
    targets = [photo_target(folder, ref, story_id) for ref in refs]  # check every path before writing any
    written: set[Path] = set()
    with db.session() as session:
        for photo, target in zip(detail.photos, targets, strict=True):
            if target not in written:
                write_atomically(target, image_bytes(session, photo.image_id)[0])
                written.add(target)
    write_atomically(output, text.encode("utf-8"))
    logger.info("exported story %s to %s with %d photos", story_id, output, len(written))
    return text
