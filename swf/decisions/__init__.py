"""Decisions: one keyword-only builder per SWF decision type, checked when built.

>>> from datetime import timedelta
>>> from swf.decisions import DecisionCollection, ScheduleActivityTask, StartTimer
>>> decisions = DecisionCollection([
...     ScheduleActivityTask(activity_id="a1", activity_type=("resize", "1"), input="{}"),
...     StartTimer(timer_id="deadline", start_to_fire_timeout=timedelta(hours=1)),
... ])
>>> [d["decisionType"] for d in decisions.to_api()]
['ScheduleActivityTask', 'StartTimer']

Every builder raises :class:`~swf.exceptions.ValidationError` on input SWF would reject
(names, lengths, 32,768-character payloads, 5 tags, enums, durations), and its ``to_api()``
never contains ``None`` members, ``"null"`` input or a ``{"name": None}`` task list.
"""

from __future__ import annotations

from swf.decisions._base import NO_TIMEOUT, Decision, Duration, NamedVersion, Payload, TypeLike
from swf.decisions.activity import RequestCancelActivityTask, ScheduleActivityTask
from swf.decisions.child_workflow import StartChildWorkflowExecution
from swf.decisions.collection import DecisionCollection
from swf.decisions.external import (
    RequestCancelExternalWorkflowExecution,
    SignalExternalWorkflowExecution,
)
from swf.decisions.lambda_function import ScheduleLambdaFunction
from swf.decisions.marker import RecordMarker
from swf.decisions.timer import CancelTimer, StartTimer
from swf.decisions.workflow import (
    CancelWorkflowExecution,
    CompleteWorkflowExecution,
    ContinueAsNewWorkflowExecution,
    FailWorkflowExecution,
)

DECISION_CLASSES: tuple[type[Decision], ...] = (
    ScheduleActivityTask,
    RequestCancelActivityTask,
    CompleteWorkflowExecution,
    FailWorkflowExecution,
    CancelWorkflowExecution,
    ContinueAsNewWorkflowExecution,
    RecordMarker,
    StartTimer,
    CancelTimer,
    SignalExternalWorkflowExecution,
    RequestCancelExternalWorkflowExecution,
    StartChildWorkflowExecution,
    ScheduleLambdaFunction,
)
"""The 13 decision builders, in the order of SWF's ``DecisionType`` enum."""

__all__ = [
    "DECISION_CLASSES",
    "NO_TIMEOUT",
    "CancelTimer",
    "CancelWorkflowExecution",
    "CompleteWorkflowExecution",
    "ContinueAsNewWorkflowExecution",
    "Decision",
    "DecisionCollection",
    "Duration",
    "FailWorkflowExecution",
    "NamedVersion",
    "Payload",
    "RecordMarker",
    "RequestCancelActivityTask",
    "RequestCancelExternalWorkflowExecution",
    "ScheduleActivityTask",
    "ScheduleLambdaFunction",
    "SignalExternalWorkflowExecution",
    "StartChildWorkflowExecution",
    "StartTimer",
    "TypeLike",
]
