"""Folders on this computer that belong to one newsroom: beside the file of an embedded newsroom, or, for a
shared PostgreSQL one, one sub-folder per database in the user's data or cache folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy.engine import make_url

from editor_app.storage.engine import Database


def newsroom_folder(db: Database, name: str, *, cache: bool = False) -> Path:
    """`name` beside the newsroom's file, or `<user data|cache folder>/name/<key of the database URL>`."""
    url = make_url(db.url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).parent / name
    from platformdirs import user_cache_path, user_data_path

    key = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    base = user_cache_path if cache else user_data_path
    return base("editor-app", appauthor=False) / name / key
