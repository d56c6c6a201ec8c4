"""Benchmark of the SWF Local engine driven by plain boto3 (deciders and workers in threads).

1. One workflow of 10 sequential activities: wall time from start to close.
2. Many workflows in parallel: activity round trips per second (an activity round trip is a
   decision that schedules it, the worker's poll and completion, and the next decision).

Run: ``v/bin/python benchmarks/engine_workflow.py [--workflows 200] [--activities 5]
[--threads 4]``. Numbers go to stdout; nothing is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import boto3.session
import botocore.config
import botocore.session

from swf.local import LocalSWF

DOMAIN = "bench"


#: ``--lean-clients``: boto3 clients that skip client-side parameter validation and keep
#: timestamps as epoch seconds (botocore builds a tz-aware datetime per history event).
LEAN = {"enabled": False}
_SESSIONS: dict[tuple[int, bool], Any] = {}
_SESSIONS_LOCK = threading.Lock()


def client(endpoint: str) -> Any:
    """A boto3 SWF client for SWF Local (dummy credentials, long read timeout, no retries)."""
    key = (os.getpid(), LEAN["enabled"])
    with _SESSIONS_LOCK:  # sessions are not thread-safe; one per process, reused
        session = _SESSIONS.get(key)
        if session is None:
            botocore_session = botocore.session.get_session()
            if LEAN["enabled"]:
                factory = botocore_session.get_component("response_parser_factory")
                factory.set_parser_defaults(timestamp_parser=lambda value: value)
            session = _SESSIONS[key] = boto3.session.Session(botocore_session=botocore_session)
        return session.client(
            "swf",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
            config=botocore.config.Config(
                read_timeout=70,
                retries={"max_attempts": 0},
                max_pool_connections=50,
                parameter_validation=not LEAN["enabled"],
            ),
        )


def register(swf: Any) -> None:
    """The benchmark domain, workflow type and activity type."""
    swf.register_domain(name=DOMAIN, workflowExecutionRetentionPeriodInDays="1")
    swf.register_workflow_type(
        domain=DOMAIN,
        name="chain",
        version="1",
        defaultTaskList={"name": "decisions"},
        defaultTaskStartToCloseTimeout="60",
        defaultExecutionStartToCloseTimeout="3600",
        defaultChildPolicy="TERMINATE",
    )
    swf.register_activity_type(
        domain=DOMAIN,
        name="step",
        version="1",
        defaultTaskList={"name": "activities"},
        defaultTaskStartToCloseTimeout="60",
        defaultTaskScheduleToStartTimeout="600",
        defaultTaskScheduleToCloseTimeout="660",
        defaultTaskHeartbeatTimeout="NONE",
    )


def decider(endpoint: str, activities: int, stop: threading.Event) -> None:
    """Schedule the next activity after each completion; complete after ``activities``."""
    swf = client(endpoint)
    while not stop.is_set():
        task = swf.poll_for_decision_task(domain=DOMAIN, taskList={"name": "decisions"})
        if "taskToken" not in task:
            continue
        done = sum(1 for e in task["events"] if e["eventType"] == "ActivityTaskCompleted")
        if done >= activities:
            decisions = [{"decisionType": "CompleteWorkflowExecution"}]
        else:
            decisions = [
                {
                    "decisionType": "ScheduleActivityTask",
                    "scheduleActivityTaskDecisionAttributes": {
                        "activityType": {"name": "step", "version": "1"},
                        "activityId": f"step-{done}",
                        "input": str(done),
                    },
                }
            ]
        swf.respond_decision_task_completed(taskToken=task["taskToken"], decisions=decisions)


def worker(endpoint: str, stop: threading.Event, counter: list[int], lock: threading.Lock) -> None:
    """Complete every activity task at once."""
    swf = client(endpoint)
    while not stop.is_set():
        task = swf.poll_for_activity_task(domain=DOMAIN, taskList={"name": "activities"})
        if "taskToken" not in task:
            continue
        swf.respond_activity_task_completed(taskToken=task["taskToken"], result="ok")
        with lock:
            counter[0] += 1


def closed_count(swf: Any) -> int:
    """How many executions have closed."""
    count: int = swf.count_closed_workflow_executions(
        domain=DOMAIN, startTimeFilter={"oldestDate": 0}
    )["count"]
    return count


@contextlib.contextmanager
def serve(mode: str) -> Iterator[tuple[str, Callable[[], float] | None]]:
    """SWF Local in this process (``inprocess``, like tests) or in a child process
    (``subprocess``: ``swf local serve``, so server and clients do not share one GIL);
    yields its endpoint URL and, for a child process, a function giving its CPU seconds."""
    if mode == "inprocess":
        with LocalSWF(poll_hold=0.5) as local:
            yield local.endpoint_url, None
        return
    command = [
        sys.executable,
        "-c",
        "from swf.cli import main; main()",
        "local",
        "serve",
        "--poll-hold",
        "0.5",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        ticks = os.sysconf("SC_CLK_TCK")

        def cpu() -> float:
            with open(f"/proc/{process.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / ticks

        yield line.rsplit(" ", 1)[-1].strip(), cpu
    finally:
        process.terminate()
        process.wait(timeout=30)


def drive(endpoint: str, activities: int, threads: int, stop: Any) -> None:
    """Run ``threads`` deciders and ``threads`` workers until ``stop`` is set."""
    counter = [0]
    lock = threading.Lock()
    pool = [
        threading.Thread(target=decider, args=(endpoint, activities, stop)) for _ in range(threads)
    ]
    pool += [
        threading.Thread(target=worker, args=(endpoint, stop, counter, lock))
        for _ in range(threads)
    ]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()


def run(
    workflows: int,
    activities: int,
    threads: int,
    mode: str = "inprocess",
    processes: int = 0,
) -> dict[str, float]:
    """Start ``workflows`` executions of ``activities`` steps; returns timings.

    ``processes`` 0: deciders and workers are threads of this process; otherwise each of
    ``processes`` child processes runs ``threads`` deciders and ``threads`` workers.
    """
    with serve(mode) as (endpoint, server_cpu):
        swf = client(endpoint)
        register(swf)
        server_before = server_cpu() if server_cpu else 0.0
        children_before = os.times()
        process_before = time.process_time()
        if processes:
            stop: Any = multiprocessing.Event()
            pool: list[Any] = [
                multiprocessing.Process(target=drive, args=(endpoint, activities, threads, stop))
                for _ in range(processes)
            ]
        else:
            stop = threading.Event()
            pool = [threading.Thread(target=drive, args=(endpoint, activities, threads, stop))]
        for member in pool:
            member.start()
        began = time.perf_counter()
        for index in range(workflows):
            swf.start_workflow_execution(
                domain=DOMAIN,
                workflowId=f"wf-{index}",
                workflowType={"name": "chain", "version": "1"},
            )
        while closed_count(swf) < workflows:
            time.sleep(0.02)
        elapsed = time.perf_counter() - began
        stop.set()
        for member in pool:
            member.join()
        server_seconds = server_cpu() - server_before if server_cpu else 0.0
        children = os.times()
        client_seconds = (
            children.children_user
            - children_before.children_user
            + children.children_system
            - children_before.children_system
        )
        this_process = time.process_time() - process_before
    round_trips = workflows * activities
    return {
        "seconds": elapsed,
        "activities": round_trips,
        "round_trips_per_second": round_trips / elapsed,
        # CPU milliseconds per activity round trip (0 when not measurable apart).
        "server_cpu_ms": server_seconds * 1000 / round_trips,
        "client_cpu_ms": client_seconds * 1000 / round_trips,
        "this_process_cpu_ms": this_process * 1000 / round_trips,
    }


def main() -> None:
    """Run both benchmarks and print the results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workflows", type=int, default=200)
    parser.add_argument("--activities", type=int, default=5)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--server",
        choices=["inprocess", "subprocess"],
        default=None,
        help="where SWF Local runs (default: both set-ups below)",
    )
    parser.add_argument(
        "--client-processes",
        type=int,
        default=None,
        help="0: deciders and workers are threads of this process",
    )
    parser.add_argument(
        "--lean-clients",
        action="store_true",
        help="boto3 clients without parameter validation, timestamps kept as epoch seconds",
    )
    options = parser.parse_args()
    LEAN["enabled"] = options.lean_clients
    if options.server is None and options.client_processes is None:
        setups = [("inprocess", 0), ("subprocess", 2)]
    else:
        setups = [(options.server or "subprocess", options.client_processes or 0)]
    for mode, processes in setups:
        where = f"server {mode}, clients in " + (
            f"{processes} processes" if processes else "this process"
        )
        sequential = [run(1, 10, 1, mode)["seconds"] for _ in range(options.repeat)]
        print(
            f"[{where}] 10 sequential activities, 1 decider + 1 worker thread: "
            f"median {statistics.median(sequential) * 1000:.0f} ms "
            f"(min {min(sequential) * 1000:.0f} ms, {options.repeat} runs)"
        )
        parallel = run(options.workflows, options.activities, options.threads, mode, processes)
        print(
            f"[{where}] {options.workflows} workflows x {options.activities} activities, "
            f"{options.threads} deciders + {options.threads} workers per client process: "
            f"{parallel['seconds']:.2f} s, "
            f"{parallel['round_trips_per_second']:.0f} activity round trips/s"
        )
        if processes and mode == "subprocess":
            server_ms, client_ms = parallel["server_cpu_ms"], parallel["client_cpu_ms"]
            print(
                f"    CPU per round trip: server {server_ms:.2f} ms, boto3 clients "
                f"{client_ms:.2f} ms -> ceiling on 2 idle cores "
                f"{2000 / (server_ms + client_ms):.0f} round trips/s "
                f"(server alone: {1000 / server_ms:.0f}/s per core)"
            )
        else:
            print(
                f"    CPU per round trip (server and clients, one process): "
                f"{parallel['this_process_cpu_ms']:.2f} ms"
            )


if __name__ == "__main__":
    main()
