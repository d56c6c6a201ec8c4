"""The web view's two heavy pages: an execution of 25,000 events, the list at 100,000 executions.

Run: ``v/bin/python benchmarks/web_pages.py [--repeat 10] [--executions 100000]
[--skip-list] [--skip-execution]`` (needs the ``web`` extra).

* **execution page**: two executions of exactly 25,000 events (SWF's limit) on an in-process
  ``LocalSWF``: *markers*, grown as in ``history_parse.py`` (up to 100 ``RecordMarker`` per
  decision task), and *activities*, grown by a decider scheduling 100 activities per decision
  and a worker completing them (about 8,300 activity tasks). ``GET`` of the execution page
  over HTTP, *cold* (a new view: the history is fetched from SWF Local, parsed and compiled)
  and *warm* (the view has the closed history already: describe + render).
* **list page**: 100,000 executions (``engine_visibility.populate``: a fifth closed, three
  types, five tags), ``GET`` of a page of 50 open or closed executions with SWF's count, with
  and without filters, and the next page through SWF's page token.

Each figure is the median, best and worst of ``--repeat`` requests (after one warm-up).
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
import urllib.request
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

from history_parse import local_execution  # type: ignore[import-not-found]

from swf.core import Connection
from swf.local import LocalSWF, ManualClock
from swf.web import WebServer
from swf.web.urls import execution_url, executions_url

TOTAL = 25_000


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status}")
        return str(response.read().decode("utf-8"))


def timed(call: Callable[[], Any], repeat: int, *, warm_up: bool = True) -> list[float]:
    """Milliseconds of each of ``repeat`` calls."""
    if warm_up:
        call()
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def report(label: str, samples: list[float]) -> None:
    median = statistics.median(samples)
    print(f"| {label} | {median:.0f} | {min(samples):.0f} | {max(samples):.0f} |", flush=True)


def activity_execution(client: Any, total: int = TOTAL) -> tuple[str, str]:
    """Grow one execution to exactly ``total`` events with activity tasks."""
    domain = "bench"
    client.register_activity_type(
        domain=domain,
        name="work",
        version="1",
        defaultTaskList={"name": "work"},
        defaultTaskScheduleToStartTimeout="NONE",
        defaultTaskScheduleToCloseTimeout="NONE",
        defaultTaskStartToCloseTimeout="NONE",
        defaultTaskHeartbeatTimeout="NONE",
    )
    run_id = client.start_workflow_execution(
        domain=domain, workflowId="bench-activities", workflowType={"name": "bench", "version": "1"}
    )["runId"]
    serial = 0
    while True:
        task = client.poll_for_decision_task(
            domain=domain, taskList={"name": "bench"}, maximumPageSize=1
        )
        started = task["startedEventId"]
        remaining = total - started - 1  # events left after DecisionTaskCompleted
        decisions: list[dict[str, Any]] = []
        if remaining <= 100:
            decisions = [
                {
                    "decisionType": "RecordMarker",
                    "recordMarkerDecisionAttributes": {"markerName": "fill"},
                }
                for _ in range(remaining - 1)
            ]
            decisions.append(
                {
                    "decisionType": "CompleteWorkflowExecution",
                    "completeWorkflowExecutionDecisionAttributes": {"result": "done"},
                }
            )
            client.respond_decision_task_completed(taskToken=task["taskToken"], decisions=decisions)
            return "bench-activities", run_id
        if remaining <= 400:  # the last rounds: markers, and a signal for the next task
            marker = {
                "decisionType": "RecordMarker",
                "recordMarkerDecisionAttributes": {"markerName": "fill"},
            }
            client.respond_decision_task_completed(
                taskToken=task["taskToken"], decisions=[marker] * min(100, remaining - 5)
            )
            client.signal_workflow_execution(
                domain=domain, workflowId="bench-activities", signalName="more"
            )
            continue
        count = min(100, (remaining - 400) // 3 or 1)
        for _ in range(count):
            serial += 1
            decisions.append(
                {
                    "decisionType": "ScheduleActivityTask",
                    "scheduleActivityTaskDecisionAttributes": {
                        "activityId": f"a-{serial}",
                        "activityType": {"name": "work", "version": "1"},
                        "input": f'{{"n": {serial}}}',
                    },
                }
            )
        client.respond_decision_task_completed(taskToken=task["taskToken"], decisions=decisions)
        for _ in range(count):
            work = client.poll_for_activity_task(domain=domain, taskList={"name": "work"})
            client.respond_activity_task_completed(taskToken=work["taskToken"], result='"ok"')


def execution_pages(repeat: int) -> None:
    from engine_workflow import client  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory() as directory:
        with LocalSWF(Path(directory) / "bench.sqlite3", poll_hold=1.0) as local:
            swf = client(local.endpoint_url)
            began = time.perf_counter()
            markers = local_execution(swf)
            print(f"markers history grown in {time.perf_counter() - began:.1f} s", flush=True)
            began = time.perf_counter()
            activities = activity_execution(swf)
            print(f"activities history grown in {time.perf_counter() - began:.1f} s", flush=True)
            connection = Connection(endpoint_url=local.endpoint_url, region="us-east-1")
            print("| page | median ms | best ms | worst ms |")
            print("|---|---|---|---|")
            for label, (workflow_id, run_id) in (("markers", markers), ("activities", activities)):
                path = execution_url("bench", workflow_id, run_id)

                def cold(path: str = path) -> None:
                    with WebServer(connection=connection, port=0) as server:
                        get(server.url + path)

                report(f"execution page, 25,000 events ({label}), cold", timed(cold, repeat))
                with WebServer(connection=connection, port=0) as server:
                    page = get(server.url + path)
                    size = len(page.encode())
                    report(
                        f"execution page, 25,000 events ({label}), warm ({size // 1024} KiB)",
                        timed(lambda path=path: get(server.url + path), repeat),
                    )
                    first = execution_url("bench", workflow_id, run_id, events_page=1)
                    report(
                        f"execution page, first page of events ({label}), warm",
                        timed(lambda first=first: get(server.url + first), repeat),
                    )


def list_pages(executions: int, repeat: int) -> None:
    from engine_visibility import DOMAIN, populate  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory() as directory:
        clock = ManualClock()
        with LocalSWF(Path(directory) / "bench.sqlite3", clock=clock) as local:
            began = time.perf_counter()
            populate(local, clock, executions)
            print(f"{executions:,} executions written in {time.perf_counter() - began:.1f} s")
            connection = Connection(endpoint_url=local.endpoint_url, region="us-east-1")
            with WebServer(connection=connection, port=0) as server:
                base = server.url
                first = get(base + executions_url(DOMAIN, status="OPEN"))
                token = re.search(r'href="([^"]+)" id="next-page"', first)
                assert token is not None
                second = base + unescape(token.group(1))
                cases = [
                    ("open, page of 50, no filter", executions_url(DOMAIN, status="OPEN")),
                    ("closed, page of 50, no filter", executions_url(DOMAIN, status="CLOSED")),
                    ("open, next page (page token)", second[len(base) :]),
                    (
                        "open, type filter",
                        executions_url(DOMAIN, status="OPEN", type_name="type1"),
                    ),
                    ("open, tag filter", executions_url(DOMAIN, status="OPEN", tag="tag2")),
                    (
                        "closed, close status filter",
                        executions_url(DOMAIN, status="CLOSED", close_status="TERMINATED"),
                    ),
                    (
                        "open, page of 250",
                        executions_url(DOMAIN, status="OPEN", page_size=250),
                    ),
                ]
                print(
                    f"| list page at {executions:,} executions | median ms | best ms | worst ms |"
                )
                print("|---|---|---|---|")
                for label, path in cases:
                    report(label, timed(lambda path=path: get(base + path), repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--executions", type=int, default=100_000)
    parser.add_argument("--skip-list", action="store_true")
    parser.add_argument("--skip-execution", action="store_true")
    args = parser.parse_args()
    if not args.skip_execution:
        execution_pages(args.repeat)
    if not args.skip_list:
        list_pages(args.executions, args.repeat)


if __name__ == "__main__":
    main()
