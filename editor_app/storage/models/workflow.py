"""Working together on stories: soft edit locks and the change feed that lets other desks refresh."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from editor_app.storage.models.base import Base, UTCDateTime, utcnow

# SQLite gives AUTOINCREMENT only to an INTEGER PRIMARY KEY; elsewhere change ids may outgrow 32 bits.
ChangeId = BigInteger().with_variant(Integer(), "sqlite")


class EditLock(Base):
    """One editing session's soft lock on a story. A lock is live while `ended_at` is NULL and its heartbeat
    is recent; at most one row per story has no `ended_at` (a partial unique index)."""

    __tablename__ = "edit_lock"
    __table_args__ = (
        Index("uq_edit_lock_live_article", "article_id", unique=True,
              sqlite_where=text("ended_at IS NULL"), postgresql_where=text("ended_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    user_name: Mapped[str] = mapped_column(String(120), default="")
    token: Mapped[str] = mapped_column(String(40), unique=True)
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_reason: Mapped[str] = mapped_column(String(20), default="")  # released | taken_over | expired
    ended_by_name: Mapped[str] = mapped_column(String(120), default="")


class NewsroomChange(Base):
    """One committed change to a story (its text, status, notes or lock), so other desks can refresh just
    that story. Ids only grow (AUTOINCREMENT on SQLite); old rows are pruned."""

    __tablename__ = "newsroom_change"
    __table_args__ = {"sqlite_autoincrement": True}  # noqa: RUF012 - SQLAlchemy's table args

    id: Mapped[int] = mapped_column(ChangeId, primary_key=True, autoincrement=True)
    article_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # no key: a removed story's change stays
    kind: Mapped[str] = mapped_column(String(20))  # story | notes | lock
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
