"""SWF Local: visibility — List/Count Open/Closed WorkflowExecutions.

Open executions need ``startTimeFilter``; closed ones exactly one of ``startTimeFilter`` and
``closeTimeFilter``. ``executionFilter``, ``typeFilter``, ``tagFilter`` and
``closeStatusFilter`` are mutually exclusive. Results come newest first (by start time, or by
close time when filtered by close time) unless ``reverseOrder``; pages use keyset tokens so a
deep page costs what the first one does.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from swf.local.faults import ValidationException
from swf.local.service.base import to_millis
from swf.local.service.executions_util import decode_token, encode_token, page_size, rows

_Base: Any = object

_EXCLUSIVE = ("executionFilter", "typeFilter", "tagFilter", "closeStatusFilter")
_SCOPED = ("domain", "startTimeFilter", "closeTimeFilter", *_EXCLUSIVE)


def _scope(params: dict[str, Any], prefix: str) -> str:
    """What a page token is bound to: the query, less its page size and token."""
    query = json.dumps({key: params.get(key) for key in _SCOPED}, sort_keys=True)
    return f"{prefix}:{hashlib.sha256(query.encode()).hexdigest()[:16]}"


class _Query:
    """The SQL pieces of one visibility request.

    ``source`` is the FROM clause, ``where`` and ``args`` the conditions, ``column`` the time
    column the results are ordered by, ``alias`` the table alias holding it. A tag filter reads
    the denormalized ``execution_tags`` table (status and times copied there) so counting is
    index-only; the other filters name the index that serves them, since SQLite's planner would
    otherwise walk the (domain, status, start) index for the ordering.
    """

    def __init__(self, params: dict[str, Any], status: str) -> None:
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
            if close_filter:
                column, time_filter = "close", close_filter
            else:
                column, time_filter = "start", start_filter
        self.column = column
        domain = params["domain"]
        if params.get("tagFilter"):
            self.alias = "t"
            self.tags_only = f"execution_tags t INDEXED BY execution_tags_{column}"
            self.source = f"{self.tags_only} JOIN executions e ON e.run_id = t.run_id"
            where = ["t.domain = ?", "t.tag = ?", "t.status = ?"]
            args: list[Any] = [domain, params["tagFilter"]["tag"], status]
        else:
            self.alias = "e"
            index = f"executions_status_{column}"
            where = ["e.domain = ?", "e.status = ?"]
            args = [domain, status]
            if params.get("executionFilter"):
                index = "executions_workflow_id"
                where.append("e.workflow_id = ?")
                args.append(params["executionFilter"]["workflowId"])
            elif params.get("typeFilter"):
                index = f"executions_type_{column}"
                where.insert(1, "e.type_name = ?")
                args.insert(1, params["typeFilter"]["name"])
                if params["typeFilter"].get("version"):
                    where.append("e.type_version = ?")
                    args.append(params["typeFilter"]["version"])
            elif params.get("closeStatusFilter"):
                index = f"executions_close_status_{column}"
                where.append("e.close_status = ?")
                args.append(params["closeStatusFilter"]["status"])
            self.source = f"executions e INDEXED BY {index}"
            self.tags_only = ""
        # Times are whole milliseconds; so are the filter's bounds once read, as on the live
        # service (botocore sends microseconds: an execution stamped 12.345 must match an
        # oldestDate of 12.3456 taken just before it started).
        where.append(f"{self.alias}.{column} >= ?")
        args.append(to_millis(float(time_filter["oldestDate"])))
        if time_filter.get("latestDate") is not None:
            where.append(f"{self.alias}.{column} <= ?")
            args.append(to_millis(float(time_filter["latestDate"])))
        self.where = where
        self.args = args


class VisibilityOps(_Base):
    """Listing and counting executions."""

    def _list(self, params: dict[str, Any], status: str) -> dict[str, Any]:
        query = _Query(params, status)
        column, alias = query.column, query.alias
        where, args = list(query.where), list(query.args)
        size = page_size(params.get("maximumPageSize"))
        reverse = bool(params.get("reverseOrder"))
        # A token continues the query that issued it: the same domain and filters (a keyset
        # position applied to another domain or filter would silently skip executions).
        scope = _scope(params, f"{status}:{column}:{reverse}")
        if params.get("nextPageToken"):
            token = decode_token(params["nextPageToken"], kind="executions", now=self.now())
            if token.get("s") != scope:
                raise ValidationException("Invalid nextPageToken")
            op = ">" if reverse else "<"
            where.append(
                f"({alias}.{column} {op} ? OR ({alias}.{column} = ? AND {alias}.run_id {op} ?))"
            )
            args.extend([token["t"], token["t"], token["r"]])
        direction = "ASC" if reverse else "DESC"
        sql = (
            f"SELECT e.* FROM {query.source} WHERE {' AND '.join(where)} "
            f"ORDER BY {alias}.{column} {direction}, {alias}.run_id {direction} LIMIT ?"
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
                {"k": "executions", "s": scope, "t": last[column], "r": last["run_id"]},
                issued=self.now(),
            )
        return result

    def _count(self, params: dict[str, Any], status: str) -> dict[str, Any]:
        query = _Query(params, status)
        source = query.tags_only or query.source
        sql = f"SELECT COUNT(*) FROM {source} WHERE {' AND '.join(query.where)}"
        with self.store.transaction() as tx:
            self.require_domain(tx, params["domain"])
            count = tx.execute(sql, query.args).fetchone()[0]
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
