"""The workflow ``swf demo`` runs: an order, built on :mod:`swf.actors` and :mod:`swf.decisions`.

The ``order`` workflow shows SWF's main features in a few seconds:

1. two activities in parallel, ``check-stock`` and ``quote-shipping``, and a short timer
   ``cool-off`` (one second) at the same time;
2. when all three are done, ``charge-card``, whose first attempt fails on purpose: the decider
   schedules it again (at most three attempts);
3. once charged, the decider records a marker ``awaiting-approval`` and waits for the signal
   ``approved`` (the demo sends it when it sees the marker);
4. then a child workflow ``shipping`` runs one activity, ``print-label``;
5. when the child completes, the order completes with a summary as its result.

:class:`OrderDecider` decides for both workflow types from the history alone (every decision
is idempotent: it looks at what the history already holds), :class:`DemoWorker` runs the four
activity types, and :func:`run_demo` runs them all in threads against a connection.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from swf.actors import ActivityTask, ActivityWorker, Actor, Decider, DecisionTask
from swf.constants import DEPRECATED, ChildPolicy, CloseStatus
from swf.core import Connection
from swf.decisions import (
    CompleteWorkflowExecution,
    Decision,
    FailWorkflowExecution,
    RecordMarker,
    ScheduleActivityTask,
    StartChildWorkflowExecution,
    StartTimer,
)
from swf.exceptions import (
    AlreadyExistsError,
    SWFError,
    TypeAlreadyExistsFault,
)
from swf.history import History
from swf.history.compiled import ActivityState, ChildWorkflowState, TimerState
from swf.history.events import Event
from swf.models import ActivityType, Domain, WorkflowExecution, WorkflowType

__all__ = [
    "ACTIVITY_TYPES",
    "DECISION_TASK_LIST",
    "DEFAULT_DOMAIN",
    "ORDER",
    "SHIPPING",
    "VERSION",
    "WORKER_TASK_LIST",
    "DemoError",
    "DemoRun",
    "DemoWorker",
    "OrderDecider",
    "register_demo_types",
    "run_demo",
]

log = logging.getLogger(__name__)

DEFAULT_DOMAIN = "swf-demo"
VERSION = "1"
ORDER = "order"
SHIPPING = "shipping"
DECISION_TASK_LIST = "swf-demo-decisions"
WORKER_TASK_LIST = "swf-demo-activities"
ACTIVITY_TYPES = ("check-stock", "quote-shipping", "charge-card", "print-label")
SIGNAL = "approved"
MARKER = "awaiting-approval"
TIMER = "cool-off"
MAX_CHARGE_ATTEMPTS = 3
WORK_SECONDS = 0.3
"""How long each demo activity works (real time), so the timeline has something to show."""


class DemoError(SWFError):
    """The demo could not run to the end (the message says why)."""


# -- the decider -------------------------------------------------------------------------------


class OrderDecider(Decider):
    """Decides for the ``order`` workflow and its ``shipping`` child, from the history alone."""

    timer_duration: timedelta = timedelta(seconds=1)

    def decide(self, task: DecisionTask) -> Sequence[Decision]:
        """The next decisions of an ``order`` or ``shipping`` execution."""
        if task.workflow_type.name == SHIPPING:
            return self._decide_shipping(task)
        return self._decide_order(task)

    def _decide_order(self, task: DecisionTask) -> list[Decision]:
        history = task.history
        activities, timers = history.activities, history.timers
        order = json.loads(history.execution.input or "{}")
        decisions: list[Decision] = []
        for activity_id in ("check-stock", "quote-shipping"):
            if activity_id not in activities:
                decisions.append(_activity(activity_id, order))
        if TIMER not in timers:
            decisions.append(StartTimer(timer_id=TIMER, start_to_fire_timeout=self.timer_duration))
        if decisions:
            return decisions

        for activity_id in ("check-stock", "quote-shipping"):
            activity = activities[activity_id]
            if activity.state in (ActivityState.FAILED, ActivityState.TIMED_OUT):
                return [_fail(f"{activity_id} {activity.state}", activity.reason)]
        ready = (
            all(
                activities[activity_id].state == ActivityState.COMPLETED
                for activity_id in ("check-stock", "quote-shipping")
            )
            and timers[TIMER].state == TimerState.FIRED
        )
        if not ready:
            return []

        charge = activities.get("charge-card")
        if charge is None:
            return [_activity("charge-card", {**order, "attempt": 1})]
        if charge.state in (ActivityState.FAILED, ActivityState.TIMED_OUT):
            if charge.attempts >= MAX_CHARGE_ATTEMPTS:
                return [_fail(f"charge-card failed {charge.attempts} times", charge.reason)]
            return [_activity("charge-card", {**order, "attempt": charge.attempts + 1})]
        if charge.state != ActivityState.COMPLETED:
            return []

        if not history.signals.get(SIGNAL):
            if MARKER not in history.markers:
                return [RecordMarker(marker_name=MARKER, details="send the signal 'approved'")]
            return []

        child_id = f"{task.workflow_id}-shipping"
        child = history.child_workflows.get(child_id)
        if child is None:
            quote = json.loads(activities["quote-shipping"].result or "{}")
            return [
                StartChildWorkflowExecution(
                    workflow_id=child_id,
                    workflow_type=(SHIPPING, VERSION),
                    input=json.dumps({**order, "carrier": quote.get("carrier")}),
                )
            ]
        if child.state in (ChildWorkflowState.START_INITIATED, ChildWorkflowState.STARTED):
            return []
        if child.state != ChildWorkflowState.COMPLETED:
            return [_fail(f"shipping {child.state}", child.reason)]
        result = {
            "order": order.get("order"),
            "stock": json.loads(activities["check-stock"].result or "null"),
            "shipping": json.loads(activities["quote-shipping"].result or "null"),
            "payment": json.loads(charge.result or "null"),
            "charge_attempts": charge.attempts,
            "approved_by": json.loads(history.signals[SIGNAL][0].input or "null"),
            "label": json.loads(child.result or "null"),
        }
        return [CompleteWorkflowExecution(result=json.dumps(result))]

    def _decide_shipping(self, task: DecisionTask) -> list[Decision]:
        history = task.history
        order = json.loads(history.execution.input or "{}")
        label = history.activities.get("print-label")
        if label is None:
            return [_activity("print-label", order)]
        if label.state == ActivityState.COMPLETED:
            return [CompleteWorkflowExecution(result=label.result)]
        if label.is_closed:
            return [_fail(f"print-label {label.state}", label.reason)]
        return []


def _activity(activity_id: str, payload: dict[str, Any]) -> ScheduleActivityTask:
    return ScheduleActivityTask(
        activity_id=activity_id,
        activity_type=(activity_id, VERSION),
        input=json.dumps(payload),
    )


def _fail(reason: str, details: str | None) -> FailWorkflowExecution:
    return FailWorkflowExecution(reason=reason[:256], details=details)


# -- the worker --------------------------------------------------------------------------------


class DemoWorker(ActivityWorker):
    """Runs the demo's four activity types (each works a fraction of a second)."""

    work_seconds: float = WORK_SECONDS

    def process(self, task: ActivityTask) -> Any:
        """Do the task's (pretend) work and return its result."""
        order = json.loads(task.input or "{}")
        name = task.activity_type.name
        time.sleep(self.work_seconds)
        if name == "check-stock":
            return {"sku": order.get("sku"), "in_stock": 3}
        if name == "quote-shipping":
            return {"carrier": "Parcel Pigeon", "price": 4.9}
        if name == "charge-card":
            if int(order.get("attempt", 1)) == 1:
                raise RuntimeError("card declined (the demo fails the first attempt on purpose)")
            return {"charged": order.get("amount"), "attempt": order.get("attempt")}
        if name == "print-label":
            return {
                "tracking": f"PP-{uuid.uuid4().hex[:8].upper()}",
                "carrier": order.get("carrier"),
            }
        raise ValueError(f"the demo worker does not know activity type {name!r}")


