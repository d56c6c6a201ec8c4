"""Visibility of SWF Local: List/Count Open/Closed WorkflowExecutions (table ``execution_tags``).

Open executions need ``startTimeFilter``; closed ones exactly one of ``startTimeFilter`` and
``closeTimeFilter``. ``executionFilter``, ``typeFilter``, ``tagFilter`` and
``closeStatusFilter`` are mutually exclusive. Results come newest first (by start time, or by
close time when filtered by close time) unless ``reverseOrder``; pages use keyset tokens so a
deep page costs what the first one does.

``execution_tags`` is the index behind ``tagFilter``: one row per (execution, tag), with the
execution's status and times copied there so a tag count reads only that index. The lifecycle
keeps it in step (:meth:`Visibility.started`, :meth:`~Visibility.closed`,
:meth:`~Visibility.forget`); the listing reads ``executions`` itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from swf.local.faults import ValidationException
from swf.local.service._executions import execution_info
from swf.local.service._pages import decode_token, encode_token, page_size, scope_of
from swf.local.service._registry import Registry
from swf.local.service._wire import to_millis
from swf.local.store import Row, Transaction

__all__ = ["Visibility"]

_EXCLUSIVE = ("executionFilter", "typeFilter", "tagFilter", "closeStatusFilter")
_SCOPED = ("domain", "startTimeFilter", "closeTimeFilter", *_EXCLUSIVE)


class _Query:
    """The SQL pieces of one visibility request.

    ``source`` is the FROM clause, ``where`` and ``args`` the conditions, ``column`` the time
    column the results are ordered by, ``alias`` the table alias holding it. A tag filter reads
    the denormalized ``execution_tags`` table so counting is index-only; the other filters name
    the index that serves them, since SQLite's planner would otherwise walk the
    (domain, status, start) index for the ordering.
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


class Visibility:
    """Listing and counting executions, and the tag index behind ``tagFilter``."""

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS execution_tags (
        domain TEXT NOT NULL,
        tag TEXT NOT NULL,
        run_id TEXT NOT NULL,
        status TEXT NOT NULL,
        start REAL NOT NULL,
        close REAL,
        PRIMARY KEY (domain, tag, run_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS execution_tags_run ON execution_tags (run_id);
    CREATE INDEX IF NOT EXISTS execution_tags_start
        ON execution_tags (domain, tag, status, start, run_id);
    CREATE INDEX IF NOT EXISTS execution_tags_close
        ON execution_tags (domain, tag, status, close, run_id)
    """

    def __init__(self, *, now: Callable[[], float], registry: Registry) -> None:
        self._now = now
        self._registry = registry

    # -- the tag index -------------------------------------------------------------------------

    def started(
        self, tx: Transaction, domain: str, run_id: str, tags: list[str], at: float
    ) -> None:
        """Index the tags of the execution ``run_id``, open since ``at``."""
        tx.executemany(
            "INSERT OR IGNORE INTO execution_tags (domain, tag, run_id, status, start) "
            "VALUES (?, ?, ?, 'OPEN', ?)",
            [(domain, tag, run_id, at) for tag in tags],
        )

    def closed(self, tx: Transaction, exe: Row, at: float) -> None:
        """The execution ``exe`` closed at ``at``."""
        if exe["tags"] != "[]":
            tx.execute(
                "UPDATE execution_tags SET status = 'CLOSED', close = ? WHERE run_id = ?",
                (at, exe["run_id"]),
            )

    def forget(self, tx: Transaction, run_id: str) -> None:
        """Drop the execution ``run_id`` from the index (its retention period is over)."""
        tx.execute("DELETE FROM execution_tags WHERE run_id = ?", (run_id,))

    # -- queries -------------------------------------------------------------------------------

    def list(self, tx: Transaction, params: dict[str, Any], status: str) -> dict[str, Any]:
        """One page of List{Open,Closed}WorkflowExecutions."""
        query = _Query(params, status)
        column, alias = query.column, query.alias
        where, args = list(query.where), list(query.args)
        size = page_size(params.get("maximumPageSize"))
        reverse = bool(params.get("reverseOrder"))
        # A token continues the query that issued it: the same domain and filters (a keyset
        # position applied to another domain or filter would silently skip executions).
        scope = scope_of(
            "ListWorkflowExecutions",
            status,
            column,
            reverse,
            {key: params.get(key) for key in _SCOPED},
        )
        if params.get("nextPageToken"):
            position = decode_token(params["nextPageToken"], scope, now=self._now())
            if not (isinstance(position, list) and len(position) == 2):
                raise ValidationException("Invalid nextPageToken")
            op = ">" if reverse else "<"
            where.append(
                f"({alias}.{column} {op} ? OR ({alias}.{column} = ? AND {alias}.run_id {op} ?))"
            )
            args.extend([position[0], position[0], position[1]])
        direction = "ASC" if reverse else "DESC"
        self._registry.require_domain(tx, params["domain"])
        found = tx.all(
            f"SELECT e.* FROM {query.source} WHERE {' AND '.join(where)} "
            f"ORDER BY {alias}.{column} {direction}, {alias}.run_id {direction} LIMIT ?",
            [*args, size + 1],
        )
        result: dict[str, Any] = {"executionInfos": [execution_info(exe) for exe in found[:size]]}
        if len(found) > size:
            last = found[size - 1]
            result["nextPageToken"] = encode_token(
                scope, [last[column], last["run_id"]], issued=self._now()
            )
        return result

    def count(self, tx: Transaction, params: dict[str, Any], status: str) -> dict[str, Any]:
        """Count{Open,Closed}WorkflowExecutions."""
        query = _Query(params, status)
        self._registry.require_domain(tx, params["domain"])
        source = query.tags_only or query.source
        count = tx.scalar(
            f"SELECT COUNT(*) FROM {source} WHERE {' AND '.join(query.where)}", query.args
        )
        return {"count": count, "truncated": False}
