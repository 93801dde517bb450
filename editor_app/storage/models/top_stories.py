"""The editors' ordered pick of the week ("TOP STORIES WEEK 40"), and every order that was published."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.ext.mutable import MutableList
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editor_app.domain.weeks import IsoWeek
from editor_app.storage.models.base import Base, IsoWeekType, Timestamps, UTCDateTime, Versioned, utcnow


class TopStoryWeek(Versioned, Timestamps, Base):
    """One ISO week's list of picks. Its version moves on with every change to the picks or their order."""

    __tablename__ = "top_story_week"
    __table_args__ = (UniqueConstraint("week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[IsoWeek] = mapped_column(IsoWeekType)
    updated_by_name: Mapped[str] = mapped_column(String(120), default="", server_default="")

    entries: Mapped[list[TopStoryEntry]] = relationship(
        back_populates="week_row", cascade="all, delete-orphan", order_by="TopStoryEntry.position"
    )


class TopStoryEntry(Base):
    __tablename__ = "top_story_entry"
    __table_args__ = (UniqueConstraint("week_id", "article_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("top_story_week.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)

    week_row: Mapped[TopStoryWeek] = relationship(back_populates="entries")


class TopStoryPublication(Base):
    """One order of a week's picks as it went out: who sent it, when, where (target and address), and the picks
    themselves (id, headline and link at the time), so the history reads right after stories change.
    `target_id` is NULL for orders published before the history was kept (migration 0011)."""

    __tablename__ = "top_story_publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("top_story_week.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("publish_target.id", ondelete="SET NULL"), index=True)
    target_name: Mapped[str] = mapped_column(String(80), default="")
    job_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    list_version: Mapped[int] = mapped_column(Integer, default=0)
    picks: Mapped[list[dict[str, Any]]] = mapped_column(MutableList.as_mutable(JSON), default=list)
    url: Mapped[str] = mapped_column(String(1000), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    user_name: Mapped[str] = mapped_column(String(120), default="")
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
