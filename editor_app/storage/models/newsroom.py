"""The newsroom's vocabularies and people: sections, cities, contributors, staff users."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editor_app.storage.models.base import Base, Timestamps, UTCDateTime, Versioned, utcnow


class Section(Versioned, Base):
    __tablename__ = "section"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class City(Versioned, Base):
    """A place tag ("Discover more cities: Azerbaijan Israel"): cities, regions and countries alike."""

    __tablename__ = "city"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    folded: Mapped[str] = mapped_column(String(120), index=True)
    country: Mapped[str] = mapped_column(String(80), default="")

    aliases: Mapped[list[CityAlias]] = relationship(
        back_populates="city", cascade="all, delete-orphan", order_by="CityAlias.id"
    )


class CityAlias(Base):
    """Another spelling of a city: "Bakı" for Baku, "Gyumri" for Gümri, an Armenian or Russian name."""

    __tablename__ = "city_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(120))
    folded: Mapped[str] = mapped_column(String(120), unique=True)

    city: Mapped[City] = relationship(back_populates="aliases")


class User(Versioned, Base):
    """A staff account. The password hash is only used in newsroom (PostgreSQL) mode."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(300), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Sign-in rate limit, kept in the database so that every desk sees it (services.auth).
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    sign_in_blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Contributor(Versioned, Timestamps, Base):
    """Anyone credited: staff, freelancers, agencies and wires (default credit "AP photo")."""

    __tablename__ = "contributor"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    folded: Mapped[str] = mapped_column(String(120), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="staff")
    default_credit: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
