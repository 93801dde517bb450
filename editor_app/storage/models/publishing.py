"""Publishing targets, what is live where, and the durable outbox. Secrets are never stored here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.ext.mutable import MutableDict
from sqlalchemy.orm import Mapped, mapped_column

from editor_app.storage.models.base import Base, Timestamps, UTCDateTime, Versioned


class PublishTarget(Versioned, Timestamps, Base):
    __tablename__ = "publish_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # local | wordpress
    url: Mapped[str] = mapped_column(String(500), default="")
    path: Mapped[str] = mapped_column(String(1000), default="")
    username: Mapped[str] = mapped_column(String(120), default="")


class PublishRecord(Timestamps, Base):
    """One thing that is live on a target: its remote id, URL and the remote change stamp last seen."""

    __tablename__ = "publish_record"
    __table_args__ = (
        Index("ix_publish_record_target_article", "target_id", "article_id"),
        Index("ix_publish_record_target_image", "target_id", "image_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("publish_target.id", ondelete="CASCADE"))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="SET NULL"))
    image_id: Mapped[int | None] = mapped_column(ForeignKey("image.id", ondelete="SET NULL"))
    remote_id: Mapped[str] = mapped_column(String(120), default="")
    remote_url: Mapped[str] = mapped_column(String(1000), default="")
    remote_modified: Mapped[str] = mapped_column(String(40), default="")
    content_hash: Mapped[str] = mapped_column(String(64), default="")


class OutboxJob(Versioned, Timestamps, Base):
    """A durable publishing job; `steps` records what is done so a failed job resumes, never duplicates."""

    __tablename__ = "outbox_job"
    __table_args__ = (Index("ix_outbox_job_target_state", "target_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("publish_target.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))  # publish | unpublish | top_stories
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="SET NULL"))
    payload: Mapped[dict[str, Any]] = mapped_column(MutableDict.as_mutable(JSON), default=dict)
    state: Mapped[str] = mapped_column(String(20), default="queued")  # queued|running|done|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    steps: Mapped[dict[str, Any]] = mapped_column(MutableDict.as_mutable(JSON), default=dict)
