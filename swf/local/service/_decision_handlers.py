"""The 13 decisions of RespondDecisionTaskCompleted, one handler each, found in :data:`HANDLERS`.

A handler receives one :class:`DecisionContext`. Each decision records its success event(s) or
its ``*Failed`` event with a cause; a failed decision is not an API error. A failure event asks
for a new decision task (the decider has to learn about it), as do the outcomes that arrive
later (timers firing, children closing, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from swf.local.service._components import Components
from swf.local.service._executions import execution_ref
from swf.local.service._wire import WorkflowConfigUndefined, new_id, resolve_workflow_config
from swf.local.store import Row, Transaction

__all__ = ["HANDLERS", "DecisionContext"]


@dataclass(frozen=True)
class DecisionContext:
    """One decision being applied: where, what, and the components to apply it with."""

    #: The transaction of RespondDecisionTaskCompleted.
    tx: Transaction
    #: The deciding execution's row (open).
    execution: Row
    #: ``ScheduleActivityTask``, ...
    decision_type: str
    #: The decision's ``<decisionType>DecisionAttributes`` (``{}`` when absent).
    attributes: dict[str, Any]
    #: The id of the task's DecisionTaskCompleted event.
    completed: int
    #: Events arrived while the task was worked on: a closing decision fails.
    unhandled: bool
    components: Components

    @property
    def run_id(self) -> str:
        """The deciding execution's run id."""
        run_id: str = self.execution["run_id"]
        return run_id

    def record(self, event_type: str, attributes: dict[str, Any]) -> int:
        """Append an event to the deciding execution's history; returns its id."""
        return self.components.events.append(self.tx, self.run_id, event_type, attributes)

    def ask_decider(self, run_id: str | None = None) -> None:
        """Make sure a decision task comes for ``run_id`` (default: the deciding execution)."""
        self.components.decision_tasks.need(self.tx, run_id or self.run_id)

    def fail(self, event_type: str, attributes: dict[str, Any]) -> None:
        """Record a ``*Failed`` event and ask the decider."""
        self.record(event_type, attributes)
        self.ask_decider()


# -- activities ------------------------------------------------------------------------------

#: Activity timeouts: decision member, activity-type default, cause when neither is given.
_ACTIVITY_DEFAULTS = (
    (
        "scheduleToCloseTimeout",
        "defaultTaskScheduleToCloseTimeout",
        "DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED",
    ),
    (
        "scheduleToStartTimeout",
        "defaultTaskScheduleToStartTimeout",
        "DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED",
    ),
    (
        "startToCloseTimeout",
        "defaultTaskStartToCloseTimeout",
        "DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED",
    ),
    ("heartbeatTimeout", "defaultTaskHeartbeatTimeout", "DEFAULT_HEARTBEAT_TIMEOUT_UNDEFINED"),
)


def schedule_activity_task(ctx: DecisionContext) -> None:
    """ScheduleActivityTask: the type must be registered, the id free, defaults complete."""
    attrs, parts, tx, exe = ctx.attributes, ctx.components, ctx.tx, ctx.execution
    activity_type = {
        "name": attrs["activityType"]["name"],
        "version": attrs["activityType"]["version"],
    }
    activity_id = attrs["activityId"]

    def fail(cause: str) -> None:
        ctx.fail(
            "ScheduleActivityTaskFailed",
            {
                "activityType": activity_type,
                "activityId": activity_id,
                "cause": cause,
                "decisionTaskCompletedEventId": ctx.completed,
            },
        )

    type_row = parts.registry.get_type(
        tx, "activity", exe["domain"], activity_type["name"], activity_type["version"]
    )
    if type_row is None:
        return fail("ACTIVITY_TYPE_DOES_NOT_EXIST")
    if type_row["status"] != "REGISTERED":
        return fail("ACTIVITY_TYPE_DEPRECATED")
    if parts.activity_tasks.in_use(tx, ctx.run_id, activity_id):
        return fail("ACTIVITY_ID_ALREADY_IN_USE")
    if parts.activity_tasks.open_count(tx, ctx.run_id) >= parts.limits.open_activities:
        return fail("OPEN_ACTIVITIES_LIMIT_EXCEEDED")
    defaults = parts.registry.defaults(type_row)
    task_list = attrs.get("taskList") or defaults.get("defaultTaskList")
    if not task_list:
        return fail("DEFAULT_TASK_LIST_UNDEFINED")
    timeouts: dict[str, str] = {}
    for member, default_key, cause in _ACTIVITY_DEFAULTS:
        value = attrs.get(member) or defaults.get(default_key)
        if value is None:
            return fail(cause)
        timeouts[member] = value
    parts.activity_tasks.schedule(
        tx,
        exe,
        activity_type=activity_type,
        activity_id=activity_id,
        task_list=task_list["name"],
        priority=attrs.get("taskPriority") or defaults.get("defaultTaskPriority"),
        timeouts=timeouts,
        input=attrs.get("input"),
        control=attrs.get("control"),
        completed=ctx.completed,
    )
    return None


