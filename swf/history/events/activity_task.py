"""Event classes for activity task events.

Generated once from botocore's SWF model (``HistoryEvent`` members) and kept as plain source:
the runtime never reads botocore. ``tests/history/test_events_model.py`` checks that every class
still matches the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar

from swf.history.events.base import (
    ActivityTaskEvent,
    ActivityTypeRef,
    activity_type,
)
from swf.wire import duration_from_wire, priority_from_wire

__all__ = [
    "ActivityTaskCancelRequested",
    "ActivityTaskCanceled",
    "ActivityTaskCompleted",
    "ActivityTaskEvent",
    "ActivityTaskFailed",
    "ActivityTaskScheduled",
    "ActivityTaskStarted",
    "ActivityTaskTimedOut",
    "RequestCancelActivityTaskFailed",
    "ScheduleActivityTaskFailed",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivityTaskScheduled(ActivityTaskEvent):
    """An activity task was scheduled (a ScheduleActivityTask decision)."""

    EVENT_TYPE: ClassVar[str] = "ActivityTaskScheduled"

    activity_type: ActivityTypeRef
    activity_id: str
    task_list: str
    decision_task_completed_event_id: int
    input: str | None = None
    control: str | None = None
    schedule_to_start_timeout: timedelta | None = None
    schedule_to_close_timeout: timedelta | None = None
    start_to_close_timeout: timedelta | None = None
    task_priority: int | None = None
    heartbeat_timeout: timedelta | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ActivityTaskScheduled:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            activity_type=activity_type(a["activityType"]),
            activity_id=a["activityId"],
            task_list=a["taskList"]["name"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
            input=a.get("input"),
            control=a.get("control"),
            schedule_to_start_timeout=duration_from_wire(a.get("scheduleToStartTimeout")),
            schedule_to_close_timeout=duration_from_wire(a.get("scheduleToCloseTimeout")),
            start_to_close_timeout=duration_from_wire(a.get("startToCloseTimeout")),
            task_priority=priority_from_wire(a.get("taskPriority")),
            heartbeat_timeout=duration_from_wire(a.get("heartbeatTimeout")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleActivityTaskFailed(ActivityTaskEvent):
    """A ScheduleActivityTask decision was refused; ``cause`` says why."""

    EVENT_TYPE: ClassVar[str] = "ScheduleActivityTaskFailed"

    activity_type: ActivityTypeRef
    activity_id: str
    cause: str
    decision_task_completed_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ScheduleActivityTaskFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            activity_type=activity_type(a["activityType"]),
            activity_id=a["activityId"],
            cause=a["cause"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivityTaskStarted(ActivityTaskEvent):
    """A worker picked up the activity task."""

    EVENT_TYPE: ClassVar[str] = "ActivityTaskStarted"

    scheduled_event_id: int
    identity: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ActivityTaskStarted:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            scheduled_event_id=a["scheduledEventId"],
            identity=a.get("identity"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivityTaskCompleted(ActivityTaskEvent):
    """The worker completed the activity task with ``result``."""

    EVENT_TYPE: ClassVar[str] = "ActivityTaskCompleted"

    scheduled_event_id: int
    started_event_id: int
    result: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ActivityTaskCompleted:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            scheduled_event_id=a["scheduledEventId"],
            started_event_id=a["startedEventId"],
            result=a.get("result"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivityTaskFailed(ActivityTaskEvent):
    """The worker failed the activity task with ``reason`` and ``details``."""

    EVENT_TYPE: ClassVar[str] = "ActivityTaskFailed"

    scheduled_event_id: int
    started_event_id: int
    reason: str | None = None
    details: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ActivityTaskFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            scheduled_event_id=a["scheduledEventId"],
            started_event_id=a["startedEventId"],
            reason=a.get("reason"),
            details=a.get("details"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivityTaskTimedOut(ActivityTaskEvent):
    """The activity task timed out (``timeout_type``)."""

    EVENT_TYPE: ClassVar[str] = "ActivityTaskTimedOut"

    timeout_type: str
    scheduled_event_id: int
    started_event_id: int
    details: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ActivityTaskTimedOut:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            timeout_type=a["timeoutType"],
            scheduled_event_id=a["scheduledEventId"],
            started_event_id=a["startedEventId"],
            details=a.get("details"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivityTaskCanceled(ActivityTaskEvent):
    """The activity task was canceled."""

    EVENT_TYPE: ClassVar[str] = "ActivityTaskCanceled"

    scheduled_event_id: int
    started_event_id: int
    details: str | None = None
    latest_cancel_requested_event_id: int | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ActivityTaskCanceled:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            scheduled_event_id=a["scheduledEventId"],
            started_event_id=a["startedEventId"],
            details=a.get("details"),
            latest_cancel_requested_event_id=a.get("latestCancelRequestedEventId"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivityTaskCancelRequested(ActivityTaskEvent):
    """Cancellation of the activity task was requested (a RequestCancelActivityTask decision)."""

    EVENT_TYPE: ClassVar[str] = "ActivityTaskCancelRequested"

    decision_task_completed_event_id: int
    activity_id: str

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ActivityTaskCancelRequested:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
            activity_id=a["activityId"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestCancelActivityTaskFailed(ActivityTaskEvent):
    """A RequestCancelActivityTask decision was refused; ``cause`` says why."""

    EVENT_TYPE: ClassVar[str] = "RequestCancelActivityTaskFailed"

    activity_id: str
    cause: str
    decision_task_completed_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> RequestCancelActivityTaskFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            activity_id=a["activityId"],
            cause=a["cause"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
        )
