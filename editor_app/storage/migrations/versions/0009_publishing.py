"""Publishing: one record per target and story or photo, and an outbox several desks can share.

- `publish_record`: the plain indexes on (target, article) and (target, image) become unique keys (any
  duplicates an earlier version could have left are merged, the newest kept); it gains `remote_status`
  (publish, future, draft), `published_version` (the story version last sent) and `last_sent` (the title,
  excerpt and content last sent, to show what an edit on the site changed).
- `publish_target` gains `options` (per-kind settings, never a secret).
- `outbox_job` gains who asked (`requested_by_id`), the claim (`claimed_by`, `claim_token`,
  `lease_until`), progress (`progress_done`, `progress_total`, `progress_text`), `error_hint`,
  `cancel_requested`, `finished_at` and `result_url`, and an index for finding due jobs.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _merge_duplicates(column: str) -> None:
    """Keep the newest record per (target, `column`): a unique key cannot be added over duplicates."""
    op.execute(
        f"DELETE FROM publish_record WHERE {column} IS NOT NULL AND id NOT IN ("
        f"SELECT MAX(id) FROM publish_record WHERE {column} IS NOT NULL GROUP BY target_id, {column})"
    )


def upgrade() -> None:
    _merge_duplicates("article_id")
    _merge_duplicates("image_id")
    with op.batch_alter_table("publish_record", schema=None) as batch_op:
        batch_op.drop_index("ix_publish_record_target_article")
        batch_op.drop_index("ix_publish_record_target_image")
        batch_op.add_column(sa.Column("remote_status", sa.String(length=20), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("published_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("last_sent", sa.JSON(), nullable=True))
        batch_op.create_unique_constraint("uq_publish_record_target_article", ["target_id", "article_id"])
        batch_op.create_unique_constraint("uq_publish_record_target_image", ["target_id", "image_id"])

    with op.batch_alter_table("publish_target", schema=None) as batch_op:
        batch_op.add_column(sa.Column("options", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))

    with op.batch_alter_table("outbox_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("requested_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=120), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("claim_token", sa.String(length=40), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("progress_done", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("progress_total", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("progress_text", sa.String(length=300), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("error_hint", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("cancel_requested", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("finished_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("result_url", sa.String(length=1000), nullable=False, server_default=""))
        batch_op.create_foreign_key("fk_outbox_job_requested_by_id_app_user", "app_user", ["requested_by_id"],
                                    ["id"], ondelete="SET NULL")
        batch_op.create_index("ix_outbox_job_state_next_try", ["state", "next_try_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox_job", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_job_state_next_try")
        batch_op.drop_constraint("fk_outbox_job_requested_by_id_app_user", type_="foreignkey")
        for name in ("result_url", "finished_at", "cancel_requested", "error_hint", "progress_text",
                     "progress_total", "progress_done", "lease_until", "claim_token", "claimed_by",
                     "requested_by_id"):
            batch_op.drop_column(name)
    with op.batch_alter_table("publish_target", schema=None) as batch_op:
        batch_op.drop_column("options")
    with op.batch_alter_table("publish_record", schema=None) as batch_op:
        batch_op.drop_constraint("uq_publish_record_target_image", type_="unique")
        batch_op.drop_constraint("uq_publish_record_target_article", type_="unique")
        batch_op.drop_column("last_sent")
        batch_op.drop_column("published_version")
        batch_op.drop_column("remote_status")
        batch_op.create_index("ix_publish_record_target_article", ["target_id", "article_id"], unique=False)
        batch_op.create_index("ix_publish_record_target_image", ["target_id", "image_id"], unique=False)
