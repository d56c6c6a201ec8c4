"""The replay engine: a :class:`WorkflowInstance` consumes a run's events and answers decisions.

::

    instance = WorkflowInstance(OrderWorkflow, workflow_id="order-42", run_id=run_id)
    decisions = instance.apply(history)    # every event up to this decision task's start
    ...
    decisions = instance.apply(new_events) # the sticky path: only what is new
    instance.evict()

How events are applied: a run's history is a sequence of decision tasks. Events up to a
``DecisionTaskStarted`` resolve futures (``ActivityTaskCompleted`` ...); then the workflow code
runs (in its own thread, see :mod:`swf.flow._thread`) until every path waits on something
unresolved, issuing commands; the commands that fit in one answer are *sent*. When the
history goes on with that task's ``DecisionTaskCompleted``, the events that follow are the
records of those decisions, matched one by one (a mismatch is a
:class:`~swf.flow.NonDeterminismError`). A decision task that timed out is skipped: the code
runs only for the tasks whose answer SWF recorded, and for the last one (the task to answer).

Because the code runs at exactly the same points whether the events come in one batch (a
full replay) or task by task (a live instance kept between tasks), both give the same
decisions. A live instance that finds its own answer missing (its decision task timed out)
raises :class:`InstanceStale`: throw it away and replay from the start.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from swf.constants import Limits
from swf.decisions import (
    CancelWorkflowExecution,
    CompleteWorkflowExecution,
    ContinueAsNewWorkflowExecution,
    Decision,
    FailWorkflowExecution,
    StartTimer,
)
from swf.flow._actors import fit
from swf.flow._calls import ActivityCall, ChildCall, TimerCall
from swf.flow._commands import RECORD_TYPES, Command, describe_event
from swf.flow._markers import (
    DEFAULT_VERSION,
    SIDE_EFFECT_MARKER,
    VERSION_MARKER,
    Markers,
    marker_key,
)
from swf.flow._runtime import current_instance
from swf.flow._signals import SignalBox
from swf.flow._thread import ContinueAsNewRequest, WorkflowAborted, WorkflowThread
from swf.flow.errors import Cancelled, FlowError, NonDeterminismError, PayloadError
from swf.flow.futures import Future
from swf.history.events import Event, WorkflowExecutionStarted
from swf.history.registry import parse_event

if TYPE_CHECKING:
    from swf.flow.workflow import Workflow

__all__ = [
    "DEFAULT_VERSION",
    "HISTORY_WARNING",
    "SIDE_EFFECT_MARKER",
    "VERSION_MARKER",
    "InstanceStale",
    "WorkflowInstance",
]

log = logging.getLogger("swf.flow")

WAKE_TIMER = "flow.continue"
HISTORY_WARNING = 20_000
"""History length from which a warning is logged (every 1,000 events) and
``continue_as_new_suggested`` is true; SWF terminates an execution at 25,000."""

_LIMITS = {
    "activity": Limits.OPEN_ACTIVITIES,
    "timer": Limits.OPEN_TIMERS,
    "child": Limits.OPEN_CHILDREN,
}
_PACKAGE = str(Path(__file__).parent)
_CHILD_EVENTS = frozenset(
    {
        "ChildWorkflowExecutionStarted",
        "ChildWorkflowExecutionCompleted",
        "ChildWorkflowExecutionFailed",
        "ChildWorkflowExecutionTimedOut",
        "ChildWorkflowExecutionCanceled",
        "ChildWorkflowExecutionTerminated",
    }
)
_ACTIVITY_CLOSED = frozenset(
    {"ActivityTaskCompleted", "ActivityTaskFailed", "ActivityTaskTimedOut", "ActivityTaskCanceled"}
)
_EXTERNAL_OUTCOMES = frozenset(
    {
        "ExternalWorkflowExecutionSignaled",
        "ExternalWorkflowExecutionCancelRequested",
    }
)
_OUTCOME_OR_RECORD = {
    "SignalExternalWorkflowExecutionFailed": "externals",
    "RequestCancelExternalWorkflowExecutionFailed": "externals",
    "StartChildWorkflowExecutionFailed": "children",
}


class InstanceStale(FlowError):
    """A live instance cannot take these events (its own answer was not recorded, or events
    are missing): replay the run from its first event with a new instance."""


class WorkflowInstance:
    """One run of a workflow class, fed with the run's events by :meth:`apply`.

    A fresh instance makes a fresh workflow object; two instances never share state.
    """

    def __init__(
        self,
        workflow_class: type[Workflow],
        *,
        workflow_id: str = "workflow-id",
        run_id: str = "run-id",
    ) -> None:
        self.workflow_class = workflow_class
        self.workflow_id = workflow_id
        self.run_id = run_id
        self.converter = workflow_class.converter
        self.activities: dict[int, ActivityCall] = {}
        self.timers: dict[str, TimerCall] = {}
        self.children: dict[int, ChildCall] = {}
        self.externals: dict[int, Any] = {}
        self.cancel_requested = False
        self.closed = False
        self.history_length = 0
        self.last_event_id = 0
        self._queue: list[Command] = []
        self._sent: deque[Command] = deque()
        self._sequence = itertools.count()
        self._counters: dict[str, int] = {}
        self._open = dict.fromkeys(_LIMITS, 0)
        self.signals = SignalBox(self.converter)
        self.markers = Markers(self)
        self._thread: WorkflowThread | None = None
        self._started: WorkflowExecutionStarted | None = None
        self._cancel_delivered = False
        self._close: Command | None = None
        self._now: datetime | None = None
        self._replaying = False
        self._window_completed = 0
        self._previous_started = 0
        self._ran_for = 0
        self._recording = 0
        self._failure: BaseException | None = None
        self._broken: BaseException | None = None

    def __repr__(self) -> str:
        return (
            f"<WorkflowInstance {self.workflow_class.name} {self.workflow_id} "
            f"at event {self.last_event_id}>"
        )

    # -- feeding events ------------------------------------------------------------------------

    def apply(self, events: Iterable[Event | Mapping[str, Any]]) -> list[Decision]:
        """Apply the next events of the run; the decisions to answer, if they end with the
        ``DecisionTaskStarted`` of a task still to answer (else ``[]``).

        The first call starts at event 1; each later call goes on from the event after the
        last one applied.

        :raises NonDeterminismError: the code does not match what the history recorded.
        :raises InstanceStale: the events do not follow what this instance did (replay the run
            from the start with a new instance).
        """
        if self._broken is not None:
            raise InstanceStale(
                "this instance stopped at an earlier error; replay the run from the start"
            ) from self._broken
        batch = [event if isinstance(event, Event) else parse_event(event) for event in events]
        completed_for: dict[int, int] = {}
        for event in batch:
            if event.type == "DecisionTaskCompleted":
                completed_for[event.started_event_id] = event.id  # type: ignore[attr-defined]
            elif event.type == "MarkerRecorded":
                self.markers.index(event)
        decisions: list[Decision] = []
        last = len(batch) - 1
        try:
            for index, event in enumerate(batch):
                if event.id != self.last_event_id + 1:
                    raise InstanceStale(
                        f"events must follow one another: expected event "
                        f"{self.last_event_id + 1}, got {event.id} ({event.type})"
                    )
                self.last_event_id = event.id
                if event.type == "DecisionTaskStarted":
                    self._check_recorded(event)
                    completed = completed_for.get(event.id)
                    if completed is None and index != last:
                        self._previous_started = event.id
                        continue  # a task that timed out: the code never saw it
                    self._window(event, completed)
                    chosen = self._select()
                    if completed is None:
                        decisions = [command.decision for command in chosen]
                    self._previous_started = event.id
                else:
                    self._dispatch(event)
        except BaseException as error:
            self._broken = error
            raise
        return decisions

    def finish(self) -> None:
        """Check that every decision sent was recorded (after the last event of a replay).

        :raises NonDeterminismError: the code made decisions the history does not have.
        """
        if self._sent and self._recording:
            command = self._sent[0]
            self._diverged(
                self.last_event_id,
                f"nothing more after event {self.last_event_id} (the decision task "
                f"completed at event {self._recording} recorded no more decisions)",
                command.describe(),
            )

    def evict(self) -> None:
        """Tear the instance down: ``run()`` is unwound (``finally`` blocks run, their
        decisions are dropped) and its thread ends."""
        thread = self._thread
        if thread is not None:
            thread.evict()

    # -- windows: running the code -------------------------------------------------------------

    def _window(self, started: Event, completed: int | None) -> None:
        self._now = started.timestamp
        self._replaying = completed is not None
        self._window_completed = completed or 0
        self.history_length = started.id
        self._ran_for = started.id
        self._recording = 0
        if not self._replaying:
            self._warn_history_length(started.id)
        if self._close is not None or self.closed:
            return  # run() is over; only its closing decision may still be due
        thread = self._thread
        if thread is None:
            if self._started is None:
                raise InstanceStale("the history does not start with WorkflowExecutionStarted")
            thread = self._thread = WorkflowThread(
                self, self._main, name=f"swf-flow-{self.workflow_id}"
            )
            thread.start()
        while not thread.finished and self._failure is None:
            if self.cancel_requested and not self._cancel_delivered:
                self._cancel_delivered = True
                thread.resume(Cancelled("the workflow execution was asked to cancel"))
            elif thread.ready():
                thread.resume()
            else:
                break
        if self._failure is not None:
            raise self._failure
        if thread.finished and self._close is None:
            self._finish(thread)

    def _main(self) -> Any:
        """The workflow thread's target: a fresh workflow object, then ``run()``."""
        from swf.flow.converter import decode_arguments

        assert self._started is not None
        args, kwargs = decode_arguments(self.converter, self._started.input)
        cls = self.workflow_class
        workflow = cls.__new__(cls)
        object.__setattr__(workflow, "_flow", self)
        workflow.__init__()  # type: ignore[misc]
        return workflow.run(*args, **kwargs)

    def _finish(self, thread: WorkflowThread) -> None:
        from swf.flow.converter import encode

        cls = self.workflow_class
        error = thread.error
        decision: Decision
        if isinstance(error, ContinueAsNewRequest):
            decision = ContinueAsNewWorkflowExecution(
                input=error.input,
                task_list=cls.task_list,
                execution_start_to_close_timeout=cls.execution_timeout,
                task_start_to_close_timeout=cls.decision_tasks_timeout,
                child_policy=cls.child_policy,
                tag_list=list(self._started.tag_list) if self._started else None,
            )
        elif isinstance(error, Cancelled) and self.cancel_requested:
            decision = CancelWorkflowExecution(details=fit(error.details, Limits.PAYLOAD_LENGTH))
        elif error is not None:
            decision = _failure_decision(error)
        else:
            try:
                result = encode(self.converter, thread.value, what="the workflow's result")
            except PayloadError as problem:
                decision = _failure_decision(problem)
            else:
                decision = CompleteWorkflowExecution(result=result)
        self._close = self.issue(
            decision,
            on_record=self._close_recorded,
            priority=3,
            description=_describe_close(decision),
        )

    def _close_recorded(self, event: Event) -> None:
        if not event.type.endswith("Failed"):
            self.closed = True
            return
        cause = getattr(event, "cause", "")
        previous = self._close
        assert previous is not None
        if cause == "UNHANDLED_DECISION":
            decision = previous.decision  # events arrived meanwhile: close again
        elif event.type == "ContinueAsNewWorkflowExecutionFailed":
            decision = FailWorkflowExecution(
                reason=fit(f"continue_as_new refused by SWF: {cause}", Limits.REASON_LENGTH)
            )
        else:
            raise FlowError(f"SWF refused to close the execution ({event.type}: {cause})")
        self._close = self.issue(
            decision,
            on_record=self._close_recorded,
            priority=3,
            description=_describe_close(decision),
        )

    # -- commands ------------------------------------------------------------------------------

    def issue(
        self,
        decision: Decision,
        *,
        on_record: Callable[[Event], None] | None = None,
        limit: str | None = None,
        priority: int = 2,
        key: Any = None,
        description: str = "",
    ) -> Command:
        """Queue a decision; it is sent with the next answer that has room for it."""
        command = Command(
            decision,
            next(self._sequence),
            on_record=on_record,
            limit=limit,
            priority=priority,
            key=key,
            description=description,
        )
        self._queue.append(command)
        return command

    def withdraw(self, command: Command) -> bool:
        """Take a command out of the queue; ``False`` if it was sent already."""
        for index, queued in enumerate(self._queue):
            if queued is command:
                del self._queue[index]
                return True
        return False

    def closed_one(self, kind: str) -> None:
        """One open activity, timer or child of ``kind`` closed."""
        self._open[kind] = max(0, self._open[kind] - 1)

    def _select(self) -> list[Command]:
        """The commands for this answer: at most 100, within the open limits, markers first
        and the closing decision last (and only once everything else went)."""
        queue = sorted(self._queue, key=lambda command: (command.priority, command.sequence))
        chosen: list[Command] = []
        held: list[Command] = []
        close: Command | None = None
        opened = dict(self._open)
        budget_exceeded = False
        for command in queue:
            if command.is_closing:
                close = command
                continue
            kind = command.limit
            if kind is not None and opened[kind] >= _LIMITS[kind]:
                held.append(command)
                continue
            if len(chosen) >= Limits.DECISIONS_PER_COMPLETION:
                held.append(command)
                budget_exceeded = True
                continue
            chosen.append(command)
            if kind is not None:
                opened[kind] += 1
        if close is not None and len(chosen) >= Limits.DECISIONS_PER_COMPLETION:
            budget_exceeded = True
        if budget_exceeded:
            held = chosen[Limits.DECISIONS_PER_COMPLETION - 1 :] + held
            chosen = chosen[: Limits.DECISIONS_PER_COMPLETION - 1]
            chosen.append(self._wake_timer())
        elif close is not None and not held:
            chosen.append(close)
            close = None
        for command in chosen:
            if command.limit is not None:
                self._open[command.limit] += 1
        left = held + ([close] if close is not None else [])
        self._queue = sorted(left, key=lambda command: command.sequence)
        self._sent = deque(chosen)
        return chosen

    def _wake_timer(self) -> Command:
        """A zero-second timer: its ``TimerFired`` brings the next decision task, for the
        decisions that did not fit in this answer."""
        timer_id = f"{WAKE_TIMER}-{self.count(WAKE_TIMER)}"
        command = Command(
            StartTimer(timer_id=timer_id, start_to_fire_timeout=timedelta(0)),
            next(self._sequence),
            on_record=lambda event: None,
            description=f"started timer {timer_id} (the rest in the next decision task)",
        )
        return command

    def count(self, name: str) -> int:
        """The next number of the per-name counter ``name`` (1, 2, ...): deterministic ids."""
        value = self._counters.get(name, 0) + 1
        self._counters[name] = value
        return value

    # -- events --------------------------------------------------------------------------------

    def _dispatch(self, event: Event) -> None:
        kind = event.type
        if kind in RECORD_TYPES and not self._is_outcome(event):
            self._record(event)
            return
        handler = _HANDLERS.get(kind)
        if handler is not None:
            handler(self, event)

    def _is_outcome(self, event: Event) -> bool:
        """A ``*Failed`` event about something initiated earlier is an outcome, not a record."""
        registry = _OUTCOME_OR_RECORD.get(event.type)
        if registry is None:
            return False
        initiated = getattr(event, "initiated_event_id", 0)
        return bool(initiated) and initiated in getattr(self, registry)

    def _record(self, event: Event) -> None:
        if not self._sent:
            self._diverged(
                event.id,
                describe_event(event),
                "made no such decision" if self._recording else "made no decision there",
            )
        command = self._sent[0]
        if not command.matches(event, marker_key(event)):
            self._diverged(event.id, describe_event(event), command.describe())
        self._sent.popleft()
        if command.on_record is not None:
            command.on_record(event)

    def _check_recorded(self, event: Event) -> None:
        if self._sent and self._recording:
            self._diverged(
                event.id,
                f"{event.type} (the decision task completed at event {self._recording} "
                "recorded no more decisions)",
                self._sent[0].describe(),
            )

    def _diverged(self, event_id: int, history: str, code: str) -> NoReturn:
        raise NonDeterminismError(
            f"{self.workflow_class.name} {self.workflow_id} (run {self.run_id}): at event "
            f"{event_id} the history has {history}, but the code {code}",
            event_id=event_id,
            history=history,
            code=code,
        )

    def _on_started(self, event: Event) -> None:
        assert isinstance(event, WorkflowExecutionStarted)
        self._started = event

    def _on_cancel_requested(self, event: Event) -> None:
        self.cancel_requested = True

    def _on_signaled(self, event: Event) -> None:
        name = event.signal_name  # type: ignore[attr-defined]
        self.signals.receive(name, getattr(event, "input", None))

    def _on_decision_completed(self, event: Event) -> None:
        started = event.started_event_id  # type: ignore[attr-defined]
        if started != self._ran_for:
            raise InstanceStale(
                f"event {event.id} completes decision task {started}, which this instance "
                "did not decide"
            )
        self._recording = event.id

    def _on_decision_timed_out(self, event: Event) -> None:
        if event.started_event_id == self._ran_for and not self._recording:  # type: ignore[attr-defined]
            raise InstanceStale(
                f"decision task {self._ran_for} timed out (event {event.id}): the decisions "
                "this instance made were not recorded"
            )

    def _on_activity_closed(self, event: Event) -> None:
        call = self.activities.get(event.scheduled_event_id)  # type: ignore[attr-defined]
        if call is not None:
            call.closed(event)

    def _on_timer_fired(self, event: Event) -> None:
        call = self.timers.get(event.timer_id)  # type: ignore[attr-defined]
        if call is not None:
            call.fired()

    def _on_child(self, event: Event) -> None:
        call = self.children.get(event.initiated_event_id)  # type: ignore[attr-defined]
        if call is not None:
            call.event(event)

    def _on_external(self, event: Event) -> None:
        call = self.externals.pop(event.initiated_event_id, None)  # type: ignore[attr-defined]
        if call is not None:
            call.event(event)

    def _on_closed(self, event: Event) -> None:
        self.closed = True

    # -- what workflow code calls (in the workflow thread) ---------------------------------------

    def block_until(self, ready: Callable[[], bool]) -> None:
        """Suspend the workflow code until ``ready()``; a pending cancel request is raised here
        as :class:`Cancelled`."""
        thread = self._thread
        if thread is None or current_instance() is not self:
            raise RuntimeError("workflow code runs in its workflow's thread only")
        if self.cancel_requested and not self._cancel_delivered:
            self._cancel_delivered = True
            raise Cancelled("the workflow execution was asked to cancel")
        thread.suspend(ready)

    def now(self) -> datetime:
        """The current decision task's start time."""
        assert self._now is not None
        return self._now

    @property
    def replaying(self) -> bool:
        """Whether the code now runs for a decision task the history already answered."""
        return self._replaying

    @property
    def window_completed(self) -> int:
        """The ``DecisionTaskCompleted`` id of the task the code runs for (0: the live one)."""
        return self._window_completed

    def timer(self, seconds: int, *, name: str = "timer") -> Future[None]:
        """Start a timer; its future resolves when it fires."""
        timer_id = f"{name}-{self.count('timer:' + name)}"
        future: Future[None] = Future(f"timer {timer_id}")
        call = TimerCall(self, timer_id, seconds, future=future)
        future._canceller = call.cancel
        return future

    def divergence(self, history: str, code: str) -> NonDeterminismError:
        """A :class:`NonDeterminismError` found while the code runs (in this decision task)."""
        event_id = self.history_length
        return NonDeterminismError(
            f"{self.workflow_class.name} {self.workflow_id} (run {self.run_id}): in the "
            f"decision task started at event {event_id} the history has {history}, but the "
            f"code {code}",
            event_id=event_id,
            history=history,
            code=code,
        )

    def abort(self, error: BaseException) -> NoReturn:
        """Stop the workflow code (it cannot catch it); :meth:`apply` raises ``error``."""
        self._failure = error
        raise WorkflowAborted()

    def continue_as_new(self, input: str | None) -> NoReturn:
        """Unwind ``run()``; the run closes with ``ContinueAsNewWorkflowExecution``."""
        raise ContinueAsNewRequest(input)

    @property
    def continue_as_new_suggested(self) -> bool:
        """Whether the history is long enough to continue as new."""
        return self.history_length >= HISTORY_WARNING

    def _warn_history_length(self, started_id: int) -> None:
        if started_id < HISTORY_WARNING:
            return
        previous = self._previous_started - HISTORY_WARNING
        if previous < 0 or previous // 1000 < (started_id - HISTORY_WARNING) // 1000:
            log.warning(
                "%s %s (run %s) has %d events in its history; SWF terminates it at %d: "
                "call self.continue_as_new(...) with the state to carry",
                self.workflow_class.name,
                self.workflow_id,
                self.run_id,
                started_id,
                Limits.HISTORY_EVENTS,
            )


