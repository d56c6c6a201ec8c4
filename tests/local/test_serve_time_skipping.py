"""``swf local serve --time-skipping``: a 30-day timer fires while the decider's poll waits."""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner

from swf.cli.local import local
from tests.local.test_serve_command import Served, control

DAY = 86400


def test_serve_help_lists_time_skipping() -> None:
    result = CliRunner().invoke(local, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--time-skipping" in result.output


def test_time_skipping_flag_jumps_the_clock_to_a_timer() -> None:
    served = Served("--time-skipping", "--manual-clock", "--poll-hold", "0.3")
    try:
        swf = served.client()
        swf.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
        swf.register_workflow_type(
            domain="d",
            name="w",
            version="1",
            defaultTaskList={"name": "t"},
            defaultExecutionStartToCloseTimeout=str(365 * DAY),
            defaultTaskStartToCloseTimeout="60",
            defaultChildPolicy="TERMINATE",
        )
        swf.start_workflow_execution(
            domain="d", workflowId="x", workflowType={"name": "w", "version": "1"}
        )
        task = swf.poll_for_decision_task(domain="d", taskList={"name": "t"})
        began = control(served.url)["now"]
        swf.respond_decision_task_completed(
            taskToken=task["taskToken"],
            decisions=[
                {
                    "decisionType": "StartTimer",
                    "startTimerDecisionAttributes": {
                        "timerId": "month",
                        "startToFireTimeout": str(30 * DAY),
                    },
                }
            ],
        )
        task = {}
        for _ in range(200):  # no request moves the clock: the service jumps it
            task = swf.poll_for_decision_task(domain="d", taskList={"name": "t"})
            if task.get("taskToken"):
                break
        events: list[dict[str, Any]] = task["events"]
        assert "TimerFired" in [event["eventType"] for event in events]
        assert control(served.url)["now"] - began >= 30 * DAY - 1
    finally:
        assert served.stop() == 0
