"""The filters of :class:`~swf.querysets.WorkflowExecutionQuerySet`: checking them, turning
them into SWF's request filters, and checking an execution against them.

SWF takes one of ``executionFilter``, ``typeFilter``, ``tagFilter`` and ``closeStatusFilter``
and one of ``startTimeFilter`` and ``closeTimeFilter`` per request. The queryset's
``filter()`` keeps to that; its ``where()`` takes any combination, and what the request has no
room for is checked here, on each execution listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from swf.constants import CloseStatus, ExecutionStatus, Limits
from swf.exceptions import ValidationError
from swf.models.workflow_execution import WorkflowExecution
from swf.models.workflow_type import WorkflowType
from swf.wire import check_identifier, check_length, datetime_to_wire

__all__ = [
    "CLOSING",
    "EPOCH",
    "EXCLUSIVE",
    "SENT_FIRST",
    "TIME_BOUNDS",
    "TimeBound",
    "check_filters",
    "checks_of",
    "close_status",
    "is_relative",
    "meets",
    "request_filters",
    "resolve",
    "status",
    "type_filter",
    "validated",
]

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
EXCLUSIVE = ("workflow_id", "tag", "workflow_type", "close_status")
"""The filters SWF takes one of per request."""
SENT_FIRST = ("workflow_id", "workflow_type", "tag", "close_status")
"""The order in which ``where()`` conditions take a request's free filter: the most
selective first."""
TIME_BOUNDS = ("started_after", "started_before", "closed_after", "closed_before")
CLOSING = ("closed_after", "closed_before", "close_status")
"""The filters only closed executions can meet."""

TimeBound = datetime | timedelta

_WIDENING = timedelta(seconds=1)


def _time_bound(value: TimeBound | None, *, what: str) -> TimeBound | None:
    if value is None or isinstance(value, timedelta):
        if isinstance(value, timedelta) and value < timedelta(0):
            raise ValidationError(f"{what} as a timedelta means 'ago' and must not be negative")
        return value
    return datetime_to_wire(value, what=what)


def resolve(value: TimeBound | None, now: datetime) -> datetime | None:
    """A time bound as a datetime (a timedelta means that long before ``now``)."""
    if isinstance(value, timedelta):
        return now - value
    return value


def is_relative(values: Mapping[str, Any]) -> bool:
    """Whether a time bound among ``values`` is a timedelta (resolved when the query runs)."""
    return any(isinstance(values.get(key), timedelta) for key in TIME_BOUNDS)


def type_filter(value: Any) -> dict[str, str] | None:
    """SWF's ``typeFilter`` for a WorkflowType, a ``(name, version)`` pair or a name."""
    if value is None:
        return None
    if isinstance(value, WorkflowType):
        return {"name": value.name, "version": value.version}
    if isinstance(value, str):
        return {"name": check_identifier(value, what="workflow type name")}
    if isinstance(value, tuple) and len(value) == 2:
        name, version = value
        check_identifier(name, what="workflow type name")
        check_length(version, what="workflow type version", maximum=64, minimum=1)
        return {"name": name, "version": version}
    raise ValidationError(
        "workflow_type must be a WorkflowType, a (name, version) pair or a name, "
        f"not {type(value).__name__}"
    )


def status(value: ExecutionStatus | str) -> ExecutionStatus:
    """``value`` as an :class:`ExecutionStatus`, or a clear :class:`ValidationError`."""
    try:
        return ExecutionStatus(value)
    except ValueError:
        raise ValidationError(f"status must be OPEN or CLOSED, not {value!r}") from None


def close_status(value: CloseStatus | str) -> CloseStatus:
    """``value`` as a :class:`CloseStatus`, or a clear :class:`ValidationError`."""
    try:
        return CloseStatus(value)
    except ValueError:
        raise ValidationError(
            f"close_status must be one of {', '.join(s.value for s in CloseStatus)}, not {value!r}"
        ) from None


def validated(given: Mapping[str, Any]) -> dict[str, Any]:
    """The filters given (``None`` left out), each checked and converted."""
    out: dict[str, Any] = {}
    for key, value in given.items():
        if value is None:
            continue
        if key == "status":
            value = status(value)
        elif key == "close_status":
            value = close_status(value)
        elif key in TIME_BOUNDS:
            value = _time_bound(value, what=key)
        elif key == "tag":
            check_length(value, what="tag", maximum=Limits.TAG_LENGTH, minimum=1)
        elif key == "workflow_id":
            check_identifier(value, what="workflow_id")
        elif key == "workflow_type":
            type_filter(value)
        out[key] = value
    return out