def request_cancel_activity_task(ctx: DecisionContext) -> None:
    """RequestCancelActivityTask: ACTIVITY_ID_UNKNOWN unless the activity is open."""
    activity_id = ctx.attributes["activityId"]
    if not ctx.components.activity_tasks.request_cancel(
        ctx.tx, ctx.run_id, activity_id, completed=ctx.completed
    ):
        ctx.fail(
            "RequestCancelActivityTaskFailed",
            {
                "activityId": activity_id,
                "cause": "ACTIVITY_ID_UNKNOWN",
                "decisionTaskCompletedEventId": ctx.completed,
            },
        )


# -- closing decisions ---------------------------------------------------------------------

#: Complete, Fail and Cancel: the close status each gives, and the decision's members its
#: closing event carries.
_CLOSINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "CompleteWorkflowExecution": ("COMPLETED", ("result",)),
    "FailWorkflowExecution": ("FAILED", ("reason", "details")),
    "CancelWorkflowExecution": ("CANCELED", ("details",)),
}


def close_workflow_execution(ctx: DecisionContext) -> None:
    """Complete, Fail or CancelWorkflowExecution (UNHANDLED_DECISION if events arrived)."""
    if ctx.unhandled:
        ctx.fail(
            f"{ctx.decision_type}Failed",
            {"cause": "UNHANDLED_DECISION", "decisionTaskCompletedEventId": ctx.completed},
        )
        return
    status, members = _CLOSINGS[ctx.decision_type]
    attributes = {member: ctx.attributes.get(member) for member in members}
    attributes["decisionTaskCompletedEventId"] = ctx.completed
    ctx.components.lifecycle.close(ctx.tx, ctx.execution, status, attributes)


def continue_as_new_workflow_execution(ctx: DecisionContext) -> None:
    """ContinueAsNewWorkflowExecution: close as CONTINUED_AS_NEW, start the new run."""
    attrs, parts, tx, exe = ctx.attributes, ctx.components, ctx.tx, ctx.execution

    def fail(cause: str) -> None:
        ctx.fail(
            "ContinueAsNewWorkflowExecutionFailed",
            {"cause": cause, "decisionTaskCompletedEventId": ctx.completed},
        )

    if ctx.unhandled:
        return fail("UNHANDLED_DECISION")
    workflow_type = {
        "name": exe["type_name"],
        "version": attrs.get("workflowTypeVersion") or exe["type_version"],
    }
    type_row = parts.registry.get_type(
        tx, "workflow", exe["domain"], workflow_type["name"], workflow_type["version"]
    )
    if type_row is None:
        return fail("WORKFLOW_TYPE_DOES_NOT_EXIST")
    if type_row["status"] != "REGISTERED":
        return fail("WORKFLOW_TYPE_DEPRECATED")
    try:
        config = resolve_workflow_config(parts.registry.defaults(type_row), attrs)
    except WorkflowConfigUndefined as undefined:
        return fail(undefined.cause)
    new_run_id = new_id()
    tags = list(attrs.get("tagList") or [])
    parts.lifecycle.close(
        tx,
        exe,
        "CONTINUED_AS_NEW",
        {
            "input": attrs.get("input"),
            "decisionTaskCompletedEventId": ctx.completed,
            "newExecutionRunId": new_run_id,
            "executionStartToCloseTimeout": config["executionStartToCloseTimeout"],
            "taskList": {"name": config["taskList"]["name"]},
            "taskPriority": config.get("taskPriority"),
            "taskStartToCloseTimeout": config["taskStartToCloseTimeout"],
            "childPolicy": config["childPolicy"],
            "tagList": tags or None,
            "workflowType": workflow_type,
            "lambdaRole": config.get("lambdaRole"),
        },
    )
    parent = None
    if exe["parent_run_id"]:
        parent = {
            "run_id": exe["parent_run_id"],
            "workflow_id": exe["parent_workflow_id"],
            "initiated_event_id": exe["parent_initiated_event_id"],
            "started_event_id": exe["parent_started_event_id"],
        }
    parts.lifecycle.start(
        tx,
        domain=exe["domain"],
        workflow_id=exe["workflow_id"],
        workflow_type=workflow_type,
        config=config,
        input=attrs.get("input"),
        tags=tags,
        parent=parent,
        continued_from=ctx.run_id,
        run_id=new_run_id,
    )
    return None


# -- markers and timers ----------------------------------------------------------------------


