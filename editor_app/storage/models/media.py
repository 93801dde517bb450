"""Photos: content-addressed originals kept in the database, their use in stories, and the copies sent out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from editor_app.storage.models.base import Base, Timestamps, UTCDateTime, Versioned, utcnow
from editor_app.storage.models.newsroom import Contributor
from editor_app.storage.models.stories import Article


class Image(Versioned, Timestamps, Base):
    """One photo, stored once per content (sha256). The original is kept as imported; what leaves the
    newsroom is a scrubbed copy, recorded as a PhotoCopy. `width` x `height` are upright (EXIF orientation applied)."""

    __tablename__ = "image"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    mime: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    byte_size: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200), default="")
    caption: Mapped[str] = mapped_column(Text, default="")
    credit: Mapped[str] = mapped_column(String(200), default="")
    alt_text: Mapped[str] = mapped_column(Text, default="")
    photographer_id: Mapped[int | None] = mapped_column(ForeignKey("contributor.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(200), default="")
    metadata_stripped: Mapped[bool] = mapped_column(Boolean, default=False)
    # What the file says about itself (migration 0007). The date is ISO 8601 as the file gives it: with an
    # offset when the file states one, else the camera clock's wall time.
    date_taken: Mapped[str] = mapped_column(String(40), default="")
    copyright: Mapped[str] = mapped_column(String(300), default="")
    camera: Mapped[str] = mapped_column(String(200), default="")
    file_byline: Mapped[str] = mapped_column(String(200), default="")  # the photographer the file names
    # Source protection: what the original holds (None: not checked yet, e.g. stored before 0007).
    location_found: Mapped[bool | None] = mapped_column(Boolean, default=None)
    serial_found: Mapped[bool | None] = mapped_column(Boolean, default=None)
    sensitive_found: Mapped[str] = mapped_column(Text, default="")  # "EXIF GPS location; BodySerialNumber"
    metadata_notes: Mapped[str] = mapped_column(Text, default="")  # blocks that could not be read, and why
    focal_x: Mapped[float] = mapped_column(Float, default=0.5)
    focal_y: Mapped[float] = mapped_column(Float, default=0.5)
    # The original, as imported. Last, and never loaded with the row: on SQLite every column after a large
    # blob costs a walk down its overflow pages (migration 0007 rebuilt the table so).
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))

    photographer: Mapped[Contributor | None] = relationship()


class ArticleImage(Base):
    __tablename__ = "article_image"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("image.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(String(10), default="inline")  # lead | inline
    position: Mapped[int] = mapped_column(Integer)
    # The path a story file used for this photo ("photos/gantz-baku.jpg"), kept for a lossless export.
    ref: Mapped[str] = mapped_column(String(300), default="")
    # What this story says about the photo where it differs from the photo's own text (None: the photo's).
    caption: Mapped[str | None] = mapped_column(Text, default=None)
    credit: Mapped[str | None] = mapped_column(String(200), default=None)
    alt_text: Mapped[str | None] = mapped_column(Text, default=None)

    article: Mapped[Article] = relationship(back_populates="images")
    image: Mapped[Image] = relationship()

    def shown_caption(self) -> str:
        return self.image.caption if self.caption is None else self.caption

    def shown_credit(self) -> str:
        return self.image.credit if self.credit is None else self.credit

    def shown_alt_text(self) -> str:
        return self.image.alt_text if self.alt_text is None else self.alt_text


class PhotoCopy(Base):
    """A copy of a photo that left the newsroom (a backend upload, an export): the bytes' hash, what the
    scrub took out, and whether a re-read proved it free of location data and serial numbers."""

    __tablename__ = "photo_copy"

    id: Mapped[int] = mapped_column(primary_key=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("image.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    destination: Mapped[str] = mapped_column(String(200), default="")
    sha256: Mapped[str] = mapped_column(String(64))
    byte_size: Mapped[int] = mapped_column(Integer)
    verified_clean: Mapped[bool] = mapped_column(Boolean)
    removed: Mapped[str] = mapped_column(Text, default="")  # what the scrub took out, "; "-joined
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    user_name: Mapped[str] = mapped_column(String(120), default="")
