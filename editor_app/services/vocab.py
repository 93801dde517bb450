"""The newsroom's vocabularies: sections, cities (aliases, diacritics) and contributors.

Functions that take a session (`find_city`, `add_city`, …) work inside a transaction a service already holds
and checks. Functions that take the database and an actor are the service API: they check the permission
table themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from editor_app.domain.bylines import ContributorKind
from editor_app.domain.errors import NotFoundError, ValidationError
from editor_app.domain.permissions import Action
from editor_app.domain.text import fold, slugify
from editor_app.services import audit
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.storage.engine import Database
from editor_app.storage.models import City, CityAlias, Contributor, Section


@dataclass(frozen=True)
class CityInfo:
    id: int
    name: str
    country: str
    aliases: tuple[str, ...]


def find_section(session: Session, name: str) -> Section:
    wanted = fold(name)
    for section in session.scalars(select(Section)):
        if fold(section.name) == wanted or section.slug == slugify(name):
            return section
    known = ", ".join(session.scalars(select(Section.name).order_by(Section.position)))
    raise NotFoundError(f"There is no section called '{name}'.", hint=f"Known sections: {known}.")


def find_city(session: Session, name: str) -> City | None:
    """A city by its name or any alias, ignoring case and diacritics ("bakı", "Baku", "BAKU")."""
    key = fold(name)
    aliases = select(CityAlias.city_id).where(CityAlias.folded == key)
    return session.scalars(select(City).where(or_(City.folded == key, City.id.in_(aliases)))).first()


def add_city(session: Session, name: str, country: str = "", aliases: list[str] | None = None) -> City:
    if find_city(session, name) is not None:
        raise ValidationError(f"The city '{name}' is already in the vocabulary.")
    city = City(name=name, slug=slugify(name), folded=fold(name), country=country)
    for alias in aliases or []:
        if fold(alias) != city.folded:
            city.aliases.append(CityAlias(alias=alias, folded=fold(alias)))
    session.add(city)
    session.flush()
    return city


def find_contributor(session: Session, name: str) -> Contributor | None:
    return session.scalar(
        select(Contributor).where(or_(Contributor.folded == fold(name), Contributor.name == name))
    )


def add_contributor(session: Session, name: str, kind: ContributorKind = ContributorKind.FREELANCE,
                    default_credit: str = "", user_id: int | None = None) -> Contributor:
    contributor = Contributor(name=name.strip(), folded=fold(name), kind=kind.value,
                              default_credit=default_credit, user_id=user_id)
    session.add(contributor)
    session.flush()
    return contributor


def add_section(session: Session, name: str, position: int | None = None) -> Section:
    if position is None:
        position = len(session.scalars(select(Section.id)).all())
    section = Section(name=name, slug=slugify(name), position=position)
    session.add(section)
    session.flush()
    return section


def section_names(db: Database, actor: Actor) -> list[str]:
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return list(session.scalars(select(Section.name).order_by(Section.position, Section.name)))


def list_cities(db: Database, actor: Actor) -> list[CityInfo]:
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return [
            CityInfo(c.id, c.name, c.country, tuple(a.alias for a in c.aliases))
            for c in session.scalars(select(City).order_by(City.name))
        ]


@dataclass(frozen=True)
class ContributorInfo:
    id: int
    name: str
    kind: ContributorKind
    default_credit: str


def list_contributors(db: Database, actor: Actor) -> list[ContributorInfo]:
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return [ContributorInfo(c.id, c.name, ContributorKind(c.kind), c.default_credit)
                for c in session.scalars(select(Contributor).order_by(Contributor.name))]


def new_city(db: Database, actor: Actor, name: str, country: str = "", aliases: list[str] | None = None) -> CityInfo:
    """Add a city to the vocabulary (anybody who writes may; a new city is confirmed in the editor first)."""
    name = name.strip()
    if not name:
        raise ValidationError("A city needs a name.")
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.ADD_TO_VOCABULARIES)
        for alias in aliases or []:
            other = find_city(session, alias)
            if other is not None:
                raise ValidationError(f"The spelling '{alias}' already names the city {other.name}.",
                                      hint="Leave that alias out, or merge the two cities.")
        city = add_city(session, name, country, aliases)
        audit.record(session, user, "city.add", name=city.name)
        return CityInfo(city.id, city.name, city.country, tuple(a.alias for a in city.aliases))


def new_contributor(db: Database, actor: Actor, name: str, kind: ContributorKind = ContributorKind.FREELANCE,
                    default_credit: str = "") -> ContributorInfo:
    name = name.strip()
    if not name:
        raise ValidationError("A contributor needs a name.")
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.ADD_TO_VOCABULARIES)
        if find_contributor(session, name) is not None:
            raise ValidationError(f"The contributor '{name}' is already in the registry.")
        person = add_contributor(session, name, kind, default_credit)
        audit.record(session, user, "contributor.add", name=person.name)
        return ContributorInfo(person.id, person.name, kind, default_credit)


def new_section(db: Database, actor: Actor, name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError("A section needs a name.")
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.MANAGE_VOCABULARIES)
        if any(fold(existing) == fold(name) for existing in session.scalars(select(Section.name))):
            raise ValidationError(f"The section '{name}' already exists.")
        section = add_section(session, name)
        audit.record(session, user, "section.add", name=section.name)
        return section.name
