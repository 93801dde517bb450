"""Keep SQLite triggers through a table rebuild.

Alembic's batch mode alters a SQLite table by copying it to a new one, dropping the old and renaming the
new; the triggers of the old table (the search index's among them) silently go with the drop. A rebuilt
table is recognised by its new root page; every trigger it had before and lacks now is created again from
the SQL SQLite kept for it. A trigger dropped on purpose from a table that was not rebuilt stays dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection


@dataclass(frozen=True)
class SchemaState:
    tables: dict[str, int]  # table name -> root page
    triggers: dict[str, tuple[str, str]]  # trigger name -> (table name, CREATE TRIGGER statement)


def schema_state(conn: Connection) -> SchemaState:
    rows = conn.exec_driver_sql(
        "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master WHERE type IN ('table', 'trigger')"
    ).fetchall()
    return SchemaState(
        tables={name: rootpage for kind, name, _table, rootpage, _sql in rows if kind == "table"},
        triggers={name: (table, sql) for kind, name, table, _root, sql in rows if kind == "trigger"},
    )


def lost_triggers(before: SchemaState, conn: Connection) -> list[str]:
    """CREATE statements of the triggers that a rebuild of their table removed."""
    after = schema_state(conn)
    lost = []
    for name, (table, sql) in before.triggers.items():
        rebuilt = table in after.tables and after.tables[table] != before.tables.get(table)
        if rebuilt and name not in after.triggers:
            lost.append(sql)
    return lost


def restore_triggers(conn: Connection, statements: list[str]) -> None:
    for statement in statements:
        conn.exec_driver_sql(statement)
