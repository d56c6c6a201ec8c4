"""Event classes for the execution itself: start, close, cancel requests, signals, refused closes.

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
    WorkflowExecutionEvent,
    WorkflowExecutionRef,
    WorkflowTypeRef,
    optional_execution,
    workflow_type,
)
from swf.wire import duration_from_wire, priority_from_wire

__all__ = [
    "CancelWorkflowExecutionFailed",
    "CompleteWorkflowExecutionFailed",
    "ContinueAsNewWorkflowExecutionFailed",
    "FailWorkflowExecutionFailed",
    "WorkflowExecutionCancelRequested",
    "WorkflowExecutionCanceled",
    "WorkflowExecutionCompleted",
    "WorkflowExecutionContinuedAsNew",
    "WorkflowExecutionEvent",
    "WorkflowExecutionFailed",
    "WorkflowExecutionSignaled",
    "WorkflowExecutionStarted",
    "WorkflowExecutionTerminated",
    "WorkflowExecutionTimedOut",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkflowExecutionStarted(WorkflowExecutionEvent):
    """The execution started; always the first event of a history."""

    EVENT_TYPE: ClassVar[str] = "WorkflowExecutionStarted"

    child_policy: str
    task_list: str
    workflow_type: WorkflowTypeRef
    input: str | None = None
    execution_start_to_close_timeout: timedelta | None = None
    task_start_to_close_timeout: timedelta | None = None
    task_priority: int | None = None
    tag_list: tuple[str, ...] = ()
    continued_execution_run_id: str | None = None
    parent_workflow_execution: WorkflowExecutionRef | None = None
    parent_initiated_event_id: int | None = None
    lambda_role: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> WorkflowExecutionStarted:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            child_policy=a["childPolicy"],
            task_list=a["taskList"]["name"],
            workflow_type=workflow_type(a["workflowType"]),
            input=a.get("input"),
            execution_start_to_close_timeout=duration_from_wire(
                a.get("executionStartToCloseTimeout")
            ),
            task_start_to_close_timeout=duration_from_wire(a.get("taskStartToCloseTimeout")),
            task_priority=priority_from_wire(a.get("taskPriority")),
            tag_list=tuple(a.get("tagList") or ()),
            continued_execution_run_id=a.get("continuedExecutionRunId"),
            parent_workflow_execution=optional_execution(a.get("parentWorkflowExecution")),
            parent_initiated_event_id=a.get("parentInitiatedEventId"),
            lambda_role=a.get("lambdaRole"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkflowExecutionCompleted(WorkflowExecutionEvent):
    """The execution closed as completed (a CompleteWorkflowExecution decision)."""

    EVENT_TYPE: ClassVar[str] = "WorkflowExecutionCompleted"

    decision_task_completed_event_id: int
    result: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> WorkflowExecutionCompleted:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
            result=a.get("result"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class CompleteWorkflowExecutionFailed(WorkflowExecutionEvent):
    """A CompleteWorkflowExecution decision was refused; ``cause`` says why."""

    EVENT_TYPE: ClassVar[str] = "CompleteWorkflowExecutionFailed"

    cause: str
    decision_task_completed_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> CompleteWorkflowExecutionFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            cause=a["cause"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkflowExecutionFailed(WorkflowExecutionEvent):
    """The execution closed as failed (a FailWorkflowExecution decision)."""

    EVENT_TYPE: ClassVar[str] = "WorkflowExecutionFailed"

    decision_task_completed_event_id: int
    reason: str | None = None
    details: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> WorkflowExecutionFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
            reason=a.get("reason"),
            details=a.get("details"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class FailWorkflowExecutionFailed(WorkflowExecutionEvent):
    """A FailWorkflowExecution decision was refused; ``cause`` says why."""

    EVENT_TYPE: ClassVar[str] = "FailWorkflowExecutionFailed"

    cause: str
    decision_task_completed_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> FailWorkflowExecutionFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            cause=a["cause"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkflowExecutionTimedOut(WorkflowExecutionEvent):
    """The execution closed because its start-to-close time-out expired."""

    EVENT_TYPE: ClassVar[str] = "WorkflowExecutionTimedOut"

    timeout_type: str
    child_policy: str

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> WorkflowExecutionTimedOut:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            timeout_type=a["timeoutType"],
            child_policy=a["childPolicy"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkflowExecutionCanceled(WorkflowExecutionEvent):
    """The execution closed as canceled (a CancelWorkflowExecution decision)."""

    EVENT_TYPE: ClassVar[str] = "WorkflowExecutionCanceled"

    decision_task_completed_event_id: int
    details: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> WorkflowExecutionCanceled:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
            details=a.get("details"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelWorkflowExecutionFailed(WorkflowExecutionEvent):
    """A CancelWorkflowExecution decision was refused; ``cause`` says why."""

    EVENT_TYPE: ClassVar[str] = "CancelWorkflowExecutionFailed"

    cause: str
    decision_task_completed_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> CancelWorkflowExecutionFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            cause=a["cause"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkflowExecutionContinuedAsNew(WorkflowExecutionEvent):
    """The execution closed and a new run of it started (``new_execution_run_id``)."""

    EVENT_TYPE: ClassVar[str] = "WorkflowExecutionContinuedAsNew"

    decision_task_completed_event_id: int
    new_execution_run_id: str
    task_list: str
    child_policy: str
    workflow_type: WorkflowTypeRef
    input: str | None = None
    execution_start_to_close_timeout: timedelta | None = None
    task_priority: int | None = None
    task_start_to_close_timeout: timedelta | None = None
    tag_list: tuple[str, ...] = ()
    lambda_role: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> WorkflowExecutionContinuedAsNew:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
            new_execution_run_id=a["newExecutionRunId"],
            task_list=a["taskList"]["name"],
            child_policy=a["childPolicy"],
            workflow_type=workflow_type(a["workflowType"]),
            input=a.get("input"),
            execution_start_to_close_timeout=duration_from_wire(
                a.get("executionStartToCloseTimeout")
            ),
            task_priority=priority_from_wire(a.get("taskPriority")),
            task_start_to_close_timeout=duration_from_wire(a.get("taskStartToCloseTimeout")),
            tag_list=tuple(a.get("tagList") or ()),
            lambda_role=a.get("lambdaRole"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ContinueAsNewWorkflowExecutionFailed(WorkflowExecutionEvent):
    """A ContinueAsNewWorkflowExecution decision was refused; ``cause`` says why."""

    EVENT_TYPE: ClassVar[str] = "ContinueAsNewWorkflowExecutionFailed"

    cause: str
    decision_task_completed_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ContinueAsNewWorkflowExecutionFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            cause=a["cause"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkflowExecutionTerminated(WorkflowExecutionEvent):
    """The execution was terminated (by an operator, a child policy or the event limit)."""

    EVENT_TYPE: ClassVar[str] = "WorkflowExecutionTerminated"

    child_policy: str
    reason: str | None = None
    details: str | None = None
    cause: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> WorkflowExecutionTerminated:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            child_policy=a["childPolicy"],
            reason=a.get("reason"),
            details=a.get("details"),
            cause=a.get("cause"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkflowExecutionCancelRequested(WorkflowExecutionEvent):
    """Someone asked for this execution to be canceled; the decider decides what to do."""

    EVENT_TYPE: ClassVar[str] = "WorkflowExecutionCancelRequested"

    external_workflow_execution: WorkflowExecutionRef | None = None
    external_initiated_event_id: int | None = None
    cause: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> WorkflowExecutionCancelRequested:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            external_workflow_execution=optional_execution(a.get("externalWorkflowExecution")),
            external_initiated_event_id=a.get("externalInitiatedEventId"),
            cause=a.get("cause"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkflowExecutionSignaled(WorkflowExecutionEvent):
    """A signal was delivered to this execution."""

    EVENT_TYPE: ClassVar[str] = "WorkflowExecutionSignaled"

    signal_name: str
    input: str | None = None
    external_workflow_execution: WorkflowExecutionRef | None = None
    external_initiated_event_id: int | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> WorkflowExecutionSignaled:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            signal_name=a["signalName"],
            input=a.get("input"),
            external_workflow_execution=optional_execution(a.get("externalWorkflowExecution")),
            external_initiated_event_id=a.get("externalInitiatedEventId"),
        )
