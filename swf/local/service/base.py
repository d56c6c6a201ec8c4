"""ServiceBase: what every operation mixin of SWF Local shares.

The service is ``class Service(DomainOps, TypeOps, TagOps, ExecutionOps, VisibilityOps,
DecisionOps, ActivityOps, TimeoutOps, ServiceBase)``: one method per operation, named in snake
case (``register_domain``), taking the validated JSON body and returning the JSON response body.
Each class may define ``SCHEMA`` (SQL run once at start, in base-first order).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import math
import sqlite3
import uuid
from typing import Any, Literal

from swf.local import faults
from swf.local.clock import Clock
from swf.local.deadlines import Deadlines
from swf.local.store import Store, Transaction
from swf.local.waiters import Waiters

__all__ = ["ServiceBase"]

log = logging.getLogger("swf.local.service")

TypeKind = Literal["activity", "workflow"]


class ServiceBase:
    """Shared state and helpers of the SWF Local service."""

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS domains (
        name TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        description TEXT,
        retention_days INTEGER NOT NULL,
        retention TEXT NOT NULL,
        created REAL NOT NULL
    );
    CREATE TABLE IF NOT EXISTS types (
        domain TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        version TEXT NOT NULL,
        status TEXT NOT NULL,
        description TEXT,
        created REAL NOT NULL,
        deprecated REAL,
        defaults TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (domain, kind, name, version)
    )
    """

    #: Domains per account (registered and deprecated); LimitExceededFault beyond.
    MAX_DOMAINS = 100
    #: Types of each kind per domain (registered and deprecated); LimitExceededFault beyond.
    MAX_TYPES_PER_DOMAIN = 10_000

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        deadlines: Deadlines,
        waiters: Waiters,
        poll_hold: float,
        region: str = "us-east-1",
        account_id: str = "000000000000",
    ) -> None:
        self.store = store
        self.clock = clock
        self.deadlines = deadlines
        self.waiters = waiters
        self.poll_hold = poll_hold
        self.region = region
        self.account_id = account_id
        schemas: list[str] = []
        for cls in reversed(type(self).__mro__):
            schema = cls.__dict__.get("SCHEMA")
            if isinstance(schema, str) and schema not in schemas:
                schemas.append(schema)
        with store.transaction() as tx:
            check_schema_version(tx, store.path, schemas)
            for schema in schemas:
                tx.executescript(schema)

    # -- time and ids ------------------------------------------------------------------------

    def now(self) -> float:
        """The service clock's time, epoch seconds (never read the wall clock directly).

        Truncated to the millisecond, as the live service stamps everything: a client that
        filters on a timestamp it was given (``latestDate=startTimestamp``) must match it, and
        a full float would carry sub-millisecond digits no client can send back unchanged.
        """
        return to_millis(self.clock.now())

    def new_id(self) -> str:
        """A fresh opaque identifier (run ids, task tokens, ...): 32 hex characters."""
        return uuid.uuid4().hex

    # -- names -------------------------------------------------------------------------------

    @staticmethod
    def check_name(member: str, value: str) -> None:
        """SWF's rule for names and ids (domain, type name and version, workflowId, activityId,
        timerId, task list): no leading or trailing whitespace, no ``:``, ``/``, ``|`` nor
        control characters, and not the literal ``arn``. ValidationException otherwise."""
        if (
            value == "arn"
            or value != value.strip()
            or any(c in ":/|" or c <= "\x1f" or "\x7f" <= c <= "\x9f" for c in value)
        ):
            raise faults.ValidationException(
                f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy "
                "constraint: Member must not start or end with whitespace, contain ':', '/', "
                "'|' or control characters, nor be the literal string 'arn'"
            )

    # -- domains and types -------------------------------------------------------------------

    def domain_arn(self, name: str) -> str:
        """The ARN of the domain ``name``: ``arn:aws:swf:<region>:<account>:/domain/<name>``."""
        return f"arn:aws:swf:{self.region}:{self.account_id}:/domain/{name}"

    def require_domain(
        self, tx: Transaction, name: str, *, registered: bool = False
    ) -> sqlite3.Row:
        """The domain row; UnknownResourceFault if missing, DomainDeprecatedFault if
        ``registered`` is asked and the domain is deprecated."""
        row = tx.one("SELECT * FROM domains WHERE name = ?", (name,))
        if row is None:
            raise faults.UnknownResourceFault(f"Unknown domain: {name}")
        if registered and row["status"] != "REGISTERED":
            raise faults.DomainDeprecatedFault(f"Domain is deprecated: {name}")
        return row

    def get_type(
        self, tx: Transaction, kind: TypeKind, domain: str, name: str, version: str
    ) -> sqlite3.Row | None:
        """The type row (``defaults`` is a JSON object text, see :meth:`type_defaults`)."""
        row: sqlite3.Row | None = tx.one(
            "SELECT * FROM types WHERE domain = ? AND kind = ? AND name = ? AND version = ?",
            (domain, kind, name, version),
        )
        return row

    @staticmethod
    def type_defaults(row: sqlite3.Row) -> dict[str, Any]:
        """The ``default*`` members of a type row, exactly as they were registered."""
        result: dict[str, Any] = json.loads(row["defaults"] or "{}")
        return result

    # -- pagination --------------------------------------------------------------------------

    @staticmethod
    def page_size(params: dict[str, Any]) -> int:
        """``maximumPageSize`` of a request; 0 or absent means the service default, 1000."""
        size = int(params.get("maximumPageSize") or 0)
        return 1000 if size <= 0 else min(size, 1000)

    @staticmethod
    def encode_page_token(scope: str, position: Any) -> str:
        """An opaque ``nextPageToken`` holding ``position`` for requests of ``scope``.

        ``scope`` should identify the query (operation and filters) so a token cannot be
        replayed against a different one.
        """
        raw = json.dumps({"s": scope, "p": position}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode()

    @staticmethod
    def decode_page_token(token: str, scope: str) -> Any:
        """The position stored by :meth:`encode_page_token`; ValidationException if invalid."""
        try:
            data = json.loads(base64.urlsafe_b64decode(token.encode()))
            if not isinstance(data, dict) or data.get("s") != scope:
                raise ValueError(token)
            return data["p"]
        except (ValueError, KeyError, binascii.Error, UnicodeError):
            raise faults.ValidationException(
                "Invalid nextPageToken: it does not belong to this request"
            ) from None


def to_millis(seconds: float) -> float:
    """``seconds`` truncated to the millisecond (a value within float noise of a millisecond
    boundary, such as ``t + 30`` for a millisecond ``t``, counts as that millisecond)."""
    return math.floor(round(seconds * 1000, 3)) / 1000


class IncompatibleDatabaseError(sqlite3.DatabaseError):
    """The database file was written by a version of SWF Local with another schema."""


def check_schema_version(tx: Any, path: str, schemas: list[str]) -> None:
    """Refuse a database whose schema differs from this code's; stamp a new one.

    The stamp is a digest of every ``SCHEMA`` text, kept in ``swf_local_meta``. A database with
    tables but another (or no) stamp was made by another version: opening it would fail later,
    deep inside an operation, so it fails here with a message that says what to do.
    """
    digest = hashlib.sha256("\n".join(schemas).encode()).hexdigest()[:16]
    tx.execute("CREATE TABLE IF NOT EXISTS swf_local_meta (key TEXT PRIMARY KEY, value TEXT)")
    row = tx.one("SELECT value FROM swf_local_meta WHERE key = 'schema'")
    if row is None:
        others = tx.one(
            "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' "
            "AND name NOT IN ('swf_local_meta', 'deadlines')"
        )
        if others is not None and others["n"]:
            raise IncompatibleDatabaseError(
                f"{path} was created by an older SWF Local; use a new database file"
            )
        tx.execute("INSERT INTO swf_local_meta (key, value) VALUES ('schema', ?)", (digest,))
    elif row["value"] != digest:
        raise IncompatibleDatabaseError(
            f"{path} was created by another version of SWF Local (schema {row['value']}, "
            f"this version needs {digest}); use a new database file"
        )
