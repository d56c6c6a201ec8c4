"""The pytest plugin's time skipping: off by default, on for a test marked
``@pytest.mark.swf_time_skipping`` (the fixture override is in the ``_fixture`` file)."""

from __future__ import annotations

from typing import Any

import pytest

from swf.local import LocalSWF, ManualClock

DAY = 86400


def register_and_start(client: Any) -> str:
    client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
    client.register_workflow_type(
        domain="d",
        name="w",
        version="1",
        defaultTaskList={"name": "t"},
        defaultExecutionStartToCloseTimeout=str(365 * DAY),
        defaultTaskStartToCloseTimeout="60",
        defaultChildPolicy="TERMINATE",
    )
    run_id: str = client.start_workflow_execution(
        domain="d", workflowId="x", workflowType={"name": "w", "version": "1"}
    )["runId"]
    return run_id


def start_a_timer(client: Any, seconds: int) -> None:
    task = client.poll_for_decision_task(domain="d", taskList={"name": "t"})
    client.respond_decision_task_completed(
        taskToken=task["taskToken"],
        decisions=[
            {
                "decisionType": "StartTimer",
                "startTimerDecisionAttributes": {
                    "timerId": "t1",
                    "startToFireTimeout": str(seconds),
                },
            }
        ],
    )


def next_decision_task(client: Any, polls: int) -> dict[str, Any]:
    """Poll (the plugin's hold is 0.3 s) until a decision task comes, at most ``polls`` times."""
    for _ in range(polls):
        task: dict[str, Any] = client.poll_for_decision_task(domain="d", taskList={"name": "t"})
        if task.get("taskToken"):
            return task
    return {}


def test_time_stands_still_by_default(
    swf_local: LocalSWF, swf_clock: ManualClock, swf_client: Any, swf_time_skipping: bool
) -> None:
    assert swf_time_skipping is False
    assert swf_local.skipper is None
    register_and_start(swf_client)
    start_a_timer(swf_client, DAY)
    now = swf_clock.now()
    assert next_decision_task(swf_client, polls=2) == {}  # both polls answer empty
    assert swf_clock.now() == now


@pytest.mark.swf_time_skipping
def test_a_marked_test_skips_to_the_timer_while_its_poll_waits(
    swf_local: LocalSWF, swf_clock: ManualClock, swf_client: Any, swf_time_skipping: bool
) -> None:
    assert swf_time_skipping is True
    assert swf_local.skipper is not None
    register_and_start(swf_client)
    start_a_timer(swf_client, 7 * DAY)
    began = swf_clock.now()
    task = next_decision_task(swf_client, polls=100)
    assert "TimerFired" in [event["eventType"] for event in task["events"]]
    assert swf_clock.now() - began >= 7 * DAY - 1
