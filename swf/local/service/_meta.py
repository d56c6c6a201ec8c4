"""The database's own facts (table ``swf_local_meta``): the schema stamp and the manual clock.

The stamp is a digest of every component's schema text. A database with tables but another (or
no) stamp was made by another version of SWF Local: opening it would fail later, deep inside an
operation, so :func:`create_schema` refuses it at start with a message that says what to do.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence

from swf.local.store import Store, Transaction

__all__ = ["IncompatibleDatabaseError", "create_schema", "load_manual_clock", "save_manual_clock"]

SCHEMA = "CREATE TABLE IF NOT EXISTS swf_local_meta (key TEXT PRIMARY KEY, value TEXT)"


class IncompatibleDatabaseError(sqlite3.DatabaseError):
    """The database file was written by a version of SWF Local with another schema."""


def schema_digest(schemas: Sequence[str]) -> str:
    """The stamp of a list of schema texts (16 hex characters)."""
    return hashlib.sha256("\n".join(schemas).encode()).hexdigest()[:16]


def create_schema(store: Store, schemas: Sequence[str]) -> None:
    """Check the database's stamp against ``schemas`` (or stamp a new database), then create
    every table and index of ``schemas``. IncompatibleDatabaseError for another version's file.

    The deadlines table is made by :class:`~swf.local.deadlines.Deadlines` itself, before this
    runs, so its presence alone does not make a database "older".
    """
    digest = schema_digest(schemas)
    with store.transaction() as tx:
        tx.execute(SCHEMA)
        stamp = tx.scalar("SELECT value FROM swf_local_meta WHERE key = 'schema'")
        if stamp is None:
            others = tx.scalar(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                "AND name NOT IN ('swf_local_meta', 'deadlines')"
            )
            if others:
                raise IncompatibleDatabaseError(
                    f"{store.path} was created by an older SWF Local; use a new database file"
                )
            tx.execute("INSERT INTO swf_local_meta (key, value) VALUES ('schema', ?)", (digest,))
        elif stamp != digest:
            raise IncompatibleDatabaseError(
                f"{store.path} was created by another version of SWF Local (schema {stamp}, "
                f"this version needs {digest}); use a new database file"
            )
        for schema in schemas:
            tx.executescript(schema)


def load_manual_clock(tx: Transaction) -> float | None:
    """The latest time a manual clock was moved to on this database, or None."""
    value = tx.scalar("SELECT value FROM swf_local_meta WHERE key = 'manual_clock'")
    return None if value is None else float(value)


def save_manual_clock(tx: Transaction, now: float) -> None:
    """Keep a manual clock's time, so that a restart never runs it backwards."""
    tx.execute(
        "INSERT INTO swf_local_meta (key, value) VALUES ('manual_clock', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (repr(float(now)),),
    )
