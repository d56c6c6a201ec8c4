"""``Actor.stop()`` against SWF Local ends the poll in flight at once, by closing its
connection, and the poll is released without a task (SWF Local holds polls 300 s here: a stop
that waited for the poll would not end within the tests' bound)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from swf.actors import ActivityWorker, Decider
from swf.core import Connection
from swf.local import LocalSWF, ManualClock

BOUND = 20.0  # far below the hold: a stop that waits for its poll cannot pass


class Worker(ActivityWorker):
    def process(self, task: Any) -> str:
        return "done"


class NoDecider(Decider):
    def decide(self, task: Any) -> list[Any]:
        return []


@pytest.fixture
def held() -> Iterator[LocalSWF]:
    with LocalSWF(clock=ManualClock(), poll_hold=300.0) as local:
        client = boto3.client(
            "swf",
            endpoint_url=local.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=Config(read_timeout=70, retries={"max_attempts": 1}),
        )
        client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
        client.register_workflow_type(
            domain="d",
            name="w",
            version="1",
            defaultTaskList={"name": "dl"},
            defaultExecutionStartToCloseTimeout="3600",
            defaultTaskStartToCloseTimeout="300",
            defaultChildPolicy="TERMINATE",
        )
        yield local


def polls_held(local: LocalSWF, count: int) -> bool:
    http = local._http
    assert http is not None
    return http._watcher.wait_for(count, BOUND)


@pytest.mark.parametrize("kind", ["worker", "decider"])
def test_stop_ends_a_held_poll_at_once_and_the_poll_takes_no_task(
    held: LocalSWF, kind: str
) -> None:
    connection = Connection(endpoint_url=held.endpoint_url)
    actor = (
        Worker("d", "al", connection=connection)
        if kind == "worker"
        else NoDecider("d", "dl", connection=connection)
    )
    thread = threading.Thread(target=actor.start)
    thread.start()
    try:
        assert polls_held(held, 1)
        actor.stop()
        thread.join(BOUND)
        assert not thread.is_alive()
        assert polls_held(held, 0)
    finally:
        actor.stop()
        thread.join(BOUND)
    # The next task goes to the next poller: the stopped actor's poll took nothing.
    run_id = connection.call(
        "StartWorkflowExecution",
        domain="d",
        workflowId="after-stop",
        workflowType={"name": "w", "version": "1"},
    )["runId"]
    task = connection.call(
        "PollForDecisionTask", domain="d", taskList={"name": "dl"}, identity="next"
    )
    assert task["taskToken"]
    events = connection.call(
        "GetWorkflowExecutionHistory",
        domain="d",
        execution={"workflowId": "after-stop", "runId": run_id},
    )["events"]
    started = [e for e in events if e["eventType"] == "DecisionTaskStarted"]
    assert [e["decisionTaskStartedEventAttributes"]["identity"] for e in started] == ["next"]


def test_an_actor_stopped_before_it_polls_does_not_poll(held: LocalSWF) -> None:
    actor = Worker("d", "al", connection=Connection(endpoint_url=held.endpoint_url))
    actor.stop()
    actor.start()  # returns at once
    assert not actor.running


def test_a_stopped_actor_on_another_endpoint_keeps_the_ordinary_path() -> None:
    actor = Worker("d", "al", endpoint_url="https://swf.us-east-1.amazonaws.com")
    assert actor._line() is None
