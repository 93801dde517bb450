"""Newsroom workflow: corrections, threaded notes, sign-in limits, edit locks, a change feed, a fixed trail.

- `article` gains `correction` ("" | "pending" | "approved": a published story edited since it went out)
  and four indexes that the workflow queues count and list from.
- `note` gains `parent_id` (replies), `author_name` (kept when the account goes) and resolved/by/at.
- `app_user` gains the sign-in rate limit: `failed_sign_ins`, `sign_in_blocked_until`, `last_sign_in_at`.
- `edit_lock`: soft edit locks with a heartbeat, at most one live lock per story (a partial unique index).
- `newsroom_change`: one row per committed story change, for the other desks' live refresh; on PostgreSQL
  an insert also sends NOTIFY newsroom_change.
- `audit_event` becomes append-only: triggers refuse to change or delete an event (only the links to a
  removed account or story may become NULL).

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from editor_app.storage.models.base import UTCDateTime

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None

# The workflow queues count and list from these alone (a few ms on 100,000 stories).
QUEUE_INDEXES = (
    ("ix_article_status_published", ["status", "published_at"]),
    ("ix_article_status_scheduled", ["status", "scheduled_at"]),
    ("ix_article_status_people", ["status", "created_by_id", "assignee_id", "updated_at"]),
    ("ix_article_correction_updated", ["correction", "updated_at"]),
)

_AUDIT_CHANGED = (
    "NEW.at IS DISTINCT FROM OLD.at OR NEW.user_name IS DISTINCT FROM OLD.user_name "
    "OR NEW.action IS DISTINCT FROM OLD.action OR NEW.detail::text IS DISTINCT FROM OLD.detail::text "
    "OR (NEW.user_id IS NOT NULL AND NEW.user_id IS DISTINCT FROM OLD.user_id) "
    "OR (NEW.article_id IS NOT NULL AND NEW.article_id IS DISTINCT FROM OLD.article_id)"
)
# SQLite's "IS NOT" is PostgreSQL's "IS DISTINCT FROM"; its JSON is already text.
_AUDIT_CHANGED_SQLITE = _AUDIT_CHANGED.replace("IS DISTINCT FROM", "IS NOT").replace("::text", "")

SQLITE_UP = [
    f"""CREATE TRIGGER audit_event_keep BEFORE UPDATE ON audit_event WHEN {_AUDIT_CHANGED_SQLITE}
    BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END""",
    """CREATE TRIGGER audit_event_stay BEFORE DELETE ON audit_event
    BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS audit_event_stay", "DROP TRIGGER IF EXISTS audit_event_keep"]

POSTGRES_UP = [
    """CREATE FUNCTION audit_event_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the audit trail cannot be changed' USING ERRCODE = '42501';
    END $$""",
    f"""CREATE TRIGGER audit_event_keep BEFORE UPDATE ON audit_event FOR EACH ROW
    WHEN ({_AUDIT_CHANGED}) EXECUTE FUNCTION audit_event_refuse()""",
    """CREATE TRIGGER audit_event_stay BEFORE DELETE ON audit_event FOR EACH ROW
    EXECUTE FUNCTION audit_event_refuse()""",
    """CREATE FUNCTION newsroom_change_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('newsroom_change', NEW.id::text);
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER newsroom_change_notify AFTER INSERT ON newsroom_change FOR EACH ROW
    EXECUTE FUNCTION newsroom_change_notify()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS newsroom_change_notify ON newsroom_change",
    "DROP FUNCTION IF EXISTS newsroom_change_notify()",
    "DROP TRIGGER IF EXISTS audit_event_stay ON audit_event",
    "DROP TRIGGER IF EXISTS audit_event_keep ON audit_event",
    "DROP FUNCTION IF EXISTS audit_event_refuse()",
]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("article") as batch_op:
        batch_op.add_column(sa.Column("correction", sa.String(length=20), nullable=False, server_default=""))
        for name, columns in QUEUE_INDEXES:
            batch_op.create_index(name, columns)
    with op.batch_alter_table("note", recreate="always" if sqlite else "auto") as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("author_name", sa.String(length=120), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("resolved", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("resolved_by_name", sa.String(length=120), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("resolved_at", UTCDateTime(), nullable=True))
        batch_op.create_foreign_key("fk_note_parent_id_note", "note", ["parent_id"], ["id"], ondelete="CASCADE")
        batch_op.create_index("ix_note_parent_id", ["parent_id"])
    with op.batch_alter_table("app_user") as batch_op:
        batch_op.add_column(sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("sign_in_blocked_until", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("last_sign_in_at", UTCDateTime(), nullable=True))
    op.execute("UPDATE note SET author_name = COALESCE("
               "(SELECT display_name FROM app_user WHERE app_user.id = note.author_id), '')")

    op.create_table(
        "edit_lock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_name", sa.String(length=120), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("acquired_at", UTCDateTime(), nullable=False),
        sa.Column("heartbeat_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("ended_reason", sa.String(length=20), nullable=False),
        sa.Column("ended_by_name", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], name="fk_edit_lock_article_id_article",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name="fk_edit_lock_user_id_app_user",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_edit_lock"),
        sa.UniqueConstraint("token", name="uq_edit_lock_token"),
    )
    op.create_index("ix_edit_lock_article_id", "edit_lock", ["article_id"])
    op.create_index("uq_edit_lock_live_article", "edit_lock", ["article_id"], unique=True,
                    sqlite_where=sa.text("ended_at IS NULL"), postgresql_where=sa.text("ended_at IS NULL"))

    op.create_table(
        "newsroom_change",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_newsroom_change"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_newsroom_change_at", "newsroom_change", ["at"])

    for statement in SQLITE_UP if sqlite else POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_DOWN if sqlite else POSTGRES_DOWN:
        op.execute(statement)
    op.drop_index("ix_newsroom_change_at", table_name="newsroom_change")
    op.drop_table("newsroom_change")
    op.drop_index("uq_edit_lock_live_article", table_name="edit_lock")
    op.drop_index("ix_edit_lock_article_id", table_name="edit_lock")
    op.drop_table("edit_lock")
    with op.batch_alter_table("app_user") as batch_op:
        batch_op.drop_column("last_sign_in_at")
        batch_op.drop_column("sign_in_blocked_until")
        batch_op.drop_column("failed_sign_ins")
    with op.batch_alter_table("note") as batch_op:
        batch_op.drop_index("ix_note_parent_id")
        batch_op.drop_constraint("fk_note_parent_id_note", type_="foreignkey")
        for name in ("resolved_at", "resolved_by_name", "resolved", "author_name", "parent_id"):
            batch_op.drop_column(name)
    with op.batch_alter_table("article") as batch_op:
        for name, _columns in reversed(QUEUE_INDEXES):
            batch_op.drop_index(name)
        batch_op.drop_column("correction")
