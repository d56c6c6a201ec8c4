"""The builder's clock and bookkeeping, and its steps for the execution, decision tasks,
activity tasks, timers and markers (see :class:`swf.history.HistoryBuilder`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from swf.exceptions import ValidationError
from swf.wire import compact, duration_to_wire, event_attributes_key, priority_to_wire, type_to_wire

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["BuilderCore", "TypeLike"]

TypeLike = tuple[str, str]
"""A workflow or activity type as ``(name, version)`` (a ``*TypeRef`` is such a tuple)."""


def _duration(value: timedelta | str | None, what: str) -> str | None:
    return None if value is None else duration_to_wire(value, what=what)


class BuilderCore:
    """Clock, event numbering and the steps for the execution, decisions, activities, timers
    and markers."""

    def __init__(self, *, start: datetime, step: timedelta) -> None:
        self._now = start
        self._step = step
        self._raw: list[dict[str, Any]] = []
        self._workflow_type: dict[str, str] = {"name": "workflow", "version": "1"}
        self._task_list = "default"
        self._decision: tuple[int, int] = (0, 0)  # (scheduled, started) of the latest task
        self._last_completed = 0
        self._activities: dict[str, tuple[int, int]] = {}
        self._timers: dict[str, int] = {}
        self._cancel_requests: dict[str, int] = {}

    # -- plumbing ----------------------------------------------------------------------------

    @property
    def events(self) -> list[dict[str, Any]]:
        """The API dicts written so far (copies)."""
        return [dict(event) for event in self._raw]

    @property
    def last_event_id(self) -> int:
        """The id of the last event written (0 before any)."""
        return len(self._raw)

    @property
    def now(self) -> datetime:
        """The timestamp the next event will get."""
        return self._now

    def wait(self, duration: timedelta) -> Self:
        """Let ``duration`` pass before the next event."""
        if duration < timedelta(0):
            raise ValidationError("cannot wait a negative duration")
        self._now += duration
        return self

    def _append(self, event_type: str, key: str, attributes: dict[str, Any]) -> int:
        event_id = len(self._raw) + 1
        self._raw.append(
            {
                "eventId": event_id,
                "eventType": event_type,
                "eventTimestamp": self._now,
                key: compact(**attributes),
            }
        )
        self._now += self._step
        return event_id

    def _add(self, event_type: str, **attributes: Any) -> int:
        return self._append(event_type, event_attributes_key(event_type), attributes)

    def _completed_id(self) -> int:
        return self._last_completed

    # -- the execution -----------------------------------------------------------------------

    def workflow_started(
        self,
        *,
        workflow_type: TypeLike = ("workflow", "1"),
        input: str | None = None,
        task_list: str = "default",
        task_priority: int | None = None,
        child_policy: str = "TERMINATE",
        execution_start_to_close_timeout: timedelta | None = timedelta(hours=1),
        task_start_to_close_timeout: timedelta | None = timedelta(minutes=5),
        tag_list: Iterable[str] = (),
        continued_execution_run_id: str | None = None,
        parent_workflow_execution: tuple[str, str] | None = None,
        parent_initiated_event_id: int | None = None,
    ) -> Self:
        """``WorkflowExecutionStarted`` (the first event)."""
        if self._raw:
            raise ValidationError("WorkflowExecutionStarted must be the first event")
        self._workflow_type = type_to_wire(workflow_type)
        self._task_list = task_list
        tags = list(tag_list)
        parent = parent_workflow_execution
        self._add(
            "WorkflowExecutionStarted",
            input=input,
            executionStartToCloseTimeout=_duration(execution_start_to_close_timeout, "timeout"),
            taskStartToCloseTimeout=_duration(task_start_to_close_timeout, "timeout"),
            childPolicy=child_policy,
            taskList={"name": task_list},
            taskPriority=priority_to_wire(task_priority),
            workflowType=self._workflow_type,
            tagList=tags or None,
            continuedExecutionRunId=continued_execution_run_id,
            parentWorkflowExecution=(
                None if parent is None else {"workflowId": parent[0], "runId": parent[1]}
            ),
            parentInitiatedEventId=parent_initiated_event_id,
        )
        return self

    def workflow_completed(self, *, result: str | None = None) -> Self:
        """``WorkflowExecutionCompleted``."""
        self._add(
            "WorkflowExecutionCompleted",
            result=result,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    def workflow_failed(self, *, reason: str | None = None, details: str | None = None) -> Self:
        """``WorkflowExecutionFailed``."""
        self._add(
            "WorkflowExecutionFailed",
            reason=reason,
            details=details,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    def workflow_canceled(self, *, details: str | None = None) -> Self:
        """``WorkflowExecutionCanceled``."""
        self._add(
            "WorkflowExecutionCanceled",
            details=details,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    def workflow_timed_out(self, *, child_policy: str = "TERMINATE") -> Self:
        """``WorkflowExecutionTimedOut`` (start-to-close)."""
        self._add(
            "WorkflowExecutionTimedOut", timeoutType="START_TO_CLOSE", childPolicy=child_policy
        )
        return self

    def workflow_terminated(
        self,
        *,
        reason: str | None = None,
        details: str | None = None,
        cause: str | None = None,
        child_policy: str = "TERMINATE",
    ) -> Self:
        """``WorkflowExecutionTerminated``."""
        self._add(
            "WorkflowExecutionTerminated",
            reason=reason,
            details=details,
            childPolicy=child_policy,
            cause=cause,
        )
        return self

    def workflow_continued_as_new(
        self,
        *,
        new_execution_run_id: str = "run-id-2",
        input: str | None = None,
        task_list: str | None = None,
        child_policy: str = "TERMINATE",
        execution_start_to_close_timeout: timedelta | None = timedelta(hours=1),
        task_start_to_close_timeout: timedelta | None = timedelta(minutes=5),
        tag_list: Iterable[str] = (),
        workflow_type: TypeLike | None = None,
    ) -> Self:
        """``WorkflowExecutionContinuedAsNew``."""
        tags = list(tag_list)
        self._add(
            "WorkflowExecutionContinuedAsNew",
            input=input,
            decisionTaskCompletedEventId=self._completed_id(),
            newExecutionRunId=new_execution_run_id,
            executionStartToCloseTimeout=_duration(execution_start_to_close_timeout, "timeout"),
            taskList={"name": task_list or self._task_list},
            taskStartToCloseTimeout=_duration(task_start_to_close_timeout, "timeout"),
            childPolicy=child_policy,
            tagList=tags or None,
            workflowType=type_to_wire(workflow_type) if workflow_type else self._workflow_type,
        )
        return self

    def complete_workflow_failed(self, *, cause: str = "UNHANDLED_DECISION") -> Self:
        """``CompleteWorkflowExecutionFailed``."""
        self._add(
            "CompleteWorkflowExecutionFailed",
            cause=cause,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    def fail_workflow_failed(self, *, cause: str = "UNHANDLED_DECISION") -> Self:
        """``FailWorkflowExecutionFailed``."""
        self._add(
            "FailWorkflowExecutionFailed",
            cause=cause,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    def cancel_workflow_failed(self, *, cause: str = "UNHANDLED_DECISION") -> Self:
        """``CancelWorkflowExecutionFailed``."""
        self._add(
            "CancelWorkflowExecutionFailed",
            cause=cause,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    def continue_as_new_failed(self, *, cause: str = "UNHANDLED_DECISION") -> Self:
        """``ContinueAsNewWorkflowExecutionFailed``."""
        self._add(
            "ContinueAsNewWorkflowExecutionFailed",
            cause=cause,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    def workflow_cancel_requested(
        self,
        *,
        cause: str | None = None,
        external_workflow_execution: tuple[str, str] | None = None,
        external_initiated_event_id: int | None = None,
    ) -> Self:
        """``WorkflowExecutionCancelRequested``."""
        external = external_workflow_execution
        self._add(
            "WorkflowExecutionCancelRequested",
            externalWorkflowExecution=(
                None if external is None else {"workflowId": external[0], "runId": external[1]}
            ),
            externalInitiatedEventId=external_initiated_event_id,
            cause=cause,
        )
        return self

    def signaled(
        self,
        signal_name: str,
        *,
        input: str | None = None,
        external_workflow_execution: tuple[str, str] | None = None,
        external_initiated_event_id: int | None = None,
    ) -> Self:
        """``WorkflowExecutionSignaled``."""
        external = external_workflow_execution
        self._add(
            "WorkflowExecutionSignaled",
            signalName=signal_name,
            input=input,
            externalWorkflowExecution=(
                None if external is None else {"workflowId": external[0], "runId": external[1]}
            ),
            externalInitiatedEventId=external_initiated_event_id,
        )
        return self

    # -- decision tasks ----------------------------------------------------------------------

    def decision_task_scheduled(
        self,
        *,
        task_list: str | None = None,
        start_to_close_timeout: timedelta | None = timedelta(minutes=5),
    ) -> Self:
        """``DecisionTaskScheduled``."""
        scheduled = self._add(
            "DecisionTaskScheduled",
            taskList={"name": task_list or self._task_list},
            startToCloseTimeout=_duration(start_to_close_timeout, "timeout"),
        )
        self._decision = (scheduled, 0)
        return self

    def decision_task_started(self, *, identity: str | None = "decider") -> Self:
        """``DecisionTaskStarted`` for the scheduled decision task."""
        scheduled, started = self._decision
        if not scheduled or started:
            raise ValidationError("no decision task is scheduled")
        started = self._add("DecisionTaskStarted", identity=identity, scheduledEventId=scheduled)
        self._decision = (scheduled, started)
        return self

    def decision_task_completed(self, *, execution_context: str | None = None) -> Self:
        """``DecisionTaskCompleted``; later decision events refer to it."""
        scheduled, started = self._decision
        if not started:
            raise ValidationError("no decision task is started")
        self._last_completed = self._add(
            "DecisionTaskCompleted",
            executionContext=execution_context,
            scheduledEventId=scheduled,
            startedEventId=started,
        )
        self._decision = (0, 0)
        return self

    def decision_task_timed_out(self) -> Self:
        """``DecisionTaskTimedOut`` (start-to-close) for the started decision task."""
        scheduled, started = self._decision
        if not started:
            raise ValidationError("no decision task is started")
        self._add(
            "DecisionTaskTimedOut",
            timeoutType="START_TO_CLOSE",
            scheduledEventId=scheduled,
            startedEventId=started,
        )
        self._decision = (0, 0)
        return self

    def decision_task(
        self,
        *,
        completed: bool = True,
        execution_context: str | None = None,
        identity: str | None = "decider",
    ) -> Self:
        """A decision task cycle: scheduled, started and (unless ``completed=False``)
        completed."""
        self.decision_task_scheduled().decision_task_started(identity=identity)
        if completed:
            self.decision_task_completed(execution_context=execution_context)
        return self

    # -- activity tasks ----------------------------------------------------------------------

    def _activity(self, activity_id: str) -> tuple[int, int]:
        try:
            return self._activities[activity_id]
        except KeyError:
            raise ValidationError(f"activity {activity_id!r} was not scheduled") from None

    def activity_scheduled(
        self,
        activity_id: str,
        *,
        activity_type: TypeLike = ("activity", "1"),
        input: str | None = None,
        control: str | None = None,
        task_list: str | None = None,
        task_priority: int | None = None,
        schedule_to_start_timeout: timedelta | None = None,
        schedule_to_close_timeout: timedelta | None = None,
        start_to_close_timeout: timedelta | None = None,
        heartbeat_timeout: timedelta | None = None,
    ) -> Self:
        """``ActivityTaskScheduled``."""
        scheduled = self._add(
            "ActivityTaskScheduled",
            activityType=type_to_wire(activity_type),
            activityId=activity_id,
            input=input,
            control=control,
            scheduleToStartTimeout=_duration(schedule_to_start_timeout, "timeout"),
            scheduleToCloseTimeout=_duration(schedule_to_close_timeout, "timeout"),
            startToCloseTimeout=_duration(start_to_close_timeout, "timeout"),
            taskList={"name": task_list or self._task_list},
            taskPriority=priority_to_wire(task_priority),
            decisionTaskCompletedEventId=self._completed_id(),
            heartbeatTimeout=_duration(heartbeat_timeout, "timeout"),
        )
        self._activities[activity_id] = (scheduled, 0)
        return self

    def schedule_activity_failed(
        self,
        activity_id: str,
        *,
        activity_type: TypeLike = ("activity", "1"),
        cause: str = "ACTIVITY_TYPE_DOES_NOT_EXIST",
    ) -> Self:
        """``ScheduleActivityTaskFailed``."""
        self._add(
            "ScheduleActivityTaskFailed",
            activityType=type_to_wire(activity_type),
            activityId=activity_id,
            cause=cause,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    def activity_started(self, activity_id: str, *, identity: str | None = "worker") -> Self:
        """``ActivityTaskStarted``."""
        scheduled, _ = self._activity(activity_id)
        started = self._add("ActivityTaskStarted", identity=identity, scheduledEventId=scheduled)
        self._activities[activity_id] = (scheduled, started)
        return self

    def activity_completed(self, activity_id: str, *, result: str | None = None) -> Self:
        """``ActivityTaskCompleted``."""
        scheduled, started = self._activity(activity_id)
        self._add(
            "ActivityTaskCompleted",
            result=result,
            scheduledEventId=scheduled,
            startedEventId=started,
        )
        return self

    def activity_failed(
        self, activity_id: str, *, reason: str | None = None, details: str | None = None
    ) -> Self:
        """``ActivityTaskFailed``."""
        scheduled, started = self._activity(activity_id)
        self._add(
            "ActivityTaskFailed",
            reason=reason,
            details=details,
            scheduledEventId=scheduled,
            startedEventId=started,
        )
        return self

    def activity_timed_out(
        self,
        activity_id: str,
        *,
        timeout_type: str = "START_TO_CLOSE",
        details: str | None = None,
    ) -> Self:
        """``ActivityTaskTimedOut`` (``startedEventId`` 0 if it never started)."""
        scheduled, started = self._activity(activity_id)
        self._add(
            "ActivityTaskTimedOut",
            timeoutType=timeout_type,
            scheduledEventId=scheduled,
            startedEventId=started,
            details=details,
        )
        return self

    def activity_cancel_requested(self, activity_id: str) -> Self:
        """``ActivityTaskCancelRequested``."""
        requested = self._add(
            "ActivityTaskCancelRequested",
            decisionTaskCompletedEventId=self._completed_id(),
            activityId=activity_id,
        )
        self._cancel_requests[activity_id] = requested
        return self

    def activity_canceled(self, activity_id: str, *, details: str | None = None) -> Self:
        """``ActivityTaskCanceled``."""
        scheduled, started = self._activity(activity_id)
        self._add(
            "ActivityTaskCanceled",
            details=details,
            scheduledEventId=scheduled,
            startedEventId=started,
            latestCancelRequestedEventId=self._cancel_requests.get(activity_id),
        )
        return self

    def request_cancel_activity_failed(
        self, activity_id: str, *, cause: str = "ACTIVITY_ID_UNKNOWN"
    ) -> Self:
        """``RequestCancelActivityTaskFailed``."""
        self._add(
            "RequestCancelActivityTaskFailed",
            activityId=activity_id,
            cause=cause,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    # -- timers ------------------------------------------------------------------------------

    def _timer(self, timer_id: str) -> int:
        try:
            return self._timers[timer_id]
        except KeyError:
            raise ValidationError(f"timer {timer_id!r} was not started") from None

    def timer_started(
        self,
        timer_id: str,
        *,
        start_to_fire_timeout: timedelta = timedelta(minutes=1),
        control: str | None = None,
    ) -> Self:
        """``TimerStarted``."""
        self._timers[timer_id] = self._add(
            "TimerStarted",
            timerId=timer_id,
            control=control,
            startToFireTimeout=duration_to_wire(start_to_fire_timeout, what="timer"),
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    def start_timer_failed(self, timer_id: str, *, cause: str = "TIMER_ID_ALREADY_IN_USE") -> Self:
        """``StartTimerFailed``."""
        self._add(
            "StartTimerFailed",
            timerId=timer_id,
            cause=cause,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    def timer_fired(self, timer_id: str) -> Self:
        """``TimerFired``."""
        self._add("TimerFired", timerId=timer_id, startedEventId=self._timer(timer_id))
        return self

    def timer_canceled(self, timer_id: str) -> Self:
        """``TimerCanceled``."""
        self._add(
            "TimerCanceled",
            timerId=timer_id,
            startedEventId=self._timer(timer_id),
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    def cancel_timer_failed(self, timer_id: str, *, cause: str = "TIMER_ID_UNKNOWN") -> Self:
        """``CancelTimerFailed``."""
        self._add(
            "CancelTimerFailed",
            timerId=timer_id,
            cause=cause,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    # -- markers -----------------------------------------------------------------------------

    def marker_recorded(self, marker_name: str, *, details: str | None = None) -> Self:
        """``MarkerRecorded``."""
        self._add(
            "MarkerRecorded",
            markerName=marker_name,
            details=details,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    def record_marker_failed(
        self, marker_name: str, *, cause: str = "OPERATION_NOT_PERMITTED"
    ) -> Self:
        """``RecordMarkerFailed``."""
        self._add(
            "RecordMarkerFailed",
            markerName=marker_name,
            cause=cause,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self
