"""SWF Local's rules for values on the wire: names, durations, priorities, events, limits.

Pure functions and constants the components share; nothing here touches the store.
"""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import dataclass
from typing import Any

from swf.local import faults

#: A ``NONE`` duration still ends: SWF caps every execution at one year.
ONE_YEAR = 365 * 24 * 3600

#: The largest retention SWF accepts, in days.
MAX_RETENTION_DAYS = 90

_INT32 = (-(2**31), 2**31 - 1)


@dataclass
class Limits:
    """The quotas of the live service (developer guide, "Amazon SWF quotas").

    One object is shared by every component and read at each use, so a test may lower a
    limit on a running service (``local.service.limits.events = 10``).
    """

    #: Domains per account (registered and deprecated); LimitExceededFault beyond.
    domains: int = 100
    #: Types of each kind per domain (registered and deprecated); LimitExceededFault beyond.
    types_per_domain: int = 10_000
    #: The history length at which an execution is terminated (EVENT_LIMIT_EXCEEDED).
    events: int = 25_000
    #: Open executions per domain (LimitExceededFault / OPEN_WORKFLOWS_LIMIT_EXCEEDED beyond).
    open_executions: int = 100_000
    #: Open activity tasks per execution (OPEN_ACTIVITIES_LIMIT_EXCEEDED beyond).
    open_activities: int = 1_000
    #: Open timers per execution (OPEN_TIMERS_LIMIT_EXCEEDED beyond).
    open_timers: int = 1_000
    #: Open child executions per execution (OPEN_CHILDREN_LIMIT_EXCEEDED beyond).
    open_children: int = 1_000
    #: Concurrent polls per task list (LimitExceededFault beyond).
    pollers: int = 1_000
    #: Decisions in one RespondDecisionTaskCompleted (ValidationException beyond).
    decisions: int = 100


#: Closing event type of each close status.
CLOSE_EVENTS = {
    "COMPLETED": "WorkflowExecutionCompleted",
    "FAILED": "WorkflowExecutionFailed",
    "CANCELED": "WorkflowExecutionCanceled",
    "TERMINATED": "WorkflowExecutionTerminated",
    "CONTINUED_AS_NEW": "WorkflowExecutionContinuedAsNew",
    "TIMED_OUT": "WorkflowExecutionTimedOut",
}

#: The event a parent records when its child closes with each status.
CHILD_CLOSE_EVENTS = {
    "COMPLETED": "ChildWorkflowExecutionCompleted",
    "FAILED": "ChildWorkflowExecutionFailed",
    "CANCELED": "ChildWorkflowExecutionCanceled",
    "TERMINATED": "ChildWorkflowExecutionTerminated",
    "TIMED_OUT": "ChildWorkflowExecutionTimedOut",
}


def new_id() -> str:
    """A fresh opaque identifier (run ids, task tokens, ...): 32 hex characters."""
    return uuid.uuid4().hex


def to_millis(seconds: float) -> float:
    """``seconds`` truncated to the millisecond (a value within float noise of a millisecond
    boundary, such as ``t + 30`` for a millisecond ``t``, counts as that millisecond)."""
    return math.floor(round(seconds * 1000, 3)) / 1000


def check_name(member: str, value: str) -> None:
    """SWF's rule for names and ids (domain, type name and version, workflowId, activityId,
    timerId, task list): no leading or trailing whitespace, no ``:``, ``/``, ``|`` nor
    control characters, and not the literal ``arn``. ValidationException otherwise."""
    if (
        value == "arn"
        or value != value.strip()
        or any(c in ":/|" or c <= "\x1f" or "\x7f" <= c <= "\x9f" for c in value)
    ):
        raise faults.ValidationException(
            f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy "
            "constraint: Member must not start or end with whitespace, contain ':', '/', "
            "'|' or control characters, nor be the literal string 'arn'"
        )


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


