"""Domain operations of SWF Local: Register, Describe, List, Deprecate, Undeprecate."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from swf.local import faults

if TYPE_CHECKING:
    from swf.local.service.base import ServiceBase

    _Base = ServiceBase
else:
    _Base = object

__all__ = ["DomainOps", "parse_retention"]

MAX_RETENTION_DAYS = 90


def parse_retention(value: str) -> int:
    """Days of ``workflowExecutionRetentionPeriodInDays``: "0".."90" or "NONE" (0)."""
    if value == "NONE":
        return 0
    if not (value.isascii() and value.isdigit()):
        raise faults.ValidationException(
            f"Invalid value for workflowExecutionRetentionPeriodInDays: {value!r} "
            "(an integer number of days, or NONE)"
        )
    days = int(value)
    if days > MAX_RETENTION_DAYS:
        raise faults.LimitExceededFault(
            f"Retention period {days} days exceeds the maximum of {MAX_RETENTION_DAYS} days"
        )
    return days


class DomainOps(_Base):
    """RegisterDomain, DescribeDomain, ListDomains, DeprecateDomain, UndeprecateDomain."""

    def _domain_info(self, row: sqlite3.Row) -> dict[str, Any]:
        info: dict[str, Any] = {"name": row["name"], "status": row["status"]}
        if row["description"] is not None:
            info["description"] = row["description"]
        info["arn"] = self.domain_arn(row["name"])
        return info

    def register_domain(self, params: dict[str, Any]) -> dict[str, Any]:
        """RegisterDomain: DomainAlreadyExistsFault, LimitExceededFault, TooManyTagsFault."""
        name = params["name"]
        retention = params["workflowExecutionRetentionPeriodInDays"]
        self.check_name("name", name)
        days = parse_retention(retention)
        tags = params.get("tags") or []
        with self.store.transaction() as tx:
            if tx.one("SELECT 1 FROM domains WHERE name = ?", (name,)) is not None:
                raise faults.DomainAlreadyExistsFault(f"Domain already exists: {name}")
            (count,) = tx.one("SELECT COUNT(*) FROM domains") or (0,)
            if count >= self.MAX_DOMAINS:
                raise faults.LimitExceededFault(
                    f"Domain limit exceeded: at most {self.MAX_DOMAINS} domains"
                )
            tx.execute(
                "INSERT INTO domains (name, status, description, retention_days, retention, "
                "created) VALUES (?, 'REGISTERED', ?, ?, ?, ?)",
                (name, params.get("description"), days, retention, self.now()),
            )
            if tags:
                self._put_tags(tx, name, tags)  # type: ignore[attr-defined]
        return {}

    def describe_domain(self, params: dict[str, Any]) -> dict[str, Any]:
        """DescribeDomain: domainInfo (with arn) and configuration."""
        with self.store.transaction() as tx:
            row = self.require_domain(tx, params["name"])
        return {
            "domainInfo": self._domain_info(row),
            "configuration": {"workflowExecutionRetentionPeriodInDays": row["retention"]},
        }

    def list_domains(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListDomains: by name (reverseOrder: descending), paginated."""
        status = params["registrationStatus"]
        reverse = bool(params.get("reverseOrder"))
        size = self.page_size(params)
        scope = f"ListDomains:{status}:{int(reverse)}"
        sql = "SELECT * FROM domains WHERE status = ?"
        args: list[Any] = [status]
        token = params.get("nextPageToken")
        if token:
            after = self.decode_page_token(token, scope)
            sql += " AND name < ?" if reverse else " AND name > ?"
            args.append(str(after))
        sql += " ORDER BY name DESC" if reverse else " ORDER BY name"
        sql += " LIMIT ?"
        args.append(size + 1)
        with self.store.transaction() as tx:
            rows = tx.all(sql, args)
        result: dict[str, Any] = {"domainInfos": [self._domain_info(r) for r in rows[:size]]}
        if len(rows) > size:
            result["nextPageToken"] = self.encode_page_token(scope, rows[size - 1]["name"])
        return result

    def deprecate_domain(self, params: dict[str, Any]) -> dict[str, Any]:
        """DeprecateDomain: DomainDeprecatedFault if it is deprecated already. As documented,
        it also deprecates every activity and workflow type registered in the domain."""
        name = params["name"]
        with self.store.transaction() as tx:
            row = self.require_domain(tx, name)
            if row["status"] == "DEPRECATED":
                raise faults.DomainDeprecatedFault(f"Domain already deprecated: {name}")
            tx.execute("UPDATE domains SET status = 'DEPRECATED' WHERE name = ?", (name,))
            tx.execute(
                "UPDATE types SET status = 'DEPRECATED', deprecated = ? "
                "WHERE domain = ? AND status = 'REGISTERED'",
                (self.now(), name),
            )
        return {}

    def undeprecate_domain(self, params: dict[str, Any]) -> dict[str, Any]:
        """UndeprecateDomain: DomainAlreadyExistsFault if it is registered."""
        name = params["name"]
        with self.store.transaction() as tx:
            row = self.require_domain(tx, name)
            if row["status"] == "REGISTERED":
                raise faults.DomainAlreadyExistsFault(f"Domain already registered: {name}")
            tx.execute("UPDATE domains SET status = 'REGISTERED' WHERE name = ?", (name,))
        return {}
