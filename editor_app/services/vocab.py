"""The newsroom's vocabularies: find sections, cities (aliases, diacritics) and contributors by name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from editor_app.domain.bylines import ContributorKind
from editor_app.domain.errors import NotFoundError, ValidationError
from editor_app.domain.text import fold, slugify
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


def section_names(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Section.name).order_by(Section.position, Section.name)))


def list_cities(db: Database) -> list[CityInfo]:
    with db.session() as session:
        return [
            CityInfo(c.id, c.name, c.country, tuple(a.alias for a in c.aliases))
            for c in session.scalars(select(City).order_by(City.name))
        ]
