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

    ``attempts`` counts every scheduling of this id, the refused ones (``SCHEDULE_FAILED``)
    too, and ``schedule_failures`` the refused ones (a retry reuses the id once the previous
    attempt closed). A refused scheduling is its own state, ``SCHEDULE_FAILED``, with
    ``cause`` saying why; it is closed (:attr:`is_closed`) but never ran
    (:attr:`schedule_failed`). ``cancel_failed_cause`` is why a cancel request was refused.
    """

    activity_id: str
    """The activity id (unique among the open activities of the execution)."""
    activity_type: ActivityTypeRef
    """The activity type (name and version)."""
    state: ActivityState
    """An :class:`ActivityState`; ``SCHEDULE_FAILED`` when SWF refused the ``ScheduleActivityTask``
    decision (the activity never ran: see ``cause``).
    """
    attempts: int = 0
    """How many times this activity id was scheduled, refused schedulings (``SCHEDULE_FAILED``)
    included: a retry rule that reads ``attempts < 3`` ends even when SWF refuses every attempt.
    """
    schedule_failures: int = 0
    """How many of those attempts SWF refused (``ScheduleActivityTaskFailed``)."""
    input: str | None = None
    """The input given, as SWF recorded it (a string)."""
    control: str | None = None
    """The decider's own data attached by the decision (``control``); SWF never reads it."""
    task_list: str | None = None
    """The task list it was scheduled on."""
    task_priority: int | None = None
    """Its task priority (``None``: the default)."""
    schedule_to_start_timeout: timedelta | None = None
    """How long it may wait for a worker."""
    schedule_to_close_timeout: timedelta | None = None
    """How long it may take from scheduling to closing."""
    start_to_close_timeout: timedelta | None = None
    """How long a worker has for it."""
    heartbeat_timeout: timedelta | None = None
    """The longest time between two heartbeats (``None``: no limit)."""
    identity: str | None = None
    """The identity the worker or decider gave when it picked the task up."""
    result: str | None = None
    """What it returned, when it completed."""
    reason: str | None = None
    """The reason given, when it failed."""
    details: str | None = None
    """The details given when it failed, timed out (the last heartbeat) or was canceled."""
    timeout_type: str | None = None
    """Which time-out expired (``START_TO_CLOSE``, ``SCHEDULE_TO_START``, ``HEARTBEAT``...), when it
    timed out.
    """
    cause: str | None = None
    """SWF's cause when it refused the decision (e.g. ``ACTIVITY_TYPE_DOES_NOT_EXIST``)."""
    cancel_requested: bool = False
    """Whether a ``RequestCancelActivityTask`` decision was recorded for it."""
    cancel_failed_cause: str | None = None
    """SWF's cause when it refused a cancel request (e.g. ``ACTIVITY_ID_UNKNOWN``)."""
    scheduled_event_id: int | None = None
    """The id of its ``*Scheduled`` event (``None`` when scheduling was refused)."""
    started_event_id: int | None = None
    """The id of its ``ActivityTaskStarted`` event."""
    closed_event_id: int | None = None
    """The id of the event that closed it (or refused it)."""
    scheduled_at: datetime | None = None
    """When it was scheduled (``None`` when scheduling was refused)."""
    started_at: datetime | None = None
    """When a worker picked it up."""
    closed_at: datetime | None = None
    """When it closed (or was refused)."""

    @property
    def is_open(self) -> bool:
        """Scheduled or started: a worker may still report on it."""
        return self.state in _OPEN_ACTIVITY

    @property
    def is_closed(self) -> bool:
        """Completed, failed, timed out, canceled, or refused by SWF (``SCHEDULE_FAILED``).

        A retry rule on closed activities counts :attr:`attempts`, which counts refused
        schedulings too, so that "retry while closed and attempts < 3" ends.
        """
        return self.state not in _OPEN_ACTIVITY

    @property
    def schedule_failed(self) -> bool:
        """SWF refused to schedule it (``SCHEDULE_FAILED``): it never ran; see :attr:`cause`."""
        return self.state is ActivityState.SCHEDULE_FAILED