# -- registration ------------------------------------------------------------------------------


def register_demo_types(connection: Connection, domain: str) -> list[str]:
    """Register the demo's domain and types where missing; returns what was registered."""
    registered: list[str] = []
    demo_domain = Domain(domain, retention_period=1, description="swf demo", connection=connection)
    try:
        demo_domain.save()
        registered.append(f"domain {domain}")
    except AlreadyExistsError:
        if demo_domain.upstream().status == DEPRECATED:
            raise DemoError(
                f"domain {domain} is deprecated: undeprecate it or use --domain"
            ) from None
    for name in (ORDER, SHIPPING):
        workflow_type = WorkflowType(
            demo_domain,
            name,
            VERSION,
            task_list=DECISION_TASK_LIST,
            execution_timeout=timedelta(minutes=5),
            decision_tasks_timeout=timedelta(seconds=30),
            child_policy=ChildPolicy.TERMINATE,
        )
        try:
            workflow_type.save()
            registered.append(f"workflow type {name}")
        except TypeAlreadyExistsFault:
            pass
    for name in ACTIVITY_TYPES:
        activity_type = ActivityType(
            demo_domain,
            name,
            VERSION,
            task_list=WORKER_TASK_LIST,
            task_schedule_to_start_timeout=timedelta(seconds=60),
            task_schedule_to_close_timeout=timedelta(seconds=120),
            task_start_to_close_timeout=timedelta(seconds=60),
            task_heartbeat_timeout=None,
        )
        try:
            activity_type.save()
            registered.append(f"activity type {name}")
        except TypeAlreadyExistsFault:
            pass
    return registered


