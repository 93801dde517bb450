"""SQLAlchemy models, engine setup, migrations and full-text search. No Qt."""