def _failure_decision(error: BaseException) -> FailWorkflowExecution:
    reason = fit(f"{type(error).__name__}: {error}", Limits.REASON_LENGTH, keep="start")
    return FailWorkflowExecution(
        reason=reason, details=fit(user_traceback(error), Limits.PAYLOAD_LENGTH)
    )


def user_traceback(error: BaseException) -> str:
    """The traceback of ``error`` without the engine's own frames."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if not frame.filename.startswith(_PACKAGE)
    ]
    lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames)]
    lines.extend(traceback.format_exception_only(type(error), error))
    return "".join(lines)


def _describe_close(decision: Decision) -> str:
    if isinstance(decision, CompleteWorkflowExecution):
        return "completed the execution"
    if isinstance(decision, FailWorkflowExecution):
        return f"failed the execution ({decision.reason})"
    if isinstance(decision, CancelWorkflowExecution):
        return "canceled the execution"
    return "continued as new"


_HANDLERS: dict[str, Callable[[WorkflowInstance, Event], None]] = {
    "WorkflowExecutionStarted": WorkflowInstance._on_started,
    "WorkflowExecutionCancelRequested": WorkflowInstance._on_cancel_requested,
    "WorkflowExecutionSignaled": WorkflowInstance._on_signaled,
    "DecisionTaskScheduled": WorkflowInstance._check_recorded,
    "DecisionTaskCompleted": WorkflowInstance._on_decision_completed,
    "DecisionTaskTimedOut": WorkflowInstance._on_decision_timed_out,
    "TimerFired": WorkflowInstance._on_timer_fired,
    "WorkflowExecutionTerminated": WorkflowInstance._on_closed,
    "WorkflowExecutionTimedOut": WorkflowInstance._on_closed,
    **dict.fromkeys(_ACTIVITY_CLOSED, WorkflowInstance._on_activity_closed),
    **dict.fromkeys(_CHILD_EVENTS, WorkflowInstance._on_child),
    "StartChildWorkflowExecutionFailed": WorkflowInstance._on_child,
    **dict.fromkeys(_EXTERNAL_OUTCOMES, WorkflowInstance._on_external),
    "SignalExternalWorkflowExecutionFailed": WorkflowInstance._on_external,
    "RequestCancelExternalWorkflowExecutionFailed": WorkflowInstance._on_external,
}