def record_marker(ctx: DecisionContext) -> None:
    """RecordMarker: MarkerRecorded."""
    ctx.record(
        "MarkerRecorded",
        {
            "markerName": ctx.attributes["markerName"],
            "details": ctx.attributes.get("details"),
            "decisionTaskCompletedEventId": ctx.completed,
        },
    )


def start_timer(ctx: DecisionContext) -> None:
    """StartTimer: the id must be free among open timers, the count under the limit."""
    timers, timer_id = ctx.components.timers, ctx.attributes["timerId"]

    def fail(cause: str) -> None:
        ctx.fail(
            "StartTimerFailed",
            {"timerId": timer_id, "cause": cause, "decisionTaskCompletedEventId": ctx.completed},
        )

    if timers.started_event_id(ctx.tx, ctx.run_id, timer_id) is not None:
        return fail("TIMER_ID_ALREADY_IN_USE")
    if timers.open_count(ctx.tx, ctx.run_id) >= ctx.components.limits.open_timers:
        return fail("OPEN_TIMERS_LIMIT_EXCEEDED")
    timers.start(
        ctx.tx,
        ctx.run_id,
        timer_id,
        start_to_fire=ctx.attributes["startToFireTimeout"],
        control=ctx.attributes.get("control"),
        completed=ctx.completed,
    )
    return None


def cancel_timer(ctx: DecisionContext) -> None:
    """CancelTimer: TIMER_ID_UNKNOWN unless the timer is open."""
    timers, timer_id = ctx.components.timers, ctx.attributes["timerId"]
    started = timers.started_event_id(ctx.tx, ctx.run_id, timer_id)
    if started is None:
        ctx.fail(
            "CancelTimerFailed",
            {
                "timerId": timer_id,
                "cause": "TIMER_ID_UNKNOWN",
                "decisionTaskCompletedEventId": ctx.completed,
            },
        )
        return
    timers.cancel(ctx.tx, ctx.run_id, timer_id, started_event_id=started, completed=ctx.completed)


# -- other executions ------------------------------------------------------------------------


def _external_target(ctx: DecisionContext) -> Row | None:
    """The open execution a Signal/RequestCancelExternalWorkflowExecution names, or None."""
    target = ctx.components.executions.named(
        ctx.tx, ctx.execution["domain"], ctx.attributes["workflowId"], ctx.attributes.get("runId")
    )
    if target is None or target["status"] != "OPEN":
        return None
    return target


def _external_failed(ctx: DecisionContext, event_type: str, initiated: int) -> None:
    attrs = ctx.attributes
    ctx.fail(
        event_type,
        {
            "workflowId": attrs["workflowId"],
            "runId": attrs.get("runId"),
            "cause": "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
            "initiatedEventId": initiated,
            "decisionTaskCompletedEventId": ctx.completed,
            "control": attrs.get("control"),
        },
    )


def signal_external_workflow_execution(ctx: DecisionContext) -> None:
    """SignalExternalWorkflowExecution: the target must be open (in the same domain)."""
    attrs = ctx.attributes
    initiated = ctx.record(
        "SignalExternalWorkflowExecutionInitiated",
        {
            "workflowId": attrs["workflowId"],
            "runId": attrs.get("runId"),
            "signalName": attrs["signalName"],
            "input": attrs.get("input"),
            "decisionTaskCompletedEventId": ctx.completed,
            "control": attrs.get("control"),
        },
    )
    target = _external_target(ctx)
    if target is None:
        _external_failed(ctx, "SignalExternalWorkflowExecutionFailed", initiated)
        return
    ctx.components.lifecycle.signal(
        ctx.tx,
        target["run_id"],
        attrs["signalName"],
        attrs.get("input"),
        external={"execution": execution_ref(ctx.execution), "initiated_event_id": initiated},
    )
    ctx.record(
        "ExternalWorkflowExecutionSignaled",
        {"workflowExecution": execution_ref(target), "initiatedEventId": initiated},
    )
    ctx.ask_decider()


def request_cancel_external_workflow_execution(ctx: DecisionContext) -> None:
    """RequestCancelExternalWorkflowExecution: the target must be open (same domain)."""
    attrs = ctx.attributes
    initiated = ctx.record(
        "RequestCancelExternalWorkflowExecutionInitiated",
        {
            "workflowId": attrs["workflowId"],
            "runId": attrs.get("runId"),
            "decisionTaskCompletedEventId": ctx.completed,
            "control": attrs.get("control"),
        },
    )
    target = _external_target(ctx)
    if target is None:
        _external_failed(ctx, "RequestCancelExternalWorkflowExecutionFailed", initiated)
        return
    ctx.components.lifecycle.request_cancel(
        ctx.tx,
        target["run_id"],
        {
            "externalWorkflowExecution": execution_ref(ctx.execution),
            "externalInitiatedEventId": initiated,
        },
    )
    ctx.record(
        "ExternalWorkflowExecutionCancelRequested",
        {"workflowExecution": execution_ref(target), "initiatedEventId": initiated},
    )
    ctx.ask_decider()


