"""Event classes for marker events.

Generated once from botocore's SWF model (``HistoryEvent`` members) and kept as plain source:
the runtime never reads botocore. ``tests/history/test_events_model.py`` checks that every class
still matches the model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from swf.history.events.base import (
    MarkerEvent,
)

__all__ = [
    "MarkerEvent",
    "MarkerRecorded",
    "RecordMarkerFailed",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkerRecorded(MarkerEvent):
    """A marker was recorded (a RecordMarker decision)."""

    EVENT_TYPE: ClassVar[str] = "MarkerRecorded"

    marker_name: str
    decision_task_completed_event_id: int
    details: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> MarkerRecorded:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            marker_name=a["markerName"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
            details=a.get("details"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordMarkerFailed(MarkerEvent):
    """A RecordMarker decision was refused; ``cause`` says why."""

    EVENT_TYPE: ClassVar[str] = "RecordMarkerFailed"

    marker_name: str
    cause: str
    decision_task_completed_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> RecordMarkerFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            marker_name=a["markerName"],
            cause=a["cause"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
        )
