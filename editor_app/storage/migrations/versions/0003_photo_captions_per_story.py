"""Captions per story: a story may give a photo its own caption, credit line and alt text.

The photo keeps the photo desk's own text; a use stores only what differs (NULL: the photo's text).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = (("caption", sa.Text()), ("credit", sa.String(length=200)), ("alt_text", sa.Text()))


def upgrade() -> None:
    with op.batch_alter_table("article_image", schema=None) as batch_op:
        for name, kind in COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article_image", schema=None) as batch_op:
        for name, _kind in reversed(COLUMNS):
            batch_op.drop_column(name)
