"""Turn driver errors into sentences that name the file or server and say what to do."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from editor_app.domain.errors import StorageError
from editor_app.domain.text import sentence_case


def where(database_url: str) -> str:
    """'the file /x/newsroom.sqlite' or 'the PostgreSQL server at host:5432 (database news)'."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return f"the file {url.database}"
    host = url.host or url.query.get("host") or "the local socket"
    port = f":{url.port}" if url.port else ""
    return f"the PostgreSQL server at {host}{port} (database {url.database})"


def explain(exc: BaseException, database_url: str) -> StorageError:
    """A StorageError with a plain sentence for a driver error; the original stays as __cause__."""
    text = str(getattr(exc, "orig", exc)).strip()
    low = text.lower()
    place = where(database_url)
    if "file is not a database" in low or "not a database" in low:
        message = f"{sentence_case(place)} is not an Editorial Workstation database."
        hint = "Choose another profile folder or move that file away; it was not changed."
    elif "disk is full" in low or "no space left" in low or "database or disk is full" in low:
        message = f"The disk holding {place} is full."
        hint = "Free some space and try again; nothing already saved was lost."
    elif "readonly" in low or "read-only" in low or "permission denied" in low:
        message = f"Cannot write to {place}: it is read-only."
        hint = "Check the file's permissions or choose a profile folder you can write to."
    elif "unable to open database file" in low:
        message = f"Cannot open {place}."
        hint = "Check that the folder exists and that you may write to it."
    elif "locked" in low:
        message = f"{sentence_case(place)} is busy (locked by another program)."
        hint = "Close the other program or wait a moment, then try again."
    elif isinstance(exc, OperationalError | DBAPIError) and make_url(database_url).get_backend_name() != "sqlite":
        first = text.splitlines()[0] if text else type(exc).__name__
        message = f"Cannot reach {place}: {first}."
        hint = "Check that the server is running and that the address, user and password are right."
    else:
        first = text.splitlines()[0] if text else type(exc).__name__
        message = f"The database at {place} reported an error: {first}."
        hint = "Nothing was changed. If this keeps happening, report it with the log file."
    error = StorageError(message, hint=hint)
    error.__cause__ = exc
    return error
