"""Photo desk: what each photo's file says (date, copyright, camera), source protection, focal point, copies sent.

- `image` gains `date_taken` (ISO 8601 as the file gives it), `copyright`, `camera`, `file_byline` (the
  photographer the file names), `location_found` / `serial_found` (NULL: not checked yet; the photo desk
  checks photos stored before this step in the background), `sensitive_found` and `metadata_notes` (what
  was found and what could not be read) and `focal_x` / `focal_y` (0..1, the centre by default).
- `photo_copy` records each copy that left the newsroom: where to, its hash, what the scrub removed, and
  whether a re-read proved it clean.
- On SQLite the `image` table is rebuilt with the original's bytes (`data`) as its last column: SQLite keeps
  a row's columns in order and a large blob in a chain of overflow pages, so every column after it cost a
  walk down the chain (listing 200 photos of 1.3 MB read their captions in 0.3 s; 5,000 of 7 MB would take
  most of a minute). PostgreSQL keeps large values apart (TOAST) and needs no rebuild.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TEXT_COLUMNS = (("date_taken", sa.String(length=40)), ("copyright", sa.String(length=300)),
                ("camera", sa.String(length=200)), ("file_byline", sa.String(length=200)),
                ("sensitive_found", sa.Text()), ("metadata_notes", sa.Text()))


# The order of `image`'s columns after this step on SQLite: everything small first, the original's bytes last.
IMAGE_ORDER = ("id", "sha256", "mime", "width", "height", "byte_size", "filename", "caption", "credit", "alt_text",
               "photographer_id", "source", "metadata_stripped", "version", "created_at", "updated_at",
               *(name for name, _kind in TEXT_COLUMNS), "location_found", "serial_found", "focal_x", "focal_y",
               "data")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    rebuild = {"recreate": "always", "partial_reordering": [IMAGE_ORDER]} if sqlite else {}
    with op.batch_alter_table("image", **rebuild) as batch_op:  # type: ignore[arg-type]
        for name, kind in TEXT_COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=False, server_default=""))
        batch_op.add_column(sa.Column("location_found", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("serial_found", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("focal_x", sa.Float(), nullable=False, server_default="0.5"))
        batch_op.add_column(sa.Column("focal_y", sa.Float(), nullable=False, server_default="0.5"))
    op.create_table(
        "photo_copy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("image_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("destination", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("verified_clean", sa.Boolean(), nullable=False),
        sa.Column("removed", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_name", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["image_id"], ["image.id"], name=op.f("fk_photo_copy_image_id_image"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_photo_copy_user_id_app_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo_copy")),
    )
    with op.batch_alter_table("photo_copy") as batch_op:
        batch_op.create_index(batch_op.f("ix_photo_copy_image_id"), ["image_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("photo_copy") as batch_op:
        batch_op.drop_index(batch_op.f("ix_photo_copy_image_id"))
    op.drop_table("photo_copy")
    with op.batch_alter_table("image") as batch_op:
        for name in ("focal_y", "focal_x", "serial_found", "location_found"):
            batch_op.drop_column(name)
        for name, _kind in reversed(TEXT_COLUMNS):
            batch_op.drop_column(name)
