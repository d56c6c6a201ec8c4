"""The compiled view of a history: one small mutable record per entity, and their states.

A record is the current state of one activity, timer, child workflow, signal, marker, external
signal or cancel request, or of the execution itself, as the history's events left it. Records
are updated in place when the history grows; treat them as read-only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from swf.constants import ChildPolicy, CloseStatus, ExecutionStatus
from swf.history.events import ActivityTypeRef, WorkflowExecutionRef, WorkflowTypeRef

__all__ = [
    "Activity",
    "ActivityState",
    "ChildWorkflow",
    "ChildWorkflowState",
    "DecisionTaskRecord",
    "DecisionTaskState",
    "Execution",
    "ExternalCancelRequest",
    "ExternalSignal",
    "ExternalState",
    "LambdaFunction",
    "LambdaFunctionState",
    "Marker",
    "MarkerState",
    "Signal",
    "Timer",
    "TimerState",
]


class _State(str, enum.Enum):
    """A state that compares equal to, and prints as, its name."""

    def __str__(self) -> str:
        return str(self.value)


class ActivityState(_State):
    """Where an activity task is. ``SCHEDULED`` and ``STARTED`` are open; the rest closed."""

    SCHEDULED = "SCHEDULED"
    SCHEDULE_FAILED = "SCHEDULE_FAILED"
    STARTED = "STARTED"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    TIMED_OUT = "TIMED_OUT"
    CANCELED = "CANCELED"


class TimerState(_State):
    """Where a timer is. ``STARTED`` is open; the rest closed."""

    STARTED = "STARTED"
    START_FAILED = "START_FAILED"
    FIRED = "FIRED"
    CANCELED = "CANCELED"


class ChildWorkflowState(_State):
    """Where a child execution is. ``START_INITIATED`` and ``STARTED`` are open."""

    START_INITIATED = "START_INITIATED"
    START_FAILED = "START_FAILED"
    STARTED = "STARTED"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    TIMED_OUT = "TIMED_OUT"
    CANCELED = "CANCELED"
    TERMINATED = "TERMINATED"


class ExternalState(_State):
    """Where a signal or cancel request sent to another execution is."""

    INITIATED = "INITIATED"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"


class MarkerState(_State):
    """Whether a RecordMarker decision was recorded or refused."""

    RECORDED = "RECORDED"
    FAILED = "FAILED"


class DecisionTaskState(_State):
    """Where the latest decision task is."""

    SCHEDULED = "SCHEDULED"
    STARTED = "STARTED"
    COMPLETED = "COMPLETED"
    TIMED_OUT = "TIMED_OUT"


class LambdaFunctionState(_State):
    """Where a Lambda task is."""

    SCHEDULED = "SCHEDULED"
    SCHEDULE_FAILED = "SCHEDULE_FAILED"
    START_FAILED = "START_FAILED"
    STARTED = "STARTED"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    TIMED_OUT = "TIMED_OUT"


_OPEN_ACTIVITY = (ActivityState.SCHEDULED, ActivityState.STARTED)
_OPEN_CHILD = (ChildWorkflowState.START_INITIATED, ChildWorkflowState.STARTED)
_OPEN_LAMBDA = (LambdaFunctionState.SCHEDULED, LambdaFunctionState.STARTED)


@dataclass(slots=True)
class Activity:
    """The latest attempt of an activity task, by activity id.

    ``attempts`` counts the ``ActivityTaskScheduled`` events for this id (a retry reuses the
    id once the previous attempt closed). ``cause`` is why scheduling was refused
    (``SCHEDULE_FAILED``); ``cancel_failed_cause`` why a cancel request was refused.
    """

    activity_id: str
    activity_type: ActivityTypeRef
    state: ActivityState
    attempts: int = 0
    input: str | None = None
    control: str | None = None
    task_list: str | None = None
    task_priority: int | None = None
    schedule_to_start_timeout: timedelta | None = None
    schedule_to_close_timeout: timedelta | None = None
    start_to_close_timeout: timedelta | None = None
    heartbeat_timeout: timedelta | None = None
    identity: str | None = None
    result: str | None = None
    reason: str | None = None
    details: str | None = None
    timeout_type: str | None = None
    cause: str | None = None
    cancel_requested: bool = False
    cancel_failed_cause: str | None = None
    scheduled_event_id: int | None = None
    started_event_id: int | None = None
    closed_event_id: int | None = None
    scheduled_at: datetime | None = None
    started_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        """Scheduled or started: a worker may still report on it."""
        return self.state in _OPEN_ACTIVITY

    @property
    def is_closed(self) -> bool:
        """Completed, failed, timed out, canceled, or never scheduled."""
        return self.state not in _OPEN_ACTIVITY


@dataclass(slots=True)
class Timer:
    """The latest use of a timer, by timer id."""

    timer_id: str
    state: TimerState
    attempts: int = 0
    control: str | None = None
    start_to_fire_timeout: timedelta | None = None
    cause: str | None = None
    cancel_failed_cause: str | None = None
    started_event_id: int | None = None
    closed_event_id: int | None = None
    started_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def fires_at(self) -> datetime | None:
        """When a started timer is due to fire."""
        if self.started_at is None or self.start_to_fire_timeout is None:
            return None
        return self.started_at + self.start_to_fire_timeout

    @property
    def is_open(self) -> bool:
        """Started and neither fired nor canceled."""
        return self.state is TimerState.STARTED


@dataclass(slots=True)
class ChildWorkflow:
    """The latest child execution started with a workflow id."""

    workflow_id: str
    workflow_type: WorkflowTypeRef
    state: ChildWorkflowState
    attempts: int = 0
    run_id: str | None = None
    input: str | None = None
    control: str | None = None
    task_list: str | None = None
    task_priority: int | None = None
    child_policy: ChildPolicy | str | None = None
    execution_start_to_close_timeout: timedelta | None = None
    task_start_to_close_timeout: timedelta | None = None
    tag_list: tuple[str, ...] = ()
    result: str | None = None
    reason: str | None = None
    details: str | None = None
    timeout_type: str | None = None
    cause: str | None = None
    initiated_event_id: int | None = None
    started_event_id: int | None = None
    closed_event_id: int | None = None
    initiated_at: datetime | None = None
    started_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def workflow_execution(self) -> WorkflowExecutionRef | None:
        """``(workflow_id, run_id)`` once the child started."""
        if self.run_id is None:
            return None
        return WorkflowExecutionRef(self.workflow_id, self.run_id)

    @property
    def is_open(self) -> bool:
        """Being started or running."""
        return self.state in _OPEN_CHILD


@dataclass(slots=True)
class DecisionTaskRecord:
    """One decision task, by its scheduled event id: when it was scheduled, picked up by a
    decider and closed, and how (``COMPLETED`` or ``TIMED_OUT``)."""

    state: DecisionTaskState
    scheduled_event_id: int
    scheduled_at: datetime
    task_list: str | None = None
    task_priority: int | None = None
    start_to_close_timeout: timedelta | None = None
    identity: str | None = None
    execution_context: str | None = None
    timeout_type: str | None = None
    started_event_id: int | None = None
    closed_event_id: int | None = None
    started_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        """Scheduled or started."""
        return self.state in (DecisionTaskState.SCHEDULED, DecisionTaskState.STARTED)


@dataclass(slots=True)
class Signal:
    """One signal this execution received."""

    name: str
    input: str | None
    event_id: int
    received_at: datetime
    external_workflow_execution: WorkflowExecutionRef | None = None
    external_initiated_event_id: int | None = None


@dataclass(slots=True)
class Marker:
    """One marker recorded (or refused) by a RecordMarker decision."""

    name: str
    state: MarkerState
    details: str | None
    event_id: int
    recorded_at: datetime
    decision_task_completed_event_id: int | None = None
    cause: str | None = None


@dataclass(slots=True)
class ExternalSignal:
    """A signal this execution sent to another one, by its initiated event id."""

    workflow_id: str
    signal_name: str
    state: ExternalState
    run_id: str | None = None
    input: str | None = None
    control: str | None = None
    cause: str | None = None
    workflow_execution: WorkflowExecutionRef | None = None
    initiated_event_id: int | None = None
    closed_event_id: int | None = None
    initiated_at: datetime | None = None
    closed_at: datetime | None = None


@dataclass(slots=True)
class ExternalCancelRequest:
    """A cancel request this execution sent to another one, by its initiated event id."""

    workflow_id: str
    state: ExternalState
    run_id: str | None = None
    control: str | None = None
    cause: str | None = None
    workflow_execution: WorkflowExecutionRef | None = None
    initiated_event_id: int | None = None
    closed_event_id: int | None = None
    initiated_at: datetime | None = None
    closed_at: datetime | None = None


@dataclass(slots=True)
class LambdaFunction:
    """The latest attempt of a Lambda task, by its id (SWF Local never runs Lambda tasks)."""

    function_id: str
    function_name: str
    state: LambdaFunctionState
    attempts: int = 0
    input: str | None = None
    control: str | None = None
    start_to_close_timeout: timedelta | None = None
    result: str | None = None
    reason: str | None = None
    details: str | None = None
    timeout_type: str | None = None
    cause: str | None = None
    message: str | None = None
    scheduled_event_id: int | None = None
    started_event_id: int | None = None
    closed_event_id: int | None = None
    scheduled_at: datetime | None = None
    started_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        """Scheduled or started."""
        return self.state in _OPEN_LAMBDA


@dataclass(slots=True)
class Execution:
    """The execution itself: how it started, whether and how it closed, its decision tasks.

    ``close_status`` is a :class:`~swf.constants.CloseStatus` once a closing event is in the
    history (``CONTINUED_AS_NEW`` for ``WorkflowExecutionContinuedAsNew``).
    """

    status: ExecutionStatus = ExecutionStatus.OPEN
    close_status: CloseStatus | None = None
    workflow_type: WorkflowTypeRef | None = None
    input: str | None = None
    task_list: str | None = None
    task_priority: int | None = None
    child_policy: ChildPolicy | str | None = None
    execution_start_to_close_timeout: timedelta | None = None
    task_start_to_close_timeout: timedelta | None = None
    tag_list: tuple[str, ...] = ()
    parent: WorkflowExecutionRef | None = None
    parent_initiated_event_id: int | None = None
    continued_execution_run_id: str | None = None
    lambda_role: str | None = None
    started_event_id: int | None = None
    started_at: datetime | None = None
    closed_at: datetime | None = None
    closing_event_id: int | None = None
    result: str | None = None
    reason: str | None = None
    details: str | None = None
    timeout_type: str | None = None
    terminate_cause: str | None = None
    new_execution_run_id: str | None = None
    cancel_requested: bool = False
    cancel_requested_cause: str | None = None
    cancel_requested_by: WorkflowExecutionRef | None = None
    cancel_requested_event_id: int | None = None
    execution_context: str | None = None
    decision_task_state: DecisionTaskState | None = None
    decision_task_scheduled_event_id: int | None = None
    decision_task_started_event_id: int | None = None
    decision_tasks_completed: int = 0
    decision_task_timeouts: int = 0

    @property
    def is_open(self) -> bool:
        """No closing event yet."""
        return self.status is ExecutionStatus.OPEN

    @property
    def is_closed(self) -> bool:
        """A closing event is in the history."""
        return self.status is ExecutionStatus.CLOSED
