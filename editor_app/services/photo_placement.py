"""Put a photo into a story: as its lead photo, or inline as a figure at the cursor.

`with_photo` is the pure step (the story editor calls it on its unsaved text and photo list, then saves as
it always does); `place_photo` does the same to a stored story through `save_story`, so versions, conflicts
and revisions behave like any other change. An inline photo becomes `![alt](ref "caption")` in the body,
a paragraph of its own, and a placement whose `ref` the figure names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import quote

from editor_app.domain.errors import ValidationError
from editor_app.domain.permissions import Action
from editor_app.domain.photo_markdown import figure_markdown, insert_block
from editor_app.domain.stories import PhotoUse
from editor_app.domain.story_state import PhotoState, RevisionKind
from editor_app.services import vocab
from editor_app.services.access import authorize, check_edit, current_user
from editor_app.services.actor import Actor
from editor_app.services.images import store_image
from editor_app.services.story_changes import PhotoPlacement, PhotoUpload, StoryChanges
from editor_app.services.story_records import read_story
from editor_app.services.story_write import SaveResult, save_story
from editor_app.storage.engine import Database
from editor_app.storage.models import Image

ROLES = ("lead", "inline")
_UNSAFE_NAME = re.compile(r"[\\/\x00-\x1f]")


@dataclass(frozen=True)
class Placed:
    """The story's photos and body with the photo placed; `cursor` is just after an inline figure."""

    photos: tuple[PhotoPlacement, ...]
    body: str
    cursor: int
    ref: str


def placements_of(photos: Sequence[PhotoState]) -> tuple[PhotoPlacement, ...]:
    """A story's photos as placements that change nothing (each keeps its own words: None stays None)."""
    return tuple(PhotoPlacement(image_id=p.image_id, role=p.role, ref=p.ref, caption=p.caption, credit=p.credit,
                                alt=p.alt) for p in photos)


def photo_ref(filename: str, taken: set[str]) -> str:
    """'photos/<file name>' not used yet in the story ('photos/name-2.jpg' when it is)."""
    name = _UNSAFE_NAME.sub("-", PurePosixPath(filename.replace("\\", "/")).name).strip() or "photo.jpg"
    ref = f"photos/{name}"
    stem, dot, ext = ref.rpartition(".")
    n = 2
    while ref in taken:
        ref = f"{stem}-{n}.{ext}" if dot else f"photos/{name}-{n}"
        n += 1
    return ref


def referenced_in(body: str, ref: str) -> bool:
    """True when the body places the photo `ref` (as written, or with its spaces escaped)."""
    return any(f"]({form}" in body for form in {ref, quote(ref, safe="/"), figure_target(ref)})


def figure_target(ref: str) -> str:
    return figure_markdown(ref).split("(", 1)[1].rstrip(")")


def with_photo(photos: Sequence[PhotoPlacement], body: str, new: PhotoPlacement, *, filename: str,
               cursor: int | None = None, alt: str = "", caption: str = "") -> Placed:
    """Add `new` (its `role` says lead or inline) to `photos` and, inline, its figure to `body` at `cursor`.

    A new lead replaces the old one (which stays as an inline photo when the body places it); a photo
    already in the story keeps its ref. `filename`, `alt` and `caption` are what the figure is written with.
    """
    if new.role not in ROLES:
        raise ValidationError(f"A photo is placed as 'lead' or 'inline', not '{new.role}'.")
    same = next((p for p in photos if new.image_id is not None and p.image_id == new.image_id), None)
    ref = new.ref or (same.ref if same is not None and same.ref else photo_ref(filename, {p.ref for p in photos}))
    placed = replace(new, ref=ref)
    if new.role == "lead":
        kept = []
        for photo in photos:
            if photo.role == "lead":
                if referenced_in(body, photo.ref) and photo.image_id != new.image_id:
                    kept.append(replace(photo, role="inline"))
            elif not (photo.image_id == new.image_id and new.image_id is not None and not referenced_in(body, ref)):
                kept.append(photo)
        end = len(body) if cursor is None else cursor
        return Placed((placed, *kept), body, end, ref)
    new_photos = tuple(photos) if same is not None and same.role == "inline" else (*photos, placed)
    new_body, after = insert_block(body, cursor, figure_markdown(ref, alt, caption))
    return Placed(new_photos, new_body, after, ref)


@dataclass(frozen=True)
class PlacementResult:
    save: SaveResult
    body: str
    cursor: int
    ref: str


def place_photo(db: Database, actor: Actor, story_id: int, expected_version: int, *, image_id: int | None = None,
                upload: PhotoUpload | None = None, role: str = "inline", cursor: int | None = None,
                caption: str | None = None, credit: str | None = None, alt: str | None = None) -> PlacementResult:
    """Place a stored photo (`image_id`) or new bytes (`upload`) in a stored story, through save_story.
    `caption`/`credit`/`alt` are this story's own words (None: the photo's)."""
    if (image_id is None) == (upload is None):
        raise ValidationError("Place either a stored photo or a new one, not both or neither.")
    with db.session() as session:
        authorize(session, actor, Action.READ)
        state = read_story(session, story_id)[1]
        if image_id is not None:
            image = session.get(Image, image_id)
            if image is None:
                raise ValidationError(f"Photo {image_id} does not exist any more.", hint="Reload the photo desk.")
            filename, photo_alt, photo_caption = image.filename, image.alt_text, image.caption
        else:
            assert upload is not None
            filename, photo_alt, photo_caption = upload.filename, upload.alt, upload.caption
    new = PhotoPlacement(image_id=image_id, upload=upload, role=role, caption=caption, credit=credit, alt=alt)
    placed = with_photo(placements_of(state.photos), state.body, new, filename=filename, cursor=cursor,
                        alt=alt if alt is not None else photo_alt,
                        caption=caption if caption is not None else photo_caption)
    changes = StoryChanges(photos=placed.photos, body=placed.body)
    result = save_story(db, actor, story_id, expected_version, changes, kind=RevisionKind.SAVE,
                        note=f"{role} photo {filename}"[:300])
    return PlacementResult(result, placed.body, placed.cursor, placed.ref)


@dataclass(frozen=True)
class Attached:
    """A photo stored for a story being edited: how the story will hold it, and what the reader sees."""

    state: PhotoState
    use: PhotoUse


def attach_photo(db: Database, actor: Actor, story_id: int, upload: PhotoUpload, taken_refs: set[str]) -> Attached:
    """Store new photo bytes (checked already, see photos.prepare_upload) for a story the acting user may edit,
    without changing the story: the editor then places it in its unsaved text and autosave saves both. The
    same bytes stored before are that photo again (content-addressed)."""
    with db.session(write=True) as session:
        user = current_user(session, actor)
        head, _state = read_story(session, story_id)
        check_edit(user, head)
        photographer = vocab.find_contributor(session, upload.photographer) if upload.photographer else None
        image = store_image(session, upload.data, upload.filename, caption=upload.caption, credit=upload.credit,
                            alt_text=upload.alt, photographer_id=photographer.id if photographer else None)
        use = PhotoUse(image_id=image.id, sha256=image.sha256, role="inline", caption=image.caption,
                       credit=image.credit, alt=image.alt_text,
                       photographer=image.photographer.name if image.photographer else "", filename=image.filename,
                       width=image.width, height=image.height, ref=photo_ref(upload.filename, taken_refs))
    return Attached(PhotoState(image.id, image.sha256, "inline", use.ref), use)
