"""``swf decider|worker start`` speak: INFO to stderr by default, errors with tracebacks."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "actors"
TASK_LIST = "decisions"
WAIT = 30.0  # seconds; never reached when things work


def _start(endpoint_url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "swf.cli", "--endpoint-url", endpoint_url, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _stderr_until(process: subprocess.Popen[str], wanted: str) -> str:
    """Stderr read until a line contains ``wanted`` (or WAIT passed); then the command stops."""
    stream = process.stderr
    assert stream is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + WAIT
    try:
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            seen.append(line)
            if wanted in line:
                break
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    time.sleep(0.1)  # let the reader thread drain what the command printed while stopping
    while not lines.empty():
        seen.append(lines.get())
    return "".join(seen)


def test_a_worker_that_cannot_reach_its_endpoint_says_so_without_v(
    swf_endpoint_url: str,
) -> None:
    # Port 9 (discard) refuses connections on loopback: every poll fails.
    process = _start(
        "http://127.0.0.1:9",
        "worker",
        "start",
        "tests.actors.sample:EchoWorker",
        "-d",
        DOMAIN,
        "--task-list",
        "activities",
    )
    stderr = _stderr_until(process, "PollForActivityTask")
    assert "started" in stderr
    assert "PollForActivityTask" in stderr and "retrying in" in stderr


def test_a_decide_that_raises_is_logged_with_its_traceback(
    registered: Any, swf_endpoint_url: str
) -> None:
    registered.start_workflow_execution(
        domain=DOMAIN,
        workflowId="raises",
        workflowType={"name": "wf", "version": "1"},
        input="not json",
    )
    process = _start(
        swf_endpoint_url,
        "decider",
        "start",
        "tests.actors.logging_sample:RaisingDecider",
        "-d",
        DOMAIN,
        "--task-list",
        TASK_LIST,
    )
    stderr = _stderr_until(process, "decide is broken")
    assert "Traceback (most recent call last)" in stderr
    assert "RuntimeError: decide is broken" in stderr


def test_quiet_keeps_the_info_lines_out_and_the_errors_in(
    registered: Any, swf_endpoint_url: str
) -> None:
    registered.start_workflow_execution(
        domain=DOMAIN, workflowId="quiet", workflowType={"name": "wf", "version": "1"}
    )
    process = _start(
        swf_endpoint_url,
        "decider",
        "start",
        "tests.actors.logging_sample:RaisingDecider",
        "-d",
        DOMAIN,
        "--task-list",
        TASK_LIST,
        "-q",
    )
    stderr = _stderr_until(process, "decide is broken")
    assert "RuntimeError: decide is broken" in stderr
    assert " INFO " not in stderr


def test_each_task_outcome_is_logged_at_debug(
    registered: Any, connection: Any, caplog: Any
) -> None:
    import logging

    from tests.actors.sample import EchoWorker, ScenarioDecider
    from tests.actors.support import ACTIVITY_LIST, start_workflow

    start_workflow(registered, "outcomes", {"steps": ["one"]})
    with caplog.at_level(logging.DEBUG, logger="swf.actors"):
        assert ScenarioDecider(DOMAIN, TASK_LIST, connection=connection).run_once()
        assert EchoWorker(DOMAIN, ACTIVITY_LIST, connection=connection).run_once()
    messages = [record.getMessage() for record in caplog.records]
    assert any("answered: ScheduleActivityTask" in message for message in messages)
    assert any(message.endswith(": completed") for message in messages)
