"""Top stories: one ISO-week column, the history of published orders, roundup posts recorded per target.

- `top_story_week`: `year` + `week` (two integers) become one `week` column holding "2026-W40" (the same text
  stories carry), still unique; `state` goes: a week marked published becomes a row of the new history with
  no target ("published before the history was kept"). It gains `updated_by_name` (who changed the picks
  last, for the conflict message).
- `top_story_publication`: every order that was published, who sent it, when, where, and the picks as they were.
- `publish_record` gains `week_id`: the roundup post of a week on a target (one per target and week).
- `article.week` is checked: any text that is not a valid ISO week ("" from very old rows) becomes the week the
  story was created in; valid weeks are kept as they are.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _week_text(year: int, week: int) -> str:
    return f"{year:04d}-W{week:02d}"


def _valid(text: str) -> bool:
    if len(text) != 8 or text[4:6] != "-W" or not (text[:4].isdigit() and text[6:].isdigit()):
        return False
    year, week = int(text[:4]), int(text[6:])
    return 1 <= week <= date(year, 12, 28).isocalendar().week


def _created_week(created: object) -> str:
    moment = created if isinstance(created, datetime) else datetime.fromisoformat(str(created))
    iso = moment.isocalendar()
    return _week_text(iso.year, iso.week)


def _check_article_weeks(conn: sa.Connection) -> None:
    rows = conn.execute(sa.text("SELECT id, week, created_at FROM article")).all()
    for story_id, week, created in rows:
        if not _valid(str(week or "")):
            conn.execute(sa.text("UPDATE article SET week = :week WHERE id = :id"),
                         {"week": _created_week(created), "id": story_id})


def upgrade() -> None:
    conn = op.get_bind()
    _check_article_weeks(conn)
    with op.batch_alter_table("top_story_week") as batch_op:
        batch_op.add_column(sa.Column("iso_week", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("updated_by_name", sa.String(length=120), nullable=False, server_default=""))
    weeks = conn.execute(sa.text("SELECT id, year, week, state, version, updated_at FROM top_story_week")).all()
    for week_id, year, week, _state, _version, _updated in weeks:
        conn.execute(sa.text("UPDATE top_story_week SET iso_week = :w WHERE id = :id"),
                     {"w": _week_text(year, week), "id": week_id})

    op.create_table(
        "top_story_publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("target_name", sa.String(length=80), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("list_version", sa.Integer(), nullable=False),
        sa.Column("picks", sa.JSON(), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_name", sa.String(length=120), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["week_id"], ["top_story_week.id"],
                                name=op.f("fk_top_story_publication_week_id_top_story_week"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["target_id"], ["publish_target.id"],
                                name=op.f("fk_top_story_publication_target_id_publish_target"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"],
                                name=op.f("fk_top_story_publication_user_id_app_user"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_top_story_publication")),
    )
    with op.batch_alter_table("top_story_publication") as batch_op:
        batch_op.create_index(batch_op.f("ix_top_story_publication_week_id"), ["week_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_top_story_publication_target_id"), ["target_id"], unique=False)
    publication = sa.table("top_story_publication", sa.column("week_id"), sa.column("target_name"),
                           sa.column("list_version"), sa.column("picks", sa.JSON()), sa.column("url"),
                           sa.column("user_name"), sa.column("published_at"))
    for week_id, _year, _week, state, version, updated in weeks:
        if state != "published":
            continue
        picks = conn.execute(sa.text(
            "SELECT e.article_id, a.headline FROM top_story_entry e JOIN article a ON a.id = e.article_id "
            "WHERE e.week_id = :id ORDER BY e.position"), {"id": week_id}).all()
        conn.execute(publication.insert().values(
            week_id=week_id, target_name="", list_version=version, url="", user_name="", published_at=updated,
            picks=[{"id": story_id, "headline": headline, "url": ""} for story_id, headline in picks]))

    with op.batch_alter_table("top_story_week") as batch_op:
        batch_op.drop_constraint("uq_top_story_week_year", type_="unique")
        batch_op.drop_column("state")
        batch_op.drop_column("week")
        batch_op.drop_column("year")
        batch_op.alter_column("iso_week", new_column_name="week", existing_type=sa.String(length=8), nullable=False)
    with op.batch_alter_table("top_story_week") as batch_op:  # a batch of its own: the column is renamed by now
        batch_op.create_unique_constraint("uq_top_story_week_week", ["week"])

    with op.batch_alter_table("publish_record") as batch_op:
        batch_op.add_column(sa.Column("week_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_publish_record_week_id_top_story_week", "top_story_week", ["week_id"], ["id"],
                                    ondelete="SET NULL")
        batch_op.create_unique_constraint("uq_publish_record_target_week", ["target_id", "week_id"])


def downgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table("publish_record") as batch_op:
        batch_op.drop_constraint("uq_publish_record_target_week", type_="unique")
        batch_op.drop_constraint("fk_publish_record_week_id_top_story_week", type_="foreignkey")
        batch_op.drop_column("week_id")
    conn.execute(sa.text("DELETE FROM publish_record WHERE article_id IS NULL AND image_id IS NULL"))

    published = {week_id for (week_id,) in conn.execute(sa.text("SELECT DISTINCT week_id FROM top_story_publication"))}
    with op.batch_alter_table("top_story_week") as batch_op:
        batch_op.add_column(sa.Column("year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("week_number", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("state", sa.String(length=20), nullable=True))
    for week_id, text in conn.execute(sa.text("SELECT id, week FROM top_story_week")).all():
        conn.execute(sa.text("UPDATE top_story_week SET year = :y, week_number = :w, state = :s WHERE id = :id"),
                     {"y": int(text[:4]), "w": int(text[6:]), "id": week_id,
                      "s": "published" if week_id in published else "draft"})
    with op.batch_alter_table("top_story_week") as batch_op:
        batch_op.drop_constraint("uq_top_story_week_week", type_="unique")
        batch_op.drop_column("updated_by_name")
        batch_op.drop_column("week")
        batch_op.alter_column("week_number", new_column_name="week", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("year", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("state", existing_type=sa.String(length=20), nullable=False)
    with op.batch_alter_table("top_story_week") as batch_op:
        batch_op.create_unique_constraint("uq_top_story_week_year", ["year", "week"])

    with op.batch_alter_table("top_story_publication") as batch_op:
        batch_op.drop_index(batch_op.f("ix_top_story_publication_target_id"))
        batch_op.drop_index(batch_op.f("ix_top_story_publication_week_id"))
    op.drop_table("top_story_publication")

