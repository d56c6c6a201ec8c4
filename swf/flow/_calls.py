"""The engine's state for each thing a workflow started: activities (with their retries),
timers, child workflows, signals sent. Each issues its commands, learns when they are recorded,
and resolves its :class:`~swf.flow.Future` from the events that follow."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

from swf.decisions import (
    CancelTimer,
    RequestCancelActivityTask,
    RequestCancelExternalWorkflowExecution,
    ScheduleActivityTask,
    SignalExternalWorkflowExecution,
    StartChildWorkflowExecution,
    StartTimer,
)
from swf.flow.errors import (
    ActivityFailed,
    ActivityTimedOut,
    Cancelled,
    ChildWorkflowFailed,
    ScheduleFailed,
)
from swf.flow.futures import Future

if TYPE_CHECKING:
    from swf.flow._commands import Command
    from swf.flow.activity import Activity
    from swf.flow.converter import Converter
    from swf.flow.engine import WorkflowInstance
    from swf.history.events import Event

__all__ = ["ActivityCall", "ChildCall", "SignalCall", "TimerCall"]


def _timeout(value: timedelta | None) -> timedelta | Literal["NONE"]:
    return "NONE" if value is None else value


class TimerCall:
    """A timer: ``StartTimer``, then ``TimerFired`` (or canceled)."""

    def __init__(
        self,
        instance: WorkflowInstance,
        timer_id: str,
        seconds: int,
        *,
        future: Future[None] | None = None,
        on_fire: Any = None,
    ) -> None:
        self.instance = instance
        self.timer_id = timer_id
        self.seconds = seconds
        self.future = future
        self.on_fire = on_fire
        self.started = False
        self.command: Command | None = instance.issue(
            StartTimer(timer_id=timer_id, start_to_fire_timeout=timedelta(seconds=seconds)),
            on_record=self._recorded,
            limit="timer",
            description=f"started timer {timer_id} ({seconds} s)",
        )

    def _recorded(self, event: Event) -> None:
        self.command = None
        if event.type == "StartTimerFailed":
            self.instance.closed_one("timer")
            if self.future is not None:
                self.future.set_exception(
                    ScheduleFailed(getattr(event, "cause", ""), what=f"timer {self.timer_id}")
                )
            return
        self.started = True
        self.instance.timers[self.timer_id] = self

    def fired(self) -> None:
        """``TimerFired``."""
        self.started = False
        self.instance.timers.pop(self.timer_id, None)
        self.instance.closed_one("timer")
        if self.future is not None:
            self.future.set_result(None)
        if self.on_fire is not None:
            self.on_fire()

    def cancel(self) -> bool:
        """Drop the timer if not sent yet, else send ``CancelTimer``; the future is canceled
        at once."""
        if self.command is not None and self.instance.withdraw(self.command):
            self.command = None
        elif self.started:
            self.started = False
            self.instance.timers.pop(self.timer_id, None)
            self.instance.issue(
                CancelTimer(timer_id=self.timer_id),
                on_record=self._cancel_recorded,
                description=f"canceled timer {self.timer_id}",
            )
        else:
            return False
        if self.future is not None:
            self.future.set_exception(Cancelled(f"timer {self.timer_id} canceled"))
        return True

    def _cancel_recorded(self, event: Event) -> None:
        if event.type == "TimerCanceled":
            self.instance.closed_one("timer")
        # CancelTimerFailed: it had fired meanwhile; its TimerFired closed it.


class ActivityCall:
    """An activity and its attempts: ``resize-1``, then ``resize-1.2`` after a retry timer."""

    def __init__(
        self,
        instance: WorkflowInstance,
        activity: Activity[..., Any],
        input: str | None,
        base_id: str,
    ) -> None:
        self.instance = instance
        self.activity = activity
        self.input = input
        self.base_id = base_id
        self.attempt = 1
        self.future: Future[Any] = Future(f"activity {base_id}", canceller=self.cancel)
        self.command: Command | None = None
        self.scheduled_event_id: int | None = None
        self.retry_timer: TimerCall | None = None
        self.cancel_sent = False
        self._schedule()

    @property
    def activity_id(self) -> str:
        """The current attempt's activity id."""
        return self.base_id if self.attempt == 1 else f"{self.base_id}.{self.attempt}"

    def _schedule(self) -> None:
        options = self.activity.scheduling
        decision = ScheduleActivityTask(
            activity_id=self.activity_id,
            activity_type=(self.activity.name, self.activity.version),
            input=self.input,
            task_list=options.task_list,
            task_priority=options.task_priority,
            start_to_close_timeout=_timeout(options.start_to_close),
            schedule_to_start_timeout=_timeout(options.schedule_to_start),
            schedule_to_close_timeout=_timeout(options.schedule_to_close),
            heartbeat_timeout=_timeout(options.heartbeat),
        )
        self.command = self.instance.issue(
            decision,
            on_record=self._recorded,
            limit="activity",
            description=(
                f"scheduled activity {self.activity.name}/{self.activity.version} "
                f"(activity id {self.activity_id})"
            ),
        )

    def _recorded(self, event: Event) -> None:
        self.command = None
        if event.type == "ScheduleActivityTaskFailed":
            self.instance.closed_one("activity")
            cause = getattr(event, "cause", "")
            self.future.set_exception(ScheduleFailed(cause, what=f"activity {self.activity_id}"))
            return
        self.scheduled_event_id = event.id
        self.instance.activities[event.id] = self

    def closed(self, event: Event) -> None:
        """``ActivityTaskCompleted`` / ``Failed`` / ``TimedOut`` / ``Canceled``."""
        self.instance.activities.pop(self.scheduled_event_id or 0, None)
        self.scheduled_event_id = None
        self.instance.closed_one("activity")
        kind = event.type
        if kind == "ActivityTaskCompleted":
            self.future.set_payload(getattr(event, "result", None), self.activity.converter)
            return
        if kind == "ActivityTaskCanceled":
            self.future.set_exception(Cancelled(getattr(event, "details", None)))
            return
        error: ActivityFailed | ActivityTimedOut
        if kind == "ActivityTaskFailed":
            error = ActivityFailed(
                getattr(event, "reason", None),
                getattr(event, "details", None),
                activity_id=self.activity_id,
                attempt=self.attempt,
            )
        else:
            error = ActivityTimedOut(
                getattr(event, "timeout_type", ""),
                getattr(event, "details", None),
                activity_id=self.activity_id,
                attempt=self.attempt,
            )
        policy = self.activity.scheduling.retry
        if self.cancel_sent or policy is None or not policy.should_retry(error, self.attempt):
            self.future.set_exception(error)
            return
        wait = policy.interval(self.attempt)
        self.attempt += 1
        if wait <= 0:
            self._schedule()
            return
        self.retry_timer = TimerCall(self.instance, self.activity_id, wait, on_fire=self._retry_due)

    def _retry_due(self) -> None:
        self.retry_timer = None
        self._schedule()

    def cancel(self) -> bool:
        """See :meth:`Future.cancel`."""
        if self.future.done():
            return False
        if self.command is not None and self.instance.withdraw(self.command):
            self.command = None
            self.future.set_exception(Cancelled(f"activity {self.activity_id} canceled"))
            return True
        if self.retry_timer is not None:
            self.retry_timer.cancel()
            self.retry_timer = None
            self.future.set_exception(Cancelled(f"activity {self.base_id} canceled"))
            return True
        if self.scheduled_event_id is not None and not self.cancel_sent:
            self.cancel_sent = True
            self.instance.issue(
                RequestCancelActivityTask(activity_id=self.activity_id),
                description=f"requested cancellation of activity {self.activity_id}",
            )
            return True
        return False