# -- the run -----------------------------------------------------------------------------------


@dataclass
class DemoRun:
    """What :func:`run_demo` returns: the execution and its whole history."""

    domain: str
    workflow_id: str
    run_id: str
    history: History = field(default_factory=History)
    registered: list[str] = field(default_factory=list)
    db_path: Path | None = None
    """The database of the embedded SWF Local it ran on (None: another SWF)."""
    endpoint_url: str | None = None
    """The endpoint of the SWF it ran on, when not an embedded one."""

    @property
    def close_event(self) -> Event | None:
        """The event that closed the execution (None if it is still open)."""
        return self.history.closing_event

    @property
    def completed(self) -> bool:
        """True when the execution completed."""
        return self.history.close_status == CloseStatus.COMPLETED

    @property
    def result(self) -> Any:
        """The workflow's result, parsed from JSON (None unless it completed)."""
        if not self.completed:
            return None
        text = self.history.execution.result
        return json.loads(text) if text else None


def run_demo(
    connection: Connection,
    *,
    domain: str = DEFAULT_DOMAIN,
    workers: int = 2,
    timer: timedelta = timedelta(seconds=1),
    timeout: timedelta = timedelta(seconds=60),
    progress: Callable[[str], None] = lambda line: None,
    on_stop: Callable[[], None] | None = None,
) -> DemoRun:
    """Register, start the actors, run one ``order`` execution to its end; return it.

    ``progress`` receives a line for each step. ``on_stop`` is called after the actors were
    told to stop (e.g. to stop an embedded SWF Local, which wakes their long polls).
    """
    registered = register_demo_types(connection, domain)
    if registered:
        progress("Registered " + ", ".join(registered) + ".")

    class _Decider(OrderDecider):
        timer_duration = timer

    actors: list[Actor] = [_Decider(domain, DECISION_TASK_LIST, connection=connection)]
    actors += [
        DemoWorker(domain, WORKER_TASK_LIST, connection=connection, heartbeats=False)
        for _ in range(workers)
    ]
    threads = [
        threading.Thread(target=actor.start, name=f"swf-demo-{index}", daemon=True)
        for index, actor in enumerate(actors)
    ]
    for thread in threads:
        thread.start()
    progress(f"Started a decider and {workers} activity workers (threads).")
    try:
        workflow_id = f"order-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
        order = {"order": workflow_id, "sku": "TEA-42", "amount": 12.5}
        execution: WorkflowExecution = WorkflowType(
            domain, ORDER, VERSION, connection=connection
        ).start_execution(workflow_id, input=json.dumps(order), tag_list=["demo"])
        run = DemoRun(domain, workflow_id, str(execution.run_id), registered=registered)
        progress(f"Started workflow {workflow_id} (run {run.run_id}).")
        deadline = time.monotonic() + timeout.total_seconds()
        signaled = False
        while True:
            run.history = execution.history()
            if run.history.is_closed:
                break
            if not signaled and run.history.first("MarkerRecorded") is not None:
                execution.signal(SIGNAL, input=json.dumps({"by": "swf demo"}))
                signaled = True
                progress(f"Sent signal {SIGNAL!r} (the workflow was waiting for it).")
            if time.monotonic() > deadline:
                raise DemoError(
                    f"workflow {workflow_id} still open after {timeout.total_seconds():.0f} s; "
                    f"see: swf execution history -d {domain} {workflow_id}"
                )
            time.sleep(0.1)
        return run
    finally:
        for actor in actors:
            actor.stop(now=True)
        if on_stop is not None:
            on_stop()
        # Daemon threads: a poll still held by a remote SWF (up to 60 s) must not hold the exit.
        give_up = time.monotonic() + 3
        for thread in threads:
            thread.join(timeout=max(0.0, give_up - time.monotonic()))
