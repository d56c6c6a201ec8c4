"""swf.flow.testing.ActivityEnvironment: an activity function run with a test context."""

from __future__ import annotations

import threading

import pytest

from swf.actors import ActivityTaskCanceledError
from swf.exceptions import ValidationError
from swf.flow import activity, activity_context
from swf.flow.testing import ActivityEnvironment


@activity(heartbeat=10)
def resize(names: list[str]) -> list[str]:
    context = activity_context()
    done = []
    for name in names:
        context.raise_if_cancel_requested("stopped at " + name)
        done.append(name.upper())
        context.heartbeat(f"{len(done)} done")
    return done


def test_an_activity_runs_with_its_heartbeats_recorded() -> None:
    env = ActivityEnvironment()
    assert env.run(resize, ["a", "b"]) == ["A", "B"]
    assert env.heartbeats == ["1 done", "2 done"]
    assert env.context is not None
    assert env.context.task.activity_type == ("resize", "1")
    assert env.context.task.workflow_execution.workflow_id == "test-workflow"
    assert env.context.heartbeat_details == "2 done"
    assert not env.cancel_requested
    with pytest.raises(RuntimeError, match="outside an activity task"):
        activity_context()  # the context is current only during the call


def test_a_cancel_request_arrives_with_a_heartbeat() -> None:
    env = ActivityEnvironment(cancel_after=2)
    with pytest.raises(ActivityTaskCanceledError) as caught:
        env.run(resize, ["a", "b", "c"])
    assert caught.value.details == "stopped at c"
    assert env.heartbeats == ["1 done", "2 done"]
    assert env.cancel_requested

    env = ActivityEnvironment()
    env.cancel()  # requested before the task even started
    with pytest.raises(ActivityTaskCanceledError, match="stopped at a"):
        env.run(resize, ["a"])


def test_cancel_from_another_thread_wakes_an_activity_waiting_for_it() -> None:
    waiting = threading.Event()

    def waits() -> str:
        context = activity_context()
        waiting.set()
        while not context.wait_for_cancel_request(timeout=0.01):
            context.heartbeat("waiting")  # the worker's automatic heartbeats, in a test
        return "canceled"

    env = ActivityEnvironment()
    canceller = threading.Thread(target=lambda: (waiting.wait(5), env.cancel()))
    canceller.start()
    assert env.run(waits) == "canceled"
    canceller.join(5)
    assert env.heartbeats and set(env.heartbeats) == {"waiting"}


def test_a_timed_out_task_closes_its_context() -> None:
    env = ActivityEnvironment()
    env.time_out()

    def checks() -> bool:
        context = activity_context()
        context.heartbeat("anyone?")
        return context.closed

    assert env.run(checks) is True
    assert env.heartbeats == []  # refused: never recorded


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValidationError, match="cancel_after must be an int >= 1"):
        ActivityEnvironment(cancel_after=0)
    with pytest.raises(ValidationError, match="not an activity or a function"):
        ActivityEnvironment().run("resize")  # type: ignore[arg-type]
