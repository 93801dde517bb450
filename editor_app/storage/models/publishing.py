"""Publishing targets, what is live where, and the durable outbox. Secrets are never stored here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.ext.mutable import MutableDict
from sqlalchemy.orm import Mapped, mapped_column

from editor_app.storage.models.base import Base, Timestamps, UTCDateTime, Versioned


class PublishTarget(Versioned, Timestamps, Base):
    """Where stories go: a local site folder (`path`) or a WordPress site (`url`, `username`).

    The WordPress Application Password lives in the OS keyring (services.publishing.credentials), never here.
    """

    __tablename__ = "publish_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # local | wordpress
    url: Mapped[str] = mapped_column(String(500), default="")
    path: Mapped[str] = mapped_column(String(1000), default="")
    username: Mapped[str] = mapped_column(String(120), default="")
    options: Mapped[dict[str, Any]] = mapped_column(MutableDict.as_mutable(JSON), default=dict,
                                                    server_default="{}")


class PublishRecord(Timestamps, Base):
    """One thing that is live on a target: a story (`article_id`), a photo (`image_id`) or a week's top-stories
    roundup post (`week_id`); its remote id and URL, its remote status and the remote change stamp last seen.
    The unique keys make it one per target."""

    __tablename__ = "publish_record"
    __table_args__ = (
        UniqueConstraint("target_id", "article_id", name="uq_publish_record_target_article"),
        UniqueConstraint("target_id", "image_id", name="uq_publish_record_target_image"),
        UniqueConstraint("target_id", "week_id", name="uq_publish_record_target_week"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("publish_target.id", ondelete="CASCADE"))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="SET NULL"))
    image_id: Mapped[int | None] = mapped_column(ForeignKey("image.id", ondelete="SET NULL"))
    week_id: Mapped[int | None] = mapped_column(ForeignKey("top_story_week.id", ondelete="SET NULL"))  # a roundup
    remote_id: Mapped[str] = mapped_column(String(120), default="")
    remote_url: Mapped[str] = mapped_column(String(1000), default="")
    remote_modified: Mapped[str] = mapped_column(String(40), default="")  # ISO UTC, e.g. WordPress modified_gmt
    remote_status: Mapped[str] = mapped_column(String(20), default="", server_default="")  # publish|future|draft
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    published_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_sent: Mapped[dict[str, Any] | None] = mapped_column(MutableDict.as_mutable(JSON), nullable=True)


class OutboxJob(Versioned, Timestamps, Base):
    """A durable publishing job. `steps` is its journal (markers before creates, what was done), so a job
    that stopped resumes where it stopped and never creates a second post or photo.

    state: queued | running | retry (waits for next_try_at) | done | failed | conflict | missed | cancelled.
    A running job is held by `claimed_by`/`claim_token` until `lease_until`; an expired lease may be taken over.
    """

    __tablename__ = "outbox_job"
    __table_args__ = (
        Index("ix_outbox_job_target_state", "target_id", "state"),
        Index("ix_outbox_job_state_next_try", "state", "next_try_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("publish_target.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))  # publish | unpublish | check_schedule | top_stories
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="SET NULL"))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    payload: Mapped[dict[str, Any]] = mapped_column(MutableDict.as_mutable(JSON), default=dict)
    state: Mapped[str] = mapped_column(String(20), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    error_hint: Mapped[str] = mapped_column(Text, default="", server_default="")
    steps: Mapped[dict[str, Any]] = mapped_column(MutableDict.as_mutable(JSON), default=dict)
    claimed_by: Mapped[str] = mapped_column(String(120), default="", server_default="")
    claim_token: Mapped[str] = mapped_column(String(40), default="", server_default="")
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    progress_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    progress_total: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    progress_text: Mapped[str] = mapped_column(String(300), default="", server_default="")
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    result_url: Mapped[str] = mapped_column(String(1000), default="", server_default="")
