"""The newsroom's settings: one row, edited by an admin, versioned like any editable record."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from editor_app.storage.models.base import Base, Timestamps, Versioned


class NewsroomSettingsRow(Versioned, Timestamps, Base):
    __tablename__ = "newsroom_settings"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    paper_name: Mapped[str] = mapped_column(String(120))
    masthead: Mapped[str] = mapped_column(String(200), default="")
    time_zone: Mapped[str] = mapped_column(String(64))
    top_story_slots: Mapped[int] = mapped_column(Integer)
    credit_pattern: Mapped[str] = mapped_column(String(120))
    roundup_category: Mapped[str] = mapped_column(String(120))
