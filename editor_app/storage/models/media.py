"""Photos: content-addressed originals kept in the database, and their use in stories."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from editor_app.storage.models.base import Base, Timestamps, Versioned
from editor_app.storage.models.newsroom import Contributor
from editor_app.storage.models.stories import Article


class Image(Versioned, Timestamps, Base):
    __tablename__ = "image"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
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
