"""The registry of SWF Local: domains and their activity and workflow types.

Tables ``domains`` and ``types``: one module, since deprecating a domain deprecates its types.
A type's ``default*`` members are kept exactly as registered (JSON in ``types.defaults``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

from swf.local import faults
from swf.local.service._pages import decode_token, encode_token, scope_of
from swf.local.service._wire import (
    Limits,
    check_duration,
    check_name,
    check_priority,
    parse_retention,
)
from swf.local.store import Row, Transaction

__all__ = ["Registry", "TypeKind"]

TypeKind = Literal["activity", "workflow"]

_DEFAULTS: dict[TypeKind, tuple[str, ...]] = {
    "activity": (
        "defaultTaskStartToCloseTimeout",
        "defaultTaskHeartbeatTimeout",
        "defaultTaskList",
        "defaultTaskPriority",
        "defaultTaskScheduleToStartTimeout",
        "defaultTaskScheduleToCloseTimeout",
    ),
    "workflow": (
        "defaultTaskStartToCloseTimeout",
        "defaultExecutionStartToCloseTimeout",
        "defaultTaskList",
        "defaultTaskPriority",
        "defaultChildPolicy",
        "defaultLambdaRole",
    ),
}
_TYPE_KEY: dict[TypeKind, str] = {"activity": "activityType", "workflow": "workflowType"}
_LABEL: dict[TypeKind, str] = {"activity": "ActivityType", "workflow": "WorkflowType"}


def _type_label(kind: TypeKind, name: str, version: str) -> str:
    return f"{_LABEL[kind]}=[name={name}, version={version}]"


class Registry:
    """Domains and types: registration, description, listing, (un)deprecation, deletion."""

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

    def __init__(
        self, *, now: Callable[[], float], limits: Limits, region: str, account_id: str
    ) -> None:
        self._now = now
        self._limits = limits
        self.region = region
        self.account_id = account_id

    # -- domains -------------------------------------------------------------------------------

    def domain_arn(self, name: str) -> str:
        """The ARN of the domain ``name``: ``arn:aws:swf:<region>:<account>:/domain/<name>``."""
        return f"arn:aws:swf:{self.region}:{self.account_id}:/domain/{name}"

    def domain_exists(self, tx: Transaction, name: str) -> bool:
        """True if the domain ``name`` is registered or deprecated."""
        return tx.one("SELECT 1 FROM domains WHERE name = ?", (name,)) is not None

    def require_domain(self, tx: Transaction, name: str, *, registered: bool = False) -> Row:
        """The domain row; UnknownResourceFault if missing, DomainDeprecatedFault if
        ``registered`` is asked and the domain is deprecated."""
        row = tx.one("SELECT * FROM domains WHERE name = ?", (name,))
        if row is None:
            raise faults.UnknownResourceFault(f"Unknown domain: {name}")
        if registered and row["status"] != "REGISTERED":
            raise faults.DomainDeprecatedFault(f"Domain is deprecated: {name}")
        return row

    def retention_days(self, tx: Transaction, name: str) -> int:
        """The retention period of the domain ``name`` in days (0 if it is gone)."""
        days = tx.scalar("SELECT retention_days FROM domains WHERE name = ?", (name,))
        return int(days or 0)

    def domain_info(self, row: Row) -> dict[str, Any]:
        """The DomainInfo of a domain row."""
        info: dict[str, Any] = {"name": row["name"], "status": row["status"]}
        if row["description"] is not None:
            info["description"] = row["description"]
        info["arn"] = self.domain_arn(row["name"])
        return info

    def register_domain(
        self, tx: Transaction, name: str, retention: str, description: str | None
    ) -> None:
        """Register a domain: DomainAlreadyExistsFault, LimitExceededFault."""
        check_name("name", name)
        days = parse_retention(retention)
        if self.domain_exists(tx, name):
            raise faults.DomainAlreadyExistsFault(f"Domain already exists: {name}")
        if tx.scalar("SELECT COUNT(*) FROM domains") >= self._limits.domains:
            raise faults.LimitExceededFault(
                f"Domain limit exceeded: at most {self._limits.domains} domains"
            )
        tx.execute(
            "INSERT INTO domains (name, status, description, retention_days, retention, "
            "created) VALUES (?, 'REGISTERED', ?, ?, ?, ?)",
            (name, description, days, retention, self._now()),
        )

    def list_domains(
        self, tx: Transaction, status: str, *, reverse: bool, size: int, token: str | None
    ) -> dict[str, Any]:
        """One page of domains by name (``reverse``: descending), as ListDomains answers."""
        scope = scope_of("ListDomains", status, reverse)
        sql = "SELECT * FROM domains WHERE status = ?"
        args: list[Any] = [status]
        if token:
            after = decode_token(token, scope, now=self._now())
            sql += " AND name < ?" if reverse else " AND name > ?"
            args.append(str(after))
        sql += " ORDER BY name DESC" if reverse else " ORDER BY name"
        rows = tx.all(sql + " LIMIT ?", [*args, size + 1])
        result: dict[str, Any] = {"domainInfos": [self.domain_info(r) for r in rows[:size]]}
        if len(rows) > size:
            result["nextPageToken"] = encode_token(
                scope, rows[size - 1]["name"], issued=self._now()
            )
        return result

    def deprecate_domain(self, tx: Transaction, name: str) -> None:
        """Deprecate a domain and, as documented, every type registered in it."""
        row = self.require_domain(tx, name)
        if row["status"] == "DEPRECATED":
            raise faults.DomainDeprecatedFault(f"Domain already deprecated: {name}")
        tx.execute("UPDATE domains SET status = 'DEPRECATED' WHERE name = ?", (name,))
        tx.execute(
            "UPDATE types SET status = 'DEPRECATED', deprecated = ? "
            "WHERE domain = ? AND status = 'REGISTERED'",
            (self._now(), name),
        )

    def undeprecate_domain(self, tx: Transaction, name: str) -> None:
        """Register a deprecated domain again: DomainAlreadyExistsFault if it is registered."""
        row = self.require_domain(tx, name)
        if row["status"] == "REGISTERED":
            raise faults.DomainAlreadyExistsFault(f"Domain already registered: {name}")
        tx.execute("UPDATE domains SET status = 'REGISTERED' WHERE name = ?", (name,))

    # -- types ---------------------------------------------------------------------------------

    def get_type(
        self, tx: Transaction, kind: TypeKind, domain: str, name: str, version: str
    ) -> Row | None:
        """The type row, or None (``defaults`` is a JSON object text, see :meth:`defaults`)."""
        return tx.one(
            "SELECT * FROM types WHERE domain = ? AND kind = ? AND name = ? AND version = ?",
            (domain, kind, name, version),
        )

    @staticmethod
    def defaults(row: Row) -> dict[str, Any]:
        """The ``default*`` members of a type row, exactly as they were registered."""
        result: dict[str, Any] = json.loads(row["defaults"] or "{}")
        return result

    def require_type(
        self, tx: Transaction, kind: TypeKind, domain: str, ref: dict[str, Any]
    ) -> Row:
        """The type named by ``ref`` (``name``, ``version``) in an existing domain;
        UnknownResourceFault otherwise."""
        self.require_domain(tx, domain)
        row = self.get_type(tx, kind, domain, ref["name"], ref["version"])
        if row is None:
            raise faults.UnknownResourceFault(
                "Unknown type: " + _type_label(kind, ref["name"], ref["version"])
            )
        return row

    def type_info(self, kind: TypeKind, row: Row) -> dict[str, Any]:
        """The ActivityTypeInfo or WorkflowTypeInfo of a type row."""
        info: dict[str, Any] = {
            _TYPE_KEY[kind]: {"name": row["name"], "version": row["version"]},
            "status": row["status"],
        }
        if row["description"] is not None:
            info["description"] = row["description"]
        info["creationDate"] = row["created"]
        if row["deprecated"] is not None:
            info["deprecationDate"] = row["deprecated"]
        return info

    def register_type(self, tx: Transaction, kind: TypeKind, params: dict[str, Any]) -> None:
        """Register a type from a Register*Type request: TypeAlreadyExistsFault,
        LimitExceededFault, UnknownResourceFault for a deprecated domain."""
        domain, name, version = params["domain"], params["name"], params["version"]
        check_name("name", name)
        check_name("version", version)
        defaults = {key: params[key] for key in _DEFAULTS[kind] if params.get(key) is not None}
        for key, value in defaults.items():
            if key.endswith("Timeout"):
                check_duration(key, value, allow_none=key != "defaultExecutionStartToCloseTimeout")
            elif key == "defaultTaskPriority":
                check_priority(key, value)
        row = self.require_domain(tx, domain)
        if row["status"] != "REGISTERED":
            raise faults.UnknownResourceFault(f"Domain is deprecated: {domain}")
        if self.get_type(tx, kind, domain, name, version) is not None:
            raise faults.TypeAlreadyExistsFault(_type_label(kind, name, version))
        count = tx.scalar(
            "SELECT COUNT(*) FROM types WHERE domain = ? AND kind = ?", (domain, kind)
        )
        if count >= self._limits.types_per_domain:
            raise faults.LimitExceededFault(
                f"Type limit exceeded: at most {self._limits.types_per_domain} "
                f"{kind} types per domain"
            )
        tx.execute(
            "INSERT INTO types (domain, kind, name, version, status, description, created, "
            "deprecated, defaults) VALUES (?, ?, ?, ?, 'REGISTERED', ?, ?, NULL, ?)",
            (
                domain,
                kind,
                name,
                version,
                params.get("description"),
                self._now(),
                json.dumps(defaults, separators=(",", ":")),
            ),
        )

    def list_types(
        self, tx: Transaction, kind: TypeKind, params: dict[str, Any], *, size: int
    ) -> dict[str, Any]:
        """One page of types by name then version, as List*Types answers."""
        domain, status = params["domain"], params["registrationStatus"]
        name = params.get("name")
        reverse = bool(params.get("reverseOrder"))
        scope = scope_of("List", kind, domain, status, name, reverse)
        sql = "SELECT * FROM types WHERE domain = ? AND kind = ? AND status = ?"
        args: list[Any] = [domain, kind, status]
        if name is not None:
            sql += " AND name = ?"
            args.append(name)
        token = params.get("nextPageToken")
        if token:
            after = decode_token(token, scope, now=self._now())
            if not (isinstance(after, list) and len(after) == 2):
                raise faults.ValidationException("Invalid nextPageToken")
            sql += " AND (name, version) < (?, ?)" if reverse else " AND (name, version) > (?, ?)"
            args.extend(after)
        sql += " ORDER BY name DESC, version DESC" if reverse else " ORDER BY name, version"
        self.require_domain(tx, domain)
        rows = tx.all(sql + " LIMIT ?", [*args, size + 1])
        result: dict[str, Any] = {"typeInfos": [self.type_info(kind, r) for r in rows[:size]]}
        if len(rows) > size:
            last = rows[size - 1]
            result["nextPageToken"] = encode_token(
                scope, [last["name"], last["version"]], issued=self._now()
            )
        return result

    def deprecate_type(
        self, tx: Transaction, kind: TypeKind, domain: str, ref: dict[str, Any]
    ) -> None:
        """Deprecate a type: TypeDeprecatedFault if it is deprecated already."""
        row = self.require_type(tx, kind, domain, ref)
        if row["status"] == "DEPRECATED":
            raise faults.TypeDeprecatedFault(_type_label(kind, ref["name"], ref["version"]))
        tx.execute(
            "UPDATE types SET status = 'DEPRECATED', deprecated = ? "
            "WHERE domain = ? AND kind = ? AND name = ? AND version = ?",
            (self._now(), domain, kind, ref["name"], ref["version"]),
        )

    def undeprecate_type(
        self, tx: Transaction, kind: TypeKind, domain: str, ref: dict[str, Any]
    ) -> None:
        """Register a deprecated type again: TypeAlreadyExistsFault if it is registered."""
        row = self.require_type(tx, kind, domain, ref)
        if row["status"] == "REGISTERED":
            raise faults.TypeAlreadyExistsFault(_type_label(kind, ref["name"], ref["version"]))
        tx.execute(
            "UPDATE types SET status = 'REGISTERED', deprecated = NULL "
            "WHERE domain = ? AND kind = ? AND name = ? AND version = ?",
            (domain, kind, ref["name"], ref["version"]),
        )

    def delete_type(
        self, tx: Transaction, kind: TypeKind, domain: str, ref: dict[str, Any]
    ) -> None:
        """Delete a deprecated type: TypeNotDeprecatedFault unless it is deprecated."""
        row = self.require_type(tx, kind, domain, ref)
        if row["status"] != "DEPRECATED":
            raise faults.TypeNotDeprecatedFault(
                _type_label(kind, ref["name"], ref["version"]) + " is not deprecated"
            )
        tx.execute(
            "DELETE FROM types WHERE domain = ? AND kind = ? AND name = ? AND version = ?",
            (domain, kind, ref["name"], ref["version"]),
        )
