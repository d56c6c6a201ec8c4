"""Folding events into the compiled view, one event at a time.

:class:`CompiledHistory` holds one record per entity and applies events incrementally: giving
it the events appended since last time costs only those events. Events that refer to something
the view never saw (a filtered or truncated history) are ignored rather than raising.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import swf.history.events as ev
from swf.constants import CloseStatus, ExecutionStatus
from swf.history.compiled import (
    Activity,
    ActivityState,
    ChildWorkflow,
    ChildWorkflowState,
    DecisionTaskRecord,
    DecisionTaskState,
    Execution,
    ExternalCancelRequest,
    ExternalSignal,
    ExternalState,
    LambdaFunction,
    LambdaFunctionState,
    Marker,
    MarkerState,
    Signal,
    Timer,
    TimerState,
)
from swf.history.events import Event

__all__ = ["CLOSE_STATUS_BY_EVENT_TYPE", "CompiledHistory"]

CLOSE_STATUS_BY_EVENT_TYPE: dict[str, CloseStatus] = {
    "WorkflowExecutionCompleted": CloseStatus.COMPLETED,
    "WorkflowExecutionFailed": CloseStatus.FAILED,
    "WorkflowExecutionCanceled": CloseStatus.CANCELED,
    "WorkflowExecutionTerminated": CloseStatus.TERMINATED,
    "WorkflowExecutionTimedOut": CloseStatus.TIMED_OUT,
    "WorkflowExecutionContinuedAsNew": CloseStatus.CONTINUED_AS_NEW,
}
"""The close status each closing event type stands for."""


class CompiledHistory:
    """The state of every entity of an execution, as of the last event applied.

    :ivar execution: the :class:`~swf.history.compiled.Execution` itself.
    :ivar activities: :class:`~swf.history.compiled.Activity` by activity id.
    :ivar timers: :class:`~swf.history.compiled.Timer` by timer id.
    :ivar child_workflows: :class:`~swf.history.compiled.ChildWorkflow` by workflow id.
    :ivar signals: received :class:`~swf.history.compiled.Signal` lists, by signal name.
    :ivar markers: :class:`~swf.history.compiled.Marker` lists, by marker name.
    :ivar external_signals: :class:`~swf.history.compiled.ExternalSignal` by initiated event id.
    :ivar external_cancel_requests: :class:`~swf.history.compiled.ExternalCancelRequest` by
        initiated event id.
    :ivar lambda_functions: :class:`~swf.history.compiled.LambdaFunction` by function id.
    :ivar failed_decisions: every ``*Failed`` event of a decision SWF refused, in order.
    :ivar last_event_id: the id of the last event applied (0 before any).

    Every attempt, in the order of the events that began them (the dicts above keep the
    latest of each id; a timeline or a web page wants them all):

    :ivar activity_attempts: each :class:`~swf.history.compiled.Activity` scheduled, and each
        refused (``SCHEDULE_FAILED``, with no ``scheduled_event_id``).
    :ivar timer_attempts: each :class:`~swf.history.compiled.Timer` started, and each refused
        (``START_FAILED``, with no ``started_event_id``).
    :ivar child_workflow_attempts: each initiated :class:`~swf.history.compiled.ChildWorkflow`.
    :ivar decision_tasks: each :class:`~swf.history.compiled.DecisionTaskRecord`.
    """

    def __init__(self) -> None:
        self.execution = Execution()
        self.activities: dict[str, Activity] = {}
        self.timers: dict[str, Timer] = {}
        self.child_workflows: dict[str, ChildWorkflow] = {}
        self.signals: dict[str, list[Signal]] = {}
        self.markers: dict[str, list[Marker]] = {}
        self.external_signals: dict[int, ExternalSignal] = {}
        self.external_cancel_requests: dict[int, ExternalCancelRequest] = {}
        self.lambda_functions: dict[str, LambdaFunction] = {}
        self.failed_decisions: list[Event] = []
        self.last_event_id = 0
        self.activity_attempts: list[Activity] = []
        self.timer_attempts: list[Timer] = []
        self.child_workflow_attempts: list[ChildWorkflow] = []
        self.decision_tasks: list[DecisionTaskRecord] = []
        self._activity_by_scheduled: dict[int, Activity] = {}
        self._child_by_initiated: dict[int, ChildWorkflow] = {}
        self._lambda_by_scheduled: dict[int, LambdaFunction] = {}
        self._decision_by_scheduled: dict[int, DecisionTaskRecord] = {}

    @property
    def open_activities(self) -> list[Activity]:
        """The activity tasks scheduled or started and not closed yet, oldest first."""
        return [activity for activity in self.activity_attempts if activity.is_open]

    def apply_all(self, events: Iterable[Event]) -> None:
        """Apply events in order."""
        handlers = _HANDLERS
        for event in events:
            handler = handlers.get(event.type)
            if handler is not None:
                handler(self, event)
            if event.type in _DECISION_FAILURES:
                self.failed_decisions.append(event)
            self.last_event_id = event.id

    def apply(self, event: Event) -> None:
        """Apply one event."""
        self.apply_all((event,))

    # -- execution ---------------------------------------------------------------------------

    def _started(self, e: ev.WorkflowExecutionStarted) -> None:
        x = self.execution
        x.workflow_type = e.workflow_type
        x.input = e.input
        x.task_list = e.task_list
        x.task_priority = e.task_priority
        x.child_policy = e.child_policy
        x.execution_start_to_close_timeout = e.execution_start_to_close_timeout
        x.task_start_to_close_timeout = e.task_start_to_close_timeout
        x.tag_list = e.tag_list
        x.parent = e.parent_workflow_execution
        x.parent_initiated_event_id = e.parent_initiated_event_id
        x.continued_execution_run_id = e.continued_execution_run_id
        x.lambda_role = e.lambda_role
        x.started_event_id = e.id
        x.started_at = e.timestamp

    def _closed(self, e: Event) -> None:
        x = self.execution
        x.status = ExecutionStatus.CLOSED
        x.close_status = CLOSE_STATUS_BY_EVENT_TYPE[e.type]
        x.closed_at = e.timestamp
        x.closing_event_id = e.id
        if isinstance(e, ev.WorkflowExecutionCompleted):
            x.result = e.result
        elif isinstance(e, (ev.WorkflowExecutionFailed, ev.WorkflowExecutionTerminated)):
            x.reason = e.reason
            x.details = e.details
            if isinstance(e, ev.WorkflowExecutionTerminated):
                x.terminate_cause = e.cause
        elif isinstance(e, ev.WorkflowExecutionCanceled):
            x.details = e.details
        elif isinstance(e, ev.WorkflowExecutionTimedOut):
            x.timeout_type = e.timeout_type
        elif isinstance(e, ev.WorkflowExecutionContinuedAsNew):
            x.new_execution_run_id = e.new_execution_run_id

    def _cancel_requested(self, e: ev.WorkflowExecutionCancelRequested) -> None:
        x = self.execution
        x.cancel_requested = True
        x.cancel_requested_cause = e.cause
        x.cancel_requested_by = e.external_workflow_execution
        x.cancel_requested_event_id = e.id

    def _signaled(self, e: ev.WorkflowExecutionSignaled) -> None:
        signal = Signal(
            name=e.signal_name,
            input=e.input,
            event_id=e.id,
            received_at=e.timestamp,
            external_workflow_execution=e.external_workflow_execution,
            external_initiated_event_id=e.external_initiated_event_id,
        )
        self.signals.setdefault(e.signal_name, []).append(signal)

    # -- decision tasks ----------------------------------------------------------------------

    def _decision_scheduled(self, e: ev.DecisionTaskScheduled) -> None:
        x = self.execution
        x.decision_task_state = DecisionTaskState.SCHEDULED
        x.decision_task_scheduled_event_id = e.id
        x.decision_task_started_event_id = None
        record = DecisionTaskRecord(
            state=DecisionTaskState.SCHEDULED,
            scheduled_event_id=e.id,
            scheduled_at=e.timestamp,
            task_list=e.task_list,
            task_priority=e.task_priority,
            start_to_close_timeout=e.start_to_close_timeout,
        )
        self.decision_tasks.append(record)
        self._decision_by_scheduled[e.id] = record

    def _decision_started(self, e: ev.DecisionTaskStarted) -> None:
        self.execution.decision_task_state = DecisionTaskState.STARTED
        self.execution.decision_task_started_event_id = e.id
        record = self._decision_by_scheduled.get(e.scheduled_event_id)
        if record is not None:
            record.state = DecisionTaskState.STARTED
            record.identity = e.identity
            record.started_event_id = e.id
            record.started_at = e.timestamp

    def _decision_closed(self, e: Any, state: DecisionTaskState) -> DecisionTaskRecord | None:
        record = self._decision_by_scheduled.get(e.scheduled_event_id)
        if record is not None:
            record.state = state
            record.closed_event_id = e.id
            record.closed_at = e.timestamp
        return record

    def _decision_completed(self, e: ev.DecisionTaskCompleted) -> None:
        x = self.execution
        x.decision_task_state = DecisionTaskState.COMPLETED
        x.decision_tasks_completed += 1
        if e.execution_context is not None:
            x.execution_context = e.execution_context
        record = self._decision_closed(e, DecisionTaskState.COMPLETED)
        if record is not None:
            record.execution_context = e.execution_context

    def _decision_timed_out(self, e: ev.DecisionTaskTimedOut) -> None:
        self.execution.decision_task_state = DecisionTaskState.TIMED_OUT
        self.execution.decision_task_timeouts += 1
        record = self._decision_closed(e, DecisionTaskState.TIMED_OUT)
        if record is not None:
            record.timeout_type = e.timeout_type

    # -- activities --------------------------------------------------------------------------

    def _activity_scheduled(self, e: ev.ActivityTaskScheduled) -> None:
        previous = self.activities.get(e.activity_id)
        activity = Activity(
            activity_id=e.activity_id,
            activity_type=e.activity_type,
            state=ActivityState.SCHEDULED,
            attempts=(previous.attempts if previous else 0) + 1,
            schedule_failures=previous.schedule_failures if previous else 0,
            input=e.input,
            control=e.control,
            task_list=e.task_list,
            task_priority=e.task_priority,
            schedule_to_start_timeout=e.schedule_to_start_timeout,
            schedule_to_close_timeout=e.schedule_to_close_timeout,
            start_to_close_timeout=e.start_to_close_timeout,
            heartbeat_timeout=e.heartbeat_timeout,
            scheduled_event_id=e.id,
            scheduled_at=e.timestamp,
        )
        self.activities[e.activity_id] = activity
        self.activity_attempts.append(activity)
        self._activity_by_scheduled[e.id] = activity

    def _schedule_activity_failed(self, e: ev.ScheduleActivityTaskFailed) -> None:
        previous = self.activities.get(e.activity_id)
        if previous is not None and previous.is_open:
            return  # ACTIVITY_ID_ALREADY_IN_USE: the open attempt is unchanged
        # A refused scheduling is an attempt too: a rule "retry while closed and attempts < 3"
        # must end even when SWF refuses every one (an unknown type, a limit).
        failed = Activity(
            activity_id=e.activity_id,
            activity_type=e.activity_type,
            state=ActivityState.SCHEDULE_FAILED,
            attempts=(previous.attempts if previous else 0) + 1,
            schedule_failures=(previous.schedule_failures if previous else 0) + 1,
            cause=e.cause,
            closed_event_id=e.id,
            closed_at=e.timestamp,
        )
        self.activities[e.activity_id] = failed
        self.activity_attempts.append(failed)

    def _activity_started(self, e: ev.ActivityTaskStarted) -> None:
        activity = self._activity_by_scheduled.get(e.scheduled_event_id)
        if activity is not None:
            activity.state = ActivityState.STARTED
            activity.identity = e.identity
            activity.started_event_id = e.id
            activity.started_at = e.timestamp

    def _activity_closed(self, e: Any, state: ActivityState) -> Activity | None:
        activity = self._activity_by_scheduled.get(e.scheduled_event_id)
        if activity is not None:
            activity.state = state
            activity.closed_event_id = e.id
            activity.closed_at = e.timestamp
        return activity

    def _activity_completed(self, e: ev.ActivityTaskCompleted) -> None:
        activity = self._activity_closed(e, ActivityState.COMPLETED)
        if activity is not None:
            activity.result = e.result

    def _activity_failed(self, e: ev.ActivityTaskFailed) -> None:
        activity = self._activity_closed(e, ActivityState.FAILED)
        if activity is not None:
            activity.reason = e.reason
            activity.details = e.details

    def _activity_timed_out(self, e: ev.ActivityTaskTimedOut) -> None:
        activity = self._activity_closed(e, ActivityState.TIMED_OUT)
        if activity is not None:
            activity.timeout_type = e.timeout_type
            activity.details = e.details

    def _activity_canceled(self, e: ev.ActivityTaskCanceled) -> None:
        activity = self._activity_closed(e, ActivityState.CANCELED)
        if activity is not None:
            activity.details = e.details

    def _activity_cancel_requested(self, e: ev.ActivityTaskCancelRequested) -> None:
        activity = self.activities.get(e.activity_id)
        if activity is not None:
            activity.cancel_requested = True

    def _request_cancel_activity_failed(self, e: ev.RequestCancelActivityTaskFailed) -> None:
        activity = self.activities.get(e.activity_id)
        if activity is not None:
            activity.cancel_failed_cause = e.cause

    # -- timers ------------------------------------------------------------------------------

    def _timer_started(self, e: ev.TimerStarted) -> None:
        previous = self.timers.get(e.timer_id)
        timer = Timer(
            timer_id=e.timer_id,
            state=TimerState.STARTED,
            attempts=(previous.attempts if previous else 0) + 1,
            start_failures=previous.start_failures if previous else 0,
            control=e.control,
            start_to_fire_timeout=e.start_to_fire_timeout,
            started_event_id=e.id,
            started_at=e.timestamp,
        )
        self.timers[e.timer_id] = timer
        self.timer_attempts.append(timer)

    def _start_timer_failed(self, e: ev.StartTimerFailed) -> None:
        previous = self.timers.get(e.timer_id)
        if previous is not None and previous.is_open:
            return  # TIMER_ID_ALREADY_IN_USE: the running timer is unchanged
        failed = Timer(
            timer_id=e.timer_id,
            state=TimerState.START_FAILED,
            attempts=(previous.attempts if previous else 0) + 1,
            start_failures=(previous.start_failures if previous else 0) + 1,
            cause=e.cause,
            closed_event_id=e.id,
            closed_at=e.timestamp,
        )
        self.timers[e.timer_id] = failed
        self.timer_attempts.append(failed)

    def _timer_closed(self, e: ev.TimerFired | ev.TimerCanceled, state: TimerState) -> None:
        timer = self.timers.get(e.timer_id)
        if timer is not None and timer.started_event_id == e.started_event_id:
            timer.state = state
            timer.closed_event_id = e.id
            timer.closed_at = e.timestamp

    def _timer_fired(self, e: ev.TimerFired) -> None:
        self._timer_closed(e, TimerState.FIRED)

    def _timer_canceled(self, e: ev.TimerCanceled) -> None:
        self._timer_closed(e, TimerState.CANCELED)

    def _cancel_timer_failed(self, e: ev.CancelTimerFailed) -> None:
        timer = self.timers.get(e.timer_id)
        if timer is not None:
            timer.cancel_failed_cause = e.cause

    # -- markers -----------------------------------------------------------------------------

    def _marker_recorded(self, e: ev.MarkerRecorded) -> None:
        marker = Marker(
            name=e.marker_name,
            state=MarkerState.RECORDED,
            details=e.details,
            event_id=e.id,
            recorded_at=e.timestamp,
            decision_task_completed_event_id=e.decision_task_completed_event_id,
        )
        self.markers.setdefault(e.marker_name, []).append(marker)

    def _record_marker_failed(self, e: ev.RecordMarkerFailed) -> None:
        marker = Marker(
            name=e.marker_name,
            state=MarkerState.FAILED,
            details=None,
            event_id=e.id,
            recorded_at=e.timestamp,
            decision_task_completed_event_id=e.decision_task_completed_event_id,
            cause=e.cause,
        )
        self.markers.setdefault(e.marker_name, []).append(marker)

    # -- child workflows ---------------------------------------------------------------------

    def _child_initiated(self, e: ev.StartChildWorkflowExecutionInitiated) -> None:
        previous = self.child_workflows.get(e.workflow_id)
        child = ChildWorkflow(
            workflow_id=e.workflow_id,
            workflow_type=e.workflow_type,
            state=ChildWorkflowState.START_INITIATED,
            attempts=(previous.attempts if previous else 0) + 1,
            input=e.input,
            control=e.control,
            task_list=e.task_list,
            task_priority=e.task_priority,
            child_policy=e.child_policy,
            execution_start_to_close_timeout=e.execution_start_to_close_timeout,
            task_start_to_close_timeout=e.task_start_to_close_timeout,
            tag_list=e.tag_list,
            initiated_event_id=e.id,
            initiated_at=e.timestamp,
        )
        self.child_workflows[e.workflow_id] = child
        self.child_workflow_attempts.append(child)
        self._child_by_initiated[e.id] = child

    def _start_child_failed(self, e: ev.StartChildWorkflowExecutionFailed) -> None:
        child = self._child_by_initiated.get(e.initiated_event_id)
        if child is None:
            previous = self.child_workflows.get(e.workflow_id)
            if previous is not None and previous.is_open:
                return
            child = ChildWorkflow(
                workflow_id=e.workflow_id,
                workflow_type=e.workflow_type,
                state=ChildWorkflowState.START_FAILED,
                attempts=previous.attempts if previous else 0,
                control=e.control,
            )
            self.child_workflows[e.workflow_id] = child
        child.state = ChildWorkflowState.START_FAILED
        child.cause = e.cause
        child.closed_event_id = e.id
        child.closed_at = e.timestamp

    def _child_started(self, e: ev.ChildWorkflowExecutionStarted) -> None:
        child = self._child_by_initiated.get(e.initiated_event_id)
        if child is not None:
            child.state = ChildWorkflowState.STARTED
            child.run_id = e.workflow_execution.run_id
            child.started_event_id = e.id
            child.started_at = e.timestamp

    def _child_closed(self, e: Any, state: ChildWorkflowState) -> ChildWorkflow | None:
        child = self._child_by_initiated.get(e.initiated_event_id)
        if child is not None:
            child.state = state
            child.run_id = e.workflow_execution.run_id
            child.closed_event_id = e.id
            child.closed_at = e.timestamp
        return child

    def _child_completed(self, e: ev.ChildWorkflowExecutionCompleted) -> None:
        child = self._child_closed(e, ChildWorkflowState.COMPLETED)
        if child is not None:
            child.result = e.result

    def _child_failed(self, e: ev.ChildWorkflowExecutionFailed) -> None:
        child = self._child_closed(e, ChildWorkflowState.FAILED)
        if child is not None:
            child.reason = e.reason
            child.details = e.details

    def _child_timed_out(self, e: ev.ChildWorkflowExecutionTimedOut) -> None:
        child = self._child_closed(e, ChildWorkflowState.TIMED_OUT)
        if child is not None:
            child.timeout_type = e.timeout_type

    def _child_canceled(self, e: ev.ChildWorkflowExecutionCanceled) -> None:
        child = self._child_closed(e, ChildWorkflowState.CANCELED)
        if child is not None:
            child.details = e.details

    def _child_terminated(self, e: ev.ChildWorkflowExecutionTerminated) -> None:
        self._child_closed(e, ChildWorkflowState.TERMINATED)

    # -- external signals and cancel requests ------------------------------------------------

    def _external_signal_initiated(self, e: ev.SignalExternalWorkflowExecutionInitiated) -> None:
        self.external_signals[e.id] = ExternalSignal(
            workflow_id=e.workflow_id,
            signal_name=e.signal_name,
            state=ExternalState.INITIATED,
            run_id=e.run_id,
            input=e.input,
            control=e.control,
            initiated_event_id=e.id,
            initiated_at=e.timestamp,
        )

    def _external_signaled(self, e: ev.ExternalWorkflowExecutionSignaled) -> None:
        signal = self.external_signals.get(e.initiated_event_id)
        if signal is not None:
            signal.state = ExternalState.DELIVERED
            signal.workflow_execution = e.workflow_execution
            signal.closed_event_id = e.id
            signal.closed_at = e.timestamp

    def _external_signal_failed(self, e: ev.SignalExternalWorkflowExecutionFailed) -> None:
        signal = self.external_signals.get(e.initiated_event_id)
        if signal is not None:
            signal.state = ExternalState.FAILED
            signal.cause = e.cause
            signal.closed_event_id = e.id
            signal.closed_at = e.timestamp

    def _external_cancel_initiated(
        self, e: ev.RequestCancelExternalWorkflowExecutionInitiated
    ) -> None:
        self.external_cancel_requests[e.id] = ExternalCancelRequest(
            workflow_id=e.workflow_id,
            state=ExternalState.INITIATED,
            run_id=e.run_id,
            control=e.control,
            initiated_event_id=e.id,
            initiated_at=e.timestamp,
        )

    def _external_cancel_requested(self, e: ev.ExternalWorkflowExecutionCancelRequested) -> None:
        request = self.external_cancel_requests.get(e.initiated_event_id)
        if request is not None:
            request.state = ExternalState.DELIVERED
            request.workflow_execution = e.workflow_execution
            request.closed_event_id = e.id
            request.closed_at = e.timestamp

    def _external_cancel_failed(self, e: ev.RequestCancelExternalWorkflowExecutionFailed) -> None:
        request = self.external_cancel_requests.get(e.initiated_event_id)
        if request is not None:
            request.state = ExternalState.FAILED
            request.cause = e.cause
            request.closed_event_id = e.id
            request.closed_at = e.timestamp

    # -- Lambda tasks ------------------------------------------------------------------------

    def _lambda_scheduled(self, e: ev.LambdaFunctionScheduled) -> None:
        previous = self.lambda_functions.get(e.function_id)
        function = LambdaFunction(
            function_id=e.function_id,
            function_name=e.function_name,
            state=LambdaFunctionState.SCHEDULED,
            attempts=(previous.attempts if previous else 0) + 1,
            input=e.input,
            control=e.control,
            start_to_close_timeout=e.start_to_close_timeout,
            scheduled_event_id=e.id,
            scheduled_at=e.timestamp,
        )
        self.lambda_functions[e.function_id] = function
        self._lambda_by_scheduled[e.id] = function

    def _schedule_lambda_failed(self, e: ev.ScheduleLambdaFunctionFailed) -> None:
        previous = self.lambda_functions.get(e.function_id)
        if previous is not None and previous.is_open:
            return
        self.lambda_functions[e.function_id] = LambdaFunction(
            function_id=e.function_id,
            function_name=e.function_name,
            state=LambdaFunctionState.SCHEDULE_FAILED,
            attempts=previous.attempts if previous else 0,
            cause=e.cause,
            closed_event_id=e.id,
            closed_at=e.timestamp,
        )

    def _lambda_closed(self, e: Any, state: LambdaFunctionState) -> LambdaFunction | None:
        if e.scheduled_event_id is None:
            return None
        function = self._lambda_by_scheduled.get(e.scheduled_event_id)
        if function is not None:
            function.state = state
            function.closed_event_id = e.id
            function.closed_at = e.timestamp
        return function

    def _start_lambda_failed(self, e: ev.StartLambdaFunctionFailed) -> None:
        function = self._lambda_closed(e, LambdaFunctionState.START_FAILED)
        if function is not None:
            function.cause = e.cause
            function.message = e.message

    def _lambda_started(self, e: ev.LambdaFunctionStarted) -> None:
        function = self._lambda_by_scheduled.get(e.scheduled_event_id)
        if function is not None:
            function.state = LambdaFunctionState.STARTED
            function.started_event_id = e.id
            function.started_at = e.timestamp

    def _lambda_completed(self, e: ev.LambdaFunctionCompleted) -> None:
        function = self._lambda_closed(e, LambdaFunctionState.COMPLETED)
        if function is not None:
            function.result = e.result

    def _lambda_failed(self, e: ev.LambdaFunctionFailed) -> None:
        function = self._lambda_closed(e, LambdaFunctionState.FAILED)
        if function is not None:
            function.reason = e.reason
            function.details = e.details

    def _lambda_timed_out(self, e: ev.LambdaFunctionTimedOut) -> None:
        function = self._lambda_closed(e, LambdaFunctionState.TIMED_OUT)
        if function is not None:
            function.timeout_type = e.timeout_type


_DECISION_FAILURES = frozenset(
    {
        "ScheduleActivityTaskFailed",
        "RequestCancelActivityTaskFailed",
        "StartTimerFailed",
        "CancelTimerFailed",
        "RecordMarkerFailed",
        "StartChildWorkflowExecutionFailed",
        "SignalExternalWorkflowExecutionFailed",
        "RequestCancelExternalWorkflowExecutionFailed",
        "CompleteWorkflowExecutionFailed",
        "FailWorkflowExecutionFailed",
        "CancelWorkflowExecutionFailed",
        "ContinueAsNewWorkflowExecutionFailed",
        "ScheduleLambdaFunctionFailed",
    }
)


_C = CompiledHistory
_HANDLERS: dict[str, Callable[[CompiledHistory, Any], None]] = {
    "WorkflowExecutionStarted": _C._started,
    "WorkflowExecutionCompleted": _C._closed,
    "WorkflowExecutionFailed": _C._closed,
    "WorkflowExecutionCanceled": _C._closed,
    "WorkflowExecutionTerminated": _C._closed,
    "WorkflowExecutionTimedOut": _C._closed,
    "WorkflowExecutionContinuedAsNew": _C._closed,
    "WorkflowExecutionCancelRequested": _C._cancel_requested,
    "WorkflowExecutionSignaled": _C._signaled,
    "DecisionTaskScheduled": _C._decision_scheduled,
    "DecisionTaskStarted": _C._decision_started,
    "DecisionTaskCompleted": _C._decision_completed,
    "DecisionTaskTimedOut": _C._decision_timed_out,
    "ActivityTaskScheduled": _C._activity_scheduled,
    "ScheduleActivityTaskFailed": _C._schedule_activity_failed,
    "ActivityTaskStarted": _C._activity_started,
    "ActivityTaskCompleted": _C._activity_completed,
    "ActivityTaskFailed": _C._activity_failed,
    "ActivityTaskTimedOut": _C._activity_timed_out,
    "ActivityTaskCanceled": _C._activity_canceled,
    "ActivityTaskCancelRequested": _C._activity_cancel_requested,
    "RequestCancelActivityTaskFailed": _C._request_cancel_activity_failed,
    "TimerStarted": _C._timer_started,
    "StartTimerFailed": _C._start_timer_failed,
    "TimerFired": _C._timer_fired,
    "TimerCanceled": _C._timer_canceled,
    "CancelTimerFailed": _C._cancel_timer_failed,
    "MarkerRecorded": _C._marker_recorded,
    "RecordMarkerFailed": _C._record_marker_failed,
    "StartChildWorkflowExecutionInitiated": _C._child_initiated,
    "StartChildWorkflowExecutionFailed": _C._start_child_failed,
    "ChildWorkflowExecutionStarted": _C._child_started,
    "ChildWorkflowExecutionCompleted": _C._child_completed,
    "ChildWorkflowExecutionFailed": _C._child_failed,
    "ChildWorkflowExecutionTimedOut": _C._child_timed_out,
    "ChildWorkflowExecutionCanceled": _C._child_canceled,
    "ChildWorkflowExecutionTerminated": _C._child_terminated,
    "SignalExternalWorkflowExecutionInitiated": _C._external_signal_initiated,
    "ExternalWorkflowExecutionSignaled": _C._external_signaled,
    "SignalExternalWorkflowExecutionFailed": _C._external_signal_failed,
    "RequestCancelExternalWorkflowExecutionInitiated": _C._external_cancel_initiated,
    "ExternalWorkflowExecutionCancelRequested": _C._external_cancel_requested,
    "RequestCancelExternalWorkflowExecutionFailed": _C._external_cancel_failed,
    "LambdaFunctionScheduled": _C._lambda_scheduled,
    "ScheduleLambdaFunctionFailed": _C._schedule_lambda_failed,
    "StartLambdaFunctionFailed": _C._start_lambda_failed,
    "LambdaFunctionStarted": _C._lambda_started,
    "LambdaFunctionCompleted": _C._lambda_completed,
    "LambdaFunctionFailed": _C._lambda_failed,
    "LambdaFunctionTimedOut": _C._lambda_timed_out,
}
