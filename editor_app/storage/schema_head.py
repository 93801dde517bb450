"""The newest schema step, read from the step files' names without loading Alembic or SQLAlchemy.

("0004_safe_write_path.py" -> "0004"; a test holds it to Alembic's own idea of the head.)
"""

from __future__ import annotations

from pathlib import Path


def _newest_migration() -> str:
    versions = Path(__file__).with_name("migrations") / "versions"
    return max(path.name.split("_", 1)[0] for path in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))


SCHEMA_HEAD = _newest_migration()
