"""Event classes for timer events.

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
    TimerEvent,
    required_duration,
)

__all__ = [
    "CancelTimerFailed",
    "StartTimerFailed",
    "TimerCanceled",
    "TimerEvent",
    "TimerFired",
    "TimerStarted",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class TimerStarted(TimerEvent):
    """A timer was started (a StartTimer decision)."""

    EVENT_TYPE: ClassVar[str] = "TimerStarted"

    timer_id: str
    start_to_fire_timeout: timedelta
    decision_task_completed_event_id: int
    control: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> TimerStarted:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            timer_id=a["timerId"],
            start_to_fire_timeout=required_duration(a["startToFireTimeout"]),
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
            control=a.get("control"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class StartTimerFailed(TimerEvent):
    """A StartTimer decision was refused; ``cause`` says why."""

    EVENT_TYPE: ClassVar[str] = "StartTimerFailed"

    timer_id: str
    cause: str
    decision_task_completed_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> StartTimerFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            timer_id=a["timerId"],
            cause=a["cause"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class TimerFired(TimerEvent):
    """A timer fired."""

    EVENT_TYPE: ClassVar[str] = "TimerFired"

    timer_id: str
    started_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> TimerFired:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            timer_id=a["timerId"],
            started_event_id=a["startedEventId"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class TimerCanceled(TimerEvent):
    """A timer was canceled (a CancelTimer decision)."""

    EVENT_TYPE: ClassVar[str] = "TimerCanceled"

    timer_id: str
    started_event_id: int
    decision_task_completed_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> TimerCanceled:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            timer_id=a["timerId"],
            started_event_id=a["startedEventId"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelTimerFailed(TimerEvent):
    """A CancelTimer decision was refused; ``cause`` says why."""

    EVENT_TYPE: ClassVar[str] = "CancelTimerFailed"

    timer_id: str
    cause: str
    decision_task_completed_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> CancelTimerFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            timer_id=a["timerId"],
            cause=a["cause"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
        )