class ChildCall:
    """A child workflow execution: started, then closed."""

    def __init__(
        self,
        instance: WorkflowInstance,
        decision: StartChildWorkflowExecution,
        converter: Converter,
    ) -> None:
        self.instance = instance
        self.workflow_id = decision.workflow_id
        self.workflow_type = decision.workflow_type
        self.converter = converter
        self.run_id: str | None = None
        self.initiated_event_id: int | None = None
        self.cancel_sent = False
        self.future: ChildFuture = ChildFuture(self)
        name, version = decision.workflow_type  # type: ignore[misc]
        self.command: Command | None = instance.issue(
            decision,
            on_record=self._recorded,
            limit="child",
            description=f"started child workflow {name}/{version} (workflow id {self.workflow_id})",
        )

    def _recorded(self, event: Event) -> None:
        self.command = None
        if event.type == "StartChildWorkflowExecutionFailed":
            self.instance.closed_one("child")
            cause = getattr(event, "cause", "")
            self.future.set_exception(
                ScheduleFailed(cause, what=f"child workflow {self.workflow_id}")
            )
            return
        self.initiated_event_id = event.id
        self.instance.children[event.id] = self

    def event(self, event: Event) -> None:
        """An event about the child (by its initiated event id)."""
        kind = event.type
        if kind == "ChildWorkflowExecutionStarted":
            self.run_id = event.workflow_execution.run_id  # type: ignore[attr-defined]
            return
        self.instance.children.pop(self.initiated_event_id or 0, None)
        self.instance.closed_one("child")
        if kind == "ChildWorkflowExecutionCompleted":
            self.future.set_payload(getattr(event, "result", None), self.converter)
        elif kind == "ChildWorkflowExecutionCanceled":
            self.future.set_exception(Cancelled(getattr(event, "details", None)))
        elif kind == "StartChildWorkflowExecutionFailed":
            cause = getattr(event, "cause", "")
            self.future.set_exception(
                ScheduleFailed(cause, what=f"child workflow {self.workflow_id}")
            )
        else:
            status = {
                "ChildWorkflowExecutionFailed": "FAILED",
                "ChildWorkflowExecutionTimedOut": "TIMED_OUT",
                "ChildWorkflowExecutionTerminated": "TERMINATED",
            }[kind]
            self.future.set_exception(
                ChildWorkflowFailed(
                    status,
                    reason=getattr(event, "reason", None),
                    details=getattr(event, "details", None),
                    timeout_type=getattr(event, "timeout_type", None),
                    workflow_id=self.workflow_id,
                    run_id=self.run_id,
                )
            )

    def cancel(self) -> bool:
        """See :meth:`Future.cancel`."""
        if self.future.done():
            return False
        if self.command is not None and self.instance.withdraw(self.command):
            self.command = None
            self.future.set_exception(Cancelled(f"child workflow {self.workflow_id} canceled"))
            return True
        if self.initiated_event_id is not None and not self.cancel_sent:
            self.cancel_sent = True
            self.instance.issue(
                RequestCancelExternalWorkflowExecution(
                    workflow_id=self.workflow_id, run_id=self.run_id
                ),
                on_record=self._cancel_recorded,
                description=f"requested cancellation of child workflow {self.workflow_id}",
            )
            return True
        return False

    def _cancel_recorded(self, event: Event) -> None:
        if event.type == "RequestCancelExternalWorkflowExecutionInitiated":
            # its outcome (ExternalWorkflowExecutionCancelRequested or ...Failed) changes
            # nothing: the child's own close resolves the future
            self.instance.externals[event.id] = _IGNORED


