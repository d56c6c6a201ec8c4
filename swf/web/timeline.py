"""The timeline picture of an execution: an SVG drawn on the server from its history.

One row per activity attempt, timer use and child workflow (a bar from scheduled to closed,
lighter while waiting for a worker), the execution itself on top, and one row per signal
name and per marker name with an instant for each; all on one time axis. Every element has
a ``<title>`` (the browser shows it on hover) with its details.

The attempts come from the history's events (the compiled view keeps the latest attempt of
each activity id; a retry is a new ``ActivityTaskScheduled`` for the same id, or, as
:mod:`swf.flow` names them, ``<id>.<n>`` for attempt ``n`` of ``<id>``), their states are the
compiled view's names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from swf.history import History
from swf.history.events import (
    ActivityTaskEvent,
    ActivityTaskScheduled,
    ActivityTaskStarted,
    ChildWorkflowExecutionEvent,
    ChildWorkflowExecutionStarted,
    MarkerRecorded,
    StartChildWorkflowExecutionInitiated,
    TimerEvent,
    TimerStarted,
    WorkflowExecutionSignaled,
)

__all__ = ["MAX_BARS", "MAX_INSTANTS", "Instant", "Span", "Timeline", "build_timeline"]

MAX_BARS = 300
"""Bars drawn at most; the rest are counted in :attr:`Timeline.omitted` (the compact history
and the event list show them all)."""
MAX_INSTANTS = 500
"""Signals and markers drawn at most, likewise."""

_CLOSING_STATE = {
    "ActivityTaskCompleted": "COMPLETED",
    "ActivityTaskFailed": "FAILED",
    "ActivityTaskTimedOut": "TIMED_OUT",
    "ActivityTaskCanceled": "CANCELED",
    "TimerFired": "FIRED",
    "TimerCanceled": "CANCELED",
    "ChildWorkflowExecutionCompleted": "COMPLETED",
    "ChildWorkflowExecutionFailed": "FAILED",
    "ChildWorkflowExecutionTimedOut": "TIMED_OUT",
    "ChildWorkflowExecutionCanceled": "CANCELED",
    "ChildWorkflowExecutionTerminated": "TERMINATED",
    "StartChildWorkflowExecutionFailed": "START_FAILED",
}
_DETAIL_KEYS = ("input", "result", "reason", "details", "timeoutType", "cause", "identity")
_DETAIL_LIMIT = 200


@dataclass
class Span:
    """One bar: an activity attempt, a timer use, a child workflow or the execution."""

    kind: str
    """``workflow``, ``activity``, ``timer`` or ``child``."""
    label: str
    state: str
    first_event_id: int
    scheduled_at: datetime
    started_at: datetime | None = None
    closed_at: datetime | None = None
    attempt: int = 1
    details: list[str] = field(default_factory=list)
    child: tuple[str, str] | None = None
    """``(workflow_id, run_id)`` of a child once it started."""


@dataclass
class Instant:
    """A signal received or a marker recorded."""

    kind: str
    """``signal`` or ``marker``."""
    name: str
    at: datetime
    event_id: int
    details: str | None


@dataclass
class Timeline:
    """What the picture shows, and how much it left out."""

    start: datetime
    end: datetime
    spans: list[Span]
    instants: list[Instant]
    omitted: int = 0
    """Bars and instants not drawn (beyond :data:`MAX_BARS` and :data:`MAX_INSTANTS`)."""

    @property
    def activity_attempts(self) -> int:
        """The activity attempts drawn."""
        return sum(1 for span in self.spans if span.kind == "activity")


def _short(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= _DETAIL_LIMIT else text[: _DETAIL_LIMIT - 1] + "…"


def _details(attributes: object) -> list[str]:
    if not isinstance(attributes, dict):
        return []
    return [f"{key}: {_short(str(attributes[key]))}" for key in _DETAIL_KEYS if key in attributes]


def _retried_id(activity_id: str, attempts: dict[tuple[str, str], int]) -> str:
    """The id of which ``activity_id`` is a retry as swf.flow names it (``<id>.<n>``, with
    ``<id>`` scheduled before), else ``activity_id`` itself."""
    base, dot, number = activity_id.rpartition(".")
    if dot and number.isdigit() and int(number) >= 2 and ("activity", base) in attempts:
        return base
    return activity_id


def build_timeline(history: History) -> Timeline:
    """The spans and instants of a history (its first ``MAX_BARS`` bars, ``MAX_INSTANTS``
    instants)."""
    if not len(history):
        raise ValueError("an empty history has no timeline")
    start, end = history[0].timestamp, history[-1].timestamp
    execution = history.execution
    workflow = Span(
        kind="workflow",
        label="workflow "
        + (" ".join(execution.workflow_type) if execution.workflow_type else "execution"),
        state=str(execution.close_status or execution.status),
        first_event_id=history[0].id,
        scheduled_at=start,
        started_at=start,
        closed_at=execution.closed_at,
    )
    spans: dict[int, Span] = {}
    attempts: dict[tuple[str, str], int] = {}
    instants: list[Instant] = []
    omitted = 0

    def open_span(kind: str, key: str, event_id: int, at: datetime, label: str) -> Span | None:
        nonlocal omitted
        attempt = attempts[(kind, key)] = attempts.get((kind, key), 0) + 1
        if len(spans) >= MAX_BARS:
            omitted += 1
            return None
        span = Span(kind, label, "SCHEDULED", event_id, at, attempt=attempt)
        spans[event_id] = span
        return span

    for event in history:
        if isinstance(event, ActivityTaskScheduled):
            activity_id = _retried_id(event.activity_id, attempts)
            span = open_span(
                "activity", activity_id, event.id, event.timestamp, f"activity {activity_id}"
            )
            if span is not None:
                span.details = [f"type: {event.activity_type.name} {event.activity_type.version}"]
                span.details += _details(dict(event.attributes))
        elif isinstance(event, TimerStarted):
            span = open_span("timer", event.timer_id, event.id, event.timestamp, "")
            if span is not None:
                span.label = f"timer {event.timer_id}"
                span.state, span.started_at = "STARTED", event.timestamp
                span.details = [f"start to fire: {event.start_to_fire_timeout}"]
        elif isinstance(event, StartChildWorkflowExecutionInitiated):
            span = open_span("child", event.workflow_id, event.id, event.timestamp, "")
            if span is not None:
                span.label = f"child {event.workflow_id}"
                span.state = "START_INITIATED"
                span.details = [
                    f"type: {event.workflow_type.name} {event.workflow_type.version}",
                    *_details(dict(event.attributes)),
                ]
        elif isinstance(event, (ActivityTaskEvent, TimerEvent, ChildWorkflowExecutionEvent)):
            _advance(spans, event)
        elif isinstance(event, (WorkflowExecutionSignaled, MarkerRecorded)):
            if len(instants) >= MAX_INSTANTS:
                omitted += 1
                continue
            if isinstance(event, WorkflowExecutionSignaled):
                instants.append(
                    Instant("signal", event.signal_name, event.timestamp, event.id, event.input)
                )
            else:
                instants.append(
                    Instant("marker", event.marker_name, event.timestamp, event.id, event.details)
                )
    return Timeline(start, end, [workflow, *spans.values()], instants, omitted)


def _advance(spans: dict[int, Span], event: object) -> None:
    """Move the span an event refers to (by its scheduled, started or initiated event id)."""
    key = None
    for name in ("scheduled_event_id", "initiated_event_id", "started_event_id"):
        value = getattr(event, name, None)
        if isinstance(value, int) and value in spans:
            key = value
            break
    if key is None:
        return
    span = spans[key]
    event_type = type(event).__name__
    at = getattr(event, "timestamp", None)
    if isinstance(event, ActivityTaskStarted):
        span.state, span.started_at = "STARTED", at
        if event.identity:
            span.details.append(f"worker: {_short(event.identity)}")
    elif isinstance(event, ChildWorkflowExecutionStarted):
        span.state, span.started_at = "STARTED", at
        span.child = (event.workflow_execution.workflow_id, event.workflow_execution.run_id)
    elif event_type in _CLOSING_STATE:
        span.state, span.closed_at = _CLOSING_STATE[event_type], at
        span.details += _details(dict(getattr(event, "attributes", {})))


# -- drawing ---------------------------------------------------------------------------------

_LABEL_WIDTH = 230
_PLOT_WIDTH = 720
_ROW = 20
_TOP = 24


def _offset(seconds: float) -> str:
    if seconds < 60:
        return f"+{seconds:.1f}s"
    if seconds < 3600:
        return f"+{seconds / 60:.1f}m"
    return f"+{seconds / 3600:.1f}h"


def render_svg(timeline: Timeline, *, child_link: Callable[[str, str], str] | None = None) -> str:
    """The SVG markup of a timeline (every text escaped). ``child_link(workflow_id, run_id)``
    gives the URL a started child's bar links to."""
    total = max((timeline.end - timeline.start).total_seconds(), 0.001)
    rows: list[tuple[str, list[str]]] = []  # (label, shapes)

    def x(moment: datetime | None) -> float:
        if moment is None:
            return _LABEL_WIDTH + _PLOT_WIDTH
        seconds = (moment - timeline.start).total_seconds()
        return _LABEL_WIDTH + max(0.0, min(1.0, seconds / total)) * _PLOT_WIDTH

    def at(moment: datetime | None) -> str:
        if moment is None:
            return "-"
        return _offset((moment - timeline.start).total_seconds())

    for span in timeline.spans:
        y = _TOP + len(rows) * _ROW
        label = span.label + (f" #{span.attempt}" if span.attempt > 1 else "")
        x0, x_start, x1 = x(span.scheduled_at), x(span.started_at), x(span.closed_at)
        if span.started_at is None:
            x_start = x1
        lines = [
            f"{label}: {span.state}",
            f"scheduled {at(span.scheduled_at)}, started {at(span.started_at)}, "
            f"closed {at(span.closed_at)}",
            *span.details,
        ]
        title = f"<title>{escape(chr(10).join(lines))}</title>"
        state = escape(span.state.lower())
        shapes = []
        if x_start > x0:
            shapes.append(
                f'<rect class="wait" x="{x0:.1f}" y="{y + 4}" width="{x_start - x0:.1f}" '
                f'height="{_ROW - 8}"/>'
            )
        bar = (
            f'<rect class="bar {escape(span.kind)} {state}" data-kind="{escape(span.kind)}" '
            f'data-attempt="{span.attempt}" x="{x_start:.1f}" y="{y + 2}" '
            f'width="{max(x1 - x_start, 2):.1f}" height="{_ROW - 4}">{title}</rect>'
        )
        if span.child is not None and child_link is not None:
            href = escape(child_link(*span.child))
            bar = f'<a href="{href}" class="child-link">{bar}</a>'
        shapes.append(bar)
        rows.append((label, shapes))

    by_name: dict[tuple[str, str], list[Instant]] = {}
    for instant in timeline.instants:
        by_name.setdefault((instant.kind, instant.name), []).append(instant)
    for (kind, name), instants in by_name.items():
        y = _TOP + len(rows) * _ROW
        shapes = []
        for instant in instants:
            cx = x(instant.at)
            text = f"{kind} {name} (event {instant.event_id}) at {at(instant.at)}"
            if instant.details:
                text += f"\n{_short(instant.details)}"
            points = (
                f"{cx:.1f},{y + 2} {cx + 6:.1f},{y + _ROW / 2:.1f} "
                f"{cx:.1f},{y + _ROW - 2} {cx - 6:.1f},{y + _ROW / 2:.1f}"
            )
            shapes.append(
                f'<polygon class="instant {kind}" data-kind="{kind}" points="{points}">'
                f"<title>{escape(text)}</title></polygon>"
            )
        rows.append((f"{kind} {name}", shapes))

    height = _TOP + len(rows) * _ROW + 24
    width = _LABEL_WIDTH + _PLOT_WIDTH + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="timeline of the execution">'
    ]
    for index in range(6):  # the axis: six ticks
        tx = _LABEL_WIDTH + index * _PLOT_WIDTH / 5
        anchor = "end" if index == 5 else "middle"
        out.append(
            f'<line class="tick" x1="{tx:.1f}" y1="{_TOP - 4}" x2="{tx:.1f}" y2="{height - 20}"/>'
            f'<text class="tick" x="{tx:.1f}" y="{_TOP - 8}" text-anchor="{anchor}">'
            f"{escape(_offset(total * index / 5))}</text>"
        )
    for index, (label, shapes) in enumerate(rows):
        y = _TOP + index * _ROW
        if index % 2:
            out.append(f'<rect class="stripe" x="0" y="{y}" width="{width}" height="{_ROW}"/>')
        out.append(
            f'<text class="label" x="4" y="{y + _ROW - 6}">{escape(_clip(label, 34))}</text>'
        )
        out.extend(shapes)
    if timeline.omitted:
        out.append(
            f'<text class="omitted" x="4" y="{height - 6}">{timeline.omitted} more bars and '
            "instants not drawn: the compact history and the event list show them all</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
