"""Commands: the decisions workflow code asks for, and how each is found again in the history.

A command is issued when the code asks (``submit``, ``sleep``, ``side_effect`` ...), queued,
sent in a decision task's answer, and then *recorded*: the events right after that task's
``DecisionTaskCompleted`` are the records of its decisions, in order (``ActivityTaskScheduled``
or ``ScheduleActivityTaskFailed`` for a ``ScheduleActivityTask`` ...). Replaying, every record
must match the next command sent, by kind and id: that is the determinism check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from swf.decisions import Decision
from swf.history.events import Event

__all__ = ["RECORD_TYPES", "Command", "describe_event"]

# Each decision type and the event types that record it (success first).
_RECORDS: dict[str, tuple[str, ...]] = {
    "ScheduleActivityTask": ("ActivityTaskScheduled", "ScheduleActivityTaskFailed"),
    "RequestCancelActivityTask": ("ActivityTaskCancelRequested", "RequestCancelActivityTaskFailed"),
    "StartTimer": ("TimerStarted", "StartTimerFailed"),
    "CancelTimer": ("TimerCanceled", "CancelTimerFailed"),
    "RecordMarker": ("MarkerRecorded", "RecordMarkerFailed"),
    "StartChildWorkflowExecution": (
        "StartChildWorkflowExecutionInitiated",
        "StartChildWorkflowExecutionFailed",
    ),
    "SignalExternalWorkflowExecution": (
        "SignalExternalWorkflowExecutionInitiated",
        "SignalExternalWorkflowExecutionFailed",
    ),
    "RequestCancelExternalWorkflowExecution": (
        "RequestCancelExternalWorkflowExecutionInitiated",
        "RequestCancelExternalWorkflowExecutionFailed",
    ),
    "CompleteWorkflowExecution": ("WorkflowExecutionCompleted", "CompleteWorkflowExecutionFailed"),
    "FailWorkflowExecution": ("WorkflowExecutionFailed", "FailWorkflowExecutionFailed"),
    "CancelWorkflowExecution": ("WorkflowExecutionCanceled", "CancelWorkflowExecutionFailed"),
    "ContinueAsNewWorkflowExecution": (
        "WorkflowExecutionContinuedAsNew",
        "ContinueAsNewWorkflowExecutionFailed",
    ),
}

RECORD_TYPES: frozenset[str] = frozenset(
    {name for names in _RECORDS.values() for name in names}
    | {"LambdaFunctionScheduled", "ScheduleLambdaFunctionFailed"}
)
"""Every event type that records a decision (flow never schedules Lambda functions, but a
history holding one must be reported, not skipped)."""

# Per decision type: the decision attribute and the event attribute that must be equal.
_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "ScheduleActivityTask": (("activity_id", "activity_id"), ("activity_type", "activity_type")),
    "RequestCancelActivityTask": (("activity_id", "activity_id"),),
    "StartTimer": (("timer_id", "timer_id"),),
    "CancelTimer": (("timer_id", "timer_id"),),
    "RecordMarker": (("marker_name", "marker_name"),),
    "StartChildWorkflowExecution": (
        ("workflow_id", "workflow_id"),
        ("workflow_type", "workflow_type"),
    ),
    "SignalExternalWorkflowExecution": (
        ("workflow_id", "workflow_id"),
        ("signal_name", "signal_name"),
    ),
    "RequestCancelExternalWorkflowExecution": (("workflow_id", "workflow_id"),),
}

CLOSING = frozenset(
    {
        "CompleteWorkflowExecution",
        "FailWorkflowExecution",
        "CancelWorkflowExecution",
        "ContinueAsNewWorkflowExecution",
    }
)


@dataclass(eq=False)
class Command:
    """One decision the code asked for, its place in the queue and what to do once recorded.

    :ivar limit: ``"activity"``, ``"timer"`` or ``"child"``: counts against SWF's 1,000 open
        ones of that kind.
    :ivar priority: order in an answer (lower first): version markers, side-effect markers,
        the rest in the order issued, the closing decision last.
    :ivar key: for markers, the identity inside the details (side effect number, change id).
    """

    decision: Decision
    sequence: int
    on_record: Callable[[Event], None] | None = None
    limit: str | None = None
    priority: int = 2
    key: Any = None
    description: str = field(default="")

    @property
    def decision_type(self) -> str:
        """The decision type, e.g. ``"ScheduleActivityTask"``."""
        return self.decision.DECISION_TYPE

    @property
    def is_closing(self) -> bool:
        """Whether it closes the execution."""
        return self.decision_type in CLOSING

    def matches(self, event: Event, marker_key: Any = None) -> bool:
        """Whether ``event`` records this command."""
        if event.type not in _RECORDS.get(self.decision_type, ()):
            return False
        for decision_attribute, event_attribute in _KEYS.get(self.decision_type, ()):
            expected = getattr(self.decision, decision_attribute)
            found = getattr(event, event_attribute, None)
            if isinstance(expected, tuple) and isinstance(found, tuple):
                if tuple(expected) != tuple(found):
                    return False
            elif expected != found:
                return False
        if self.decision_type == "RecordMarker" and event.type == "MarkerRecorded":
            return bool(marker_key == self.key)
        return True

    def describe(self) -> str:
        """What the code did, for error messages."""
        return self.description or self.decision_type


def describe_event(event: Event) -> str:
    """An event in a few words, for error messages (``ActivityTaskScheduled of resize/1 (id
    resize-1)``)."""
    kind = event.type
    activity_type = getattr(event, "activity_type", None)
    workflow_type = getattr(event, "workflow_type", None)
    parts: list[str] = [kind]
    if activity_type is not None:
        parts.append(f"of {activity_type[0]}/{activity_type[1]}")
    elif workflow_type is not None and "Child" in kind:
        parts.append(f"of {workflow_type[0]}/{workflow_type[1]}")
    for attribute, label in (
        ("activity_id", "activity id"),
        ("timer_id", "timer id"),
        ("marker_name", "marker"),
        ("signal_name", "signal"),
        ("cause", "cause"),
    ):
        value = getattr(event, attribute, None)
        if value:
            parts.append(f"({label} {value})")
    if "Child" in kind or "External" in kind:
        workflow_id = getattr(event, "workflow_id", None)
        if workflow_id:
            parts.append(f"(workflow id {workflow_id})")
    return " ".join(parts)
