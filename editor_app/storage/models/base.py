"""Declarative base, UTC timestamps and the version counter every editable row carries."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Integer, MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from editor_app.domain.weeks import IsoWeek

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC (SQLite has no time zones) and always hands back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # raw SQL paths on SQLite
            value = datetime.fromisoformat(value)
        stamp: datetime = value
        return stamp.replace(tzinfo=UTC)


class IsoWeekType(TypeDecorator[IsoWeek]):
    """An ISO week stored as its text, "2026-W40" (sorts in calendar order), handed back as an IsoWeek."""

    impl = String(8)
    cache_ok = True

    def process_bind_param(self, value: IsoWeek | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, IsoWeek):
            raise TypeError(f"an ISO week column takes an IsoWeek, not {type(value).__name__} {value!r}")
        return str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> IsoWeek | None:
        if value is None:
            return None
        return IsoWeek.parse(str(value))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Versioned:
    """Optimistic locking: a save against a stale version raises StaleDataError."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy's declared_attr signature
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow
    )
