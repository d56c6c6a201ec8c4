"""Workflow executions of SWF Local (table ``executions``): one row per run.

The row holds what SWF keeps about a run: its type, configuration, status, parent, and the
decision state the service needs between two decision tasks (a task-list override, whether a
new decision task is due when the current one completes, the previous started event). Every
statement that writes the table is here; the other components call the named methods below.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from swf.local import faults
from swf.local.service._wire import Limits, compact
from swf.local.store import Row, Transaction

__all__ = ["Executions", "execution_info", "execution_ref", "workflow_type_ref"]


def execution_ref(exe: Row) -> dict[str, str]:
    """The WorkflowExecution structure of an execution row."""
    return {"workflowId": exe["workflow_id"], "runId": exe["run_id"]}


def workflow_type_ref(exe: Row) -> dict[str, str]:
    """The WorkflowType structure of an execution row."""
    return {"name": exe["type_name"], "version": exe["type_version"]}


def execution_info(exe: Row) -> dict[str, Any]:
    """The WorkflowExecutionInfo of an execution row."""
    info: dict[str, Any] = {
        "execution": execution_ref(exe),
        "workflowType": workflow_type_ref(exe),
        "startTimestamp": exe["start"],
        "executionStatus": exe["status"],
        "cancelRequested": bool(exe["cancel_requested"]),
    }
    if exe["status"] == "CLOSED":
        info["closeTimestamp"] = exe["close"]
        info["closeStatus"] = exe["close_status"]
    if exe["parent_run_id"]:
        info["parent"] = {"workflowId": exe["parent_workflow_id"], "runId": exe["parent_run_id"]}
    tags = json.loads(exe["tags"] or "[]")
    if tags:
        info["tagList"] = tags
    return info


class Executions:
    """The execution rows: create, find, close, and the named updates of their state."""

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS executions (
        run_id TEXT PRIMARY KEY,
        domain TEXT NOT NULL,
        workflow_id TEXT NOT NULL,
        type_name TEXT NOT NULL,
        type_version TEXT NOT NULL,
        task_list TEXT NOT NULL,
        decision_task_list TEXT,
        decision_task_list_timeout TEXT,
        task_priority TEXT,
        exec_timeout TEXT NOT NULL,
        task_timeout TEXT NOT NULL,
        child_policy TEXT NOT NULL,
        lambda_role TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        start REAL NOT NULL,
        close REAL,
        status TEXT NOT NULL,
        close_status TEXT,
        cancel_requested INTEGER NOT NULL DEFAULT 0,
        parent_run_id TEXT,
        parent_workflow_id TEXT,
        parent_initiated_event_id INTEGER,
        parent_started_event_id INTEGER,
        latest_context TEXT,
        latest_activity REAL,
        decision_needed INTEGER NOT NULL DEFAULT 0,
        prev_started INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS executions_workflow_id
        ON executions (domain, workflow_id, status);
    CREATE INDEX IF NOT EXISTS executions_status_start ON executions (domain, status, start);
    CREATE INDEX IF NOT EXISTS executions_status_close ON executions (domain, status, close);
    CREATE INDEX IF NOT EXISTS executions_type_start
        ON executions (domain, type_name, status, start);
    CREATE INDEX IF NOT EXISTS executions_type_close
        ON executions (domain, type_name, status, close);
    CREATE INDEX IF NOT EXISTS executions_close_status_start
        ON executions (domain, close_status, start);
    CREATE INDEX IF NOT EXISTS executions_close_status_close
        ON executions (domain, close_status, close);
    CREATE INDEX IF NOT EXISTS executions_parent ON executions (parent_run_id, status)
    """

    def __init__(self, *, now: Callable[[], float], limits: Limits) -> None:
        self._now = now
        self._limits = limits

    # -- reading -------------------------------------------------------------------------------

    def get(self, tx: Transaction, run_id: str) -> Row | None:
        """The execution row of ``run_id``, or None."""
        return tx.one("SELECT * FROM executions WHERE run_id = ?", (run_id,))

    def is_open(self, tx: Transaction, run_id: str) -> bool:
        """True if ``run_id`` is an open execution."""
        return tx.scalar("SELECT status FROM executions WHERE run_id = ?", (run_id,)) == "OPEN"

    def open_of(self, tx: Transaction, domain: str, workflow_id: str) -> Row | None:
        """The open execution of ``workflow_id`` in ``domain``, or None."""
        return tx.one(
            "SELECT * FROM executions WHERE domain = ? AND workflow_id = ? AND status = 'OPEN'",
            (domain, workflow_id),
        )

    def named(
        self, tx: Transaction, domain: str, workflow_id: str, run_id: str | None
    ) -> Row | None:
        """The execution ``(workflow_id, run_id)`` of ``domain``; without ``run_id``, the open
        one of ``workflow_id``. None if there is no such execution."""
        if not run_id:
            return self.open_of(tx, domain, workflow_id)
        return tx.one(
            "SELECT * FROM executions WHERE run_id = ? AND domain = ? AND workflow_id = ?",
            (run_id, domain, workflow_id),
        )

    def find(
        self,
        tx: Transaction,
        domain: str,
        workflow_id: str,
        run_id: str | None,
        *,
        open_only: bool,
    ) -> Row:
        """The execution named by a request; UnknownResourceFault when there is none."""
        exe = self.named(tx, domain, workflow_id, run_id)
        if exe is not None and (exe["status"] == "OPEN" or not open_only):
            return exe
        raise faults.UnknownResourceFault(
            f"Unknown execution: WorkflowExecution=[workflowId={workflow_id}, runId={run_id}]"
        )

    def domain_full(self, tx: Transaction, domain: str) -> bool:
        """True when ``domain`` has as many open executions as SWF allows."""
        # OFFSET stops at the limit: the cost follows the open count, capped by the limit.
        row = tx.one(
            "SELECT 1 FROM executions WHERE domain = ? AND status = 'OPEN' LIMIT 1 OFFSET ?",
            (domain, self._limits.open_executions - 1),
        )
        return row is not None

    def open_children(self, tx: Transaction, run_id: str) -> list[Row]:
        """The open executions whose parent is ``run_id``."""
        return tx.all(
            "SELECT * FROM executions WHERE parent_run_id = ? AND status = 'OPEN'", (run_id,)
        )

    def open_children_count(self, tx: Transaction, run_id: str) -> int:
        """How many open executions have ``run_id`` as their parent."""
        count: int = tx.scalar(
            "SELECT COUNT(*) FROM executions WHERE parent_run_id = ? AND status = 'OPEN'",
            (run_id,),
        )
        return count

    @staticmethod
    def configuration(exe: Row) -> dict[str, Any]:
        """The WorkflowExecutionConfiguration of an execution row."""
        return compact(
            {
                "taskStartToCloseTimeout": exe["task_timeout"],
                "executionStartToCloseTimeout": exe["exec_timeout"],
                "taskList": {"name": exe["task_list"]},
                "taskPriority": exe["task_priority"],
                "childPolicy": exe["child_policy"],
                "lambdaRole": exe["lambda_role"],
            }
        )

    # -- writing -------------------------------------------------------------------------------

    def insert(
        self,
        tx: Transaction,
        *,
        run_id: str,
        domain: str,
        workflow_id: str,
        workflow_type: dict[str, str],
        config: dict[str, Any],
        tags: list[str],
        start: float,
        parent: dict[str, Any] | None,
    ) -> None:
        """Create the open execution ``run_id``."""
        tx.execute(
            "INSERT INTO executions (run_id, domain, workflow_id, type_name, type_version, "
            "task_list, task_priority, exec_timeout, task_timeout, child_policy, lambda_role, "
            "tags, start, status, parent_run_id, parent_workflow_id, parent_initiated_event_id, "
            "parent_started_event_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, ?)",
            (
                run_id,
                domain,
                workflow_id,
                workflow_type["name"],
                workflow_type["version"],
                config["taskList"]["name"],
                config.get("taskPriority"),
                config["executionStartToCloseTimeout"],
                config["taskStartToCloseTimeout"],
                config["childPolicy"],
                config.get("lambdaRole"),
                json.dumps(tags),
                start,
                parent and parent["run_id"],
                parent and parent["workflow_id"],
                parent and parent["initiated_event_id"],
                parent and parent.get("started_event_id"),
            ),
        )

    def close(self, tx: Transaction, run_id: str, close_status: str, at: float) -> None:
        """Mark ``run_id`` closed with ``close_status`` at ``at``."""
        tx.execute(
            "UPDATE executions SET status = 'CLOSED', close_status = ?, close = ?, "
            "decision_needed = 0 WHERE run_id = ?",
            (close_status, at, run_id),
        )

    def delete_closed(self, tx: Transaction, run_id: str) -> None:
        """Forget ``run_id`` if it is closed (its retention period is over)."""
        tx.execute("DELETE FROM executions WHERE run_id = ? AND status = 'CLOSED'", (run_id,))

    def set_cancel_requested(self, tx: Transaction, run_id: str) -> None:
        """Record that a cancellation of ``run_id`` was requested."""
        tx.execute("UPDATE executions SET cancel_requested = 1 WHERE run_id = ?", (run_id,))

    def set_parent_started(self, tx: Transaction, run_id: str, event_id: int) -> None:
        """Record the parent's ChildWorkflowExecutionStarted event of the child ``run_id``."""
        tx.execute(
            "UPDATE executions SET parent_started_event_id = ? WHERE run_id = ?",
            (event_id, run_id),
        )

    def set_latest_activity(self, tx: Transaction, run_id: str, at: float) -> None:
        """Record when ``run_id`` last scheduled an activity task."""
        tx.execute("UPDATE executions SET latest_activity = ? WHERE run_id = ?", (at, run_id))

    def set_decision_needed(self, tx: Transaction, run_id: str, needed: bool) -> None:
        """Whether a new decision task is due once the started one completes."""
        tx.execute(
            "UPDATE executions SET decision_needed = ? WHERE run_id = ?", (int(needed), run_id)
        )

    def decision_completed(
        self,
        tx: Transaction,
        run_id: str,
        *,
        started_event_id: int,
        context: str | None,
        task_list: str | None,
        task_list_timeout: str | None,
    ) -> None:
        """Record a completed decision task: its started event (the next task's
        ``previousStartedEventId``), its execution context if it gave one, and the task list
        the next decision tasks go to if it gave one."""
        tx.execute(
            "UPDATE executions SET prev_started = ?, "
            "latest_context = COALESCE(?, latest_context) WHERE run_id = ?",
            (started_event_id, context, run_id),
        )
        if task_list:
            tx.execute(
                "UPDATE executions SET decision_task_list = ?, "
                "decision_task_list_timeout = ? WHERE run_id = ?",
                (task_list, task_list_timeout, run_id),
            )

    def end_temporary_task_list(self, tx: Transaction, run_id: str) -> None:
        """Drop a task-list override that has a schedule-to-start timeout (it ends with the
        first decision task that timed out)."""
        tx.execute(
            "UPDATE executions SET decision_task_list = NULL, decision_task_list_timeout = NULL "
            "WHERE run_id = ? AND decision_task_list_timeout IS NOT NULL",
            (run_id,),
        )
