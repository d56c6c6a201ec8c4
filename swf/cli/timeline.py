"""Views of a workflow execution's history for people: an event table and a timeline of tasks.

Both read a :class:`~swf.history.History`. The table shows each event with its attributes as
SWF recorded them; the timeline draws the history's compiled view: each activity task attempt
(scheduled, started, closed), timer, child workflow and decision task becomes one line with its
start, duration and outcome, drawn as a bar (``.`` waiting for a worker or decider, ``=``
running); signals and markers are instants (``*``). A scheduling or timer start SWF refused
is a line of its own (``schedule failed``, with SWF's cause), and what was still open when
the execution closed (a terminated or canceled execution) ends there, ``abandoned``.
A retry as :mod:`swf.flow` names it (attempt ``n`` of ``charge-1`` is ``charge-1.n``) is
labeled like a rescheduled id: ``activity charge-1 #n``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from swf.history import (
    ActivityState,
    ChildWorkflowState,
    DecisionTaskState,
    History,
    MarkerState,
    TimerState,
)
from swf.history.events import Event

__all__ = [
    "Span",
    "event_details",
    "history_rows",
    "render_timeline",
    "retry_of",
    "spans",
]

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


def event_details(event: Event) -> str:
    """A one-line summary of an event's main attributes (``activityId=a1 result=...``)."""
    attributes = dict(event.attributes)
    activity_type = attributes.get("activityType")
    if activity_type and _named_after(str(attributes.get("activityId")), activity_type.get("name")):
        attributes.pop("activityType")  # the id says the type: id = type name, or swf.flow's
    if "reason" in attributes:
        attributes.pop("details", None)  # a traceback, most often: see --json
    parts = [f"{key}={_short(attributes[key])}" for key in _DETAIL_KEYS if key in attributes]
    text = " ".join(parts)
    if len(text) > _DETAILS_LIMIT:
        text = text[: _DETAILS_LIMIT - 3] + "..."
    return text


def _named_after(activity_id: str, type_name: Any) -> bool:
    """Whether an activity id says its type: the type's name, or swf.flow's ``<name>-<n>``
    (``<name>-<n>.<attempt>`` for a retry)."""
    if not isinstance(type_name, str):
        return False
    return activity_id == type_name or (
        re.fullmatch(re.escape(type_name) + r"-\d+(\.\d+)?", activity_id) is not None
    )


def retry_of(activity_id: str, scheduled: Collection[str]) -> tuple[str, int] | None:
    """``(id, n)`` when ``activity_id`` is attempt ``n`` of activity ``id`` as swf.flow names
    retries (``<id>.<n>``, ``n >= 2``), and ``id`` itself is in ``scheduled``; else None."""
    base, dot, number = activity_id.rpartition(".")
    if dot and number.isdigit() and int(number) >= 2 and base in scheduled:
        return base, int(number)
    return None


def history_rows(events: Iterable[Event], *, origin: datetime | None = None) -> list[list[str]]:
    """Rows ``[id, +seconds, eventType, details]`` of an event table.

    ``origin`` is the moment offsets count from (default: the first event's).
    """
    rows = []
    for event in events:
        if origin is None:
            origin = event.timestamp
        offset = (event.timestamp - origin).total_seconds()
        rows.append([str(event.id), f"+{offset:.2f}s", event.type, event_details(event)])
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
    """How it ended: ``completed``, ``failed``, ``timed out``, ``fired``..., ``schedule failed``
    (an activity SWF refused to schedule) or ``start failed`` (a timer), ``abandoned`` (still
    open when the execution closed: it ends there), or ``open``."""
    instant: bool = False
    """True for signals and markers, which have no duration."""
    cause: str | None = None
    """SWF's cause, when it refused the decision (``schedule failed``, ``start failed``)."""
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
            "cause": self.cause,
            "requested": offset(self.requested),
            "started": offset(self.started),
            "closed": offset(self.closed),
            "events": self.events,
        }


def _outcome(state: Any) -> str:
    """A closed state for people (``TIMED_OUT``: ``timed out``)."""
    return str(state).lower().replace("_", " ")


def _type_label(workflow_type: Any) -> str:
    return "" if workflow_type is None else f"{workflow_type.name} {workflow_type.version}"


def _ids(*event_ids: int | None) -> list[int]:
    return [event_id for event_id in event_ids if event_id is not None]