@dataclass(slots=True)
class Timer:
    """The latest use of a timer, by timer id."""

    timer_id: str
    """The timer id."""
    state: TimerState
    """A :class:`TimerState`; ``START_FAILED`` when SWF refused the ``StartTimer`` decision."""
    attempts: int = 0
    """How many times this timer id was started, refused starts (``START_FAILED``) included."""
    start_failures: int = 0
    """How many of those starts SWF refused (``StartTimerFailed``)."""
    control: str | None = None
    """The decider's own data attached by the decision (``control``); SWF never reads it."""
    start_to_fire_timeout: timedelta | None = None
    """How long after starting it fires."""
    cause: str | None = None
    """SWF's cause when it refused the start (e.g. ``TIMER_ID_ALREADY_IN_USE``)."""
    cancel_failed_cause: str | None = None
    """SWF's cause when it refused a ``CancelTimer`` decision."""
    started_event_id: int | None = None
    """The id of its ``TimerStarted`` event (``None`` when the start was refused)."""
    closed_event_id: int | None = None
    """The id of the event that fired, canceled or refused it."""
    started_at: datetime | None = None
    """When it started (``None`` when the start was refused)."""
    closed_at: datetime | None = None
    """When it fired, was canceled or was refused."""

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
    """The workflow id."""
    workflow_type: WorkflowTypeRef
    """The workflow type (name and version)."""
    state: ChildWorkflowState
    """A :class:`ChildWorkflowState`; ``START_FAILED`` when SWF refused to start it (see ``cause``).
    """
    attempts: int = 0
    """How many times a child with this workflow id was initiated."""
    run_id: str | None = None
    """The child's run id, once it started."""
    input: str | None = None
    """The input given, as SWF recorded it (a string)."""
    control: str | None = None
    """The decider's own data attached by the decision (``control``); SWF never reads it."""
    task_list: str | None = None
    """The child's decision task list."""
    task_priority: int | None = None
    """Its task priority (``None``: the default)."""
    child_policy: ChildPolicy | str | None = None
    """What happens to its children when it is terminated or times out."""
    execution_start_to_close_timeout: timedelta | None = None
    """The execution time-out it was started with."""
    task_start_to_close_timeout: timedelta | None = None
    """The decision task time-out it was started with."""
    tag_list: tuple[str, ...] = ()
    """Its tags."""
    result: str | None = None
    """What it returned, when it completed."""
    reason: str | None = None
    """The reason given, when it failed."""
    details: str | None = None
    """The details given when the child failed or was canceled."""
    timeout_type: str | None = None
    """Which time-out expired (``START_TO_CLOSE``, ``SCHEDULE_TO_START``, ``HEARTBEAT``...), when it
    timed out.
    """
    cause: str | None = None
    """SWF's cause when it refused to start the child (e.g. ``WORKFLOW_ALREADY_RUNNING``)."""
    initiated_event_id: int | None = None
    """The id of its ``*Initiated`` event."""
    started_event_id: int | None = None
    """The id of its ``ChildWorkflowExecutionStarted`` event."""
    closed_event_id: int | None = None
    """The id of the event that closed it (or refused it)."""
    initiated_at: datetime | None = None
    """When the decision initiated it."""
    started_at: datetime | None = None
    """When it started."""
    closed_at: datetime | None = None
    """When it closed (or was refused)."""

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
    """A :class:`DecisionTaskState`."""
    scheduled_event_id: int
    """The id of its ``DecisionTaskScheduled`` event (what identifies it)."""
    scheduled_at: datetime
    """When it was scheduled."""
    task_list: str | None = None
    """The task list it was scheduled on."""
    task_priority: int | None = None
    """Its task priority (``None``: the default)."""
    start_to_close_timeout: timedelta | None = None
    """The start-to-close time-out it was given."""
    identity: str | None = None
    """The identity the decider gave when it polled."""
    execution_context: str | None = None
    """The execution context the decider sent with its decisions."""
    timeout_type: str | None = None
    """``START_TO_CLOSE`` when the decider took too long."""
    started_event_id: int | None = None
    """The id of its ``DecisionTaskStarted`` event."""
    closed_event_id: int | None = None
    """The id of its ``DecisionTaskCompleted`` or ``DecisionTaskTimedOut`` event."""
    started_at: datetime | None = None
    """When a decider picked it up."""
    closed_at: datetime | None = None
    """When it closed (or was refused)."""

    @property
    def is_open(self) -> bool:
        """Scheduled or started."""
        return self.state in (DecisionTaskState.SCHEDULED, DecisionTaskState.STARTED)


