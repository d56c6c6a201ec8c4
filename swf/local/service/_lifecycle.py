"""The lifecycle of workflow executions in SWF Local: start, signal, cancel request, close,
time-out, retention, and the history limit. No table of its own: it composes the components
that own them.

Closing an execution records its closing event, drops its open decision task, activity tasks
and timers, applies its child policy to its open children (when terminated or timed out),
tells its parent, and schedules the retention purge (deadline kind ``retention``). An execution
runs out of time at its ``execution_start_to_close`` deadline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from swf.local import faults
from swf.local.deadlines import DeadlineHandler, Deadlines
from swf.local.service._activity_tasks import ActivityTasks
from swf.local.service._decision_tasks import DecisionTasks
from swf.local.service._events import EventLog
from swf.local.service._executions import Executions, execution_ref, workflow_type_ref
from swf.local.service._registry import Registry
from swf.local.service._timers import Timers
from swf.local.service._visibility import Visibility
from swf.local.service._wire import (
    CHILD_CLOSE_EVENTS,
    CLOSE_EVENTS,
    Limits,
    WorkflowConfigUndefined,
    check_duration,
    check_name,
    duration_seconds,
    new_id,
    priority_value,
    resolve_workflow_config,
)
from swf.local.store import Row, Transaction

__all__ = ["EXECUTION_START_TO_CLOSE", "RETENTION", "Lifecycle"]

log = logging.getLogger("swf.local.service")

#: Deadline kinds of executions (keyed by run id).
EXECUTION_START_TO_CLOSE = "execution_start_to_close"
RETENTION = "retention"


class Lifecycle:
    """Start, signal, cancel, close and forget executions."""

    def __init__(
        self,
        *,
        now: Callable[[], float],
        limits: Limits,
        registry: Registry,
        events: EventLog,
        executions: Executions,
        visibility: Visibility,
        decision_tasks: DecisionTasks,
        activity_tasks: ActivityTasks,
        timers: Timers,
        deadlines: Deadlines,
    ) -> None:
        self._now = now
        self._limits = limits
        self._registry = registry
        self._events = events
        self._executions = executions
        self._visibility = visibility
        self._decision_tasks = decision_tasks
        self._activity_tasks = activity_tasks
        self._timers = timers
        self._deadlines = deadlines
        events.on_limit_reached(self._history_full)

    def deadline_handlers(self) -> dict[str, DeadlineHandler]:
        """The deadline kinds of executions and what fires them."""
        return {EXECUTION_START_TO_CLOSE: self._timed_out, RETENTION: self._retention_over}

    # -- starting ------------------------------------------------------------------------------

    def start_requested(self, tx: Transaction, params: dict[str, Any]) -> str:
        """StartWorkflowExecution: check the request, start the execution; returns its runId."""
        domain = params["domain"]
        workflow_type = params["workflowType"]
        name, version = workflow_type["name"], workflow_type["version"]
        check_name("workflowId", params["workflowId"])
        if params.get("taskList"):
            check_name("taskList.name", params["taskList"]["name"])
        domain_row = self._registry.require_domain(tx, domain)
        type_row = self._registry.get_type(tx, "workflow", domain, name, version)
        if type_row is None:
            raise faults.UnknownResourceFault(
                f"Unknown type: WorkflowType=[name={name}, version={version}]"
            )
        # DomainDeprecatedFault is not among StartWorkflowExecution's faults: deprecating
        # a domain deprecates its types, so a start there is a deprecated type's start.
        if type_row["status"] != "REGISTERED" or domain_row["status"] != "REGISTERED":
            raise faults.TypeDeprecatedFault(
                f"WorkflowType=[name={name}, version={version}] is deprecated"
            )
        check_duration("taskStartToCloseTimeout", params.get("taskStartToCloseTimeout"))
        if params.get("executionStartToCloseTimeout") == "NONE":
            raise faults.ValidationException(
                "executionStartToCloseTimeout may not be NONE (an execution lasts at most one year)"
            )
        check_duration("executionStartToCloseTimeout", params.get("executionStartToCloseTimeout"))
        priority_value(params.get("taskPriority"))
        try:
            config = resolve_workflow_config(self._registry.defaults(type_row), params)
        except WorkflowConfigUndefined as undefined:
            raise faults.DefaultUndefinedFault(
                f"No {undefined.member} was given and the workflow type has no default"
            ) from None
        if self._executions.open_of(tx, domain, params["workflowId"]) is not None:
            raise faults.WorkflowExecutionAlreadyStartedFault(
                f"An execution with workflowId {params['workflowId']} is already open"
            )
        if self._executions.domain_full(tx, domain):
            raise faults.LimitExceededFault(
                f"The domain {domain} has {self._limits.open_executions} open executions"
            )
        return self.start(
            tx,
            domain=domain,
            workflow_id=params["workflowId"],
            workflow_type={"name": name, "version": version},
            config=config,
            input=params.get("input"),
            tags=list(params.get("tagList") or []),
        )

    def start(
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
        run_id = run_id or new_id()
        now = self._now()
        self._executions.insert(
            tx,
            run_id=run_id,
            domain=domain,
            workflow_id=workflow_id,
            workflow_type=workflow_type,
            config=config,
            tags=tags,
            start=now,
            parent=parent,
        )
        self._visibility.started(tx, domain, run_id, tags, now)
        self._events.append(
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
        self._deadlines.schedule(
            tx,
            EXECUTION_START_TO_CLOSE,
            run_id,
            now + duration_seconds(config["executionStartToCloseTimeout"]),
        )
        self._decision_tasks.schedule(tx, run_id)
        log.debug("started %s/%s in %s", workflow_id, run_id, domain)
        return run_id

    # -- while open ----------------------------------------------------------------------------

    def signal(
        self,
        tx: Transaction,
        run_id: str,
        signal_name: str,
        input: str | None,
        external: dict[str, Any] | None = None,
    ) -> None:
        """Record WorkflowExecutionSignaled (``external``: the sender's ``execution`` and its
        ``initiated_event_id``) and ask the decider."""
        attributes: dict[str, Any] = {"signalName": signal_name, "input": input}
        if external is not None:
            attributes.update(
                externalWorkflowExecution=external["execution"],
                externalInitiatedEventId=external["initiated_event_id"],
            )
        self._events.append(tx, run_id, "WorkflowExecutionSignaled", attributes)
        self._decision_tasks.need(tx, run_id)

    def request_cancel(self, tx: Transaction, run_id: str, attributes: dict[str, Any]) -> None:
        """Record WorkflowExecutionCancelRequested and ask the decider."""
        self._events.append(tx, run_id, "WorkflowExecutionCancelRequested", attributes)
        self._executions.set_cancel_requested(tx, run_id)
        self._decision_tasks.need(tx, run_id)

    def open_counts(self, tx: Transaction, run_id: str) -> dict[str, int]:
        """The WorkflowExecutionOpenCounts of ``run_id``."""
        return {
            "openActivityTasks": self._activity_tasks.open_count(tx, run_id),
            "openDecisionTasks": self._decision_tasks.open_count(tx, run_id),
            "openTimers": self._timers.open_count(tx, run_id),
            "openChildWorkflowExecutions": self._executions.open_children_count(tx, run_id),
            "openLambdaFunctions": 0,
        }

    # -- closing -------------------------------------------------------------------------------

    def close(
        self,
        tx: Transaction,
        exe: Row,
        close_status: str,
        attributes: dict[str, Any],
        *,
        child_policy: str | None = None,
    ) -> int:
        """Close the open execution ``exe`` with ``close_status``, recording its closing event
        with ``attributes``; ``child_policy`` applies to its open children. Returns the closing
        event's id."""
        run_id = exe["run_id"]
        event_id = self._events.append(tx, run_id, CLOSE_EVENTS[close_status], attributes)
        now = self._now()
        self._executions.close(tx, run_id, close_status, now)
        self._visibility.closed(tx, exe, now)
        self._decision_tasks.drop(tx, run_id)
        self._activity_tasks.drop_all(tx, run_id)
        self._timers.drop_all(tx, run_id)
        self._deadlines.cancel(tx, EXECUTION_START_TO_CLOSE, run_id)
        if child_policy:
            self._apply_child_policy(tx, run_id, child_policy)
        if exe["parent_run_id"] and close_status != "CONTINUED_AS_NEW":
            self._report_to_parent(tx, exe, close_status, attributes)
        days = self._registry.retention_days(tx, exe["domain"])
        self._deadlines.schedule(tx, RETENTION, run_id, now + days * 86400.0)
        log.debug("closed %s/%s: %s", exe["workflow_id"], run_id, close_status)
        return event_id

    def terminate(
        self, tx: Transaction, exe: Row, cause: str, *, child_policy: str, **members: Any
    ) -> None:
        """Terminate ``exe`` for ``cause``, applying ``child_policy`` to its children."""
        self.close(
            tx,
            exe,
            "TERMINATED",
            {**members, "childPolicy": child_policy, "cause": cause},
            child_policy=child_policy,
        )

    def _report_to_parent(
        self, tx: Transaction, child: Row, close_status: str, attributes: dict[str, Any]
    ) -> None:
        """Record the child's closing in its (open) parent's history."""
        parent = self._executions.get(tx, child["parent_run_id"])
        if parent is None or parent["status"] != "OPEN":
            return
        details: dict[str, Any] = {
            "workflowExecution": execution_ref(child),
            "workflowType": workflow_type_ref(child),
            "initiatedEventId": child["parent_initiated_event_id"],
            "startedEventId": child["parent_started_event_id"] or 0,
        }
        for member in ("result", "reason", "details", "timeoutType"):
            if attributes.get(member) is not None:
                details[member] = attributes[member]
        self._events.append(tx, parent["run_id"], CHILD_CLOSE_EVENTS[close_status], details)
        self._decision_tasks.need(tx, parent["run_id"])

    def _apply_child_policy(self, tx: Transaction, run_id: str, policy: str) -> None:
        """Apply a closing parent's child policy to its open children."""
        if policy == "ABANDON":
            return
        for child in self._executions.open_children(tx, run_id):
            if policy == "TERMINATE":
                self.terminate(
                    tx, child, "CHILD_POLICY_APPLIED", child_policy=child["child_policy"]
                )
            elif policy == "REQUEST_CANCEL":
                self.request_cancel(tx, child["run_id"], {"cause": "CHILD_POLICY_APPLIED"})

    def _history_full(self, tx: Transaction, run_id: str) -> None:
        """The history of ``run_id`` reached the limit: terminate it (EVENT_LIMIT_EXCEEDED)."""
        exe = self._executions.get(tx, run_id)
        if exe is not None and exe["status"] == "OPEN":
            self.terminate(tx, exe, "EVENT_LIMIT_EXCEEDED", child_policy=exe["child_policy"])

    def _timed_out(self, tx: Transaction, key: str, due: float) -> None:
        """The execution ran out of time: WorkflowExecutionTimedOut, the child policy applies."""
        exe = self._executions.get(tx, key)
        if exe is None or exe["status"] != "OPEN":
            return
        self.close(
            tx,
            exe,
            "TIMED_OUT",
            {"timeoutType": "START_TO_CLOSE", "childPolicy": exe["child_policy"]},
            child_policy=exe["child_policy"],
        )

    def _retention_over(self, tx: Transaction, key: str, due: float) -> None:
        """The retention period of a closed execution is over: forget it."""
        self._events.purge(tx, key)
        self._visibility.forget(tx, key)
        self._executions.delete_closed(tx, key)