def check_filters(filters: Mapping[str, Any], conditions: Mapping[str, Any]) -> None:
    """Refuse what SWF would refuse among ``filters`` (sent), and what nothing can meet."""
    exclusive = [key for key in EXCLUSIVE if key in filters]
    if len(exclusive) > 1:
        raise ValidationError(
            f"SWF takes one of {', '.join(EXCLUSIVE)} per query, not {' and '.join(exclusive)}"
            " (where() takes any combination)"
        )
    closing = [key for key in CLOSING if key in filters or key in conditions]
    if closing and filters.get("status") == ExecutionStatus.OPEN:
        raise ValidationError(f"{closing[0]} applies to closed executions, not to OPEN ones")
    starting = [key for key in ("started_after", "started_before") if key in filters]
    closed = [key for key in ("closed_after", "closed_before") if key in filters]
    if starting and closed:
        raise ValidationError(
            f"SWF takes one time filter per query: {starting[0]} or {closed[0]}, not both"
            " (where() takes both)"
        )
    now = datetime.now(timezone.utc)
    for after, before in (("started_after", "started_before"), ("closed_after", "closed_before")):
        lows = [resolve(values.get(after), now) for values in (filters, conditions)]
        highs = [resolve(values.get(before), now) for values in (filters, conditions)]
        low = max((moment for moment in lows if moment is not None), default=None)
        high = min((moment for moment in highs if moment is not None), default=None)
        if low is not None and high is not None and low > high:
            raise ValidationError(f"{after} is later than {before}")


def _window(
    values: Mapping[str, Any], after: str, before: str, now: datetime, *, widen: bool
) -> dict[str, datetime]:
    oldest = resolve(values.get(after), now)
    latest = resolve(values.get(before), now)
    # botocore sends times to the millisecond, cut: a list asks for a second more on each side
    # and checks the exact bounds on each execution (see meets()), so that a bound is inclusive.
    margin = _WIDENING if widen else timedelta(0)
    window = {"oldestDate": EPOCH if oldest is None else max(EPOCH, oldest - margin)}
    if latest is not None:
        window["latestDate"] = latest + margin
    return window


def _has(values: Mapping[str, Any], *keys: str) -> bool:
    return any(key in values for key in keys)


def request_filters(
    filters: Mapping[str, Any],
    conditions: Mapping[str, Any],
    listed: ExecutionStatus,
    now: datetime,
    *,
    widen: bool,
) -> dict[str, Any]:
    """SWF's filters for a list (or count) of ``listed`` executions.

    ``filters`` are all sent. A ``conditions`` entry is sent when the request has room for it
    (no time filter, no exclusive filter among ``filters``), the most selective first.
    """
    params: dict[str, Any] = {}
    start, close = ("started_after", "started_before"), ("closed_after", "closed_before")
    closed = listed == ExecutionStatus.CLOSED
    if _has(filters, *close):
        params["closeTimeFilter"] = _window(filters, *close, now, widen=widen)
    elif _has(filters, *start):
        params["startTimeFilter"] = _window(filters, *start, now, widen=widen)
    elif closed and _has(conditions, *close):
        params["closeTimeFilter"] = _window(conditions, *close, now, widen=widen)
    else:
        params["startTimeFilter"] = _window(conditions, *start, now, widen=widen)

    sent = [key for key in EXCLUSIVE if key in filters]
    values = filters
    if not sent:
        values = conditions
        sent = [key for key in SENT_FIRST if key in conditions][:1]
    for key in sent:
        if key == "close_status" and not closed:
            continue
        value = values[key]
        if key == "workflow_id":
            params["executionFilter"] = {"workflowId": value}
        elif key == "tag":
            params["tagFilter"] = {"tag": value}
        elif key == "workflow_type":
            params["typeFilter"] = type_filter(value)
        else:
            params["closeStatusFilter"] = {"status": str(value)}
    return params


def _within(moment: datetime | None, low: datetime | None, high: datetime | None) -> bool:
    if low is None and high is None:
        return True
    if moment is None:
        return False
    return (low is None or moment >= low) and (high is None or moment <= high)


def checks_of(filters: Mapping[str, Any], conditions: Mapping[str, Any]) -> dict[str, Any]:
    """Every filter and condition, as :func:`meets` checks an execution against them: of two
    bounds on one side, the narrower; a workflow type as its ``typeFilter``."""
    checks = {**filters, **conditions}
    now = datetime.now(timezone.utc)
    for key in TIME_BOUNDS:
        if key in filters and key in conditions:
            first, second = filters[key], conditions[key]
            first_at, second_at = resolve(first, now), resolve(second, now)
            assert first_at is not None and second_at is not None
            lower_bound = key.endswith("_after")
            checks[key] = first if (first_at >= second_at) == lower_bound else second
    if "workflow_type" in checks:
        checks["workflow_type"] = type_filter(checks["workflow_type"])
    return checks


def meets(execution: WorkflowExecution, checks: Mapping[str, Any], now: datetime) -> bool:
    """Whether a listed execution meets every filter in ``checks`` (from :func:`checks_of`;
    time bounds inclusive)."""
    if "workflow_id" in checks and execution.workflow_id != checks["workflow_id"]:
        return False
    if "tag" in checks and checks["tag"] not in (execution.tag_list or ()):
        return False
    if "close_status" in checks and execution.close_status != checks["close_status"]:
        return False
    if "workflow_type" in checks:
        wanted = checks["workflow_type"]
        found = execution.workflow_type
        if found is None or found.name != wanted["name"]:
            return False
        if "version" in wanted and found.version != wanted["version"]:
            return False
    started = (
        resolve(checks.get("started_after"), now),
        resolve(checks.get("started_before"), now),
    )
    closed = (
        resolve(checks.get("closed_after"), now),
        resolve(checks.get("closed_before"), now),
    )
    return _within(execution.start_timestamp, *started) and _within(
        execution.close_timestamp, *closed
    )
