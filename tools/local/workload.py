"""A recorded workload against SWF Local, and its audit.

- :class:`Ledger` and :class:`Load`: starters, deciders (schedule one activity, complete the
  workflow once it completed, schedule a new attempt after a time-out) and workers, recording
  every call the server acknowledged (answered 200), signals to random running workflows
  included;
- :func:`audit`: what a (restarted) server must still hold for a ledger: nothing acknowledged
  lost, nothing delivered twice.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from tools.local.served import DOMAIN, make_client

__all__ = ["Audit", "Ledger", "Load", "audit", "count_open", "decide", "history"]


def _attributes(event: dict[str, Any]) -> dict[str, Any]:
    kind = event["eventType"]
    value: dict[str, Any] = event.get(kind[0].lower() + kind[1:] + "EventAttributes", {})
    return value


def decide(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The workload's decider: one activity (a new attempt after each time-out), then done."""
    scheduled = [e for e in events if e["eventType"] == "ActivityTaskScheduled"]
    closed = [
        e
        for e in events
        if e["eventType"] in ("ActivityTaskCompleted", "ActivityTaskTimedOut", "ActivityTaskFailed")
    ]
    completed = [e for e in closed if e["eventType"] == "ActivityTaskCompleted"]
    if completed:
        result = _attributes(completed[0]).get("result", "")
        return [
            {
                "decisionType": "CompleteWorkflowExecution",
                "completeWorkflowExecutionDecisionAttributes": {"result": result},
            }
        ]
    if len(scheduled) == len(closed):
        return [
            {
                "decisionType": "ScheduleActivityTask",
                "scheduleActivityTaskDecisionAttributes": {
                    "activityType": {"name": "act", "version": "1"},
                    "activityId": f"a{len(scheduled) + 1}",
                    "input": "in",
                },
            }
        ]
    return []  # an activity is still out


@dataclass
class Ledger:
    """What the server acknowledged (answered 200) and what it delivered, over all phases."""

    started: dict[str, str] = field(default_factory=dict)  # workflowId -> runId
    #: (runId, activityId) of every activity task a poll delivered, in delivery order.
    activity_deliveries: list[tuple[str, str]] = field(default_factory=list)
    #: (runId, startedEventId) of every decision task a poll delivered.
    decision_deliveries: list[tuple[str, int]] = field(default_factory=list)
    #: (runId, activityId) of every acknowledged RespondActivityTaskCompleted.
    activities_completed: list[tuple[str, str]] = field(default_factory=list)
    #: (runId, signalName) of every acknowledged SignalWorkflowExecution.
    signals: list[tuple[str, str]] = field(default_factory=list)
    #: (runId, startedEventId) of every acknowledged RespondDecisionTaskCompleted.
    decisions_completed: list[tuple[str, int]] = field(default_factory=list)
    #: runIds whose CompleteWorkflowExecution decision was acknowledged.
    completes_acknowledged: set[str] = field(default_factory=set)
    #: (runId, activityId) of activity tasks a worker took and deliberately never answered.
    abandoned: list[tuple[str, str]] = field(default_factory=list)
    #: Faults (by code) and transport errors (by class name) the load met.
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def acknowledged(self) -> int:
        """How many calls that change state were acknowledged (starts and responds)."""
        return (
            len(self.started)
            + len(self.activities_completed)
            + len(self.decisions_completed)
            + len(self.signals)
        )