def check_duration(member: str, value: str | None, *, allow_none: bool = True) -> None:
    """A duration is absent, a string of whole seconds, or (``allow_none``) ``NONE``;
    ValidationException otherwise."""
    if value is None or (value == "NONE" and allow_none):
        return
    if not (value.isascii() and value.isdigit()):
        allowed = "an integer number of seconds" + (" or NONE" if allow_none else "")
        raise faults.ValidationException(f"Invalid value for {member}: {value!r} ({allowed})")


def duration_seconds(value: str | None) -> float:
    """Seconds of a wire duration (``"30"``); ``NONE`` (or nothing) is one year."""
    if value is None or value == "NONE":
        return float(ONE_YEAR)
    try:
        seconds = int(value)
    except ValueError:
        raise faults.ValidationException(f"Invalid duration: {value!r}") from None
    if seconds < 0:
        raise faults.ValidationException(f"Invalid duration: {value!r}")
    return float(min(seconds, ONE_YEAR))


def priority_value(value: str | None) -> int:
    """Integer of a task priority string (absent: 0); ValidationException outside int32."""
    if value is None:
        return 0
    try:
        number = int(value)
    except ValueError:
        raise faults.ValidationException(f"Invalid task priority: {value!r}") from None
    if not _INT32[0] <= number <= _INT32[1]:
        raise faults.ValidationException(f"Invalid task priority: {value!r}")
    return number


def check_priority(member: str, value: str) -> None:
    """A registered default priority: an integer string in int32, without surrounding spaces."""
    try:
        number = int(value, 10)
    except ValueError:
        number = None
    if number is None or not _INT32[0] <= number <= _INT32[1] or value.strip() != value:
        raise faults.ValidationException(
            f"Invalid value for {member}: {value!r} (an integer in [-2147483648, 2147483647])"
        )


def attributes_key(event_type: str) -> str:
    """The member holding an event's attributes: ``<lowerCamelEventType>EventAttributes``."""
    return event_type[0].lower() + event_type[1:] + "EventAttributes"


def decision_attributes_key(decision_type: str) -> str:
    """The member holding a decision's attributes."""
    return decision_type[0].lower() + decision_type[1:] + "DecisionAttributes"


def make_event(event_id: int, event_type: str, timestamp: float, attributes: str) -> dict[str, Any]:
    """A HistoryEvent as the wire carries it, from a stored row."""
    return {
        "eventId": event_id,
        "eventTimestamp": timestamp,
        "eventType": event_type,
        attributes_key(event_type): json.loads(attributes),
    }


def compact(mapping: dict[str, Any]) -> dict[str, Any]:
    """``mapping`` without its ``None`` values (absent members stay absent on the wire)."""
    return {key: value for key, value in mapping.items() if value is not None}


#: Where the workflow-type default of each resolved member lives, in SWF's check order.
_WORKFLOW_DEFAULTS = (
    (
        "executionStartToCloseTimeout",
        "defaultExecutionStartToCloseTimeout",
        "DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED",
    ),
    ("taskList", "defaultTaskList", "DEFAULT_TASK_LIST_UNDEFINED"),
    (
        "taskStartToCloseTimeout",
        "defaultTaskStartToCloseTimeout",
        "DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED",
    ),
    ("childPolicy", "defaultChildPolicy", "DEFAULT_CHILD_POLICY_UNDEFINED"),
)


class WorkflowConfigUndefined(Exception):
    """A member of a new execution's configuration has neither a value nor a type default."""

    def __init__(self, member: str, cause: str) -> None:
        super().__init__(member)
        self.member = member
        self.cause = cause


def resolve_workflow_config(defaults: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """The configuration of a new execution: each member from ``given``, else the type default.

    Raises :class:`WorkflowConfigUndefined` naming the first member with neither.
    """
    config: dict[str, Any] = {}
    for member, default_key, cause in _WORKFLOW_DEFAULTS:
        value = given.get(member) or defaults.get(default_key)
        if value is None:
            raise WorkflowConfigUndefined(member, cause)
        config[member] = value
    config["taskPriority"] = given.get("taskPriority") or defaults.get("defaultTaskPriority")
    config["lambdaRole"] = given.get("lambdaRole") or defaults.get("defaultLambdaRole")
    return config
