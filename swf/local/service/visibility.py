"""SWF Local: visibility — List/Count Open/Closed WorkflowExecutions.

Open executions need ``startTimeFilter``; closed ones exactly one of ``startTimeFilter`` and
``closeTimeFilter``. ``executionFilter``, ``typeFilter``, ``tagFilter`` and
``closeStatusFilter`` are mutually exclusive. Results come newest first (by start time, or by
close time when filtered by close time) unless ``reverseOrder``; pages use keyset tokens so a
deep page costs what the first one does.
"""

from __future__ import annotations

from typing import Any

from swf.local.faults import ValidationException
from swf.local.service.executions_util import decode_token, encode_token, page_size, rows

_Base: Any = object

_EXCLUSIVE = ("executionFilter", "typeFilter", "tagFilter", "closeStatusFilter")


def _query(params: dict[str, Any], status: str) -> tuple[str, list[Any], str]:
    """The WHERE clause, its parameters and the ordering column of a visibility request."""
    given = [name for name in _EXCLUSIVE if params.get(name)]
    if len(given) > 1:
        raise ValidationException(
            "executionFilter, typeFilter, tagFilter and closeStatusFilter are mutually "
            f"exclusive: at most one per request (got {', '.join(given)})"
        )
    start_filter = params.get("startTimeFilter")
    close_filter = params.get("closeTimeFilter")
    if status == "OPEN":
        if not start_filter:
            raise ValidationException("startTimeFilter is required")
        column, time_filter = "start", start_filter
    else:
        if bool(start_filter) == bool(close_filter):
            raise ValidationException(
                "Exactly one of startTimeFilter and closeTimeFilter must be given"
            )
        column, time_filter = ("close", close_filter) if close_filter else ("start", start_filter)
    where = ["e.domain = ?", "e.status = ?", f"e.{column} >= ?"]
    args: list[Any] = [params["domain"], status, float(time_filter["oldestDate"])]
    if time_filter.get("latestDate") is not None:
        where.append(f"e.{column} <= ?")
        args.append(float(time_filter["latestDate"]))
    if params.get("executionFilter"):
        where.append("e.workflow_id = ?")
        args.append(params["executionFilter"]["workflowId"])
    if params.get("typeFilter"):
        where.append("e.type_name = ?")
        args.append(params["typeFilter"]["name"])
        if params["typeFilter"].get("version"):
            where.append("e.type_version = ?")
            args.append(params["typeFilter"]["version"])
    if params.get("tagFilter"):
        where.append("e.run_id IN (SELECT run_id FROM execution_tags WHERE domain = ? AND tag = ?)")
        args.extend([params["domain"], params["tagFilter"]["tag"]])
    if params.get("closeStatusFilter"):
        where.append("e.close_status = ?")
        args.append(params["closeStatusFilter"]["status"])
    return " AND ".join(where), args, column


class VisibilityOps(_Base):
    """Listing and counting executions."""

    def _list(self, params: dict[str, Any], status: str) -> dict[str, Any]:
        where, args, column = _query(params, status)
        size = page_size(params.get("maximumPageSize"))
        reverse = bool(params.get("reverseOrder"))
        scope = f"{status}:{column}:{reverse}"
        if params.get("nextPageToken"):
            token = decode_token(params["nextPageToken"], kind="executions")
            if token.get("s") != scope:
                raise ValidationException("Invalid nextPageToken")
            op = ">" if reverse else "<"
            where += f" AND (e.{column} {op} ? OR (e.{column} = ? AND e.run_id {op} ?))"
            args.extend([token["t"], token["t"], token["r"]])
        direction = "ASC" if reverse else "DESC"
        sql = (
            f"SELECT e.* FROM executions e WHERE {where} "
            f"ORDER BY e.{column} {direction}, e.run_id {direction} LIMIT ?"
        )
        with self.store.transaction() as tx:
            self.require_domain(tx, params["domain"])
            found = rows(tx.execute(sql, [*args, size + 1]))
        result: dict[str, Any] = {
            "executionInfos": [self.execution_info(exe) for exe in found[:size]]
        }
        if len(found) > size:
            last = found[size - 1]
            result["nextPageToken"] = encode_token(
                {"k": "executions", "s": scope, "t": last[column], "r": last["run_id"]}
            )
        return result

    def _count(self, params: dict[str, Any], status: str) -> dict[str, Any]:
        where, args, _ = _query(params, status)
        with self.store.transaction() as tx:
            self.require_domain(tx, params["domain"])
            count = tx.execute(f"SELECT COUNT(*) FROM executions e WHERE {where}", args).fetchone()[
                0
            ]
        return {"count": count, "truncated": False}

    def list_open_workflow_executions(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListOpenWorkflowExecutions."""
        return self._list(params, "OPEN")

    def list_closed_workflow_executions(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListClosedWorkflowExecutions."""
        return self._list(params, "CLOSED")

    def count_open_workflow_executions(self, params: dict[str, Any]) -> dict[str, Any]:
        """CountOpenWorkflowExecutions."""
        return self._count(params, "OPEN")

    def count_closed_workflow_executions(self, params: dict[str, Any]) -> dict[str, Any]:
        """CountClosedWorkflowExecutions."""
        return self._count(params, "CLOSED")
