"""The editors' ordered pick of the week ("TOP STORIES WEEK 40")."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editor_app.storage.models.base import Base, Timestamps, Versioned


class TopStoryWeek(Versioned, Timestamps, Base):
    __tablename__ = "top_story_week"
    __table_args__ = (UniqueConstraint("year", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    week: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default="draft")  # draft | published

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
