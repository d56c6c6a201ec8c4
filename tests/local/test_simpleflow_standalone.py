"""``simpleflow standalone``, unmodified, runs workflows to their end on SWF Local and exits.

simpleflow 0.36 caches one boto3 client per process, then forks its decider and worker
pollers (two of each here) and a child per task: processes that share a pooled keep-alive
connection (tests/local/test_shared_connections.py). Each workflow of
tests/local/simpleflow_workflows.py runs in its own ``simpleflow standalone`` subprocess
against its own in-process SWF Local (a manual clock, moved by hand for the timer), all at
once; each must end with its expected result, and each command must exit by itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from swf.local import LocalSWF, ManualClock

pytest.importorskip("simpleflow", reason="simpleflow is part of the test extra")

ROOT = Path(__file__).resolve().parents[2]
MODULE = "tests.local.simpleflow_workflows"
#: Failure bound for a whole run (a run takes a few seconds).
BOUND = 120

#: workflow class, its input, its expected result.
WORKFLOWS: list[tuple[str, Any, Any]] = [
    ("Sequential", [20], 42),
    ("FanOut", [5], 30),
    ("Timer", [1], 2),
    ("Signal", [4], 40),
    ("Child", [20], {"child": 42}),
    ("Marker", [3], [["checkpoint", {"step": 3}]]),
    ("Retry", None, "second attempt"),
]


def client_of(local: LocalSWF) -> Any:
    return boto3.client(
        "swf",
        endpoint_url=local.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(read_timeout=70, retries={"max_attempts": 1}),
    )


def move_the_clock_when_a_timer_starts(local: LocalSWF) -> None:
    """Stand in for the passing of time: once a decision starts a timer, the manual clock is
    moved by the timer's duration (so it fires), before the decider hears back."""
    service = local.service
    respond = service.respond_decision_task_completed
    clock = local.clock
    assert isinstance(clock, ManualClock)

    def respond_then_move_the_clock(params: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = respond(params)
        for decision in params.get("decisions") or ():
            if decision["decisionType"] == "StartTimer":
                attributes = decision["startTimerDecisionAttributes"]
                clock.advance(float(attributes["startToFireTimeout"]))
        return result

    service.respond_decision_task_completed = respond_then_move_the_clock  # type: ignore[method-assign]


class Run:
    """One ``simpleflow standalone`` subprocess and the SWF Local it talks to."""

    def __init__(self, name: str, arguments: Any, tmp_path: Path) -> None:
        self.name = name
        folder = tmp_path / name
        folder.mkdir()
        if arguments is None:  # Retry: the activity leaves a file behind on its first attempt
            arguments = [str(folder / "attempted")]
        self.local = LocalSWF(folder / "swf.sqlite3", clock=ManualClock(), poll_hold=1.0).start()
        client_of(self.local).register_domain(name="sf", workflowExecutionRetentionPeriodInDays="1")
        move_the_clock_when_a_timer_starts(self.local)
        environment = {
            "AWS_ENDPOINT_URL_SWF": self.local.endpoint_url,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "HOME": str(folder),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(ROOT),
            "LOG_LEVEL": "WARNING",
        }
        self.log = (folder / "simpleflow.log").open("w+")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "simpleflow",
                "standalone",
                "--domain",
                "sf",
                "--nb-deciders",
                "2",
                "--nb-workers",
                "2",
                "--execution-timeout",
                str(30 * 86_400),
                "--decision-tasks-timeout",
                "86400",
                "--input",
                json.dumps(arguments),
                f"{MODULE}.{name}",
            ],
            env=environment,
            cwd=folder,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()[-4000:]

    def wait(self) -> int | None:
        try:
            return self.process.wait(BOUND)
        except subprocess.TimeoutExpired:
            return None

    def outcome(self) -> tuple[str, Any]:
        """The close status of the workflow execution, and its result."""
        client = client_of(self.local)
        closed = client.list_closed_workflow_executions(
            domain="sf", startTimeFilter={"oldestDate": 0}
        )["executionInfos"]
        runs = [info for info in closed if info["execution"]["workflowId"].startswith("sf-")]
        if not runs:
            return "OPEN", None
        execution = runs[0]["execution"]
        events = client.get_workflow_execution_history(
            domain="sf", execution=execution, reverseOrder=True, maximumPageSize=1
        )["events"]
        attributes = events[0].get("workflowExecutionCompletedEventAttributes")
        result = json.loads(attributes["result"]) if attributes else events[0]
        return runs[0]["closeStatus"], result

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()
        self.local.stop()


@pytest.fixture
def runs(tmp_path: Path) -> Iterator[dict[str, Run]]:
    started: dict[str, Run] = {}
    try:
        for name, arguments, _ in WORKFLOWS:
            started[name] = Run(name, arguments, tmp_path)
        yield started
    finally:
        for run in started.values():
            run.close()


def test_simpleflow_standalone_runs_each_workflow_to_its_result_and_exits(
    runs: dict[str, Run],
) -> None:
    problems = []
    for name, _, expected in WORKFLOWS:
        run = runs[name]
        code = run.wait()
        status, result = run.outcome()
        if (code, status, result) != (0, "COMPLETED", expected):
            problems.append(
                f"{name}: exit {code}, {status}, result {result!r} (expected {expected!r})\n"
                + run.output()
            )
    assert not problems, "\n\n".join(problems)
