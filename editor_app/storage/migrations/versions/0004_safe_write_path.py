"""Write path: bylines and photos reorder freely, revisions say what made them, the trail keeps names.

- `byline` and `article_image` lose UNIQUE(article_id, position): swapping two entries failed half-way.
- `revision` gains `kind` (autosave, save, submit, conflict, restore, import), `base_version` (the story's
  version the text was based on) and `author_name` (kept when the account is removed).
- `audit_event` gains `user_name`, so the trail still says who acted after an account is removed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("byline") as batch_op:
        batch_op.drop_constraint("uq_byline_article_id", type_="unique")
    with op.batch_alter_table("article_image") as batch_op:
        batch_op.drop_constraint("uq_article_image_article_id", type_="unique")
    with op.batch_alter_table("revision") as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=False, server_default="save"))
        batch_op.add_column(sa.Column("base_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("author_name", sa.String(length=120), nullable=False, server_default=""))
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.add_column(sa.Column("user_name", sa.String(length=120), nullable=False, server_default=""))
    # Everything stored so far came in through an import (the demo, story files) and was never edited.
    op.execute("UPDATE revision SET kind = 'import' WHERE note = 'created'")
    op.execute("UPDATE revision SET author_name = COALESCE("
               "(SELECT display_name FROM app_user WHERE app_user.id = revision.author_id), '')")
    op.execute("UPDATE audit_event SET user_name = COALESCE("
               "(SELECT display_name FROM app_user WHERE app_user.id = audit_event.user_id), '')")


def downgrade() -> None:
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.drop_column("user_name")
    with op.batch_alter_table("revision") as batch_op:
        batch_op.drop_column("author_name")
        batch_op.drop_column("base_version")
        batch_op.drop_column("kind")
    with op.batch_alter_table("article_image") as batch_op:
        batch_op.create_unique_constraint("uq_article_image_article_id", ["article_id", "position"])
    with op.batch_alter_table("byline") as batch_op:
        batch_op.create_unique_constraint("uq_byline_article_id", ["article_id", "position"])
