"""The photo desk's words on a photo: caption, credit, alt text, photographer, source; the focal point.

Credit memory: choosing a photographer or agency without saying a credit fills in their usual credit
(`Contributor.default_credit`); a credit given with a photographer who has none yet becomes their usual one.
Edits need CAPTION_PHOTOS. A photo edited from a stale copy (`expected_version`) is refused, never
overwritten; a batch edit is one transaction (all the photos change, or none).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from editor_app.domain.bylines import ContributorKind
from editor_app.domain.errors import ConflictError, NotFoundError, ValidationError
from editor_app.domain.permissions import Action, allowed
from editor_app.domain.photos import KEEP, Keep, PhotoEdit
from editor_app.domain.workflow import Role
from editor_app.services import audit, vocab
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.photo_library import PhotoRow, read_row
from editor_app.storage.engine import Database
from editor_app.storage.models import Contributor, Image, User

logger = logging.getLogger(__name__)

__all__ = ["KEEP", "Keep", "PhotoEdit", "batch_update", "set_focal_point", "update_photo", "usual_credit"]

LIMITS = {"credit": 200, "source": 200, "caption": 2000, "alt text": 1000}


def update_photo(db: Database, actor: Actor, image_id: int, edit: PhotoEdit, *,
                 expected_version: int | None = None) -> PhotoRow:
    """Apply `edit` to one photo; refused with ConflictError when it changed since `expected_version`."""
    try:
        with db.session(write=True) as session:
            user = authorize(session, actor, Action.CAPTION_PHOTOS)
            image = _load(session, image_id)
            if expected_version is not None and image.version != expected_version:
                raise _stale(image)
            changed = _apply(session, user, image, edit)
            if changed:
                session.flush()
                audit.record(session, user, "photo.edit", image_id=image.id, fields=changed)
            return read_row(session, image_id)
    except StaleDataError:
        raise ConflictError(f"Photo {image_id} was changed by someone else at the same moment.",
                            hint="Reload it and make your change again.") from None


def batch_update(db: Database, actor: Actor, image_ids: Sequence[int], *, credit: str | Keep = KEEP,
                 photographer: str | Keep = KEEP, source: str | Keep = KEEP) -> list[PhotoRow]:
    """Give many photos the same credit, photographer and/or source, in one transaction."""
    edit = PhotoEdit(credit=credit, photographer=photographer, source=source)
    ids = list(dict.fromkeys(image_ids))
    if not ids or edit.empty:
        return []
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.CAPTION_PHOTOS)
        images = {image.id: image for image in session.scalars(select(Image).where(Image.id.in_(ids)))}
        missing = [i for i in ids if i not in images]
        if missing:
            raise NotFoundError(f"Photo {missing[0]} does not exist any more, so none of the {len(ids)} photos "
                                "was changed.", hint="Reload the photo desk and select them again.")
        changed_ids = [image_id for image_id in ids if _apply(session, user, images[image_id], edit)]
        session.flush()
        if changed_ids:
            audit.record(session, user, "photo.batch_edit", image_ids=changed_ids,
                         fields=[name for name in ("credit", "photographer", "source")
                                 if getattr(edit, name) is not KEEP])
        return [read_row(session, image_id) for image_id in ids]


def set_focal_point(db: Database, actor: Actor, image_id: int, x: float, y: float) -> PhotoRow:
    """Where crops of the photo centre (a click on the photo): x, y each 0..1 of the upright picture."""
    return update_photo(db, actor, image_id, PhotoEdit(focal=(x, y)))


def usual_credit(db: Database, actor: Actor, name: str) -> str:
    """The credit a photographer or agency usually gets ("" when unknown or none)."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        person = vocab.find_contributor(session, name.strip()) if name.strip() else None
        return person.default_credit if person is not None else ""


def _load(session: Session, image_id: int) -> Image:
    image = session.get(Image, image_id, populate_existing=True)
    if image is None:
        raise NotFoundError(f"There is no photo with id {image_id}.",
                            hint="It may have been removed; reload the photo desk.")
    return image


def _stale(image: Image) -> ConflictError:
    return ConflictError(f"Photo {image.id} ({image.filename}) was changed by someone else while you edited it "
                         f"(it is now at version {image.version}).",
                         hint="Nothing was overwritten: reload it, then make your change again.")


def _text(label: str, value: str) -> str:
    value = value.replace("\x00", "").strip()
    limit = LIMITS[label]
    if len(value) > limit:
        raise ValidationError(f"The {label} is {len(value):,} characters long; the limit is {limit:,}.",
                              hint=f"Shorten the {label}; nothing was saved yet.")
    return value


def _apply(session: Session, user: User, image: Image, edit: PhotoEdit) -> list[str]:
    """Set the edit's fields on `image`; the names of those that changed."""
    wanted: dict[str, object] = {}
    if not isinstance(edit.caption, Keep):
        wanted["caption"] = _text("caption", edit.caption)
    if not isinstance(edit.alt, Keep):
        wanted["alt_text"] = _text("alt text", edit.alt)
    if not isinstance(edit.source, Keep):
        wanted["source"] = _text("source", edit.source)
    credit = None if isinstance(edit.credit, Keep) else _text("credit", edit.credit)
    if not isinstance(edit.photographer, Keep):
        person = _contributor(session, user, edit.photographer)
        wanted["photographer_id"] = person.id if person is not None else None
        if person is not None and person.id != image.photographer_id and credit is None and person.default_credit:
            credit = person.default_credit  # credit memory: their usual credit
        if person is not None and credit and not person.default_credit:
            person.default_credit = credit  # remembered for next time
    if credit is not None:
        wanted["credit"] = credit
    if not isinstance(edit.focal, Keep):
        from editor_app.imaging.renditions import check_focal

        wanted["focal_x"], wanted["focal_y"] = check_focal(edit.focal)
    changed = [name for name, value in wanted.items() if getattr(image, name) != value]
    for name in changed:
        setattr(image, name, wanted[name])
    return list(dict.fromkeys("focal" if name.startswith("focal") else name for name in changed))


def _contributor(session: Session, user: User, name: str) -> Contributor | None:
    """The contributor called `name` (aliases of case and diacritics included); a new freelance when the
    user may add contributors; None for an empty name."""
    name = " ".join(name.split())
    if not name:
        return None
    person = vocab.find_contributor(session, name)
    if person is not None:
        return person
    if not allowed(Role(user.role), Action.ADD_TO_VOCABULARIES):
        raise NotFoundError(f"'{name}' is not among the newsroom's contributors, and {user.display_name} may "
                            "not add one.", hint="Choose a photographer from the list, or ask an editor to add them.")
    if len(name) > 120:
        raise ValidationError(f"The photographer's name is {len(name)} characters long; the limit is 120.",
                              hint="Shorten it; nothing was saved yet.")
    person = vocab.add_contributor(session, name, ContributorKind.FREELANCE)
    audit.record(session, user, "contributor.add", name=person.name, via="photo desk")
    return person
