"""Actors end to end: a workflow of 10 sequential activities run by ``swf`` actors.

Run: ``v/bin/python benchmarks/actors_workflow.py [--runs 20] [--steps 10] [--no-moto]``

For each target (SWF Local as ``swf local serve`` in a child process on a temporary SQLite
file, or in this process with ``--in-process``; then moto's server in this process), one run:

Hand-driven and actor runs alternate (on separate task lists), so both see the same load.

1. **Floor.** The same workflow driven by hand from one thread, with no waiting: start, then
   for each step PollForDecisionTask / RespondDecisionTaskCompleted (schedule) /
   PollForActivityTask / RespondActivityTaskCompleted, then a last decision that completes the
   execution (``1 + 4 * steps + 2`` calls). Every call is timed; an operation's floor latency
   is its median over every run. The *floor sum* is the sum, over the calls the workflow
   needs, of their operation's floor latency: what the workflow would cost if nothing but
   those calls took time.
2. **Actors.** A :class:`swf.actors.Decider` and a :class:`swf.actors.ActivityWorker` (default
   options: automatic heartbeats, retries, full-history polls) run in threads of this process
   and long-poll; the benchmark starts executions one after the other and measures the wall
   time from the StartWorkflowExecution call to the return of the RespondDecisionTaskCompleted
   that closed the execution.

It prints, per target, the floor sum, the hand-driven wall time, the actors' wall time
(median and min over the runs) and the ratio actors / floor sum.
"""

from __future__ import annotations

import argparse
import logging
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from swf.actors import ActivityTask, ActivityWorker, Decider, DecisionTask
from swf.core import Connection
from swf.decisions import CompleteWorkflowExecution, Decision, ScheduleActivityTask
from swf.exceptions import AlreadyExistsError
from swf.history.compiled import ActivityState

DOMAIN = "bench-actors"
DECISIONS = "bench-decisions"
ACTIVITIES = "bench-activities"
HAND_DECISIONS = "bench-hand-decisions"  # the hand-driven runs stay away from the actors
HAND_ACTIVITIES = "bench-hand-activities"
WORKFLOW = ("bench-wf", "1")
ACTIVITY = ("bench-act", "1")


