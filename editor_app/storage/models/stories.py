"""Stories and what hangs off them: revisions, bylines, city tags, notes, audit events."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.ext.mutable import MutableDict
from sqlalchemy.orm import Mapped, mapped_column, relationship

from editor_app.domain.weeks import IsoWeek
from editor_app.storage.models.base import Base, IsoWeekType, Timestamps, UTCDateTime, Versioned, utcnow
from editor_app.storage.models.newsroom import City, Contributor, Section, User

if TYPE_CHECKING:
    from editor_app.storage.models.media import ArticleImage


class Article(Versioned, Timestamps, Base):
    __tablename__ = "article"
    __table_args__ = (
        Index("ix_article_updated", "updated_at"),
        Index("ix_article_status_updated", "status", "updated_at"),
        Index("ix_article_week_updated", "week", "updated_at"),
        Index("ix_article_section_updated", "section_id", "updated_at"),
        # the workflow queues: each count and page is read from one of these without touching article rows
        Index("ix_article_status_published", "status", "published_at"),
        Index("ix_article_status_scheduled", "status", "scheduled_at"),
        Index("ix_article_status_people", "status", "created_by_id", "assignee_id", "updated_at"),
        Index("ix_article_correction_updated", "correction", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    headline: Mapped[str] = mapped_column(String(300))
    deck: Mapped[str] = mapped_column(String(500), default="")
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("section.id", ondelete="SET NULL"))
    dateline_place: Mapped[str] = mapped_column(String(120), default="")
    dateline_source: Mapped[str] = mapped_column(String(120), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # A published story edited since it went out: "" (none), "pending" (awaiting approval), "approved".
    correction: Mapped[str] = mapped_column(String(20), default="", server_default="")
    week: Mapped[IsoWeek] = mapped_column(IsoWeekType)  # follows its publication (or schedule) date
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))

    section: Mapped[Section | None] = relationship()
    bylines: Mapped[list[Byline]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="Byline.position"
    )
    city_links: Mapped[list[ArticleCity]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="ArticleCity.position"
    )
    images: Mapped[list[ArticleImage]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="ArticleImage.position"
    )


class Revision(Base):
    """A full snapshot of a story at a save, so nothing typed is ever lost."""

    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column(MutableDict.as_mutable(JSON))
    kind: Mapped[str] = mapped_column(String(20), default="save", server_default="save")
    base_version: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the story version it was based on
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(String(300), default="")


class Byline(Base):
    __tablename__ = "byline"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    contributor_id: Mapped[int] = mapped_column(ForeignKey("contributor.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="author")
    position: Mapped[int] = mapped_column(Integer)

    article: Mapped[Article] = relationship(back_populates="bylines")
    contributor: Mapped[Contributor] = relationship()


class ArticleCity(Base):
    __tablename__ = "article_city"

    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), primary_key=True)
    city_id: Mapped[int] = mapped_column(
        ForeignKey("city.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)

    article: Mapped[Article] = relationship(back_populates="city_links")
    city: Mapped[City] = relationship()


class Note(Versioned, Base):
    """An editorial comment on a story ("check the mayor's title"); a reply names the note it answers.
    Resolving is done on the first note of a thread."""

    __tablename__ = "note"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("note.id", ondelete="CASCADE"), index=True,
                                                  nullable=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(120), default="", server_default="")  # kept if the account goes
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    resolved_by_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    author: Mapped[User | None] = relationship()


class AuditEvent(Base):
    """Who did what, when. Written by services, never edited."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    user_name: Mapped[str] = mapped_column(String(120), default="", server_default="")  # kept if the account goes
    action: Mapped[str] = mapped_column(String(60))
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("article.id", ondelete="SET NULL"), index=True, nullable=True
    )
    detail: Mapped[dict[str, Any]] = mapped_column(MutableDict.as_mutable(JSON), default=dict)