@dataclass(slots=True)
class Signal:
    """One signal this execution received."""

    name: str
    """The signal name."""
    input: str | None
    """The input sent with the signal."""
    event_id: int
    """The id of its ``WorkflowExecutionSignaled`` event."""
    received_at: datetime
    """When the execution received it."""
    external_workflow_execution: WorkflowExecutionRef | None = None
    """The execution that sent it, when another execution did."""
    external_initiated_event_id: int | None = None
    """The id of the sender's ``SignalExternalWorkflowExecutionInitiated`` event."""


@dataclass(slots=True)
class Marker:
    """One marker recorded (or refused) by a RecordMarker decision."""

    name: str
    """The marker name."""
    state: MarkerState
    """A :class:`MarkerState`: ``RECORDED``, or ``FAILED`` when SWF refused it."""
    details: str | None
    """The details recorded with it."""
    event_id: int
    """The id of its ``MarkerRecorded`` or ``RecordMarkerFailed`` event."""
    recorded_at: datetime
    """When it was recorded (or refused)."""
    decision_task_completed_event_id: int | None = None
    """The ``DecisionTaskCompleted`` event of the decision that asked for it."""
    cause: str | None = None
    """SWF's cause when it refused the marker."""


@dataclass(slots=True)
class ExternalSignal:
    """A signal this execution sent to another one, by its initiated event id."""

    workflow_id: str
    """The workflow id signaled."""
    signal_name: str
    """The signal name."""
    state: ExternalState
    """An :class:`ExternalState`: ``INITIATED``, ``DELIVERED`` or ``FAILED``."""
    run_id: str | None = None
    """The run id it targets or got (``None`` until known)."""
    input: str | None = None
    """The input sent with the signal."""
    control: str | None = None
    """The decider's own data attached by the decision (``control``); SWF never reads it."""
    cause: str | None = None
    """SWF's cause when it could not deliver the signal (e.g.
    ``UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION``).
    """
    workflow_execution: WorkflowExecutionRef | None = None
    """``(workflow_id, run_id)`` of the execution reached, once known."""
    initiated_event_id: int | None = None
    """The id of its ``*Initiated`` event."""
    closed_event_id: int | None = None
    """The id of the event that delivered or refused it."""
    initiated_at: datetime | None = None
    """When the decision initiated it."""
    closed_at: datetime | None = None
    """When it was delivered or refused."""


@dataclass(slots=True)
class ExternalCancelRequest:
    """A cancel request this execution sent to another one, by its initiated event id."""

    workflow_id: str
    """The workflow id asked to cancel."""
    state: ExternalState
    """An :class:`ExternalState`: ``INITIATED``, ``DELIVERED`` or ``FAILED``."""
    run_id: str | None = None
    """The run id it targets or got (``None`` until known)."""
    control: str | None = None
    """The decider's own data attached by the decision (``control``); SWF never reads it."""
    cause: str | None = None
    """SWF's cause when it could not deliver the request."""
    workflow_execution: WorkflowExecutionRef | None = None
    """``(workflow_id, run_id)`` of the execution reached, once known."""
    initiated_event_id: int | None = None
    """The id of its ``*Initiated`` event."""
    closed_event_id: int | None = None
    """The id of the event that delivered or refused it."""
    initiated_at: datetime | None = None
    """When the decision initiated it."""
    closed_at: datetime | None = None
    """When it was delivered or refused."""