class TimedConnection(Connection):
    """A connection that records how long each call took, by operation."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self._lock = threading.Lock()

    def call(self, operation: str, /, **params: Any) -> dict[str, Any]:
        started = time.perf_counter()
        try:
            return super().call(operation, **params)
        finally:
            elapsed = time.perf_counter() - started
            with self._lock:
                self.latencies[operation].append(elapsed)

    def reset(self) -> None:
        with self._lock:
            self.latencies.clear()


class SequenceDecider(Decider):
    """Schedules ``bench-act`` once per step, one after the other, then completes."""

    steps = 10

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.closed: dict[str, threading.Event] = defaultdict(threading.Event)
        self._closing: set[str] = set()

    def decide(self, task: DecisionTask) -> list[Decision]:
        activities = task.history.activities
        for index in range(self.steps):
            activity = activities.get(f"step-{index}")
            if activity is None:
                return [
                    ScheduleActivityTask(
                        activity_id=f"step-{index}", activity_type=ACTIVITY, input=str(index)
                    )
                ]
            if activity.state != ActivityState.COMPLETED:
                return []
        self._closing.add(task.workflow_id)
        return [CompleteWorkflowExecution(result="done")]

    def handle(self, task: DecisionTask) -> bool:
        sent = super().handle(task)
        if sent and task.workflow_id in self._closing:
            self.closed[task.workflow_id].set()
        return sent


class EchoWorker(ActivityWorker):
    def process(self, task: ActivityTask) -> str:
        return f"echo:{task.input}"


def register(connection: Connection) -> None:
    calls: list[tuple[str, dict[str, Any]]] = [
        ("RegisterDomain", {"name": DOMAIN, "workflowExecutionRetentionPeriodInDays": "1"}),
        (
            "RegisterWorkflowType",
            {
                "domain": DOMAIN,
                "name": WORKFLOW[0],
                "version": WORKFLOW[1],
                "defaultTaskList": {"name": DECISIONS},
                "defaultExecutionStartToCloseTimeout": "3600",
                "defaultTaskStartToCloseTimeout": "60",
                "defaultChildPolicy": "TERMINATE",
            },
        ),
        (
            "RegisterActivityType",
            {
                "domain": DOMAIN,
                "name": ACTIVITY[0],
                "version": ACTIVITY[1],
                "defaultTaskList": {"name": ACTIVITIES},
                "defaultTaskScheduleToStartTimeout": "600",
                "defaultTaskScheduleToCloseTimeout": "1200",
                "defaultTaskStartToCloseTimeout": "600",
                "defaultTaskHeartbeatTimeout": "120",
            },
        ),
    ]
    for operation, params in calls:
        try:
            connection.call(operation, **params)
        except AlreadyExistsError:
            pass


def start(connection: Connection, workflow_id: str, task_list: str = DECISIONS) -> None:
    connection.call(
        "StartWorkflowExecution",
        domain=DOMAIN,
        workflowId=workflow_id,
        workflowType={"name": WORKFLOW[0], "version": WORKFLOW[1]},
        taskList={"name": task_list},
    )


def _poll_until(call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    # moto answers polls at once; SWF Local holds them: either way the task is already there
    while True:
        response = call()
        if response.get("taskToken"):
            return response


def hand_driven(connection: TimedConnection, workflow_id: str, steps: int) -> float:
    """Drive one workflow by hand, single-threaded; returns its wall time."""
    started = time.perf_counter()
    start(connection, workflow_id, HAND_DECISIONS)
    decision_list = {"name": HAND_DECISIONS}
    activity_list = {"name": HAND_ACTIVITIES}
    for index in range(steps + 1):
        task = _poll_until(
            lambda: connection.call(
                "PollForDecisionTask", domain=DOMAIN, taskList=decision_list, identity="hand"
            )
        )
        if index < steps:
            decision = ScheduleActivityTask(
                activity_id=f"step-{index}",
                activity_type=ACTIVITY,
                input=str(index),
                task_list=HAND_ACTIVITIES,
            )
        else:
            decision = CompleteWorkflowExecution(result="done")  # type: ignore[assignment]
        connection.call(
            "RespondDecisionTaskCompleted",
            taskToken=task["taskToken"],
            decisions=[decision.to_api()],
        )
        if index == steps:
            break
        activity = _poll_until(
            lambda: connection.call(
                "PollForActivityTask", domain=DOMAIN, taskList=activity_list, identity="hand"
            )
        )
        connection.call(
            "RespondActivityTaskCompleted",
            taskToken=activity["taskToken"],
            result=f"echo:{activity.get('input')}",
        )
    return time.perf_counter() - started


def floor_sum(latencies: dict[str, list[float]], steps: int) -> float:
    """The sum of the median latency of each call the workflow needs."""
    median = {op: statistics.median(values) for op, values in latencies.items()}
    return (
        median["StartWorkflowExecution"]
        + (steps + 1) * (median["PollForDecisionTask"] + median["RespondDecisionTaskCompleted"])
        + steps * (median["PollForActivityTask"] + median["RespondActivityTaskCompleted"])
    )


@contextmanager
def running_actors(connection: Connection, steps: int) -> Iterator[SequenceDecider]:
    SequenceDecider.steps = steps
    decider = SequenceDecider(DOMAIN, DECISIONS, connection=connection)
    worker = EchoWorker(DOMAIN, ACTIVITIES, connection=connection)
    threads = [
        threading.Thread(target=actor.start, daemon=True, name=name)
        for actor, name in ((decider, "decider"), (worker, "worker"))
    ]
    for thread in threads:
        thread.start()
    try:
        yield decider
    finally:
        decider.stop()
        worker.stop()
        for thread in threads:
            thread.join(5)


def actors_run(connection: Connection, decider: SequenceDecider, workflow_id: str) -> float:
    """Start one execution for the running actors; its wall time until it closed."""
    started = time.perf_counter()
    start(connection, workflow_id)
    if not decider.closed[workflow_id].wait(60):
        raise RuntimeError(f"{workflow_id} did not close within 60 s")
    return time.perf_counter() - started


def measure(name: str, endpoint_url: str, runs: int, steps: int) -> dict[str, Any]:
    """Hand-driven and actor runs, alternated so that both see the same machine load."""
    hand = TimedConnection(endpoint_url=endpoint_url)
    register(hand)
    actor_connection = TimedConnection(endpoint_url=endpoint_url)
    hand_walls: list[float] = []
    walls: list[float] = []
    with running_actors(actor_connection, steps) as decider:
        for warm in range(2):  # connections, type lookups, SQLite pages
            hand_driven(hand, f"{name}-warm-hand-{warm}", steps)
            actors_run(actor_connection, decider, f"{name}-warm-actors-{warm}")
        hand.reset()
        actor_connection.reset()
        for run in range(runs):
            hand_walls.append(hand_driven(hand, f"{name}-hand-{run}", steps))
            walls.append(actors_run(actor_connection, decider, f"{name}-actors-{run}"))
    actor_calls = {op: len(v) for op, v in sorted(actor_connection.latencies.items())}
    return {
        "name": name,
        "floor": floor_sum(hand.latencies, steps),
        "hand": statistics.median(hand_walls),
        "hand_calls": sum(len(v) for v in hand.latencies.values()) / runs,
        "actors_median": statistics.median(walls),
        "actors_min": min(walls),
        "actor_calls": {op: count / runs for op, count in actor_calls.items()},
    }


@contextmanager
def local_server() -> Iterator[str]:
    """``swf local serve`` in a child process (like a real service: its own interpreter)."""
    command = [sys.executable, "-m", "swf.cli", "local", "serve", "--port", "0"]
    process = subprocess.Popen([*command, "--poll-hold", "20"], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if "listening on" not in line:
            raise RuntimeError(f"swf local serve said {line!r}")
        yield line.rsplit(" ", 1)[-1].strip()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--no-moto", action="store_true")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="run SWF Local in this process (default: `swf local serve` in a child process)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    results = []
    if args.in_process:
        from swf.local import LocalSWF

        with LocalSWF(poll_hold=20) as local:
            results.append(
                measure("SWF Local (in-process)", local.endpoint_url, args.runs, args.steps)
            )
    else:
        with local_server() as endpoint_url:
            results.append(measure("SWF Local", endpoint_url, args.runs, args.steps))
    if not args.no_moto:
        try:
            from moto.server import ThreadedMotoServer
        except ImportError:
            print("(moto not installed: skipped)")
        else:
            port = _free_port()
            moto = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
            moto.start()
            try:
                results.append(
                    measure("moto server", f"http://127.0.0.1:{port}", args.runs, args.steps)
                )
            finally:
                moto.stop()

    print(f"workflow of {args.steps} sequential activities, {args.runs} runs per target\n")
    print(
        "| target | floor sum ms | hand-driven ms | actors median ms | actors min ms "
        "| actors / floor sum |"
    )
    print("|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['name']} | {r['floor'] * 1000:.1f} | {r['hand'] * 1000:.1f} "
            f"| {r['actors_median'] * 1000:.1f} | {r['actors_min'] * 1000:.1f} "
            f"| **{r['actors_median'] / r['floor']:.2f}x** |"
        )
    print()
    for r in results:
        calls = ", ".join(f"{op} {count:g}" for op, count in r["actor_calls"].items())
        print(f"{r['name']}: calls per actor run: {calls} (hand-driven: {r['hand_calls']:g})")


if __name__ == "__main__":
    main()
