"""The runner and the ``swf decider|worker start`` commands: signals, exit statuses, processes.

The SIGTERM tests start the command in a real child process that reaches this test's SWF
Local over HTTP, and wait for a marker file the task writes to know the task is in hand.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from swf.actors.runner import ExitStatus, Runner
from swf.cli import main
from swf.core import Connection
from tests.actors.sample import EchoWorker, ExitingWorker, ScenarioDecider
from tests.actors.support import (
    ACTIVITY_LIST,
    DOMAIN,
    TASK_LIST,
    closed_event,
    events,
    start_workflow,
    wait_for,
)

ROOT = Path(__file__).resolve().parents[2]


def _command(endpoint_url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "swf.cli", "--endpoint-url", endpoint_url, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _worker_command(endpoint_url: str, actor: str, *options: str) -> subprocess.Popen[str]:
    return _command(
        endpoint_url,
        "worker",
        "start",
        f"tests.actors.sample:{actor}",
        "--domain",
        DOMAIN,
        "--task-list",
        ACTIVITY_LIST,
        *options,
    )


def _schedule(client: Any, connection: Connection, workflow_id: str, *inputs: str) -> str:
    run_id = start_workflow(client, workflow_id, {"steps": list(inputs)})
    assert ScenarioDecider(DOMAIN, TASK_LIST, connection=connection).run_once()
    return run_id


def _activity_results(client: Any, workflow_id: str, run_id: str) -> list[str]:
    return [
        event["activityTaskCompletedEventAttributes"]["result"]
        for event in events(client, workflow_id, run_id)
        if event["eventType"] == "ActivityTaskCompleted"
    ]


def _finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
        raise AssertionError(f"the command did not exit:\n{stderr}") from None
    return process.returncode, stderr


def test_sigterm_during_a_task_lets_it_finish_and_report_then_exits_0(
    registered: Any, connection: Connection, swf_endpoint_url: str, tmp_path: Path
) -> None:
    marker = tmp_path / "in-hand"
    run_id = _schedule(registered, connection, "term", str(marker))
    process = _worker_command(swf_endpoint_url, "SlowWorker")
    try:
        wait_for(marker.exists, "the worker to take the task", timeout=30)
    finally:
        process.send_signal(signal.SIGTERM)
    status, stderr = _finish(process)
    assert status == ExitStatus.OK, stderr
    assert _activity_results(registered, "term", run_id) == ["finished after stop"]


def test_sigterm_reaches_every_worker_process_and_each_finishes_its_task(
    registered: Any, connection: Connection, swf_endpoint_url: str, tmp_path: Path
) -> None:
    markers = [tmp_path / "first", tmp_path / "second"]
    runs = [
        (f"proc-{index}", _schedule(registered, connection, f"proc-{index}", str(marker)))
        for index, marker in enumerate(markers)
    ]
    process = _worker_command(swf_endpoint_url, "SlowWorker", "-N", "2", "--processes")
    try:
        wait_for(lambda: all(m.exists() for m in markers), "both tasks in hand", timeout=30)
        pids = {marker.read_text() for marker in markers}
        assert len(pids) == 2 and str(process.pid) not in pids  # one child process each
    finally:
        process.send_signal(signal.SIGTERM)
    status, stderr = _finish(process)
    assert status == ExitStatus.OK, stderr
    for workflow_id, run_id in runs:
        assert _activity_results(registered, workflow_id, run_id) == ["finished after stop"]


def test_second_signal_forces_the_exit_with_status_3(
    registered: Any, connection: Connection, swf_endpoint_url: str, tmp_path: Path
) -> None:
    marker = tmp_path / "stubborn"
    _schedule(registered, connection, "forced", str(marker))
    process = _worker_command(swf_endpoint_url, "StubbornWorker")
    try:
        wait_for(marker.exists, "the worker to take the task", timeout=30)
        process.send_signal(signal.SIGTERM)
        process.send_signal(signal.SIGINT)
    finally:
        status, stderr = _finish(process)
    assert status == ExitStatus.FORCED, stderr


def test_runner_in_threads_stops_cleanly_on_request(registered: Any, swf_endpoint_url: str) -> None:
    runner = Runner(
        EchoWorker,
        domain=DOMAIN,
        task_list=ACTIVITY_LIST,
        count=3,
        identity="echo",
        actor_options={"connection": Connection(endpoint_url=swf_endpoint_url)},
    )
    result: list[ExitStatus] = []
    thread = threading.Thread(target=lambda: result.append(runner.run()))
    thread.start()
    wait_for(lambda: len(runner._actors) == 3 and all(a.running for a in runner._actors), "start")
    assert [actor.identity for actor in runner._actors] == ["echo-0", "echo-1", "echo-2"]
    runner.stop()
    thread.join(30)
    assert result == [ExitStatus.OK]


def test_an_actor_that_crashes_stops_the_others_and_the_runner_exits_1(
    registered: Any, connection: Connection, swf_endpoint_url: str
) -> None:
    run_id = _schedule(registered, connection, "crash", "x")
    runner = Runner(
        ExitingWorker,
        domain=DOMAIN,
        task_list=ACTIVITY_LIST,
        count=2,
        actor_options={"connection": connection, "heartbeats": False},
    )
    assert runner.run() == ExitStatus.CRASHED
    failed = [
        e for e in events(registered, "crash", run_id) if e["eventType"] == "ActivityTaskFailed"
    ]
    assert failed[0]["activityTaskFailedEventAttributes"]["reason"].startswith("interrupted")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["worker", "start", "tests.actors.sample:Nope"], "has no 'Nope'"),
        (["worker", "start", "no_such_module:X"], "cannot import"),
        (["worker", "start", "tests.actors.sample:ScenarioDecider"], "not an ActivityWorker"),
        (["decider", "start", "tests.actors.sample:EchoWorker"], "not a Decider subclass"),
        (["decider", "start", "tests.actors.sample"], "is not MODULE:CLASS"),
    ],
)
def test_bad_actor_class_is_a_usage_error(arguments: list[str], message: str) -> None:
    result = CliRunner().invoke(main, [*arguments, "--domain", DOMAIN, "--task-list", "t"])
    assert result.exit_code == ExitStatus.USAGE
    assert message in result.output


def test_unknown_domain_is_a_usage_error(registered: Any, swf_endpoint_url: str) -> None:
    result = CliRunner().invoke(
        main,
        [
            "--endpoint-url",
            swf_endpoint_url,
            "decider",
            "start",
            "tests.actors.sample:ScenarioDecider",
            "--domain",
            "no-such-domain",
            "--task-list",
            TASK_LIST,
        ],
    )
    assert result.exit_code == ExitStatus.USAGE
    assert "domain 'no-such-domain' does not exist" in result.output


def test_decider_command_runs_a_workflow_to_its_end(
    registered: Any, swf_endpoint_url: str, connection: Connection
) -> None:
    run_id = start_workflow(registered, "by-command", {"steps": ["a"]})
    decider = _command(
        swf_endpoint_url,
        "decider",
        "start",
        "tests.actors.sample:ScenarioDecider",
        "--domain",
        DOMAIN,
        "--task-list",
        TASK_LIST,
    )
    worker = _worker_command(swf_endpoint_url, "EchoWorker")
    try:
        closing = closed_event(registered, "by-command", run_id)
    finally:
        decider.send_signal(signal.SIGTERM)
        worker.send_signal(signal.SIGTERM)
    assert _finish(decider)[0] == ExitStatus.OK
    assert _finish(worker)[0] == ExitStatus.OK
    assert closing["eventType"] == "WorkflowExecutionCompleted"