class Load:
    """Starter, signaller, decider and worker threads against one endpoint, recording into a
    ledger.

    A thread stops at :meth:`stop`, or at its first transport error (the server died). Faults
    (e.g. ``UnknownResourceFault`` for a task that timed out) are counted and the thread goes on.
    ``abandon_every=N``: workers never answer every N-th activity task they get (like a worker
    that died), so it stays started until its START_TO_CLOSE time-out.
    """

    def __init__(
        self,
        endpoint_url: str,
        ledger: Ledger,
        *,
        starters: int = 1,
        signallers: int = 1,
        deciders: int = 2,
        workers: int = 3,
        max_starts: int = 1_000_000,
        abandon_every: int = 0,
        next_workflow: Callable[[], int] | None = None,
    ) -> None:
        self.ledger = ledger
        self.max_starts = max_starts
        self.abandon_every = abandon_every
        self._stop = threading.Event()
        counter = iter(range(10**9))
        self._next_workflow = next_workflow or (lambda: next(counter))
        self._threads: list[threading.Thread] = []
        roles = (
            [self._starter] * starters
            + [self._signaller] * signallers
            + [self._decider] * deciders
            + [self._worker] * workers
        )
        for index, role in enumerate(roles):
            client = make_client(endpoint_url)  # created here: client creation is not thread-safe
            thread = threading.Thread(
                target=self._guard, args=(role, client, f"{role.__name__[1:]}-{index}"), daemon=True
            )
            self._threads.append(thread)

    def start(self) -> Load:
        """Start every thread."""
        for thread in self._threads:
            thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Ask every thread to stop and join them (a poll in progress ends within its hold)."""
        self._stop.set()
        self.join(timeout)

    def join(self, timeout: float = 30.0) -> None:
        """Wait for the threads to end (after :meth:`stop` or once the server is gone)."""
        end = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(end - time.monotonic(), 0.0))
        alive = [thread.name for thread in self._threads if thread.is_alive()]
        assert not alive, f"load threads still running: {alive}"

    def _guard(self, role: Callable[[Any, str], None], client: Any, identity: str) -> None:
        try:
            role(client, identity)
        except BotoCoreError as error:  # connection refused/reset: the server is gone
            with self.ledger.lock:
                self.ledger.errors[type(error).__name__] += 1

    def _fault(self, error: ClientError) -> None:
        with self.ledger.lock:
            self.ledger.errors[str(error.response["Error"]["Code"])] += 1

    def _starter(self, client: Any, identity: str) -> None:
        while not self._stop.is_set():
            with self.ledger.lock:
                if len(self.ledger.started) >= self.max_starts:
                    return
            workflow_id = f"w{self._next_workflow()}"
            try:
                run_id = client.start_workflow_execution(
                    domain=DOMAIN,
                    workflowId=workflow_id,
                    workflowType={"name": "wf", "version": "1"},
                )["runId"]
            except ClientError as error:
                self._fault(error)
                continue
            with self.ledger.lock:
                self.ledger.started[workflow_id] = run_id

    def _signaller(self, client: Any, identity: str) -> None:
        """Signal a random started workflow (a closed one answers UnknownResourceFault)."""
        rng = random.Random(identity)
        number = 0
        while not self._stop.is_set():
            with self.ledger.lock:
                started = list(self.ledger.started.items())[-50:]
            if not started:
                time.sleep(0.01)  # nothing to signal yet
                continue
            workflow_id, run_id = rng.choice(started)
            number += 1
            name = f"{identity}-{number}"
            try:
                client.signal_workflow_execution(
                    domain=DOMAIN, workflowId=workflow_id, runId=run_id, signalName=name
                )
            except ClientError as error:
                self._fault(error)
                continue
            with self.ledger.lock:
                self.ledger.signals.append((run_id, name))

    def _decider(self, client: Any, identity: str) -> None:
        while not self._stop.is_set():
            task = client.poll_for_decision_task(
                domain=DOMAIN, taskList={"name": "dl"}, identity=identity
            )
            if not task.get("taskToken"):
                continue
            run_id = task["workflowExecution"]["runId"]
            with self.ledger.lock:
                self.ledger.decision_deliveries.append((run_id, task["startedEventId"]))
            events = list(task["events"])
            page = task
            while page.get("nextPageToken"):
                page = client.poll_for_decision_task(
                    domain=DOMAIN,
                    taskList={"name": "dl"},
                    identity=identity,
                    nextPageToken=page["nextPageToken"],
                )
                events += page["events"]
            decisions = decide(events)
            try:
                client.respond_decision_task_completed(
                    taskToken=task["taskToken"], decisions=decisions
                )
            except ClientError as error:
                self._fault(error)
                continue
            with self.ledger.lock:
                self.ledger.decisions_completed.append((run_id, task["startedEventId"]))
                if decisions and decisions[0]["decisionType"] == "CompleteWorkflowExecution":
                    self.ledger.completes_acknowledged.add(run_id)

    def _worker(self, client: Any, identity: str) -> None:
        while not self._stop.is_set():
            task = client.poll_for_activity_task(
                domain=DOMAIN, taskList={"name": "al"}, identity=identity
            )
            if not task.get("taskToken"):
                continue
            key = (task["workflowExecution"]["runId"], task["activityId"])
            with self.ledger.lock:
                self.ledger.activity_deliveries.append(key)
                delivered = len(self.ledger.activity_deliveries)
            if self.abandon_every and delivered % self.abandon_every == 0:
                with self.ledger.lock:
                    self.ledger.abandoned.append(key)
                continue
            try:
                client.respond_activity_task_completed(
                    taskToken=task["taskToken"], result=f"done {key[1]}"
                )
            except ClientError as error:
                self._fault(error)
                continue
            with self.ledger.lock:
                self.ledger.activities_completed.append(key)


# -- audit ---------------------------------------------------------------------------------------


def history(client: Any, workflow_id: str, run_id: str) -> list[dict[str, Any]]:
    """Every event of one execution."""
    paginator = client.get_paginator("get_workflow_execution_history")
    events: list[dict[str, Any]] = []
    for page in paginator.paginate(
        domain=DOMAIN, execution={"workflowId": workflow_id, "runId": run_id}
    ):
        events += page["events"]
    return events


def all_executions(client: Any) -> dict[str, tuple[str, str]]:
    """runId -> (workflowId, status) of every execution of the domain, open or closed."""
    found: dict[str, tuple[str, str]] = {}
    for operation in ("list_open_workflow_executions", "list_closed_workflow_executions"):
        paginator = client.get_paginator(operation)
        for page in paginator.paginate(domain=DOMAIN, startTimeFilter={"oldestDate": 0}):
            for info in page["executionInfos"]:
                execution = info["execution"]
                status = info.get("closeStatus", info["executionStatus"])
                found[execution["runId"]] = (execution["workflowId"], status)
    return found


@dataclass
class Audit:
    """The findings of :func:`audit` (each list must be empty)."""

    executions: dict[str, tuple[str, str]]
    lost: list[str]
    duplicates: list[str]
    histories: dict[str, list[dict[str, Any]]]

    @property
    def closed(self) -> int:
        """How many executions are COMPLETED."""
        return sum(1 for _, status in self.executions.values() if status == "COMPLETED")


def audit(client: Any, ledger: Ledger) -> Audit:
    """Compare what the server holds now with what it acknowledged and delivered.

    ``lost``: an acknowledged start, activity completion, decision or completion the server no
    longer has. ``duplicates``: a task delivered twice, or a scheduled activity started twice.
    """
    executions = all_executions(client)
    lost: list[str] = []
    duplicates: list[str] = []
    for workflow_id, run_id in ledger.started.items():
        if run_id not in executions:
            lost.append(f"StartWorkflowExecution {workflow_id} {run_id}")
    histories = {run_id: history(client, wid, run_id) for run_id, (wid, _) in executions.items()}
    started_activities: dict[tuple[str, str], int] = Counter()
    completed_activities: set[tuple[str, str]] = set()
    completed_decisions: set[tuple[str, int]] = set()
    signaled: set[tuple[str, str]] = set()
    for run_id, events in histories.items():
        activity_of: dict[int, str] = {}
        starts: Counter[int] = Counter()
        for event in events:
            kind, attrs = event["eventType"], _attributes(event)
            if kind == "ActivityTaskScheduled":
                activity_of[event["eventId"]] = attrs["activityId"]
            elif kind == "ActivityTaskStarted":
                starts[attrs["scheduledEventId"]] += 1
                started_activities[(run_id, activity_of[attrs["scheduledEventId"]])] += 1
            elif kind == "ActivityTaskCompleted":
                completed_activities.add((run_id, activity_of[attrs["scheduledEventId"]]))
            elif kind == "WorkflowExecutionSignaled":
                signaled.add((run_id, attrs["signalName"]))
            elif kind == "DecisionTaskCompleted":
                completed_decisions.add((run_id, attrs["startedEventId"]))
        for scheduled_id, count in starts.items():
            if count > 1:
                duplicates.append(f"{run_id} activity {activity_of[scheduled_id]} started {count}x")
    for key in ledger.activities_completed:
        if key not in completed_activities:
            lost.append(f"RespondActivityTaskCompleted {key}")
    for decided in ledger.decisions_completed:
        if decided not in completed_decisions:
            lost.append(f"RespondDecisionTaskCompleted {decided}")
    for key in set(ledger.activity_deliveries):
        if started_activities.get(key, 0) != 1:
            lost.append(f"delivered activity task {key} has no ActivityTaskStarted")
    for signal_key in ledger.signals:
        if signal_key not in signaled:
            lost.append(f"SignalWorkflowExecution {signal_key}")
    for run_id in ledger.completes_acknowledged:
        if executions.get(run_id, ("", ""))[1] != "COMPLETED":
            lost.append(f"CompleteWorkflowExecution of {run_id}: {executions.get(run_id)}")
    for label, deliveries in (
        ("activity task", ledger.activity_deliveries),
        ("decision task", ledger.decision_deliveries),
    ):
        counts = Counter(deliveries)
        duplicates += [f"{label} {key} delivered {n}x" for key, n in counts.items() if n > 1]
    return Audit(executions, lost, duplicates, histories)


def count_open(client: Any) -> int:
    """How many executions of the domain are open."""
    counted: int = client.count_open_workflow_executions(
        domain=DOMAIN, startTimeFilter={"oldestDate": 0}
    )["count"]
    return counted
