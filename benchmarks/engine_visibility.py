"""Benchmark of SWF Local's visibility operations with many executions in the database.

Fills one domain with ``--executions`` executions (default 100,000; a fifth of them closed,
spread over 80 days of start times, three workflow types, a few tags), written straight through
the engine in large transactions so the set-up takes seconds rather than minutes, then times
List/Count Open/Closed WorkflowExecutions over HTTP with boto3 (median of ``--repeat`` calls).

Run: ``v/bin/python benchmarks/engine_visibility.py [--executions 100000] [--repeat 20]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from engine_workflow import client  # type: ignore[import-not-found]

from swf.local import LocalSWF, ManualClock

DOMAIN = "bench"
START = 1_700_000_000.0


def populate(local: LocalSWF, clock: ManualClock, executions: int) -> None:
    """Start ``executions`` executions (every fifth one terminated) through the engine."""
    service = local.service
    components = service.components
    service.register_domain({"name": DOMAIN, "workflowExecutionRetentionPeriodInDays": "90"})
    for index in range(3):
        service.register_workflow_type(
            {
                "domain": DOMAIN,
                "name": f"type{index}",
                "version": "1",
                "defaultTaskList": {"name": "decisions"},
                "defaultTaskStartToCloseTimeout": "NONE",
                "defaultExecutionStartToCloseTimeout": "31536000",
                "defaultChildPolicy": "ABANDON",
            }
        )
    step = 80 * 86400 / executions
    batch = 5_000
    for first in range(0, executions, batch):
        with service.store.transaction() as tx:
            for index in range(first, min(first + batch, executions)):
                clock.set(START + index * step)
                run_id = components.lifecycle.start(
                    tx,
                    domain=DOMAIN,
                    workflow_id=f"wf-{index}",
                    workflow_type={"name": f"type{index % 3}", "version": "1"},
                    config={
                        "taskList": {"name": "decisions"},
                        "executionStartToCloseTimeout": "31536000",
                        "taskStartToCloseTimeout": "NONE",
                        "childPolicy": "ABANDON",
                    },
                    input=None,
                    tags=[f"tag{index % 5}"],
                )
                if index % 5 == 0:
                    exe = components.executions.get(tx, run_id)
                    assert exe is not None
                    components.lifecycle.terminate(
                        tx, exe, "OPERATOR_INITIATED", child_policy="ABANDON"
                    )


def timed(call: Callable[[], Any], repeat: int) -> float:
    """Median milliseconds of ``call`` (after one warm-up call)."""
    call()
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def main() -> None:
    """Populate, then time each visibility call."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--executions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args()
    clock = ManualClock(START)
    with LocalSWF(clock=clock, poll_hold=0.5) as local:
        began = time.perf_counter()
        populate(local, clock, options.executions)
        print(f"populated {options.executions} executions in {time.perf_counter() - began:.1f} s")
        swf = client(local.endpoint_url)
        everything = {"oldestDate": 0}
        recent = {"oldestDate": START + 72 * 86400}
        cases: list[tuple[str, Callable[[], Any]]] = [
            (
                "CountOpen (all)",
                lambda: swf.count_open_workflow_executions(
                    domain=DOMAIN, startTimeFilter=everything
                ),
            ),
            (
                "CountClosed (all, by start time)",
                lambda: swf.count_closed_workflow_executions(
                    domain=DOMAIN, startTimeFilter=everything
                ),
            ),
            (
                "CountOpen typeFilter",
                lambda: swf.count_open_workflow_executions(
                    domain=DOMAIN, startTimeFilter=everything, typeFilter={"name": "type1"}
                ),
            ),
            (
                "CountOpen tagFilter",
                lambda: swf.count_open_workflow_executions(
                    domain=DOMAIN, startTimeFilter=everything, tagFilter={"tag": "tag2"}
                ),
            ),
            (
                "ListOpen first page (100)",
                lambda: swf.list_open_workflow_executions(
                    domain=DOMAIN, startTimeFilter=everything, maximumPageSize=100
                ),
            ),
            (
                "ListOpen first page (1000)",
                lambda: swf.list_open_workflow_executions(
                    domain=DOMAIN, startTimeFilter=everything
                ),
            ),
            (
                "ListOpen last 8 days (100)",
                lambda: swf.list_open_workflow_executions(
                    domain=DOMAIN, startTimeFilter=recent, maximumPageSize=100
                ),
            ),
            (
                "ListClosed by close time (100)",
                lambda: swf.list_closed_workflow_executions(
                    domain=DOMAIN, closeTimeFilter=everything, maximumPageSize=100
                ),
            ),
            (
                "ListClosed closeStatusFilter (100)",
                lambda: swf.list_closed_workflow_executions(
                    domain=DOMAIN,
                    startTimeFilter=everything,
                    maximumPageSize=100,
                    closeStatusFilter={"status": "TERMINATED"},
                ),
            ),
            (
                "ListOpen typeFilter (100)",
                lambda: swf.list_open_workflow_executions(
                    domain=DOMAIN,
                    startTimeFilter=everything,
                    maximumPageSize=100,
                    typeFilter={"name": "type2"},
                ),
            ),
            (
                "ListOpen tagFilter (100)",
                lambda: swf.list_open_workflow_executions(
                    domain=DOMAIN,
                    startTimeFilter=everything,
                    maximumPageSize=100,
                    tagFilter={"tag": "tag3"},
                ),
            ),
            (
                "ListOpen executionFilter",
                lambda: swf.list_open_workflow_executions(
                    domain=DOMAIN,
                    startTimeFilter=everything,
                    executionFilter={"workflowId": "wf-77777"},
                ),
            ),
        ]
        for name, call in cases:
            print(f"{name:40s} median {timed(call, options.repeat):7.1f} ms")


if __name__ == "__main__":
    main()
