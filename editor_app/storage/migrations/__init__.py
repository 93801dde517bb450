"""Alembic migrations, run through editor_app.storage.migrate (never by hand-edited alembic.ini)."""