def start_child_workflow_execution(ctx: DecisionContext) -> None:
    """StartChildWorkflowExecution: a registered type, limits, a free workflow id."""
    attrs, parts, tx, exe = ctx.attributes, ctx.components, ctx.tx, ctx.execution
    workflow_type = {
        "name": attrs["workflowType"]["name"],
        "version": attrs["workflowType"]["version"],
    }
    workflow_id = attrs["workflowId"]

    def fail(cause: str, initiated: int = 0) -> None:
        ctx.fail(
            "StartChildWorkflowExecutionFailed",
            {
                "workflowType": workflow_type,
                "cause": cause,
                "workflowId": workflow_id,
                "initiatedEventId": initiated,
                "decisionTaskCompletedEventId": ctx.completed,
                "control": attrs.get("control"),
            },
        )

    type_row = parts.registry.get_type(
        tx, "workflow", exe["domain"], workflow_type["name"], workflow_type["version"]
    )
    if type_row is None:
        return fail("WORKFLOW_TYPE_DOES_NOT_EXIST")
    if type_row["status"] != "REGISTERED":
        return fail("WORKFLOW_TYPE_DEPRECATED")
    if parts.executions.open_children_count(tx, ctx.run_id) >= parts.limits.open_children:
        return fail("OPEN_CHILDREN_LIMIT_EXCEEDED")
    if parts.executions.domain_full(tx, exe["domain"]):
        return fail("OPEN_WORKFLOWS_LIMIT_EXCEEDED")
    try:
        config = resolve_workflow_config(parts.registry.defaults(type_row), attrs)
    except WorkflowConfigUndefined as undefined:
        return fail(undefined.cause)
    tags = list(attrs.get("tagList") or [])
    initiated = ctx.record(
        "StartChildWorkflowExecutionInitiated",
        {
            "workflowId": workflow_id,
            "workflowType": workflow_type,
            "control": attrs.get("control"),
            "input": attrs.get("input"),
            "executionStartToCloseTimeout": config["executionStartToCloseTimeout"],
            "taskList": {"name": config["taskList"]["name"]},
            "taskPriority": config.get("taskPriority"),
            "decisionTaskCompletedEventId": ctx.completed,
            "childPolicy": config["childPolicy"],
            "taskStartToCloseTimeout": config["taskStartToCloseTimeout"],
            "tagList": tags or None,
            "lambdaRole": config.get("lambdaRole"),
        },
    )
    if parts.executions.open_of(tx, exe["domain"], workflow_id) is not None:
        return fail("WORKFLOW_ALREADY_RUNNING", initiated)
    child_run_id = parts.lifecycle.start(
        tx,
        domain=exe["domain"],
        workflow_id=workflow_id,
        workflow_type=workflow_type,
        config=config,
        input=attrs.get("input"),
        tags=tags,
        parent={
            "run_id": ctx.run_id,
            "workflow_id": exe["workflow_id"],
            "initiated_event_id": initiated,
        },
    )
    started = ctx.record(
        "ChildWorkflowExecutionStarted",
        {
            "workflowExecution": {"workflowId": workflow_id, "runId": child_run_id},
            "workflowType": workflow_type,
            "initiatedEventId": initiated,
        },
    )
    parts.executions.set_parent_started(tx, child_run_id, started)
    ctx.ask_decider()
    return None


# -- Lambda ----------------------------------------------------------------------------------


def schedule_lambda_function(ctx: DecisionContext) -> None:
    """ScheduleLambdaFunction: SWF Local runs no Lambda functions, the region "has none"."""
    ctx.fail(
        "ScheduleLambdaFunctionFailed",
        {
            "id": ctx.attributes["id"],
            "name": ctx.attributes["name"],
            "cause": "LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION",
            "decisionTaskCompletedEventId": ctx.completed,
        },
    )


#: The handler of each decision type.
HANDLERS: dict[str, Callable[[DecisionContext], None]] = {
    "ScheduleActivityTask": schedule_activity_task,
    "RequestCancelActivityTask": request_cancel_activity_task,
    "CompleteWorkflowExecution": close_workflow_execution,
    "FailWorkflowExecution": close_workflow_execution,
    "CancelWorkflowExecution": close_workflow_execution,
    "ContinueAsNewWorkflowExecution": continue_as_new_workflow_execution,
    "RecordMarker": record_marker,
    "StartTimer": start_timer,
    "CancelTimer": cancel_timer,
    "SignalExternalWorkflowExecution": signal_external_workflow_execution,
    "RequestCancelExternalWorkflowExecution": request_cancel_external_workflow_execution,
    "StartChildWorkflowExecution": start_child_workflow_execution,
    "ScheduleLambdaFunction": schedule_lambda_function,
}
