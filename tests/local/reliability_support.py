"""Helpers of the SWF Local reliability tests and of ``benchmarks/local_reliability.py``.

- :class:`ServedProcess`: ``swf local serve --manual-clock`` in a subprocess on port 0, killed
  with SIGKILL or stopped with SIGTERM, its manual clock moved through ``/_local/clock``;
- :class:`Ledger` and :class:`Load`: a workload of starters, deciders (schedule one activity,
  complete the workflow once it completed, schedule a new attempt after a time-out) and workers,
  recording every call the server acknowledged (answered 200), signals to random running
  workflows included;
- :func:`audit`: what a restarted server must still hold for a ledger (nothing acknowledged
  lost, nothing delivered twice);
- :func:`answers_racing_timeouts`: tasks answered while the clock passes their time-out;
- :func:`kill_while_firing`: kill -9 part-way through a batch of time-outs.

The generated requests (malformed, noise, random contents) are in ``reliability_requests.py``.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

__all__ = [
    "ACTIVITY_TIMEOUT",
    "DECISION_TIMEOUT",
    "Ledger",
    "Load",
    "ServedProcess",
    "answers_racing_timeouts",
    "audit",
    "history",
    "kill_while_firing",
    "make_client",
    "register",
]

BANNER = re.compile(r"^SWF Local listening on (http://\S+)$")
DOMAIN = "rel"
#: START_TO_CLOSE of decision and activity tasks of the workload (seconds of the manual clock).
DECISION_TIMEOUT = 300
ACTIVITY_TIMEOUT = 300
_CLIENT_CONFIG = Config(read_timeout=70, connect_timeout=5, retries={"max_attempts": 1})


def make_client(endpoint_url: str) -> Any:
    """A boto3 SWF client bound to ``endpoint_url`` (dummy credentials, no retries)."""
    return boto3.client(
        "swf",
        endpoint_url=endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=_CLIENT_CONFIG,
    )


# -- the server in a subprocess ----------------------------------------------------------------


class ServedProcess:
    """``python -m swf.cli local serve --port 0 --db DB --manual-clock`` in a subprocess."""

    def __init__(self, db_path: str | os.PathLike[str], *, poll_hold: float = 0.5) -> None:
        self.db_path = os.fspath(db_path)
        self.poll_hold = poll_hold
        self.process: subprocess.Popen[str] | None = None
        self.endpoint_url = ""
        self._stderr: IO[bytes] | None = None
        self._stderr_text = ""

    def start(self) -> ServedProcess:
        """Start the server and wait for its banner (the database is open by then)."""
        self._close_pipe()
        self._stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "swf.cli",
                "local",
                "serve",
                "--port",
                "0",
                "--db",
                self.db_path,
                "--manual-clock",
                "--poll-hold",
                str(self.poll_hold),
            ],
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )
        assert self.process.stdout is not None
        banner = self.process.stdout.readline().rstrip("\n")
        match = BANNER.match(banner)
        if match is None:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"unexpected banner {banner!r}; stderr: {self.stderr()}")
        self.endpoint_url = match.group(1)
        return self

    def kill(self) -> None:
        """SIGKILL the server (no chance to finish anything) and reap it."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._close_pipe()

    def stop(self) -> None:
        """SIGTERM the server and wait for it (killed if it does not stop in 20 s)."""
        if self.process is None or self.process.poll() is not None:
            self._close_pipe()
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._close_pipe()

    def stderr(self) -> str:
        """What the server wrote on stderr so far (its warnings and tracebacks)."""
        if self._stderr is None:
            return self._stderr_text
        self._stderr.seek(0)
        return self._stderr_text + self._stderr.read().decode(errors="replace")

    def _close_pipe(self) -> None:
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()
        if self._stderr is not None:
            self._stderr_text = self.stderr()
            self._stderr.close()
            self._stderr = None

    def _clock(self, method: str, command: dict[str, float] | None = None) -> float:
        parts = urlsplit(self.endpoint_url)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
        try:
            body = json.dumps(command).encode() if command is not None else None
            connection.request(method, "/_local/clock", body=body)
            response = connection.getresponse()
            payload = response.read()
            assert response.status == 200, payload
            return float(json.loads(payload)["now"])
        finally:
            connection.close()

    def clock_now(self) -> float:
        """The server's manual clock (``GET /_local/clock``)."""
        return self._clock("GET")

    def clock_set(self, when: float) -> float:
        """Set the server's manual clock; deadlines due by then fire before it returns."""
        return self._clock("POST", {"set": when})

    def clock_advance(self, seconds: float) -> float:
        """Advance the server's manual clock; deadlines due by then fire before it returns."""
        return self._clock("POST", {"advance": seconds})


# -- the workload --------------------------------------------------------------------------------


