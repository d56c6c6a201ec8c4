"""Views of a workflow execution's history for people: an event table and a timeline of tasks.

Both work on events as SWF sends them (the dicts of ``GetWorkflowExecutionHistory``), so that
they show exactly what the service recorded.

The timeline folds the history into *spans*: each activity task (scheduled, started, closed),
timer, child workflow and decision task becomes one line with its start, duration and outcome,
drawn as a bar (``.`` waiting for a worker or decider, ``=`` running); signals and markers are
instants (``*``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from swf.wire import datetime_from_wire

__all__ = [
    "CLOSE_EVENTS",
    "Span",
    "event_attributes",
    "event_details",
    "history_rows",
    "render_timeline",
    "spans",
]

CLOSE_EVENTS = frozenset(
    {
        "WorkflowExecutionCompleted",
        "WorkflowExecutionFailed",
        "WorkflowExecutionCanceled",
        "WorkflowExecutionTerminated",
        "WorkflowExecutionTimedOut",
        "WorkflowExecutionContinuedAsNew",
    }
)
"""Event types that close an execution."""

# Attributes worth a glance, in the order they are shown; the rest is in --json.
_DETAIL_KEYS = (
    "activityId",
    "activityType",
    "timerId",
    "startToFireTimeout",
    "signalName",
    "markerName",
    "workflowType",
    "workflowExecution",
    "workflowId",
    "timeoutType",
    "cause",
    "reason",
    "result",
    "input",
    "details",
    "control",
    "identity",
)
_VALUE_LIMIT = 60
_DETAILS_LIMIT = 100


def event_attributes(event: Mapping[str, Any]) -> dict[str, Any]:
    """The ``<eventType>EventAttributes`` of a wire event (empty when it has none)."""
    event_type = str(event.get("eventType", ""))
    key = event_type[:1].lower() + event_type[1:] + "EventAttributes"
    attributes = event.get(key)
    return dict(attributes) if isinstance(attributes, Mapping) else {}


def _short(value: Any) -> str:
    if isinstance(value, Mapping):
        if set(value) == {"name", "version"}:
            return f"{value['name']} {value['version']}"
        if "workflowId" in value:
            return str(value["workflowId"])
        text = json.dumps(value, separators=(",", ":"), default=str)
    else:
        text = str(value)
    text = " ".join(text.split())
    if len(text) > _VALUE_LIMIT:
        text = text[: _VALUE_LIMIT - 3] + "..."
    return text


def event_details(event: Mapping[str, Any]) -> str:
    """A one-line summary of an event's main attributes (``activityId=a1 result=...``)."""
    attributes = event_attributes(event)
    activity_type = attributes.get("activityType")
    if activity_type and activity_type.get("name") == attributes.get("activityId"):
        attributes.pop("activityType")  # the demo's habit, and a common one: id = type name
    if "reason" in attributes:
        attributes.pop("details", None)  # a traceback, most often: see --json
    parts = [f"{key}={_short(attributes[key])}" for key in _DETAIL_KEYS if key in attributes]
    text = " ".join(parts)
    if len(text) > _DETAILS_LIMIT:
        text = text[: _DETAILS_LIMIT - 3] + "..."
    return text


def _moment(event: Mapping[str, Any]) -> datetime:
    moment = datetime_from_wire(event.get("eventTimestamp"))
    return moment if moment is not None else datetime.fromtimestamp(0, tz=timezone.utc)


def history_rows(
    events: Iterable[Mapping[str, Any]], *, origin: datetime | None = None
) -> list[list[str]]:
    """Rows ``[id, +seconds, eventType, details]`` of an event table.

    ``origin`` is the moment offsets count from (default: the first event's).
    """
    rows = []
    for event in events:
        moment = _moment(event)
        if origin is None:
            origin = moment
        offset = (moment - origin).total_seconds()
        rows.append(
            [
                str(event.get("eventId", "")),
                f"+{offset:.2f}s",
                str(event.get("eventType", "")),
                event_details(event),
            ]
        )
    return rows


