"""Workflows as code end to end: a workflow of 10 sequential activities run by ``swf.flow``.

Run: ``v/bin/python benchmarks/flow_workflow.py [--runs 20] [--steps 10] [--in-process]``

The same measurement as ``benchmarks/actors_workflow.py``, with the decider written as a
:class:`swf.flow.Workflow` (``for i in range(steps): self.submit(echo, i).result()``) and run
by a :class:`swf.flow.Worker` (one decider, one activity worker, threads of this process,
long polls). Each decision task is a full replay: a new workflow instance applies the whole
history and its ``run()`` goes from the start to where it waits.

1. **Floor.** The workflow driven by hand from one thread with no waiting (imported from
   ``actors_workflow.py``: start, then per step PollForDecisionTask /
   RespondDecisionTaskCompleted / PollForActivityTask / RespondActivityTaskCompleted, then
   the completing decision: ``1 + 4 * steps + 2`` calls). An operation's floor latency is its
   median over every run; the *floor sum* adds the floors of the calls the workflow needs.
2. **Flow.** ``Workflow.start(...)`` and the wall time from the StartWorkflowExecution call
   to the return of the RespondDecisionTaskCompleted that closed the execution.

Hand-driven and flow runs alternate, so both see the same load. Also printed: the time of
``decide()`` per decision task (the full replay: a new instance and its thread, every event
applied, ``run()`` from the start to where it waits).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from actors_workflow import DOMAIN, TimedConnection, floor_sum, hand_driven, local_server, register

from swf.actors import DecisionTask
from swf.flow import Worker, Workflow, activity
from swf.flow.worker import FlowDecider
from swf.models import Domain

DECISIONS = "bench-flow-decisions"
ACTIVITIES = "bench-flow-activities"


@activity(name="bench-flow-act", task_list=ACTIVITIES, start_to_close=600)
def echo(index: int) -> str:
    return f"echo:{index}"


class Steps(Workflow):
    name = "bench-flow-wf"
    task_list = DECISIONS

    def run(self, steps: int) -> str:
        for index in range(steps):
            self.submit(echo, index).result()
        return "done"


class WatchedConnection(TimedConnection):
    """Also tells when the decision that completed an execution was accepted."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.closed: dict[str, threading.Event] = defaultdict(threading.Event)
        self._tokens: dict[str, str] = {}

    def call(self, operation: str, /, **params: Any) -> dict[str, Any]:
        response = super().call(operation, **params)
        if operation == "PollForDecisionTask" and response.get("taskToken"):
            self._tokens[response["taskToken"]] = response["workflowExecution"]["workflowId"]
        elif operation == "RespondDecisionTaskCompleted":
            workflow_id = self._tokens.pop(params["taskToken"], None)
            closing = any(
                d["decisionType"] == "CompleteWorkflowExecution" for d in params["decisions"]
            )
            if closing and workflow_id is not None:
                self.closed[workflow_id].set()
        return response


decide_time: list[float] = []


class MeasuredDecider(FlowDecider):
    def decide(self, task: DecisionTask) -> Any:
        # wall time: the workflow code runs in a thread of its own while decide() waits
        started = time.perf_counter()
        try:
            return super().decide(task)
        finally:
            decide_time.append(time.perf_counter() - started)


@contextmanager
def running_flow(connection: WatchedConnection) -> Iterator[Worker]:
    domain = Domain(DOMAIN, connection=connection)
    worker = Worker(domain, workflows=[Steps], activities=[echo], connection=connection)
    worker.actors[0] = MeasuredDecider(DOMAIN, DECISIONS, workflows=[Steps], connection=connection)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop(timeout=5)


def flow_run(connection: WatchedConnection, workflow_id: str, steps: int) -> float:
    """Start one execution; its wall time until the decision that closed it was accepted."""
    domain = Domain(DOMAIN, connection=connection)
    started = time.perf_counter()
    Steps.start(steps, domain=domain, workflow_id=workflow_id)
    if not connection.closed[workflow_id].wait(60):
        raise RuntimeError(f"{workflow_id} did not close within 60 s")
    return time.perf_counter() - started


def measure(name: str, endpoint_url: str, runs: int, steps: int) -> dict[str, Any]:
    hand = TimedConnection(endpoint_url=endpoint_url)
    register(hand)
    connection = WatchedConnection(endpoint_url=endpoint_url)
    hand_walls: list[float] = []
    walls: list[float] = []
    with running_flow(connection):
        for warm in range(2):
            hand_driven(hand, f"{name}-warm-hand-{warm}", steps)
            flow_run(connection, f"{name}-warm-flow-{warm}", steps)
        hand.reset()
        connection.reset()
        decide_time.clear()
        for run in range(runs):
            hand_walls.append(hand_driven(hand, f"{name}-hand-{run}", steps))
            walls.append(flow_run(connection, f"{name}-flow-{run}", steps))
    calls = {op: len(v) / runs for op, v in sorted(connection.latencies.items())}
    return {
        "name": name,
        "floor": floor_sum(hand.latencies, steps),
        "hand": statistics.median(hand_walls),
        "flow_median": statistics.median(walls),
        "flow_min": min(walls),
        "flow_max": max(walls),
        "calls": calls,
        "decide_ms": statistics.median(decide_time) * 1000,
        "decide_max_ms": max(decide_time) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="run SWF Local in this process (default: `swf local serve` in a child process)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args.in_process:
        from swf.local import LocalSWF

        with LocalSWF(poll_hold=20) as local:
            result = measure("SWF Local (in-process)", local.endpoint_url, args.runs, args.steps)
    else:
        with local_server() as endpoint_url:
            result = measure("SWF Local", endpoint_url, args.runs, args.steps)
    r = result
    print(f"workflow of {args.steps} sequential activities, {args.runs} runs\n")
    print(
        "| target | floor sum ms | hand-driven ms | flow median ms | flow min ms | flow max ms "
        "| flow / floor sum |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {r['name']} | {r['floor'] * 1000:.1f} | {r['hand'] * 1000:.1f} "
        f"| {r['flow_median'] * 1000:.1f} | {r['flow_min'] * 1000:.1f} "
        f"| {r['flow_max'] * 1000:.1f} | **{r['flow_median'] / r['floor']:.2f}x** |"
    )
    calls = ", ".join(f"{op} {count:g}" for op, count in r["calls"].items())
    print(f"\ncalls per flow run: {calls}")
    print(
        f"decide() per decision task (full replay, wall time): median {r['decide_ms']:.2f} ms, "
        f"max {r['decide_max_ms']:.2f} ms"
    )


if __name__ == "__main__":
    main()
