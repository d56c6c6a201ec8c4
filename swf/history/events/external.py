"""Event classes for events about signals and cancel requests this execution sends to others.

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
    ExternalWorkflowExecutionEvent,
    WorkflowExecutionRef,
    execution,
)

__all__ = [
    "ExternalWorkflowExecutionCancelRequested",
    "ExternalWorkflowExecutionEvent",
    "ExternalWorkflowExecutionSignaled",
    "RequestCancelExternalWorkflowExecutionFailed",
    "RequestCancelExternalWorkflowExecutionInitiated",
    "SignalExternalWorkflowExecutionFailed",
    "SignalExternalWorkflowExecutionInitiated",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class SignalExternalWorkflowExecutionInitiated(ExternalWorkflowExecutionEvent):
    """Signalling another execution was requested (a SignalExternalWorkflowExecution decision)."""

    EVENT_TYPE: ClassVar[str] = "SignalExternalWorkflowExecutionInitiated"

    workflow_id: str
    signal_name: str
    decision_task_completed_event_id: int
    run_id: str | None = None
    input: str | None = None
    control: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> SignalExternalWorkflowExecutionInitiated:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            workflow_id=a["workflowId"],
            signal_name=a["signalName"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
            run_id=a.get("runId"),
            input=a.get("input"),
            control=a.get("control"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SignalExternalWorkflowExecutionFailed(ExternalWorkflowExecutionEvent):
    """The signal could not be delivered; ``cause`` says why."""

    EVENT_TYPE: ClassVar[str] = "SignalExternalWorkflowExecutionFailed"

    workflow_id: str
    cause: str
    initiated_event_id: int
    decision_task_completed_event_id: int
    run_id: str | None = None
    control: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> SignalExternalWorkflowExecutionFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            workflow_id=a["workflowId"],
            cause=a["cause"],
            initiated_event_id=a["initiatedEventId"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
            run_id=a.get("runId"),
            control=a.get("control"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ExternalWorkflowExecutionSignaled(ExternalWorkflowExecutionEvent):
    """The signal was delivered to the other execution."""

    EVENT_TYPE: ClassVar[str] = "ExternalWorkflowExecutionSignaled"

    workflow_execution: WorkflowExecutionRef
    initiated_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ExternalWorkflowExecutionSignaled:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            workflow_execution=execution(a["workflowExecution"]),
            initiated_event_id=a["initiatedEventId"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestCancelExternalWorkflowExecutionInitiated(ExternalWorkflowExecutionEvent):
    """Canceling another execution was requested (RequestCancelExternalWorkflowExecution)."""

    EVENT_TYPE: ClassVar[str] = "RequestCancelExternalWorkflowExecutionInitiated"

    workflow_id: str
    decision_task_completed_event_id: int
    run_id: str | None = None
    control: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> RequestCancelExternalWorkflowExecutionInitiated:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            workflow_id=a["workflowId"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
            run_id=a.get("runId"),
            control=a.get("control"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestCancelExternalWorkflowExecutionFailed(ExternalWorkflowExecutionEvent):
    """The cancel request could not be delivered; ``cause`` says why."""

    EVENT_TYPE: ClassVar[str] = "RequestCancelExternalWorkflowExecutionFailed"

    workflow_id: str
    cause: str
    initiated_event_id: int
    decision_task_completed_event_id: int
    run_id: str | None = None
    control: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> RequestCancelExternalWorkflowExecutionFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            workflow_id=a["workflowId"],
            cause=a["cause"],
            initiated_event_id=a["initiatedEventId"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
            run_id=a.get("runId"),
            control=a.get("control"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ExternalWorkflowExecutionCancelRequested(ExternalWorkflowExecutionEvent):
    """The cancel request was delivered to the other execution."""

    EVENT_TYPE: ClassVar[str] = "ExternalWorkflowExecutionCancelRequested"

    workflow_execution: WorkflowExecutionRef
    initiated_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ExternalWorkflowExecutionCancelRequested:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            workflow_execution=execution(a["workflowExecution"]),
            initiated_event_id=a["initiatedEventId"],
        )