@dataclass
class Span:
    """One task of an execution, from the moment it was asked for to the moment it closed."""

    kind: str
    """``workflow``, ``decision``, ``activity``, ``timer``, ``child``, ``signal`` or ``marker``."""
    label: str
    """What it is: activity id and type, timer id, child workflow id, signal name..."""
    requested: datetime
    """When it was scheduled, started (timer) or initiated (child); the instant of a signal."""
    started: datetime | None = None
    """When a worker or decider picked it up (activities, decisions, children)."""
    closed: datetime | None = None
    """When it closed; ``None`` while it is open, and for instants."""
    status: str = "open"
    """How it ended: ``completed``, ``failed``, ``timed out``, ``fired``... or ``open``."""
    instant: bool = False
    """True for signals and markers, which have no duration."""
    events: list[int] = field(default_factory=list)
    """The ids of the events this span was built from."""

    def as_dict(self, origin: datetime) -> dict[str, Any]:
        """The span as JSON-ready data, times as seconds since ``origin``."""

        def offset(moment: datetime | None) -> float | None:
            return None if moment is None else round((moment - origin).total_seconds(), 3)

        return {
            "kind": self.kind,
            "label": self.label,
            "status": self.status,
            "requested": offset(self.requested),
            "started": offset(self.started),
            "closed": offset(self.closed),
            "events": self.events,
        }


_ACTIVITY_CLOSE = {
    "ActivityTaskCompleted": "completed",
    "ActivityTaskFailed": "failed",
    "ActivityTaskTimedOut": "timed out",
    "ActivityTaskCanceled": "canceled",
}
_CHILD_CLOSE = {
    "ChildWorkflowExecutionCompleted": "completed",
    "ChildWorkflowExecutionFailed": "failed",
    "ChildWorkflowExecutionTimedOut": "timed out",
    "ChildWorkflowExecutionCanceled": "canceled",
    "ChildWorkflowExecutionTerminated": "terminated",
    "StartChildWorkflowExecutionFailed": "failed to start",
}
_DECISION_CLOSE = {"DecisionTaskCompleted": "completed", "DecisionTaskTimedOut": "timed out"}
_WORKFLOW_CLOSE = {
    "WorkflowExecutionCompleted": "completed",
    "WorkflowExecutionFailed": "failed",
    "WorkflowExecutionCanceled": "canceled",
    "WorkflowExecutionTerminated": "terminated",
    "WorkflowExecutionTimedOut": "timed out",
    "WorkflowExecutionContinuedAsNew": "continued as new",
}


