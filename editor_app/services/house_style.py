"""House-style checks on stories in the newsroom: the saved story, or what an editor has on screen.

The rules are domain.house_style (pure); this module gathers what they need (the city vocabulary, the photo
desk's words, whether the slug is taken, the writer's own byline) and turns a one-click `Fix` into the
StoryChanges that save it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from editor_app.domain.errors import ValidationError
from editor_app.domain.house_style import CheckContext, Finding, Fix, PhotoText, check_story
from editor_app.domain.permissions import Action
from editor_app.domain.story_state import StoryState
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.story_changes import PhotoPlacement, StoryChanges
from editor_app.services.story_records import read_story
from editor_app.services.story_write import SaveResult, save_story, unique_slug
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, City, CityAlias, Contributor, Image


def city_names(session: Session) -> dict[str, str]:
    """Folded name or alias -> the vocabulary's name, for every city (two queries)."""
    names = {folded: name for folded, name in session.execute(select(City.folded, City.name))}
    for folded, name in session.execute(select(CityAlias.folded, City.name).join(City, City.id == CityAlias.city_id)):
        names.setdefault(folded, name)
    return names


def check_context(session: Session, state: StoryState, story_id: int | None, *,
                  cities: dict[str, str] | None = None) -> CheckContext:
    """What the checks need for `state` (story `story_id`, or None for a story not saved yet)."""
    image_ids = [p.image_id for p in state.photos]
    texts = {}
    if image_ids:
        texts = {row.id: PhotoText(row.caption, row.credit, row.alt_text) for row in session.execute(
            select(Image.id, Image.caption, Image.credit, Image.alt_text).where(Image.id.in_(image_ids)))}
    slug_taken, free = False, ""
    if state.slug:
        query = select(Article.id).where(Article.slug == state.slug)
        if story_id is not None:
            query = query.where(Article.id != story_id)
        slug_taken = session.scalar(query.limit(1)) is not None
        free = unique_slug(session, state.slug, story_id) if slug_taken else ""
    own = ""
    if story_id is not None:
        writer = session.scalar(select(Article.created_by_id).where(Article.id == story_id))
        if writer is not None:
            own = session.scalar(select(Contributor.name).where(Contributor.user_id == writer).limit(1)) or ""
    return CheckContext(city_names=cities if cities is not None else city_names(session), photo_texts=texts,
                        slug_taken=slug_taken, free_slug=free, own_byline=own)


def findings_in(session: Session, story_id: int) -> list[Finding]:
    """The findings for a saved story, inside a transaction the caller holds (approval uses it)."""
    state = read_story(session, story_id)[1]
    return check_story(state, check_context(session, state, story_id))


def check(db: Database, actor: Actor, story_id: int) -> list[Finding]:
    """The house-style findings for the saved story (what `editor-app check ID` prints)."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return findings_in(session, story_id)


def check_state(db: Database, actor: Actor, story_id: int | None, state: StoryState, *,
                cities: dict[str, str] | None = None) -> list[Finding]:
    """The findings for a story as it stands in an editor (not saved yet). Pass `cities` (from
    `vocabulary_for_checks`) to skip reading the vocabulary on every keystroke."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return check_story(state, check_context(session, state, story_id, cities=cities))


def vocabulary_for_checks(db: Database, actor: Actor) -> dict[str, str]:
    """The city vocabulary as the checks use it (cache it in the editor; refresh on a vocabulary change)."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return city_names(session)


def fix_changes(state: StoryState, fix: Fix) -> StoryChanges:
    """The StoryChanges that make `fix` on a story that is in `state`."""
    fields: dict[str, object] = {}
    if fix.slug is not None:
        fields["slug"] = fix.slug
    if fix.bylines is not None:
        fields["bylines"] = fix.bylines
    if fix.cities is not None:
        fields["cities"] = fix.cities
    if fix.photos:
        fixed = fix.apply(state).photos
        fields["photos"] = tuple(PhotoPlacement(image_id=p.image_id, role=p.role, ref=p.ref, caption=p.caption,
                                                credit=p.credit, alt=p.alt) for p in fixed)
    return StoryChanges(**fields)  # type: ignore[arg-type]


def apply_fix(db: Database, actor: Actor, story_id: int, expected_version: int, code: str) -> SaveResult:
    """Make the one-click fix of the saved story's finding `code` (for scripts; the editor applies
    `Finding.fix` to what it has on screen). Saved through save_story, so the version is checked."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        state = read_story(session, story_id)[1]
        found = [f for f in findings_in(session, story_id) if f.code == code and f.fix is not None]
    if not found:
        raise ValidationError(f"Story {story_id} has no finding “{code}” with a fix.",
                              hint=f"`editor-app check {story_id}` lists the findings.")
    fix = found[0].fix
    assert fix is not None
    return save_story(db, actor, story_id, expected_version, fix_changes(state, fix), note=fix.label)

