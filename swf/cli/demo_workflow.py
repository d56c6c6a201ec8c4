"""The workflow ``swf demo`` runs: an order, written with :mod:`swf.flow`.

The ``order`` workflow shows SWF's main features in a few seconds:

1. two activities in parallel, ``check-stock`` and ``quote-shipping``, and a short timer
   ``cool-off`` (one second) at the same time;
2. when all three are done, ``charge-card``, whose first attempt fails on purpose: its
   :class:`~swf.flow.RetryPolicy` schedules it again at once (at most three attempts);
3. once charged, the workflow records a marker (the demo sends the signal ``approved`` when it
   sees it) and waits for that signal;
4. then a child workflow ``shipping`` runs one activity, ``print-label``;
5. when the child completes, the order completes with a summary as its result.

:class:`Order` and :class:`Shipping` are the workflows, ``check_stock``, ``quote_shipping``,
``charge_card`` and ``print_label`` the activities, and :func:`run_demo` runs them with a
:class:`swf.flow.Worker` (a decider and activity workers in threads) against a connection.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

from swf.constants import DEPRECATED, ChildPolicy, CloseStatus
from swf.core import Connection
from swf.exceptions import (
    AlreadyExistsError,
    SWFError,
    TypeAlreadyExistsFault,
)
from swf.flow import RetryPolicy, Worker, Workflow, activity, activity_context, wait
from swf.history import History
from swf.history.events import Event
from swf.models import ActivityType, Domain, WorkflowType

__all__ = [
    "ACTIVITIES",
    "ACTIVITY_TYPES",
    "DECISION_TASK_LIST",
    "DEFAULT_DOMAIN",
    "ORDER",
    "SHIPPING",
    "VERSION",
    "WORKER_TASK_LIST",
    "DemoError",
    "DemoRun",
    "Order",
    "Shipping",
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


# -- the activities ----------------------------------------------------------------------------

_START_TO_CLOSE = timedelta(seconds=60)


def _work() -> None:
    time.sleep(WORK_SECONDS)


def _attempt() -> int:
    """The attempt of the activity task in hand: flow names attempt n of ``<id>`` ``<id>.<n>``."""
    _, dot, attempt = activity_context().task.activity_id.rpartition(".")
    return int(attempt) if dot and attempt.isdigit() else 1


@activity(name="check-stock", task_list=WORKER_TASK_LIST, start_to_close=_START_TO_CLOSE)
def check_stock(order: dict[str, Any]) -> dict[str, Any]:
    """How many of the order's item are in stock."""
    _work()
    return {"sku": order.get("sku"), "in_stock": 3}


@activity(name="quote-shipping", task_list=WORKER_TASK_LIST, start_to_close=_START_TO_CLOSE)
def quote_shipping(order: dict[str, Any]) -> dict[str, Any]:
    """A carrier and its price."""
    _work()
    return {"carrier": "Parcel Pigeon", "price": 4.9}


@activity(
    name="charge-card",
    retry=RetryPolicy(maximum_attempts=MAX_CHARGE_ATTEMPTS, initial_interval=0),
    task_list=WORKER_TASK_LIST,
    start_to_close=_START_TO_CLOSE,
)
def charge_card(order: dict[str, Any]) -> dict[str, Any]:
    """Charge the order's amount; the first attempt fails on purpose (it is retried at once)."""
    _work()
    attempt = _attempt()
    if attempt == 1:
        raise RuntimeError("card declined (the demo fails the first attempt on purpose)")
    return {"charged": order.get("amount"), "attempt": attempt}


@activity(name="print-label", task_list=WORKER_TASK_LIST, start_to_close=_START_TO_CLOSE)
def print_label(order: dict[str, Any]) -> dict[str, Any]:
    """A shipping label for the order's carrier."""
    _work()
    return {"tracking": f"PP-{uuid.uuid4().hex[:8].upper()}", "carrier": order.get("carrier")}


ACTIVITIES = (check_stock, quote_shipping, charge_card, print_label)


# -- the workflows -----------------------------------------------------------------------------


class Shipping(Workflow):
    """The child workflow: prints the order's label; its result is the label."""

    name = SHIPPING
    version = VERSION
    task_list = DECISION_TASK_LIST
    execution_timeout = timedelta(minutes=5)

    def run(self, order: dict[str, Any]) -> dict[str, Any]:
        """Print the label."""
        return self.submit(print_label, order).result()


class Order(Workflow):
    """The ``order`` workflow (see the module's docstring)."""

    name = ORDER
    version = VERSION
    task_list = DECISION_TASK_LIST
    execution_timeout = timedelta(minutes=5)
    cool_off: ClassVar[timedelta] = timedelta(seconds=1)
    """The timer before the payment."""

    def run(self, order: dict[str, Any]) -> dict[str, Any]:
        """Check, quote and cool off in parallel; charge; wait for approval; ship."""
        stock = self.submit(check_stock, order)
        quote = self.submit(quote_shipping, order)
        wait(stock, quote, self.timer(self.cool_off, name=TIMER))
        stock.result(), quote.result()  # a failure of either fails the order here
        payment = self.submit(charge_card, order).result()
        # swf.flow has no named markers of its own: a recorded side effect is the marker the
        # demo waits for before it signals (a signal sent earlier would not be lost either).
        self.side_effect(lambda: f"{MARKER}: send the signal {SIGNAL!r}")
        approval = self.wait_signal(SIGNAL).result()
        child = Shipping.options(workflow_id=f"{self.workflow_id}-shipping")
        carrier = quote.result().get("carrier")
        label: dict[str, Any] = self.submit(child, {**order, "carrier": carrier}).result()
        return {
            "order": order.get("order"),
            "stock": stock.result(),
            "shipping": quote.result(),
            "payment": payment,
            "charge_attempts": payment["attempt"],
            "approved_by": approval,
            "label": label,
        }


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

    class _Order(Order):
        name = ORDER
        cool_off = timer

    worker = Worker(
        domain,
        workflows=[_Order, Shipping],
        activities=ACTIVITIES,
        activity_threads=workers,
        register=False,  # register_demo_types did, and said what it registered
        connection=connection,
    )
    worker.start()
    progress(f"Started a decider and {workers} activity workers (threads).")
    try:
        workflow_id = f"order-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
        order = {"order": workflow_id, "sku": "TEA-42", "amount": 12.5}
        handle = _Order.start(
            order, domain=domain, workflow_id=workflow_id, tag_list=["demo"], connection=connection
        )
        run = DemoRun(domain, workflow_id, handle.run_id, registered=registered)
        progress(f"Started workflow {workflow_id} (run {run.run_id}).")
        deadline = time.monotonic() + timeout.total_seconds()
        signaled = False
        while True:
            run.history = handle.history()
            if run.history.is_closed:
                break
            if not signaled and run.history.first("MarkerRecorded") is not None:
                handle.signal(SIGNAL, {"by": "swf demo"})
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
        for actor in worker.actors:
            actor.stop(now=True)
        if on_stop is not None:
            on_stop()
        # Daemon threads: a poll still held by a remote SWF (up to 60 s) must not hold the exit.
        worker.stop(now=True, timeout=3 / len(worker.actors))
