"""The runner replaces a child process that dies, with a back-off, and gives up after a limit."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from typing import Any

import pytest

from swf.actors.runner import ExitStatus, Runner
from tests.actors.dying import DyingWorker
from tests.actors.sample import EchoWorker

DOMAIN = "actors"
ACTIVITY_LIST = "activities"
WAIT = 30.0  # seconds: spawned children import boto3; never reached when things work


def _wait_for(condition: Any, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _in_thread(runner: Runner) -> tuple[threading.Thread, list[ExitStatus]]:
    result: list[ExitStatus] = []
    thread = threading.Thread(target=lambda: result.append(runner.run()), daemon=True)
    thread.start()
    return thread, result


def test_a_killed_child_process_is_replaced_and_the_pool_keeps_running(
    registered: Any, swf_endpoint_url: str
) -> None:
    runner = Runner(
        EchoWorker,
        domain=DOMAIN,
        task_list=ACTIVITY_LIST,
        count=2,
        processes=True,
        settings={"endpoint_url": swf_endpoint_url},
        actor_options={"heartbeats": False},
        restart_backoff=0,
    )
    thread, result = _in_thread(runner)
    _wait_for(lambda: len(runner.pids) == 2, "two children")
    victim = runner.pids[0]
    os.kill(victim, signal.SIGKILL)
    _wait_for(
        lambda: runner.restarts == 1 and len(runner.pids) == 2 and victim not in runner.pids,
        "a replacement child",
    )
    runner.stop()
    thread.join(WAIT)
    assert result == [ExitStatus.OK]


def test_a_child_that_keeps_dying_makes_the_runner_give_up_with_status_1(
    registered: Any, swf_endpoint_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    runner = Runner(
        DyingWorker,
        domain=DOMAIN,
        task_list=ACTIVITY_LIST,
        processes=True,
        settings={"endpoint_url": swf_endpoint_url},
        max_restarts=2,
        restart_backoff=0,
    )
    with caplog.at_level(logging.INFO, logger="swf.actors.runner"):
        assert runner.run() == ExitStatus.CRASHED
    assert runner.restarts == 2
    assert "giving up" in caplog.text
    assert "after 2 restart(s) in a row" in caplog.text


def test_max_restarts_zero_never_replaces_a_child(registered: Any, swf_endpoint_url: str) -> None:
    runner = Runner(
        DyingWorker,
        domain=DOMAIN,
        task_list=ACTIVITY_LIST,
        processes=True,
        settings={"endpoint_url": swf_endpoint_url},
        max_restarts=0,
    )
    assert runner.run() == ExitStatus.CRASHED
    assert runner.restarts == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [({"max_restarts": -1}, "max_restarts"), ({"restart_backoff": -1}, "restart_backoff")],
)
def test_bad_restart_options_are_refused(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Runner(EchoWorker, domain=DOMAIN, task_list=ACTIVITY_LIST, **options)