def register(client: Any, domain: str = DOMAIN) -> None:
    """Domain ``rel`` with ``wf/1`` (decision tasks: ``dl``) and ``act/1`` (``al``)."""
    client.register_domain(name=domain, workflowExecutionRetentionPeriodInDays="30")
    client.register_workflow_type(
        domain=domain,
        name="wf",
        version="1",
        defaultTaskList={"name": "dl"},
        defaultTaskStartToCloseTimeout=str(DECISION_TIMEOUT),
        defaultExecutionStartToCloseTimeout=str(300 * 86400),
        defaultChildPolicy="TERMINATE",
    )
    client.register_activity_type(
        domain=domain,
        name="act",
        version="1",
        defaultTaskList={"name": "al"},
        defaultTaskStartToCloseTimeout=str(ACTIVITY_TIMEOUT),
        defaultTaskScheduleToStartTimeout="NONE",
        defaultTaskScheduleToCloseTimeout="NONE",
        defaultTaskHeartbeatTimeout="NONE",
    )


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


def wait_until(predicate: Callable[[], bool], *, timeout: float, interval: float = 0.05) -> bool:
    """Poll ``predicate`` until it holds or ``timeout`` real seconds pass (a failure bound for
    work done by other threads, not a wait on service time)."""
    end = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= end:
            return False
        time.sleep(interval)


def count_open(client: Any) -> int:
    """How many executions of the domain are open."""
    counted: int = client.count_open_workflow_executions(
        domain=DOMAIN, startTimeFilter={"oldestDate": 0}
    )["count"]
    return counted


def db_file(directory: Path) -> Path:
    """The database file used by a test in ``directory``."""
    return directory / "swf-local.sqlite3"


# -- answers racing their own time-outs ------------------------------------------------------------


@dataclass
class RaceOutcome:
    """What happened to ``tasks`` answered by threads while the clock passed their time-out."""

    activities_acknowledged: int  # activity tasks whose completion was acknowledged
    decisions_acknowledged: int  # decision tasks whose completion was acknowledged
    faults: Counter[str]  # faults the answers that lost got, by code
    problems: list[str]


def answers_racing_timeouts(local: Any, clock: Any, tasks: int, *, threads: int = 4) -> RaceOutcome:
    """``tasks`` workflows each with a started activity task; ``threads`` clients complete them
    while the manual clock jumps past START_TO_CLOSE once a third are done. Then the same with
    decision tasks (each would complete its workflow). Checks: every task closed exactly once
    (completed xor timed out); every acknowledged answer is in the history; every answer that
    lost to the time-out got UnknownResourceFault; a timed-out decision task was rescheduled."""
    client = make_client(local.endpoint_url)
    runs: dict[str, str] = {}
    for index in range(tasks):
        workflow_id = f"race-timeout{index}"
        runs[workflow_id] = client.start_workflow_execution(
            domain=DOMAIN, workflowId=workflow_id, workflowType={"name": "wf", "version": "1"}
        )["runId"]
    for _ in range(tasks):
        task = client.poll_for_decision_task(domain=DOMAIN, taskList={"name": "dl"})
        client.respond_decision_task_completed(
            taskToken=task["taskToken"], decisions=decide(task["events"])
        )
    clients = [make_client(local.endpoint_url) for _ in range(threads)]
    acknowledged: set[str] = set()
    faults: Counter[str] = Counter()
    problems: list[str] = []

    def race(work: list[tuple[str, str, dict[str, Any]]], timeout: int) -> None:
        lock = threading.Lock()
        queue = iter(work)
        done = threading.Event()

        def answer(own: Any) -> None:
            while True:
                with lock:
                    item = next(queue, None)
                if item is None:
                    return
                run_id, operation, arguments = item
                try:
                    getattr(own, operation)(**arguments)
                except ClientError as error:
                    with lock:
                        faults[str(error.response["Error"]["Code"])] += 1
                    continue
                except BaseException as error:  # reported by the caller
                    problems.append(repr(error))
                    continue
                with lock:
                    acknowledged.add(run_id)
                    if len(acknowledged) >= len(work) // 3:
                        done.set()

        workers = [threading.Thread(target=answer, args=(own,)) for own in clients]
        for worker in workers:
            worker.start()
        done.wait(60)
        clock.advance(timeout + 1)
        for worker in workers:
            worker.join(60)

    activity_work: list[tuple[str, str, dict[str, Any]]] = []
    for _ in range(tasks):
        task = client.poll_for_activity_task(domain=DOMAIN, taskList={"name": "al"})
        token = task["taskToken"]
        activity_work.append(
            (
                task["workflowExecution"]["runId"],
                "respond_activity_task_completed",
                {"taskToken": token, "result": "r"},
            )
        )
    race(activity_work, ACTIVITY_TIMEOUT)
    for workflow_id, run_id in runs.items():
        kinds = [event["eventType"] for event in history(client, workflow_id, run_id)]
        closes = kinds.count("ActivityTaskCompleted") + kinds.count("ActivityTaskTimedOut")
        if closes != 1 or (run_id in acknowledged) != ("ActivityTaskCompleted" in kinds):
            problems.append(f"activity of {workflow_id}: acked={run_id in acknowledged} {kinds}")
    activities_acknowledged = len(acknowledged)
    acknowledged.clear()

    decision_work: list[tuple[str, str, dict[str, Any]]] = []
    for _ in range(tasks):
        task = client.poll_for_decision_task(domain=DOMAIN, taskList={"name": "dl"})
        token, decisions = task["taskToken"], decide(task["events"])
        decision_work.append(
            (
                task["workflowExecution"]["runId"],
                "respond_decision_task_completed",
                {"taskToken": token, "decisions": decisions},
            )
        )
    race(decision_work, DECISION_TIMEOUT)
    for workflow_id, run_id in runs.items():
        kinds = [event["eventType"] for event in history(client, workflow_id, run_id)]
        second = kinds[kinds.index("DecisionTaskStarted", kinds.index("DecisionTaskCompleted")) :]
        completed, timed_out = second.count("DecisionTaskCompleted"), "DecisionTaskTimedOut"
        if run_id in acknowledged:
            ok = completed == 1 and timed_out not in second
        else:
            ok = completed == 0 and timed_out in second and kinds[-1] == "DecisionTaskScheduled"
        if not ok:
            problems.append(f"decision of {workflow_id}: acked={run_id in acknowledged} {kinds}")
    return RaceOutcome(activities_acknowledged, len(acknowledged), faults, problems)