class _Ignored:
    """The outcome of a cancel request sent to a child: nothing to do."""

    def event(self, event: Event) -> None:
        """Ignore it."""


_IGNORED = _Ignored()


class ChildFuture(Future[Any]):
    """The future of a child workflow; it also names the child's execution (to signal it)."""

    __slots__ = ("_call",)

    def __init__(self, call: ChildCall) -> None:
        super().__init__(f"child workflow {call.workflow_id}", canceller=call.cancel)
        self._call = call

    @property
    def workflow_id(self) -> str:
        """The child's workflow id."""
        return self._call.workflow_id

    @property
    def run_id(self) -> str | None:
        """The child's run id, once it started."""
        return self._call.run_id


class SignalCall:
    """A signal sent to another execution."""

    def __init__(
        self,
        instance: WorkflowInstance,
        decision: SignalExternalWorkflowExecution,
    ) -> None:
        self.instance = instance
        self.workflow_id = decision.workflow_id
        self.future: Future[None] = Future(
            f"signal {decision.signal_name} to {decision.workflow_id}"
        )
        instance.issue(
            decision,
            on_record=self._recorded,
            description=(f"signaled {decision.signal_name} to workflow {decision.workflow_id}"),
        )

    def _recorded(self, event: Event) -> None:
        if event.type == "SignalExternalWorkflowExecutionFailed":
            self.event(event)
            return
        self.instance.externals[event.id] = self

    def event(self, event: Event) -> None:
        """``ExternalWorkflowExecutionSignaled`` or ``SignalExternalWorkflowExecutionFailed``."""
        if event.type == "ExternalWorkflowExecutionSignaled":
            self.future.set_result(None)
        else:
            cause = getattr(event, "cause", "")
            self.future.set_exception(ScheduleFailed(cause, what=f"signal to {self.workflow_id}"))
