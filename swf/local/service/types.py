"""Activity and workflow type operations of SWF Local.

Register, Describe, List, Deprecate, Undeprecate and Delete, for both kinds. A type's ``default*``
members are kept exactly as registered (JSON in ``types.defaults``).
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from swf.local import faults

if TYPE_CHECKING:
    from swf.local.service.base import ServiceBase, TypeKind

    _Base = ServiceBase
else:
    _Base = object

__all__ = ["TypeOps", "check_duration", "check_priority"]

_DEFAULTS: dict[str, tuple[str, ...]] = {
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
_TYPE_KEY = {"activity": "activityType", "workflow": "workflowType"}
_LABEL = {"activity": "ActivityType", "workflow": "WorkflowType"}

_INT32 = (-(2**31), 2**31 - 1)


def check_duration(member: str, value: str, *, allow_none: bool = True) -> None:
    """A duration is a string of seconds (at most 8 characters) or ``NONE``."""
    if value == "NONE" and allow_none:
        return
    if not (value.isascii() and value.isdigit()):
        allowed = "an integer number of seconds" + (" or NONE" if allow_none else "")
        raise faults.ValidationException(f"Invalid value for {member}: {value!r} ({allowed})")


def check_priority(member: str, value: str) -> None:
    """A task priority is an integer string in [-2^31, 2^31 - 1]."""
    try:
        number = int(value, 10)
    except ValueError:
        number = None
    if number is None or not _INT32[0] <= number <= _INT32[1] or value.strip() != value:
        raise faults.ValidationException(
            f"Invalid value for {member}: {value!r} (an integer in [-2147483648, 2147483647])"
        )


class TypeOps(_Base):
    """Register/Describe/List/Deprecate/Undeprecate/Delete ActivityType and WorkflowType."""

    # -- shared implementation ---------------------------------------------------------------

    def _type_info(self, kind: TypeKind, row: sqlite3.Row) -> dict[str, Any]:
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

    def _require_type(self, tx: Any, kind: TypeKind, domain: str, ref: dict[str, Any]) -> Any:
        self.require_domain(tx, domain)
        row = self.get_type(tx, kind, domain, ref["name"], ref["version"])
        if row is None:
            raise faults.UnknownResourceFault(
                f"Unknown type: {_LABEL[kind]}=[name={ref['name']}, version={ref['version']}]"
            )
        return row

    def _register_type(self, kind: TypeKind, params: dict[str, Any]) -> dict[str, Any]:
        domain, name, version = params["domain"], params["name"], params["version"]
        self.check_name("name", name)
        self.check_name("version", version)
        defaults = {key: params[key] for key in _DEFAULTS[kind] if params.get(key) is not None}
        for key, value in defaults.items():
            if key.endswith("Timeout"):
                check_duration(key, value, allow_none=key != "defaultExecutionStartToCloseTimeout")
            elif key == "defaultTaskPriority":
                check_priority(key, value)
        with self.store.transaction() as tx:
            row = self.require_domain(tx, domain)
            if row["status"] != "REGISTERED":
                raise faults.UnknownResourceFault(f"Domain is deprecated: {domain}")
            if self.get_type(tx, kind, domain, name, version) is not None:
                raise faults.TypeAlreadyExistsFault(
                    f"{_LABEL[kind]}=[name={name}, version={version}]"
                )
            (count,) = tx.one(
                "SELECT COUNT(*) FROM types WHERE domain = ? AND kind = ?", (domain, kind)
            ) or (0,)
            if count >= self.MAX_TYPES_PER_DOMAIN:
                raise faults.LimitExceededFault(
                    f"Type limit exceeded: at most {self.MAX_TYPES_PER_DOMAIN} "
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
                    self.now(),
                    json.dumps(defaults, separators=(",", ":")),
                ),
            )
        return {}

    def _describe_type(self, kind: TypeKind, params: dict[str, Any]) -> dict[str, Any]:
        with self.store.transaction() as tx:
            row = self._require_type(tx, kind, params["domain"], params[_TYPE_KEY[kind]])
        return {"typeInfo": self._type_info(kind, row), "configuration": self.type_defaults(row)}

    def _list_types(self, kind: TypeKind, params: dict[str, Any]) -> dict[str, Any]:
        domain, status = params["domain"], params["registrationStatus"]
        name = params.get("name")
        reverse = bool(params.get("reverseOrder"))
        size = self.page_size(params)
        scope = json.dumps(["List", kind, domain, status, name, reverse])
        sql = "SELECT * FROM types WHERE domain = ? AND kind = ? AND status = ?"
        args: list[Any] = [domain, kind, status]
        if name is not None:
            sql += " AND name = ?"
            args.append(name)
        token = params.get("nextPageToken")
        if token:
            after = self.decode_page_token(token, scope)
            if not (isinstance(after, list) and len(after) == 2):
                raise faults.ValidationException("Invalid nextPageToken")
            sql += " AND (name, version) < (?, ?)" if reverse else " AND (name, version) > (?, ?)"
            args.extend(after)
        sql += " ORDER BY name DESC, version DESC" if reverse else " ORDER BY name, version"
        sql += " LIMIT ?"
        args.append(size + 1)
        with self.store.transaction() as tx:
            self.require_domain(tx, domain)
            rows = tx.all(sql, args)
        result: dict[str, Any] = {"typeInfos": [self._type_info(kind, r) for r in rows[:size]]}
        if len(rows) > size:
            last = rows[size - 1]
            result["nextPageToken"] = self.encode_page_token(scope, [last["name"], last["version"]])
        return result

    def _deprecate_type(self, kind: TypeKind, params: dict[str, Any]) -> dict[str, Any]:
        ref = params[_TYPE_KEY[kind]]
        with self.store.transaction() as tx:
            row = self._require_type(tx, kind, params["domain"], ref)
            if row["status"] == "DEPRECATED":
                raise faults.TypeDeprecatedFault(
                    f"{_LABEL[kind]}=[name={ref['name']}, version={ref['version']}]"
                )
            tx.execute(
                "UPDATE types SET status = 'DEPRECATED', deprecated = ? "
                "WHERE domain = ? AND kind = ? AND name = ? AND version = ?",
                (self.now(), params["domain"], kind, ref["name"], ref["version"]),
            )
        return {}

    def _undeprecate_type(self, kind: TypeKind, params: dict[str, Any]) -> dict[str, Any]:
        ref = params[_TYPE_KEY[kind]]
        with self.store.transaction() as tx:
            row = self._require_type(tx, kind, params["domain"], ref)
            if row["status"] == "REGISTERED":
                raise faults.TypeAlreadyExistsFault(
                    f"{_LABEL[kind]}=[name={ref['name']}, version={ref['version']}]"
                )
            tx.execute(
                "UPDATE types SET status = 'REGISTERED', deprecated = NULL "
                "WHERE domain = ? AND kind = ? AND name = ? AND version = ?",
                (params["domain"], kind, ref["name"], ref["version"]),
            )
        return {}

    def _delete_type(self, kind: TypeKind, params: dict[str, Any]) -> dict[str, Any]:
        ref = params[_TYPE_KEY[kind]]
        with self.store.transaction() as tx:
            row = self._require_type(tx, kind, params["domain"], ref)
            if row["status"] != "DEPRECATED":
                raise faults.TypeNotDeprecatedFault(
                    f"{_LABEL[kind]}=[name={ref['name']}, version={ref['version']}] "
                    "is not deprecated"
                )
            tx.execute(
                "DELETE FROM types WHERE domain = ? AND kind = ? AND name = ? AND version = ?",
                (params["domain"], kind, ref["name"], ref["version"]),
            )
        return {}

    # -- the 12 operations -------------------------------------------------------------------

    def register_activity_type(self, params: dict[str, Any]) -> dict[str, Any]:
        """RegisterActivityType: TypeAlreadyExistsFault, LimitExceededFault."""
        return self._register_type("activity", params)

    def register_workflow_type(self, params: dict[str, Any]) -> dict[str, Any]:
        """RegisterWorkflowType: TypeAlreadyExistsFault, LimitExceededFault."""
        return self._register_type("workflow", params)

    def describe_activity_type(self, params: dict[str, Any]) -> dict[str, Any]:
        """DescribeActivityType: typeInfo and the registered defaults."""
        return self._describe_type("activity", params)

    def describe_workflow_type(self, params: dict[str, Any]) -> dict[str, Any]:
        """DescribeWorkflowType: typeInfo and the registered defaults."""
        return self._describe_type("workflow", params)

    def list_activity_types(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListActivityTypes: by name then version, optionally one name, paginated."""
        return self._list_types("activity", params)

    def list_workflow_types(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListWorkflowTypes: by name then version, optionally one name, paginated."""
        return self._list_types("workflow", params)

    def deprecate_activity_type(self, params: dict[str, Any]) -> dict[str, Any]:
        """DeprecateActivityType: TypeDeprecatedFault if deprecated already."""
        return self._deprecate_type("activity", params)

    def deprecate_workflow_type(self, params: dict[str, Any]) -> dict[str, Any]:
        """DeprecateWorkflowType: TypeDeprecatedFault if deprecated already."""
        return self._deprecate_type("workflow", params)

    def undeprecate_activity_type(self, params: dict[str, Any]) -> dict[str, Any]:
        """UndeprecateActivityType: TypeAlreadyExistsFault if registered."""
        return self._undeprecate_type("activity", params)

    def undeprecate_workflow_type(self, params: dict[str, Any]) -> dict[str, Any]:
        """UndeprecateWorkflowType: TypeAlreadyExistsFault if registered."""
        return self._undeprecate_type("workflow", params)

    def delete_activity_type(self, params: dict[str, Any]) -> dict[str, Any]:
        """DeleteActivityType: TypeNotDeprecatedFault unless deprecated."""
        return self._delete_type("activity", params)

    def delete_workflow_type(self, params: dict[str, Any]) -> dict[str, Any]:
        """DeleteWorkflowType: TypeNotDeprecatedFault unless deprecated."""
        return self._delete_type("workflow", params)
