"""What every sub-command shares: opening the profile, who is acting, printing JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from editor_app.domain.errors import KnownError

if TYPE_CHECKING:
    from editor_app.services.actor import Actor
    from editor_app.storage.engine import Database


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[Database]:
    """The profile's database, migrated if it is an embedded one; closed again afterwards."""
    from dataclasses import replace

    from editor_app.services.credentials import KeyringStore, with_database_password
    from editor_app.storage.open import open_database
    from editor_app.storage.profile import resolve_profile

    profile = resolve_profile(args.profile_dir, args.database_url)
    if not profile.is_embedded:  # a newsroom's database password may be kept in the system keyring
        profile = replace(profile, database_url=with_database_password(profile.database_url, KeyringStore()))
    db = open_database(profile)
    try:
        yield db
    finally:
        db.dispose()


def acting(db: Database, args: argparse.Namespace) -> Actor:
    """`--as USER`, or the embedded profile's owner (a shared newsroom needs --as)."""
    from editor_app.services.identity import resolve_actor

    return resolve_actor(db, args.acting_user)


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def print_line(value: Any) -> None:
    """One JSON object on one line (what scripts read back from import and workflow commands)."""
    print(json.dumps(value, ensure_ascii=False, default=str))


def read_password() -> str:
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise KnownError("No password was given on standard input.")
    return line
