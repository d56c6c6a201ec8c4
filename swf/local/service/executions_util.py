"""SWF Local: pure helpers of the execution engine (durations, events, page tokens, rows).

Nothing here touches the store's state on its own: these are the small pieces of arithmetic
and encoding the engine modules share, testable without a server.
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from typing import Any

from swf.local.faults import ValidationException

#: A ``NONE`` duration still ends: SWF caps every execution at one year.
ONE_YEAR = 365 * 24 * 3600

#: Limits of the live service (developer guide, "Amazon SWF quotas").
EVENT_LIMIT = 25_000
OPEN_ACTIVITIES_LIMIT = 1_000
OPEN_TIMERS_LIMIT = 1_000
OPEN_CHILDREN_LIMIT = 1_000
OPEN_EXECUTIONS_LIMIT = 100_000
POLLERS_LIMIT = 1_000
DEFAULT_PAGE_SIZE = 1_000
MAX_DECISIONS = 100

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


def duration_seconds(value: str | None) -> float:
    """Seconds of a wire duration (``"30"``); ``NONE`` (or nothing) is one year."""
    if value is None or value == "NONE":
        return float(ONE_YEAR)
    try:
        seconds = int(value)
    except ValueError:
        raise ValidationException(f"Invalid duration: {value!r}") from None
    if seconds < 0:
        raise ValidationException(f"Invalid duration: {value!r}")
    return float(min(seconds, ONE_YEAR))


def check_duration(value: str | None, what: str) -> None:
    """Raise ValidationException unless ``value`` is absent, ``NONE`` or whole seconds."""
    if value is None or value == "NONE":
        return
    if not (value.isascii() and value.isdigit()):
        raise ValidationException(
            f"Invalid value for {what}: {value!r} (seconds as a whole number, or NONE)"
        )


def priority_value(value: str | None) -> int:
    """Integer of a task priority string (absent: 0)."""
    if value is None:
        return 0
    try:
        number = int(value)
    except ValueError:
        raise ValidationException(f"Invalid task priority: {value!r}") from None
    if not -(2**31) <= number <= 2**31 - 1:
        raise ValidationException(f"Invalid task priority: {value!r}")
    return number


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


#: Page tokens expire, as the live service's do, a day after they were issued.
TOKEN_LIFETIME = 24 * 3600
#: ... except the history pages of a decision task (PollForDecisionTask's nextPageToken):
#: those expire after 60 seconds (AWS's answer on its forum, quoted in
#: github.com/ericabouaf/aws-swf/issues/57): a decision task is meant to be short.
DECISION_TOKEN_LIFETIME = 60


def encode_token(payload: dict[str, Any], *, issued: float) -> str:
    """An opaque page token issued at ``issued`` (service clock, epoch seconds)."""
    raw = json.dumps({**payload, "i": issued}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(
    token: str, *, kind: str, now: float, lifetime: float = TOKEN_LIFETIME
) -> dict[str, Any]:
    """Payload of a page token made by :func:`encode_token` for ``kind``; ValidationException
    if it is not one, or if it is older than ``lifetime`` seconds (a day by default)."""
    try:
        padded = token + "=" * (-len(token) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error):
        raise ValidationException("Invalid nextPageToken") from None
    if not isinstance(payload, dict) or payload.get("k") != kind:
        raise ValidationException("Invalid nextPageToken")
    if now - float(payload.get("i", now)) > lifetime:
        raise ValidationException("Specified token has exceeded its maximum lifetime")
    return payload


def page_size(value: int | None) -> int:
    """The page size of a request (0 or absent: the service default, 1000)."""
    if not value:
        return DEFAULT_PAGE_SIZE
    if value < 0 or value > DEFAULT_PAGE_SIZE:
        raise ValidationException(f"Invalid maximumPageSize: {value} (0 to {DEFAULT_PAGE_SIZE})")
    return value


def rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    """Every row of ``cursor`` as a dict, whatever the connection's row factory."""
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, tuple(row), strict=True)) for row in cursor.fetchall()]


def one(cursor: sqlite3.Cursor) -> dict[str, Any] | None:
    """The first row of ``cursor`` as a dict, or None."""
    row = cursor.fetchone()
    if row is None:
        return None
    names = [column[0] for column in cursor.description]
    return dict(zip(names, tuple(row), strict=True))


def as_dict(row: Any) -> dict[str, Any]:
    """A row from another module (sqlite3.Row, dict) as a dict."""
    if isinstance(row, dict):
        return row
    return {key: row[key] for key in row.keys()}


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