# -- kill -9 while deadlines fire ------------------------------------------------------------------


@dataclass
class FiringOutcome:
    """What :func:`kill_while_firing` saw."""

    tasks: int
    fired_before_kill: int  # time-outs in the histories right after the restart
    problems: list[str]  # executions whose time-out is missing, doubled or left no decision task


def _timed_out_count(client: Any, runs: dict[str, str]) -> tuple[int, list[str]]:
    fired, problems = 0, []
    for workflow_id, run_id in runs.items():
        kinds = [event["eventType"] for event in history(client, workflow_id, run_id)]
        count = kinds.count("ActivityTaskTimedOut")
        fired += count
        if count > 1 or (count and kinds[-2:] != ["ActivityTaskTimedOut", "DecisionTaskScheduled"]):
            problems.append(f"{workflow_id}: {kinds}")
    return fired, problems


def kill_while_firing(db_path: str | os.PathLike[str], tasks: int) -> FiringOutcome:
    """``tasks`` started activity tasks in ``swf local serve --manual-clock``; the clock is set
    past their START_TO_CLOSE in one call, and the server is SIGKILLed as soon as the first
    time-out is visible (so, usually, part-way through the batch). After a restart on the same
    file and the same clock move, each task must have timed out exactly once, each followed by
    a decision task."""
    server = ServedProcess(db_path, poll_hold=0.2).start()
    try:
        client = make_client(server.endpoint_url)
        register(client)
        runs = {}
        for index in range(tasks):
            workflow_id = f"firing{index}"
            runs[workflow_id] = client.start_workflow_execution(
                domain=DOMAIN, workflowId=workflow_id, workflowType={"name": "wf", "version": "1"}
            )["runId"]
        for _ in range(tasks):
            task = client.poll_for_decision_task(domain=DOMAIN, taskList={"name": "dl"})
            client.respond_decision_task_completed(
                taskToken=task["taskToken"], decisions=decide(task["events"])
            )
        for _ in range(tasks):
            assert client.poll_for_activity_task(domain=DOMAIN, taskList={"name": "al"})[
                "taskToken"
            ]
        due = server.clock_now() + ACTIVITY_TIMEOUT + 1
        firing = server

        def advance() -> None:
            try:
                firing.clock_set(due)
            except (OSError, http.client.HTTPException):
                pass  # the server died under it

        thread = threading.Thread(target=advance)
        thread.start()
        first = next(iter(runs))
        assert wait_until(
            lambda: any(
                event["eventType"] == "ActivityTaskTimedOut"
                for event in history(client, first, runs[first])
            ),
            timeout=60,
            interval=0.001,
        )
        server.kill()
        thread.join(60)
        server = ServedProcess(db_path, poll_hold=0.2).start()
        client = make_client(server.endpoint_url)
        fired_before, problems = _timed_out_count(client, runs)
        server.clock_set(due)  # the rest fires now
        fired, more = _timed_out_count(client, runs)
        problems += more
        if fired != tasks:
            problems.append(f"{fired} time-outs for {tasks} tasks")
        pending = client.count_pending_decision_tasks(domain=DOMAIN, taskList={"name": "dl"})
        if pending["count"] != tasks:
            problems.append(f"{pending['count']} decision tasks pending for {tasks} executions")
        return FiringOutcome(tasks, fired_before, problems)
    finally:
        server.stop()