def spans(history: History, *, decisions: bool = True) -> list[Span]:
    """The spans of an execution, from its compiled view, in the order they were requested.

    ``decisions=False`` leaves decision tasks out.
    """
    compiled = history.compiled
    found: list[tuple[int, Span]] = []
    x = compiled.execution
    if x.started_at is not None and x.started_event_id is not None:
        workflow = Span(
            "workflow", f"workflow {_type_label(x.workflow_type)}".strip(), x.started_at
        )
        workflow.started, workflow.events = x.started_at, _ids(x.started_event_id)
        if x.is_closed:
            workflow.closed, workflow.status = x.closed_at, _outcome(x.close_status)
            workflow.events += _ids(x.closing_event_id)
        found.append((x.started_event_id, workflow))
    if decisions:
        for task in compiled.decision_tasks:
            span = Span("decision", "decision task", task.scheduled_at, started=task.started_at)
            if task.state in (DecisionTaskState.COMPLETED, DecisionTaskState.TIMED_OUT):
                span.closed, span.status = task.closed_at, _outcome(task.state)
            span.events = _ids(task.scheduled_event_id, task.started_event_id, task.closed_event_id)
            found.append((task.scheduled_event_id, span))
    # What is still open when the execution closed was abandoned there (a terminated or
    # canceled execution leaves its timers and tasks without a closing event).
    ended = x.closed_at if x.is_closed else None
    scheduled = {activity.activity_id for activity in compiled.activity_attempts}
    for activity in compiled.activity_attempts:
        activity_id, attempt = activity.activity_id, activity.attempts
        retry = retry_of(activity_id, scheduled)
        if retry is not None:  # swf.flow's attempt n of <id> is <id>.<n>: drawn as <id> #n
            activity_id, attempt = retry
        label = f"activity {activity_id}"
        if not _named_after(activity_id, activity.activity_type.name):
            label += f" ({activity.activity_type.name} {activity.activity_type.version})"
        if attempt > 1:
            label += f" #{attempt}"
        if activity.schedule_failed:
            if activity.closed_at is None or activity.closed_event_id is None:
                continue
            span = Span("activity", label, activity.closed_at, cause=activity.cause)
            span.closed, span.status = activity.closed_at, "schedule failed"
            span.events = [activity.closed_event_id]
            found.append((activity.closed_event_id, span))
            continue
        if activity.scheduled_at is None or activity.scheduled_event_id is None:
            continue
        span = Span("activity", label, activity.scheduled_at, started=activity.started_at)
        if activity.state not in (ActivityState.SCHEDULED, ActivityState.STARTED):
            span.closed, span.status = activity.closed_at, _outcome(activity.state)
        elif ended is not None:
            span.closed, span.status = ended, "abandoned"
        span.events = _ids(
            activity.scheduled_event_id, activity.started_event_id, activity.closed_event_id
        )
        found.append((activity.scheduled_event_id, span))
    for timer in compiled.timer_attempts:
        if timer.state is TimerState.START_FAILED:
            if timer.closed_at is None or timer.closed_event_id is None:
                continue
            span = Span("timer", f"timer {timer.timer_id}", timer.closed_at, cause=timer.cause)
            span.closed, span.status = timer.closed_at, "start failed"
            span.events = [timer.closed_event_id]
            found.append((timer.closed_event_id, span))
            continue
        if timer.started_at is None or timer.started_event_id is None:
            continue
        span = Span("timer", f"timer {timer.timer_id}", timer.started_at, started=timer.started_at)
        if timer.state in (TimerState.FIRED, TimerState.CANCELED):
            span.closed, span.status = timer.closed_at, _outcome(timer.state)
        elif ended is not None:
            span.closed, span.status = ended, "abandoned"
        span.events = _ids(timer.started_event_id, timer.closed_event_id)
        found.append((timer.started_event_id, span))
    for child in compiled.child_workflow_attempts:
        if child.initiated_at is None or child.initiated_event_id is None:
            continue
        span = Span("child", f"child {_type_label(child.workflow_type)}", child.initiated_at)
        span.started = child.started_at
        if child.state == ChildWorkflowState.START_FAILED:
            span.closed, span.status = child.closed_at, "failed to start"
        elif not child.is_open:
            span.closed, span.status = child.closed_at, _outcome(child.state)
        span.events = _ids(child.initiated_event_id, child.started_event_id, child.closed_event_id)
        found.append((child.initiated_event_id, span))
    for signals in compiled.signals.values():
        for signal in signals:
            span = Span("signal", f"signal {signal.name}", signal.received_at, instant=True)
            span.status, span.events = "", [signal.event_id]
            found.append((signal.event_id, span))
    for markers in compiled.markers.values():
        for marker in markers:
            if marker.state is not MarkerState.RECORDED:
                continue
            span = Span("marker", f"marker {marker.name}", marker.recorded_at, instant=True)
            span.status, span.events = "", [marker.event_id]
            found.append((marker.event_id, span))
    found.sort(key=lambda pair: pair[0])
    return [span for _, span in found]


def _seconds(start: datetime, end: datetime | None) -> str:
    if end is None:
        return ""
    return f"{(end - start).total_seconds():.2f}s"


def render_timeline(history: History, *, width: int = 40, decisions: bool = False) -> str:
    """The timeline of an execution as text: one line per task, with a bar to scale."""
    found = spans(history, decisions=decisions)
    if not found:
        return "(no events)"
    origin = found[0].requested
    last = max(
        [span.closed or span.started or span.requested for span in found]
        + [event.timestamp for event in history[-1:]]
    )
    total = max((last - origin).total_seconds(), 1e-6)

    def column(moment: datetime) -> int:
        return min(width - 1, int((moment - origin).total_seconds() / total * (width - 1) + 0.5))

    lines = []
    label_width = min(max(len(span.label) for span in found), 48)
    statuses = [f"{span.status} ({span.cause})" if span.cause else span.status for span in found]
    status_width = max(16, *(len(status) for status in statuses))
    header = (
        f"{'TASK'.ljust(label_width)}  {'STATUS'.ljust(status_width)}  {'START':>8}  "
        f"{'TOOK':>8}  |{'-' * width}|"
    )
    lines.append(header)
    for span, status in zip(found, statuses, strict=True):
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
            f"{label.ljust(label_width)}  {status.ljust(status_width)}  {start:>8}  {took:>8}  "
            f"|{''.join(bar)}|"
        )
    return "\n".join(line.rstrip() for line in lines)
