"""Newsroom settings: the paper's name, time zone, top-story slots, credit pattern, roundup category.

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "newsroom_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_name", sa.String(length=120), nullable=False),
        sa.Column("masthead", sa.String(length=200), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("top_story_slots", sa.Integer(), nullable=False),
        sa.Column("credit_pattern", sa.String(length=120), nullable=False),
        sa.Column("roundup_category", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_newsroom_settings")),
    )


def downgrade() -> None:
    op.drop_table("newsroom_settings")
