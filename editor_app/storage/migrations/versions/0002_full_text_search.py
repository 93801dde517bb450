"""Full-text search over stories: SQLite FTS5 kept in sync by triggers, PostgreSQL tsvector + GIN.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE article_fts USING fts5(
        headline, deck, body, dateline_place,
        content='article', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    """CREATE TRIGGER article_fts_ai AFTER INSERT ON article BEGIN
        INSERT INTO article_fts(rowid, headline, deck, body, dateline_place)
        VALUES (new.id, new.headline, new.deck, new.body, new.dateline_place);
    END""",
    """CREATE TRIGGER article_fts_ad AFTER DELETE ON article BEGIN
        INSERT INTO article_fts(article_fts, rowid, headline, deck, body, dateline_place)
        VALUES ('delete', old.id, old.headline, old.deck, old.body, old.dateline_place);
    END""",
    """CREATE TRIGGER article_fts_au AFTER UPDATE OF headline, deck, body, dateline_place ON article BEGIN
        INSERT INTO article_fts(article_fts, rowid, headline, deck, body, dateline_place)
        VALUES ('delete', old.id, old.headline, old.deck, old.body, old.dateline_place);
        INSERT INTO article_fts(rowid, headline, deck, body, dateline_place)
        VALUES (new.id, new.headline, new.deck, new.body, new.dateline_place);
    END""",
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS article_fts_au",
    "DROP TRIGGER IF EXISTS article_fts_ad",
    "DROP TRIGGER IF EXISTS article_fts_ai",
    "DROP TABLE IF EXISTS article_fts",
]

# unaccent() is only STABLE, so it cannot sit in an index expression; a trigger keeps a tsvector table.
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """CREATE TABLE article_fts (
        article_id INTEGER PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,
        document tsvector NOT NULL)""",
    "CREATE INDEX ix_article_fts_document ON article_fts USING gin (document)",
    """CREATE FUNCTION article_fts_document(a article) RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT setweight(to_tsvector('simple', unaccent(coalesce(a.headline, ''))), 'A')
            || setweight(to_tsvector('simple', unaccent(coalesce(a.deck, '') || ' '
                                                      || coalesce(a.dateline_place, ''))), 'B')
            || setweight(to_tsvector('simple', unaccent(coalesce(a.body, ''))), 'C')
    $$""",
    """CREATE FUNCTION article_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO article_fts(article_id, document) VALUES (NEW.id, article_fts_document(NEW))
        ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER article_fts_sync AFTER INSERT OR UPDATE OF headline, deck, body, dateline_place
        ON article FOR EACH ROW EXECUTE FUNCTION article_fts_sync()""",
    "INSERT INTO article_fts(article_id, document) SELECT a.id, article_fts_document(a) FROM article a",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS article_fts_sync ON article",
    "DROP FUNCTION IF EXISTS article_fts_sync()",
    "DROP TABLE IF EXISTS article_fts",
    "DROP FUNCTION IF EXISTS article_fts_document(article)",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    _run(SQLITE_UP if op.get_context().dialect.name == "sqlite" else POSTGRES_UP)


def downgrade() -> None:
    _run(SQLITE_DOWN if op.get_context().dialect.name == "sqlite" else POSTGRES_DOWN)
