"""SWF Local: workflow executions and their event history.

StartWorkflowExecution, DescribeWorkflowExecution, GetWorkflowExecutionHistory,
SignalWorkflowExecution, RequestCancelWorkflowExecution and TerminateWorkflowExecution, plus the
engine's core helpers every other engine module uses: appending an event, scheduling the (single)
decision task of an execution, closing an execution (child policies, the parent's child event,
retention), and the 25,000 event limit.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from swf.local.faults import (
    DefaultUndefinedFault,
    LimitExceededFault,
    TypeDeprecatedFault,
    UnknownResourceFault,
    ValidationException,
    WorkflowExecutionAlreadyStartedFault,
)
from swf.local.service.executions_polls import LongPollOps
from swf.local.service.executions_util import (
    CHILD_CLOSE_EVENTS,
    CLOSE_EVENTS,
    EVENT_LIMIT,
    OPEN_EXECUTIONS_LIMIT,
    WorkflowConfigUndefined,
    check_duration,
    compact,
    decode_token,
    duration_seconds,
    encode_token,
    make_event,
    one,
    page_size,
    priority_value,
    resolve_workflow_config,
    rows,
)

if TYPE_CHECKING:
    from swf.local.service.base import ServiceBase
    from swf.local.store import Transaction

    _Base = ServiceBase
else:
    _Base = object

log = logging.getLogger("swf.local.engine")

#: Deadline kinds of the engine (handlers ``on_deadline_<kind>`` live in timeouts.py).
#: An activity task has one deadline row, due at its earliest pending timeout.
ACTIVITY_DEADLINE = "activity"

_CLOSE_EVENT_TYPES = frozenset(CLOSE_EVENTS.values())


class ExecutionOps(LongPollOps, _Base):
    """Workflow executions: start, describe, history, signal, cancel request, terminate."""

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
        next_event_id INTEGER NOT NULL DEFAULT 1,
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
    CREATE INDEX IF NOT EXISTS executions_parent ON executions (parent_run_id, status);
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
        ON execution_tags (domain, tag, status, close, run_id);
    CREATE TABLE IF NOT EXISTS events (
        run_id TEXT NOT NULL,
        event_id INTEGER NOT NULL,
        event_type TEXT NOT NULL,
        timestamp REAL NOT NULL,
        attributes TEXT NOT NULL,
        PRIMARY KEY (run_id, event_id)
    ) WITHOUT ROWID
    """

    #: The history length at which an execution is terminated (EVENT_LIMIT_EXCEEDED).
    EVENT_LIMIT = EVENT_LIMIT
    #: Open executions per domain (LimitExceededFault / OPEN_WORKFLOWS_LIMIT_EXCEEDED beyond).
    OPEN_EXECUTIONS_LIMIT = OPEN_EXECUTIONS_LIMIT

    # -- transactions --------------------------------------------------------------------------

    @contextlib.contextmanager
    def write(self) -> Iterator[Transaction]:
        """A store transaction that enforces the event limit before it commits."""
        with self.store.transaction() as tx:
            yield tx
            self.enforce_event_limit(tx)

    def enforce_event_limit(self, tx: Transaction) -> None:
        """Terminate (EVENT_LIMIT_EXCEEDED) the executions whose history reached the limit."""
        over: set[str] | None = getattr(self, "_over_limit", None)
        if not over:
            return
        self._over_limit: set[str] = set()
        for run_id in sorted(over):
            exe = self.execution(tx, run_id)
            if exe is None or exe["status"] != "OPEN":
                continue
            if exe["next_event_id"] - 1 < self.EVENT_LIMIT:
                continue
            self.close_execution(
                tx,
                exe,
                "TERMINATED",
                {"childPolicy": exe["child_policy"], "cause": "EVENT_LIMIT_EXCEEDED"},
                child_policy=exe["child_policy"],
            )

    def open_executions_full(self, tx: Transaction, domain: str) -> bool:
        """True when ``domain`` has as many open executions as SWF allows."""
        # OFFSET stops at the limit: the cost follows the open count, capped by the limit.
        row = tx.execute(
            "SELECT 1 FROM executions WHERE domain = ? AND status = 'OPEN' LIMIT 1 OFFSET ?",
            (domain, self.OPEN_EXECUTIONS_LIMIT - 1),
        ).fetchone()
        return row is not None

    def schedule_timeout(self, tx: Transaction, kind: str, key: str, duration: str | None) -> None:
        """Schedule the deadline ``(kind, key)`` ``duration`` seconds from now.

        ``NONE`` schedules nothing: it means one year, and an execution ends within a year of
        its start, so such a timeout could never fire before the execution has closed.
        """
        if duration is None or duration == "NONE":
            return
        self.deadlines.schedule(tx, kind, key, self.now() + duration_seconds(duration))

    # -- rows ----------------------------------------------------------------------------------

    def execution(self, tx: Transaction, run_id: str) -> dict[str, Any] | None:
        """The execution row of ``run_id`` (a dict), or None."""
        return one(tx.execute("SELECT * FROM executions WHERE run_id = ?", (run_id,)))

    def open_execution(
        self, tx: Transaction, domain: str, workflow_id: str
    ) -> dict[str, Any] | None:
        """The open execution of ``workflow_id`` in ``domain``, or None."""
        return one(
            tx.execute(
                "SELECT * FROM executions WHERE domain = ? AND workflow_id = ? AND status = 'OPEN'",
                (domain, workflow_id),
            )
        )

    def find_execution(
        self,
        tx: Transaction,
        domain: str,
        workflow_id: str,
        run_id: str | None,
        *,
        open_only: bool,
    ) -> dict[str, Any]:
        """The execution named by a request; UnknownResourceFault when there is none."""
        if run_id:
            exe = one(
                tx.execute(
                    "SELECT * FROM executions WHERE run_id = ? AND domain = ? AND workflow_id = ?",
                    (run_id, domain, workflow_id),
                )
            )
            if exe is not None and (exe["status"] == "OPEN" or not open_only):
                return exe
        else:
            exe = self.open_execution(tx, domain, workflow_id)
            if exe is not None:
                return exe
        raise UnknownResourceFault(
            f"Unknown execution: WorkflowExecution=[workflowId={workflow_id}, runId={run_id}]"
        )

    @staticmethod
    def execution_ref(exe: dict[str, Any]) -> dict[str, str]:
        """The WorkflowExecution structure of an execution row."""
        return {"workflowId": exe["workflow_id"], "runId": exe["run_id"]}

    @staticmethod
    def workflow_type_ref(exe: dict[str, Any]) -> dict[str, str]:
        """The WorkflowType structure of an execution row."""
        return {"name": exe["type_name"], "version": exe["type_version"]}

    # -- events --------------------------------------------------------------------------------

    def append_event(
        self, tx: Transaction, run_id: str, event_type: str, attributes: dict[str, Any]
    ) -> int:
        """Append an event to the history of ``run_id``; returns its event id."""
        row = tx.execute(
            "UPDATE executions SET next_event_id = next_event_id + 1 WHERE run_id = ? "
            "RETURNING next_event_id",
            (run_id,),
        ).fetchone()
        event_id = int(row[0]) - 1
        tx.execute(
            "INSERT INTO events (run_id, event_id, event_type, timestamp, attributes) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                run_id,
                event_id,
                event_type,
                self.now(),
                json.dumps(compact(attributes), separators=(",", ":")),
            ),
        )
        if event_id >= self.EVENT_LIMIT and event_type not in _CLOSE_EVENT_TYPES:
            if not hasattr(self, "_over_limit"):
                self._over_limit = set()
            self._over_limit.add(run_id)
        return event_id

    def read_events(
        self,
        tx: Transaction,
        run_id: str,
        *,
        after: int,
        upto: int | None,
        reverse: bool,
        limit: int,
    ) -> list[dict[str, Any]]:
        """Up to ``limit`` events of ``run_id`` past the cursor ``after`` (ascending: ids above
        it; reverse: ids below it, ``after`` 0 meaning the end)."""
        top = upto if upto is not None else 2**62
        if reverse:
            below = after if after else top + 1
            cursor = tx.execute(
                "SELECT event_id, event_type, timestamp, attributes FROM events "
                "WHERE run_id = ? AND event_id < ? AND event_id <= ? "
                "ORDER BY event_id DESC LIMIT ?",
                (run_id, below, top, limit),
            )
        else:
            cursor = tx.execute(
                "SELECT event_id, event_type, timestamp, attributes FROM events "
                "WHERE run_id = ? AND event_id > ? AND event_id <= ? "
                "ORDER BY event_id LIMIT ?",
                (run_id, after, top, limit),
            )
        return [make_event(int(r[0]), r[1], float(r[2]), r[3]) for r in cursor.fetchall()]

    def event_page(
        self,
        tx: Transaction,
        run_id: str,
        *,
        upto: int | None,
        reverse: bool,
        size: int,
        after: int,
        token_base: dict[str, Any],
    ) -> tuple[list[dict[str, Any]], str | None]:
        """One page of history and the token of the next page (None on the last page)."""
        events = self.read_events(
            tx, run_id, after=after, upto=upto, reverse=reverse, limit=size + 1
        )
        token = None
        if len(events) > size:
            events = events[:size]
            token = encode_token({**token_base, "a": events[-1]["eventId"]}, issued=self.now())
        return events, token

    # -- decision tasks --------------------------------------------------------------------------

    def need_decision(self, tx: Transaction, run_id: str) -> None:
        """An event that a decider must see was recorded: make sure a decision task comes.

        None open: one is scheduled. One scheduled: the event is batched into it. One started:
        a new one is scheduled when it completes.
        """
        exe = one(tx.execute("SELECT status FROM executions WHERE run_id = ?", (run_id,)))
        if exe is None or exe["status"] != "OPEN":
            return
        task = one(tx.execute("SELECT state FROM decision_tasks WHERE run_id = ?", (run_id,)))
        if task is None:
            self.schedule_decision_task(tx, run_id)
        elif task["state"] == "started":
            tx.execute("UPDATE executions SET decision_needed = 1 WHERE run_id = ?", (run_id,))

    def schedule_decision_task(self, tx: Transaction, run_id: str) -> None:
        """Record DecisionTaskScheduled and queue the task on its task list."""
        exe = self.execution(tx, run_id)
        assert exe is not None
        task_list = exe["decision_task_list"] or exe["task_list"]
        schedule_to_start = exe["decision_task_list_timeout"] if exe["decision_task_list"] else None
        event_id = self.append_event(
            tx,
            run_id,
            "DecisionTaskScheduled",
            {
                "taskList": {"name": task_list},
                "taskPriority": exe["task_priority"],
                "startToCloseTimeout": exe["task_timeout"],
                "scheduleToStartTimeout": schedule_to_start,
            },
        )
        token = self.new_id()
        tx.execute(
            "INSERT INTO decision_tasks (run_id, domain, task_list, priority, state, "
            "scheduled_event_id, started_event_id, token, scheduled) "
            "VALUES (?, ?, ?, ?, 'scheduled', ?, 0, ?, ?)",
            (
                run_id,
                exe["domain"],
                task_list,
                priority_value(exe["task_priority"]),
                event_id,
                token,
                self.now(),
            ),
        )
        tx.execute("UPDATE executions SET decision_needed = 0 WHERE run_id = ?", (run_id,))
        if schedule_to_start:
            self.schedule_timeout(tx, "decision_schedule_to_start", token, schedule_to_start)
        domain = exe["domain"]
        tx.after_commit(lambda: self.task_scheduled(domain, "decision", task_list))

    def drop_decision_task(self, tx: Transaction, run_id: str) -> None:
        """Remove the decision task of ``run_id`` (if any) and its deadlines."""
        task = one(tx.execute("SELECT token FROM decision_tasks WHERE run_id = ?", (run_id,)))
        if task is None:
            return
        tx.execute("DELETE FROM decision_tasks WHERE run_id = ?", (run_id,))
        self.deadlines.cancel(tx, "decision_start_to_close", task["token"])
        self.deadlines.cancel(tx, "decision_schedule_to_start", task["token"])

    # -- starting --------------------------------------------------------------------------------

    def start_execution(
        self,
        tx: Transaction,
        *,
        domain: str,
        workflow_id: str,
        workflow_type: dict[str, str],
        config: dict[str, Any],
        input: str | None,
        tags: list[str],
        parent: dict[str, Any] | None = None,
        continued_from: str | None = None,
        run_id: str | None = None,
    ) -> str:
        """Create an open execution, record WorkflowExecutionStarted, schedule its first
        decision task and its start-to-close deadline; returns the new runId.

        ``parent``: ``run_id``, ``workflow_id``, ``initiated_event_id``, ``started_event_id``
        (the parent's ChildWorkflowExecutionStarted, may be 0 until recorded).
        """
        run_id = run_id or self.new_id()
        now = self.now()
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
                now,
                parent and parent["run_id"],
                parent and parent["workflow_id"],
                parent and parent["initiated_event_id"],
                parent and parent.get("started_event_id"),
            ),
        )
        tx.executemany(
            "INSERT OR IGNORE INTO execution_tags (domain, tag, run_id, status, start) "
            "VALUES (?, ?, ?, 'OPEN', ?)",
            [(domain, tag, run_id, now) for tag in tags],
        )
        self.append_event(
            tx,
            run_id,
            "WorkflowExecutionStarted",
            {
                "input": input,
                "executionStartToCloseTimeout": config["executionStartToCloseTimeout"],
                "taskStartToCloseTimeout": config["taskStartToCloseTimeout"],
                "childPolicy": config["childPolicy"],
                "taskList": {"name": config["taskList"]["name"]},
                "taskPriority": config.get("taskPriority"),
                "workflowType": dict(workflow_type),
                "tagList": tags or None,
                "continuedExecutionRunId": continued_from,
                "parentWorkflowExecution": parent
                and {"workflowId": parent["workflow_id"], "runId": parent["run_id"]},
                "parentInitiatedEventId": parent and parent["initiated_event_id"],
                "lambdaRole": config.get("lambdaRole"),
            },
        )
        self.deadlines.schedule(
            tx,
            "execution_start_to_close",
            run_id,
            now + duration_seconds(config["executionStartToCloseTimeout"]),
        )
        self.schedule_decision_task(tx, run_id)
        log.debug("started %s/%s in %s", workflow_id, run_id, domain)
        return run_id

    def start_workflow_execution(self, params: dict[str, Any]) -> dict[str, Any]:
        """StartWorkflowExecution."""
        domain = params["domain"]
        workflow_type = params["workflowType"]
        self.check_name("workflowId", params["workflowId"])
        if params.get("taskList"):
            self.check_name("taskList.name", params["taskList"]["name"])
        with self.write() as tx:
            domain_row = self.require_domain(tx, domain)
            type_row = self.get_type(
                tx, "workflow", domain, workflow_type["name"], workflow_type["version"]
            )
            if type_row is None:
                raise UnknownResourceFault(
                    f"Unknown type: WorkflowType=[name={workflow_type['name']}, "
                    f"version={workflow_type['version']}]"
                )
            # DomainDeprecatedFault is not among StartWorkflowExecution's faults: deprecating
            # a domain deprecates its types, so a start there is a deprecated type's start.
            if type_row["status"] != "REGISTERED" or domain_row["status"] != "REGISTERED":
                raise TypeDeprecatedFault(
                    f"WorkflowType=[name={workflow_type['name']}, "
                    f"version={workflow_type['version']}] is deprecated"
                )
            check_duration(params.get("taskStartToCloseTimeout"), "taskStartToCloseTimeout")
            if params.get("executionStartToCloseTimeout") == "NONE":
                raise ValidationException(
                    "executionStartToCloseTimeout may not be NONE (an execution lasts at most "
                    "one year)"
                )
            check_duration(
                params.get("executionStartToCloseTimeout"), "executionStartToCloseTimeout"
            )
            priority_value(params.get("taskPriority"))
            try:
                config = resolve_workflow_config(self.type_defaults(type_row), params)
            except WorkflowConfigUndefined as undefined:
                raise DefaultUndefinedFault(
                    f"No {undefined.member} was given and the workflow type has no default"
                ) from None
            if self.open_execution(tx, domain, params["workflowId"]) is not None:
                raise WorkflowExecutionAlreadyStartedFault(
                    f"An execution with workflowId {params['workflowId']} is already open"
                )
            if self.open_executions_full(tx, domain):
                raise LimitExceededFault(
                    f"The domain {domain} has {self.OPEN_EXECUTIONS_LIMIT} open executions"
                )
            run_id = self.start_execution(
                tx,
                domain=domain,
                workflow_id=params["workflowId"],
                workflow_type={"name": workflow_type["name"], "version": workflow_type["version"]},
                config=config,
                input=params.get("input"),
                tags=list(params.get("tagList") or []),
            )
        return {"runId": run_id}

    # -- closing ---------------------------------------------------------------------------------

    def close_execution(
        self,
        tx: Transaction,
        exe: dict[str, Any],
        close_status: str,
        attributes: dict[str, Any],
        *,
        child_policy: str | None = None,
    ) -> int:
        """Close an open execution with ``close_status``, recording its closing event.

        Drops its open tasks and timers, applies ``child_policy`` to its open children (when
        terminated or timed out), tells its parent, and schedules the retention purge.
        Returns the closing event's id.
        """
        run_id = exe["run_id"]
        event_id = self.append_event(tx, run_id, CLOSE_EVENTS[close_status], attributes)
        now = self.now()
        tx.execute(
            "UPDATE executions SET status = 'CLOSED', close_status = ?, close = ?, "
            "decision_needed = 0 WHERE run_id = ?",
            (close_status, now, run_id),
        )
        if exe["tags"] != "[]":
            tx.execute(
                "UPDATE execution_tags SET status = 'CLOSED', close = ? WHERE run_id = ?",
                (now, run_id),
            )
        self.drop_decision_task(tx, run_id)
        for task in rows(
            tx.execute("SELECT token FROM activity_tasks WHERE run_id = ?", (run_id,))
        ):
            self.deadlines.cancel(tx, ACTIVITY_DEADLINE, task["token"])
        tx.execute("DELETE FROM activity_tasks WHERE run_id = ?", (run_id,))
        for timer in rows(tx.execute("SELECT timer_id FROM timers WHERE run_id = ?", (run_id,))):
            self.deadlines.cancel(tx, "timer", f"{run_id}|{timer['timer_id']}")
        tx.execute("DELETE FROM timers WHERE run_id = ?", (run_id,))
        self.deadlines.cancel(tx, "execution_start_to_close", run_id)
        if child_policy:
            self.apply_child_policy(tx, run_id, child_policy)
        if exe["parent_run_id"] and close_status != "CONTINUED_AS_NEW":
            self.report_to_parent(tx, exe, close_status, attributes)
        domain = one(
            tx.execute("SELECT retention_days FROM domains WHERE name = ?", (exe["domain"],))
        )
        days = int(domain["retention_days"] or 0) if domain else 0
        self.deadlines.schedule(tx, "retention", run_id, now + days * 86400.0)
        log.debug("closed %s/%s: %s", exe["workflow_id"], run_id, close_status)
        return event_id

    def report_to_parent(
        self,
        tx: Transaction,
        child: dict[str, Any],
        close_status: str,
        attributes: dict[str, Any],
    ) -> None:
        """Record the child's closing in its (open) parent's history."""
        parent = self.execution(tx, child["parent_run_id"])
        if parent is None or parent["status"] != "OPEN":
            return
        details: dict[str, Any] = {
            "workflowExecution": self.execution_ref(child),
            "workflowType": self.workflow_type_ref(child),
            "initiatedEventId": child["parent_initiated_event_id"],
            "startedEventId": child["parent_started_event_id"] or 0,
        }
        for member in ("result", "reason", "details", "timeoutType"):
            if attributes.get(member) is not None:
                details[member] = attributes[member]
        self.append_event(tx, parent["run_id"], CHILD_CLOSE_EVENTS[close_status], details)
        self.need_decision(tx, parent["run_id"])

    def apply_child_policy(self, tx: Transaction, run_id: str, policy: str) -> None:
        """Apply a closing parent's child policy to its open children."""
        if policy == "ABANDON":
            return
        for child in rows(
            tx.execute(
                "SELECT * FROM executions WHERE parent_run_id = ? AND status = 'OPEN'", (run_id,)
            )
        ):
            if policy == "TERMINATE":
                self.close_execution(
                    tx,
                    child,
                    "TERMINATED",
                    {"childPolicy": child["child_policy"], "cause": "CHILD_POLICY_APPLIED"},
                    child_policy=child["child_policy"],
                )
            elif policy == "REQUEST_CANCEL":
                self.append_event(
                    tx,
                    child["run_id"],
                    "WorkflowExecutionCancelRequested",
                    {"cause": "CHILD_POLICY_APPLIED"},
                )
                tx.execute(
                    "UPDATE executions SET cancel_requested = 1 WHERE run_id = ?",
                    (child["run_id"],),
                )
                self.need_decision(tx, child["run_id"])

    def purge_execution(self, tx: Transaction, run_id: str) -> None:
        """Forget a closed execution (its retention period is over)."""
        tx.execute("DELETE FROM events WHERE run_id = ?", (run_id,))
        tx.execute("DELETE FROM execution_tags WHERE run_id = ?", (run_id,))
        tx.execute("DELETE FROM executions WHERE run_id = ? AND status = 'CLOSED'", (run_id,))

    # -- operations ------------------------------------------------------------------------------

    def describe_workflow_execution(self, params: dict[str, Any]) -> dict[str, Any]:
        """DescribeWorkflowExecution."""
        execution = params["execution"]
        with self.store.transaction() as tx:
            self.require_domain(tx, params["domain"])
            exe = self.find_execution(
                tx,
                params["domain"],
                execution["workflowId"],
                execution["runId"],
                open_only=False,
            )
            run_id = exe["run_id"]
            activities = tx.execute(
                "SELECT COUNT(*) FROM activity_tasks WHERE run_id = ?", (run_id,)
            ).fetchone()[0]
            decisions = tx.execute(
                "SELECT COUNT(*) FROM decision_tasks WHERE run_id = ?", (run_id,)
            ).fetchone()[0]
            timers = tx.execute(
                "SELECT COUNT(*) FROM timers WHERE run_id = ?", (run_id,)
            ).fetchone()[0]
            children = tx.execute(
                "SELECT COUNT(*) FROM executions WHERE parent_run_id = ? AND status = 'OPEN'",
                (run_id,),
            ).fetchone()[0]
        result: dict[str, Any] = {
            "executionInfo": self.execution_info(exe),
            "executionConfiguration": compact(
                {
                    "taskStartToCloseTimeout": exe["task_timeout"],
                    "executionStartToCloseTimeout": exe["exec_timeout"],
                    "taskList": {"name": exe["task_list"]},
                    "taskPriority": exe["task_priority"],
                    "childPolicy": exe["child_policy"],
                    "lambdaRole": exe["lambda_role"],
                }
            ),
            "openCounts": {
                "openActivityTasks": activities,
                "openDecisionTasks": decisions,
                "openTimers": timers,
                "openChildWorkflowExecutions": children,
                "openLambdaFunctions": 0,
            },
        }
        if exe["latest_activity"] is not None:
            result["latestActivityTaskTimestamp"] = exe["latest_activity"]
        if exe["latest_context"] is not None:
            result["latestExecutionContext"] = exe["latest_context"]
        return result

    def execution_info(self, exe: dict[str, Any]) -> dict[str, Any]:
        """The WorkflowExecutionInfo of an execution row."""
        info: dict[str, Any] = {
            "execution": self.execution_ref(exe),
            "workflowType": self.workflow_type_ref(exe),
            "startTimestamp": exe["start"],
            "executionStatus": exe["status"],
            "cancelRequested": bool(exe["cancel_requested"]),
        }
        if exe["status"] == "CLOSED":
            info["closeTimestamp"] = exe["close"]
            info["closeStatus"] = exe["close_status"]
        if exe["parent_run_id"]:
            info["parent"] = {
                "workflowId": exe["parent_workflow_id"],
                "runId": exe["parent_run_id"],
            }
        tags = json.loads(exe["tags"] or "[]")
        if tags:
            info["tagList"] = tags
        return info

    def get_workflow_execution_history(self, params: dict[str, Any]) -> dict[str, Any]:
        """GetWorkflowExecutionHistory."""
        execution = params["execution"]
        size = page_size(params.get("maximumPageSize"))
        reverse = bool(params.get("reverseOrder"))
        after = 0
        if params.get("nextPageToken"):
            token = decode_token(params["nextPageToken"], kind="history", now=self.now())
            if token.get("r") != execution["runId"] or bool(token.get("v")) != reverse:
                raise ValidationException("Invalid nextPageToken")
            after = int(token["a"])
        with self.store.transaction() as tx:
            self.require_domain(tx, params["domain"])
            exe = self.find_execution(
                tx,
                params["domain"],
                execution["workflowId"],
                execution["runId"],
                open_only=False,
            )
            events, next_token = self.event_page(
                tx,
                exe["run_id"],
                upto=None,
                reverse=reverse,
                size=size,
                after=after,
                token_base={"k": "history", "r": exe["run_id"], "v": reverse},
            )
        result: dict[str, Any] = {"events": events}
        if next_token:
            result["nextPageToken"] = next_token
        return result

    def signal_workflow_execution(self, params: dict[str, Any]) -> dict[str, Any]:
        """SignalWorkflowExecution."""
        self.check_name("signalName", params["signalName"])
        with self.write() as tx:
            self.require_domain(tx, params["domain"])
            exe = self.find_execution(
                tx, params["domain"], params["workflowId"], params.get("runId"), open_only=True
            )
            self.append_event(
                tx,
                exe["run_id"],
                "WorkflowExecutionSignaled",
                {
                    "signalName": params["signalName"],
                    "input": params.get("input"),
                },
            )
            self.need_decision(tx, exe["run_id"])
        return {}

    def request_cancel_workflow_execution(self, params: dict[str, Any]) -> dict[str, Any]:
        """RequestCancelWorkflowExecution."""
        with self.write() as tx:
            self.require_domain(tx, params["domain"])
            exe = self.find_execution(
                tx, params["domain"], params["workflowId"], params.get("runId"), open_only=True
            )
            self.record_cancel_request(tx, exe["run_id"], {})
        return {}

    def record_cancel_request(
        self, tx: Transaction, run_id: str, attributes: dict[str, Any]
    ) -> None:
        """Record WorkflowExecutionCancelRequested and ask the decider."""
        self.append_event(tx, run_id, "WorkflowExecutionCancelRequested", attributes)
        tx.execute("UPDATE executions SET cancel_requested = 1 WHERE run_id = ?", (run_id,))
        self.need_decision(tx, run_id)

    def terminate_workflow_execution(self, params: dict[str, Any]) -> dict[str, Any]:
        """TerminateWorkflowExecution."""
        with self.write() as tx:
            self.require_domain(tx, params["domain"])
            exe = self.find_execution(
                tx, params["domain"], params["workflowId"], params.get("runId"), open_only=True
            )
            policy = params.get("childPolicy") or exe["child_policy"]
            self.close_execution(
                tx,
                exe,
                "TERMINATED",
                {
                    "reason": params.get("reason"),
                    "details": params.get("details"),
                    "childPolicy": policy,
                    "cause": "OPERATOR_INITIATED",
                },
                child_policy=policy,
            )
        return {}
