"""Event classes for child workflow execution events.

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
    ChildWorkflowExecutionEvent,
    WorkflowExecutionRef,
    WorkflowTypeRef,
    execution,
    workflow_type,
)
from swf.wire import duration_from_wire, priority_from_wire

__all__ = [
    "ChildWorkflowExecutionCanceled",
    "ChildWorkflowExecutionCompleted",
    "ChildWorkflowExecutionEvent",
    "ChildWorkflowExecutionFailed",
    "ChildWorkflowExecutionStarted",
    "ChildWorkflowExecutionTerminated",
    "ChildWorkflowExecutionTimedOut",
    "StartChildWorkflowExecutionFailed",
    "StartChildWorkflowExecutionInitiated",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class StartChildWorkflowExecutionInitiated(ChildWorkflowExecutionEvent):
    """Starting a child execution was requested (a StartChildWorkflowExecution decision)."""

    EVENT_TYPE: ClassVar[str] = "StartChildWorkflowExecutionInitiated"

    workflow_id: str
    workflow_type: WorkflowTypeRef
    task_list: str
    decision_task_completed_event_id: int
    child_policy: str
    control: str | None = None
    input: str | None = None
    execution_start_to_close_timeout: timedelta | None = None
    task_priority: int | None = None
    task_start_to_close_timeout: timedelta | None = None
    tag_list: tuple[str, ...] = ()
    lambda_role: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> StartChildWorkflowExecutionInitiated:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            workflow_id=a["workflowId"],
            workflow_type=workflow_type(a["workflowType"]),
            task_list=a["taskList"]["name"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
            child_policy=a["childPolicy"],
            control=a.get("control"),
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
class StartChildWorkflowExecutionFailed(ChildWorkflowExecutionEvent):
    """The child execution could not be started; ``cause`` says why."""

    EVENT_TYPE: ClassVar[str] = "StartChildWorkflowExecutionFailed"

    workflow_type: WorkflowTypeRef
    cause: str
    workflow_id: str
    initiated_event_id: int
    decision_task_completed_event_id: int
    control: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> StartChildWorkflowExecutionFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            workflow_type=workflow_type(a["workflowType"]),
            cause=a["cause"],
            workflow_id=a["workflowId"],
            initiated_event_id=a["initiatedEventId"],
            decision_task_completed_event_id=a["decisionTaskCompletedEventId"],
            control=a.get("control"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ChildWorkflowExecutionStarted(ChildWorkflowExecutionEvent):
    """The child execution started."""

    EVENT_TYPE: ClassVar[str] = "ChildWorkflowExecutionStarted"

    workflow_execution: WorkflowExecutionRef
    workflow_type: WorkflowTypeRef
    initiated_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ChildWorkflowExecutionStarted:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            workflow_execution=execution(a["workflowExecution"]),
            workflow_type=workflow_type(a["workflowType"]),
            initiated_event_id=a["initiatedEventId"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ChildWorkflowExecutionCompleted(ChildWorkflowExecutionEvent):
    """The child execution completed with ``result``."""

    EVENT_TYPE: ClassVar[str] = "ChildWorkflowExecutionCompleted"

    workflow_execution: WorkflowExecutionRef
    workflow_type: WorkflowTypeRef
    initiated_event_id: int
    started_event_id: int
    result: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ChildWorkflowExecutionCompleted:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            workflow_execution=execution(a["workflowExecution"]),
            workflow_type=workflow_type(a["workflowType"]),
            initiated_event_id=a["initiatedEventId"],
            started_event_id=a["startedEventId"],
            result=a.get("result"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ChildWorkflowExecutionFailed(ChildWorkflowExecutionEvent):
    """The child execution failed with ``reason`` and ``details``."""

    EVENT_TYPE: ClassVar[str] = "ChildWorkflowExecutionFailed"

    workflow_execution: WorkflowExecutionRef
    workflow_type: WorkflowTypeRef
    initiated_event_id: int
    started_event_id: int
    reason: str | None = None
    details: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ChildWorkflowExecutionFailed:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            workflow_execution=execution(a["workflowExecution"]),
            workflow_type=workflow_type(a["workflowType"]),
            initiated_event_id=a["initiatedEventId"],
            started_event_id=a["startedEventId"],
            reason=a.get("reason"),
            details=a.get("details"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ChildWorkflowExecutionTimedOut(ChildWorkflowExecutionEvent):
    """The child execution timed out."""

    EVENT_TYPE: ClassVar[str] = "ChildWorkflowExecutionTimedOut"

    workflow_execution: WorkflowExecutionRef
    workflow_type: WorkflowTypeRef
    timeout_type: str
    initiated_event_id: int
    started_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ChildWorkflowExecutionTimedOut:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            workflow_execution=execution(a["workflowExecution"]),
            workflow_type=workflow_type(a["workflowType"]),
            timeout_type=a["timeoutType"],
            initiated_event_id=a["initiatedEventId"],
            started_event_id=a["startedEventId"],
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ChildWorkflowExecutionCanceled(ChildWorkflowExecutionEvent):
    """The child execution was canceled."""

    EVENT_TYPE: ClassVar[str] = "ChildWorkflowExecutionCanceled"

    workflow_execution: WorkflowExecutionRef
    workflow_type: WorkflowTypeRef
    initiated_event_id: int
    started_event_id: int
    details: str | None = None

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ChildWorkflowExecutionCanceled:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            workflow_execution=execution(a["workflowExecution"]),
            workflow_type=workflow_type(a["workflowType"]),
            initiated_event_id=a["initiatedEventId"],
            started_event_id=a["startedEventId"],
            details=a.get("details"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ChildWorkflowExecutionTerminated(ChildWorkflowExecutionEvent):
    """The child execution was terminated."""

    EVENT_TYPE: ClassVar[str] = "ChildWorkflowExecutionTerminated"

    workflow_execution: WorkflowExecutionRef
    workflow_type: WorkflowTypeRef
    initiated_event_id: int
    started_event_id: int

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> ChildWorkflowExecutionTerminated:
        return cls(
            id=id,
            timestamp=timestamp,
            raw=raw,
            workflow_execution=execution(a["workflowExecution"]),
            workflow_type=workflow_type(a["workflowType"]),
            initiated_event_id=a["initiatedEventId"],
            started_event_id=a["startedEventId"],
        )