@dataclass(slots=True)
class LambdaFunction:
    """The latest attempt of a Lambda task, by its id (SWF Local never runs Lambda tasks)."""

    function_id: str
    """The Lambda task id."""
    function_name: str
    """The Lambda function name."""
    state: LambdaFunctionState
    """A :class:`LambdaFunctionState`."""
    attempts: int = 0
    """How many times this id was scheduled."""
    input: str | None = None
    """The input given, as SWF recorded it (a string)."""
    control: str | None = None
    """The decider's own data attached by the decision (``control``); SWF never reads it."""
    start_to_close_timeout: timedelta | None = None
    """The start-to-close time-out it was given."""
    result: str | None = None
    """What it returned, when it completed."""
    reason: str | None = None
    """The reason given, when it failed."""
    details: str | None = None
    """The details given when it failed, timed out (the last heartbeat) or was canceled."""
    timeout_type: str | None = None
    """Which time-out expired (``START_TO_CLOSE``, ``SCHEDULE_TO_START``, ``HEARTBEAT``...), when it
    timed out.
    """
    cause: str | None = None
    """SWF's cause when it refused to schedule or start it."""
    message: str | None = None
    """SWF's message when the function could not start."""
    scheduled_event_id: int | None = None
    """The id of its ``*Scheduled`` event (``None`` when scheduling was refused)."""
    started_event_id: int | None = None
    """The id of the event that started it."""
    closed_event_id: int | None = None
    """The id of the event that closed it (or refused it)."""
    scheduled_at: datetime | None = None
    """When it was scheduled (``None`` when scheduling was refused)."""
    started_at: datetime | None = None
    """When it started."""
    closed_at: datetime | None = None
    """When it closed (or was refused)."""

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
    """``OPEN`` until a closing event, then ``CLOSED``."""
    close_status: CloseStatus | None = None
    """How it closed (a :class:`~swf.constants.CloseStatus`), once closed."""
    workflow_type: WorkflowTypeRef | None = None
    """The workflow type (name and version)."""
    input: str | None = None
    """The input it started with."""
    task_list: str | None = None
    """Its decision task list."""
    task_priority: int | None = None
    """Its task priority (``None``: the default)."""
    child_policy: ChildPolicy | str | None = None
    """What happens to its children when it is terminated or times out."""
    execution_start_to_close_timeout: timedelta | None = None
    """The execution time-out it was started with."""
    task_start_to_close_timeout: timedelta | None = None
    """The decision task time-out it was started with."""
    tag_list: tuple[str, ...] = ()
    """Its tags."""
    parent: WorkflowExecutionRef | None = None
    """``(workflow_id, run_id)`` of the parent, for a child execution."""
    parent_initiated_event_id: int | None = None
    """The parent's ``StartChildWorkflowExecutionInitiated`` event id."""
    continued_execution_run_id: str | None = None
    """The run this one continues, when it was started by continue-as-new."""
    lambda_role: str | None = None
    """The IAM role for its Lambda tasks."""
    started_event_id: int | None = None
    """The id of its ``WorkflowExecutionStarted`` event."""
    started_at: datetime | None = None
    """When it started."""
    closed_at: datetime | None = None
    """When it closed."""
    closing_event_id: int | None = None
    """The id of its closing event."""
    result: str | None = None
    """Its result, when it completed."""
    reason: str | None = None
    """The reason given when it failed or was terminated."""
    details: str | None = None
    """The details given when it failed, was canceled or was terminated."""
    timeout_type: str | None = None
    """``START_TO_CLOSE`` when it timed out."""
    terminate_cause: str | None = None
    """SWF's cause of a termination, when it gave one: ``OPERATOR_INITIATED`` (a
    ``TerminateWorkflowExecution`` call), ``CHILD_POLICY_APPLIED`` or ``EVENT_LIMIT_EXCEEDED``.
    """
    new_execution_run_id: str | None = None
    """The run id of the new run, when it continued as new."""
    cancel_requested: bool = False
    """Whether a cancel request was received (the decider decides what to do)."""
    cancel_requested_cause: str | None = None
    """SWF's cause of the request (``CHILD_POLICY_APPLIED``), when SWF made it."""
    cancel_requested_by: WorkflowExecutionRef | None = None
    """The execution that asked, when another execution did."""
    cancel_requested_event_id: int | None = None
    """The id of its ``WorkflowExecutionCancelRequested`` event."""
    execution_context: str | None = None
    """The latest execution context a decider sent."""
    decision_task_state: DecisionTaskState | None = None
    """Where the latest decision task is (``None`` before the first)."""
    decision_task_scheduled_event_id: int | None = None
    """The scheduled event id of the latest decision task."""
    decision_task_started_event_id: int | None = None
    """The started event id of the latest decision task, once started."""
    decision_tasks_completed: int = 0
    """How many decision tasks completed."""
    decision_task_timeouts: int = 0
    """How many decision tasks timed out."""

    @property
    def is_open(self) -> bool:
        """No closing event yet."""
        return self.status is ExecutionStatus.OPEN

    @property
    def is_closed(self) -> bool:
        """A closing event is in the history."""
        return self.status is ExecutionStatus.CLOSED
