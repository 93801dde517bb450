"""Turn driver errors into sentences that name the file or server and say what to do.

Errors are classified by their codes — SQLite's extended result names (`sqlite_errorname`) and PostgreSQL's
SQLSTATE — never by message text, which changes with versions and languages.
"""

from __future__ import annotations

from enum import Enum

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from editor_app.domain.errors import StorageError
from editor_app.domain.text import sentence_case


class ErrorKind(Enum):
    NOT_A_DATABASE = "not a database"
    DISK_FULL = "disk full"
    READ_ONLY = "read-only"
    CANNOT_OPEN = "cannot open"
    BUSY = "busy"
    UNIQUE = "unique violation"
    FOREIGN_KEY = "foreign key violation"
    CORRUPT = "corrupt"
    IO = "input/output error"
    UNREACHABLE = "server unreachable"
    BAD_LOGIN = "bad login"
    NO_DATABASE = "no such database"
    NOT_ALLOWED = "insufficient privilege"
    OTHER = "other"


_SQLITE: dict[str, ErrorKind] = {
    "SQLITE_NOTADB": ErrorKind.NOT_A_DATABASE,
    "SQLITE_FULL": ErrorKind.DISK_FULL,
    "SQLITE_READONLY": ErrorKind.READ_ONLY,
    "SQLITE_PERM": ErrorKind.READ_ONLY,
    "SQLITE_CANTOPEN": ErrorKind.CANNOT_OPEN,
    "SQLITE_BUSY": ErrorKind.BUSY,
    "SQLITE_LOCKED": ErrorKind.BUSY,
    "SQLITE_CONSTRAINT_UNIQUE": ErrorKind.UNIQUE,
    "SQLITE_CONSTRAINT_PRIMARYKEY": ErrorKind.UNIQUE,
    "SQLITE_CONSTRAINT_FOREIGNKEY": ErrorKind.FOREIGN_KEY,
    "SQLITE_CORRUPT": ErrorKind.CORRUPT,
    "SQLITE_IOERR": ErrorKind.IO,
}

_SQLSTATE: dict[str, ErrorKind] = {
    "23505": ErrorKind.UNIQUE,
    "23503": ErrorKind.FOREIGN_KEY,
    "53100": ErrorKind.DISK_FULL,
    "25006": ErrorKind.READ_ONLY,
    "40001": ErrorKind.BUSY,  # serialization failure
    "40P01": ErrorKind.BUSY,  # deadlock
    "55P03": ErrorKind.BUSY,  # lock not available
    "28P01": ErrorKind.BAD_LOGIN,
    "28000": ErrorKind.BAD_LOGIN,
    "3D000": ErrorKind.NO_DATABASE,
    "42501": ErrorKind.NOT_ALLOWED,
    "57P01": ErrorKind.UNREACHABLE,  # the server is shutting down
    "57P02": ErrorKind.UNREACHABLE,
    "57P03": ErrorKind.UNREACHABLE,  # cannot connect now (starting up)
}


def driver_error(exc: BaseException) -> BaseException:
    """The DBAPI driver's exception inside a SQLAlchemy wrapper (or the exception itself)."""
    return getattr(exc, "orig", None) or exc


def classify(exc: BaseException) -> ErrorKind:
    """What kind of failure a database error is, by its code."""
    orig = driver_error(exc)
    name = getattr(orig, "sqlite_errorname", None)
    if isinstance(name, str):
        primary = "_".join(name.split("_")[:2])  # SQLITE_READONLY_DBMOVED -> SQLITE_READONLY
        return _SQLITE.get(name) or _SQLITE.get(primary, ErrorKind.OTHER)
    state = getattr(orig, "sqlstate", None)
    if isinstance(state, str):
        if state.startswith("08"):
            return ErrorKind.UNREACHABLE
        return _SQLSTATE.get(state, ErrorKind.OTHER)
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return ErrorKind.UNREACHABLE
    module = type(orig).__module__
    if module.startswith("psycopg") and type(orig).__name__ == "OperationalError":
        # libpq gives no SQLSTATE for a failed connection; its state flags still say whether a password was asked
        pgconn = getattr(orig, "pgconn", None)
        if pgconn is not None and getattr(pgconn, "needs_password", False):
            return ErrorKind.BAD_LOGIN
        return ErrorKind.UNREACHABLE  # refused, no socket, no such database: the server's sentence says which
    return ErrorKind.OTHER


def where(database_url: str) -> str:
    """'the file /x/newsroom.sqlite' or 'the PostgreSQL server at host:5432 (database news)'."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return f"the file {url.database}"
    host = url.host or url.query.get("host") or "the local socket"
    port = f":{url.port}" if url.port else ""
    return f"the PostgreSQL server at {host}{port} (database {url.database})"


def _first_line(exc: BaseException) -> str:
    text = str(driver_error(exc)).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def explain(exc: BaseException, database_url: str) -> StorageError:
    """A StorageError with a plain sentence for a driver error; the original stays as __cause__."""
    place = where(database_url)
    kind = classify(exc)
    message, hint = {
        ErrorKind.NOT_A_DATABASE: (f"{sentence_case(place)} is not an Editorial Workstation database.",
                                   "Choose another profile folder or move that file away; it was not changed."),
        ErrorKind.DISK_FULL: (f"The disk holding {place} is full.",
                              "Free some space and try again; nothing already saved was lost."),
        ErrorKind.READ_ONLY: (f"Cannot write to {place}: it is read-only.",
                              "Check the file's permissions or choose a profile folder you can write to."),
        ErrorKind.CANNOT_OPEN: (f"Cannot open {place}.", "Check that the folder exists and that you may write to it."),
        ErrorKind.BUSY: (f"{sentence_case(place)} is busy (locked by another program or desk).",
                         "Wait a moment and try again; nothing was changed."),
        ErrorKind.CORRUPT: (f"{sentence_case(place)} is damaged.",
                            "Restore it from a copy in the profile's backups folder; nothing was changed now."),
        ErrorKind.IO: (f"Reading or writing {place} failed ({_first_line(exc)}).",
                       "Check the disk (is it full, removed, or failing?) and try again."),
        ErrorKind.UNREACHABLE: (f"Cannot reach {place}: {_first_line(exc)}.",
                                "Check that the server is running and that the address and user are right."),
        ErrorKind.BAD_LOGIN: (f"{sentence_case(place)} refused the login: {_first_line(exc)}.",
                              "Check the user name and password for the newsroom database."),
        ErrorKind.NO_DATABASE: (f"{sentence_case(place)} does not exist on that server.",
                                "Check the database name, or ask the admin to create it."),
        ErrorKind.NOT_ALLOWED: (f"{sentence_case(place)} does not let this user do that: {_first_line(exc)}.",
                                "Ask the newsroom's database admin for the right privileges."),
    }.get(kind, (f"The database at {place} reported an error: {_first_line(exc)}.",
                 "Nothing was changed. If this keeps happening, report it with the log file."))
    error = StorageError(message, hint=hint)
    error.__cause__ = exc
    return error


def is_kind(exc: BaseException, kind: ErrorKind) -> bool:
    """True when `exc` (a driver error, or a StorageError made from one) is of `kind`."""
    cause = exc.__cause__ if isinstance(exc, StorageError) and exc.__cause__ is not None else exc
    return classify(cause) is kind