def spans(events: Sequence[Mapping[str, Any]], *, decisions: bool = True) -> list[Span]:
    """Fold a history (ascending event ids) into spans, in the order they were requested.

    ``decisions=False`` leaves decision tasks out.
    """
    result: list[Span] = []
    by_event: dict[tuple[str, int], Span] = {}
    workflow: Span | None = None
    attempts: dict[str, int] = {}
    for event in events:
        event_type = str(event.get("eventType", ""))
        event_id = int(event.get("eventId", 0))
        attributes = event_attributes(event)
        moment = _moment(event)

        def open_span(
            kind: str,
            label: str,
            *,
            instant: bool = False,
            moment: datetime = moment,
            event_id: int = event_id,
        ) -> Span:
            span = Span(kind, label, moment, instant=instant, events=[event_id])
            if instant:
                span.status = ""
            result.append(span)
            by_event[(kind, event_id)] = span
            return span

        def find(
            kind: str,
            key: str,
            *,
            attributes: dict[str, Any] = attributes,
            event_id: int = event_id,
        ) -> Span | None:
            span = by_event.get((kind, int(attributes.get(key, 0))))
            if span is not None:
                span.events.append(event_id)
            return span

        if event_type == "WorkflowExecutionStarted":
            workflow_type = attributes.get("workflowType", {})
            workflow = open_span("workflow", f"workflow {_short(workflow_type)}".strip())
            workflow.started = moment
        elif event_type in _WORKFLOW_CLOSE and workflow is not None:
            workflow.closed, workflow.status = moment, _WORKFLOW_CLOSE[event_type]
            workflow.events.append(event_id)
        elif event_type == "DecisionTaskScheduled" and decisions:
            open_span("decision", "decision task")
        elif event_type == "DecisionTaskStarted" and decisions:
            span = find("decision", "scheduledEventId")
            if span is not None:
                span.started = moment
        elif event_type in _DECISION_CLOSE and decisions:
            span = find("decision", "scheduledEventId")
            if span is not None:
                span.closed, span.status = moment, _DECISION_CLOSE[event_type]
        elif event_type == "ActivityTaskScheduled":
            activity_id = str(attributes.get("activityId", ""))
            label = f"activity {activity_id}"
            activity_type = attributes.get("activityType", {})
            if activity_type.get("name") != activity_id:
                label += f" ({_short(activity_type)})"
            attempts[activity_id] = attempts.get(activity_id, 0) + 1
            if attempts[activity_id] > 1:
                label += f" #{attempts[activity_id]}"
            open_span("activity", label)
        elif event_type == "ActivityTaskStarted":
            span = find("activity", "scheduledEventId")
            if span is not None:
                span.started = moment
        elif event_type in _ACTIVITY_CLOSE:
            span = find("activity", "scheduledEventId")
            if span is not None:
                span.closed, span.status = moment, _ACTIVITY_CLOSE[event_type]
        elif event_type == "TimerStarted":
            span = open_span("timer", f"timer {attributes.get('timerId', '')}")
            span.started = moment
        elif event_type in ("TimerFired", "TimerCanceled"):
            span = find("timer", "startedEventId")
            if span is not None:
                span.closed = moment
                span.status = "fired" if event_type == "TimerFired" else "canceled"
        elif event_type == "StartChildWorkflowExecutionInitiated":
            open_span("child", f"child {_short(attributes.get('workflowType', {}))}")
        elif event_type == "ChildWorkflowExecutionStarted":
            span = find("child", "initiatedEventId")
            if span is not None:
                span.started = moment
        elif event_type in _CHILD_CLOSE:
            span = find("child", "initiatedEventId")
            if span is not None:
                span.closed, span.status = moment, _CHILD_CLOSE[event_type]
        elif event_type == "WorkflowExecutionSignaled":
            open_span("signal", f"signal {attributes.get('signalName', '')}", instant=True)
        elif event_type == "MarkerRecorded":
            open_span("marker", f"marker {attributes.get('markerName', '')}", instant=True)
    return result


def _seconds(start: datetime, end: datetime | None) -> str:
    if end is None:
        return ""
    return f"{(end - start).total_seconds():.2f}s"


def render_timeline(
    events: Sequence[Mapping[str, Any]], *, width: int = 40, decisions: bool = False
) -> str:
    """The timeline of an execution as text: one line per task, with a bar to scale."""
    found = spans(events, decisions=decisions)
    if not found:
        return "(no events)"
    origin = found[0].requested
    last = max(
        [span.closed or span.started or span.requested for span in found]
        + [_moment(event) for event in events[-1:]]
    )
    total = max((last - origin).total_seconds(), 1e-6)

    def column(moment: datetime) -> int:
        return min(width - 1, int((moment - origin).total_seconds() / total * (width - 1) + 0.5))

    lines = []
    label_width = min(max(len(span.label) for span in found), 48)
    header = (
        f"{'TASK'.ljust(label_width)}  {'STATUS'.ljust(16)}  {'START':>8}  {'TOOK':>8}  "
        f"|{'-' * width}|"
    )
    lines.append(header)
    for span in found:
        bar = [" "] * width
        begin = column(span.requested)
        if span.instant:
            bar[begin] = "*"
        else:
            running_from = column(span.started) if span.started else None
            end = column(span.closed) if span.closed else width - 1
            for index in range(begin, end + 1):
                waiting = running_from is None or index < running_from
                bar[index] = "." if waiting and span.kind != "timer" else "="
        label = (
            span.label if len(span.label) <= label_width else span.label[: label_width - 3] + "..."
        )
        start = f"+{(span.requested - origin).total_seconds():.2f}s"
        took = "" if span.instant else _seconds(span.requested, span.closed)
        lines.append(
            f"{label.ljust(label_width)}  {span.status.ljust(16)}  {start:>8}  {took:>8}  "
            f"|{''.join(bar)}|"
        )
    return "\n".join(line.rstrip() for line in lines)
