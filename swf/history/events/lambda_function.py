"""Event classes for AWS Lambda task events (SWF Local never produces them).

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
    LambdaFunctionEvent,
)
from swf.wire import duration_from_wire

__all__ = [
    "LambdaFunctionCompleted",
    "LambdaFunctionEvent",
    "LambdaFunctionFailed",
    "LambdaFunctionScheduled",
    "LambdaFunctionStarted",
    "LambdaFunctionTimedOut",
    "ScheduleLambdaFunctionFailed",
    "StartLambdaFunctionFailed",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class LambdaFunctionScheduled(LambdaFunctionEvent):
    """A Lambda task was scheduled (a ScheduleLambdaFunction decision)."""

    EVENT_TYPE: ClassVar[str] = "LambdaFunctionScheduled"

    function_id: str
    function_name: str
    decision_task_completed_event_id: int
    control: str | None = None
    input: str | None = None
    start_to_close_timeout: timedelta | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> LambdaFunctionScheduled:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            function_id=a["id"],
            function_name=a["name"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
            control=a.get("control"),
            input=a.get("input"),
            start_to_close_timeout=duration_from_wire(a.get("startToCloseTimeout")),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleLambdaFunctionFailed(LambdaFunctionEvent):
    """A ScheduleLambdaFunction decision was refused; ``cause`` says why."""

    EVENT_TYPE: ClassVar[str] = "ScheduleLambdaFunctionFailed"

    function_id: str
    function_name: str
    cause: str
    decision_task_completed_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ScheduleLambdaFunctionFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            function_id=a["id"],
            function_name=a["name"],
            cause=a["cause"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class StartLambdaFunctionFailed(LambdaFunctionEvent):
    """A scheduled Lambda task could not be started."""

    EVENT_TYPE: ClassVar[str] = "StartLambdaFunctionFailed"

    scheduled_event_id: int | None = None
    cause: str | None = None
    message: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> StartLambdaFunctionFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            scheduled_event_id=a.get("scheduledEventId"),
            cause=a.get("cause"),
            message=a.get("message"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class LambdaFunctionStarted(LambdaFunctionEvent):
    """The Lambda task started."""

    EVENT_TYPE: ClassVar[str] = "LambdaFunctionStarted"

    scheduled_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> LambdaFunctionStarted:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            scheduled_event_id=a["scheduledEventId"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class LambdaFunctionCompleted(LambdaFunctionEvent):
    """The Lambda task completed with ``result``."""

    EVENT_TYPE: ClassVar[str] = "LambdaFunctionCompleted"

    scheduled_event_id: int
    started_event_id: int
    result: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> LambdaFunctionCompleted:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            scheduled_event_id=a["scheduledEventId"],
            started_event_id=a["startedEventId"],
            result=a.get("result"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class LambdaFunctionFailed(LambdaFunctionEvent):
    """The Lambda task failed with ``reason`` and ``details``."""

    EVENT_TYPE: ClassVar[str] = "LambdaFunctionFailed"

    scheduled_event_id: int
    started_event_id: int
    reason: str | None = None
    details: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> LambdaFunctionFailed:
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
class LambdaFunctionTimedOut(LambdaFunctionEvent):
    """The Lambda task timed out."""

    EVENT_TYPE: ClassVar[str] = "LambdaFunctionTimedOut"

    scheduled_event_id: int
    started_event_id: int
    timeout_type: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> LambdaFunctionTimedOut:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            scheduled_event_id=a["scheduledEventId"],
            started_event_id=a["startedEventId"],
            timeout_type=a.get("timeoutType"),
        )
