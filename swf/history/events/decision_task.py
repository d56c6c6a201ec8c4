"""Event classes for decision task events.

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
    DecisionTaskEvent,
)
from swf.wire import duration_from_wire, priority_from_wire, task_list_from_wire

__all__ = [
    "DecisionTaskCompleted",
    "DecisionTaskEvent",
    "DecisionTaskScheduled",
    "DecisionTaskStarted",
    "DecisionTaskTimedOut",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionTaskScheduled(DecisionTaskEvent):
    """A decision task was scheduled on ``task_list``."""

    EVENT_TYPE: ClassVar[str] = "DecisionTaskScheduled"

    task_list: str
    task_priority: int | None = None
    start_to_close_timeout: timedelta | None = None
    schedule_to_start_timeout: timedelta | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> DecisionTaskScheduled:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            task_list=a["taskList"]["name"],
            task_priority=priority_from_wire(a.get("taskPriority")),
            start_to_close_timeout=duration_from_wire(a.get("startToCloseTimeout")),
            schedule_to_start_timeout=duration_from_wire(a.get("scheduleToStartTimeout")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionTaskStarted(DecisionTaskEvent):
    """A decider picked up the decision task."""

    EVENT_TYPE: ClassVar[str] = "DecisionTaskStarted"

    scheduled_event_id: int
    identity: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> DecisionTaskStarted:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            scheduled_event_id=a["scheduledEventId"],
            identity=a.get("identity"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionTaskCompleted(DecisionTaskEvent):
    """The decider answered the decision task; its decisions follow as events."""

    EVENT_TYPE: ClassVar[str] = "DecisionTaskCompleted"

    scheduled_event_id: int
    started_event_id: int
    execution_context: str | None = None
    task_list: str | None = None
    task_list_schedule_to_start_timeout: timedelta | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> DecisionTaskCompleted:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            scheduled_event_id=a["scheduledEventId"],
            started_event_id=a["startedEventId"],
            execution_context=a.get("executionContext"),
            task_list=task_list_from_wire(a.get("taskList")),
            task_list_schedule_to_start_timeout=duration_from_wire(
                a.get("taskListScheduleToStartTimeout")
            ),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionTaskTimedOut(DecisionTaskEvent):
    """The decider did not answer the decision task in time."""

    EVENT_TYPE: ClassVar[str] = "DecisionTaskTimedOut"

    timeout_type: str
    scheduled_event_id: int
    started_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> DecisionTaskTimedOut:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            timeout_type=a["timeoutType"],
            scheduled_event_id=a["scheduledEventId"],
            started_event_id=a["startedEventId"],
        )
