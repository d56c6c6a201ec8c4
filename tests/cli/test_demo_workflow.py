"""The demo's decider, offline: its decisions for histories written with HistoryBuilder."""

from __future__ import annotations

import json
from typing import Any

from swf.actors import DecisionTask
from swf.cli.demo_workflow import MAX_CHARGE_ATTEMPTS, OrderDecider
from swf.history import HistoryBuilder
from swf.history.events import WorkflowExecutionRef, WorkflowTypeRef

ORDER_INPUT = json.dumps({"order": "o-1", "sku": "TEA-42", "amount": 12.5})


def started() -> HistoryBuilder:
    return HistoryBuilder(workflow_id="o-1").workflow_started(
        workflow_type=("order", "1"), input=ORDER_INPUT
    )


def decide(builder: HistoryBuilder, workflow_type: str = "order") -> list[dict[str, Any]]:
    history = builder.decision_task(completed=False).build()
    task = DecisionTask(
        token="token",
        workflow_execution=WorkflowExecutionRef("o-1", "run"),
        workflow_type=WorkflowTypeRef(workflow_type, "1"),
        history=history,
        previous_started_event_id=0,
        started_event_id=len(history),
    )
    return [decision.to_api() for decision in OrderDecider("d", "t").decide(task)]


def kinds(decisions: list[dict[str, Any]]) -> list[str]:
    return [decision["decisionType"] for decision in decisions]


def ready_to_charge() -> HistoryBuilder:
    builder = started().decision_task()
    for activity_id in ("check-stock", "quote-shipping"):
        builder.activity_scheduled(activity_id, activity_type=(activity_id, "1"))
    builder.timer_started("cool-off")
    for activity_id, result in (("check-stock", '{"in_stock": 3}'), ("quote-shipping", "{}")):
        builder.activity_started(activity_id).activity_completed(activity_id, result=result)
    return builder.timer_fired("cool-off")


def test_first_decision_runs_two_activities_in_parallel_and_a_timer() -> None:
    decisions = decide(started())
    assert kinds(decisions) == ["ScheduleActivityTask", "ScheduleActivityTask", "StartTimer"]


def test_charge_waits_for_the_timer() -> None:
    builder = started().decision_task()
    for activity_id in ("check-stock", "quote-shipping"):
        builder.activity_scheduled(activity_id, activity_type=(activity_id, "1"))
        builder.activity_started(activity_id).activity_completed(activity_id, result="{}")
    builder.timer_started("cool-off")
    assert decide(builder) == []


def test_a_failed_charge_is_retried_with_the_next_attempt_number() -> None:
    builder = ready_to_charge().decision_task()
    builder.activity_scheduled("charge-card", activity_type=("charge-card", "1"))
    builder.activity_started("charge-card").activity_failed("charge-card", reason="declined")
    decisions = decide(builder)
    assert kinds(decisions) == ["ScheduleActivityTask"]
    attributes = decisions[0]["scheduleActivityTaskDecisionAttributes"]
    assert json.loads(attributes["input"])["attempt"] == 2


def test_the_workflow_fails_after_the_last_charge_attempt() -> None:
    builder = ready_to_charge()
    for _ in range(MAX_CHARGE_ATTEMPTS):
        builder.decision_task()
        builder.activity_scheduled("charge-card", activity_type=("charge-card", "1"))
        builder.activity_started("charge-card").activity_failed("charge-card", reason="declined")
    decisions = decide(builder)
    assert kinds(decisions) == ["FailWorkflowExecution"]


def test_after_the_charge_it_waits_for_the_signal_then_starts_the_child() -> None:
    builder = ready_to_charge().decision_task()
    builder.activity_scheduled("charge-card", activity_type=("charge-card", "1"))
    builder.activity_started("charge-card").activity_completed("charge-card", result="{}")
    assert kinds(decide(builder)) == ["RecordMarker"]
    builder.decision_task().marker_recorded("awaiting-approval")
    assert decide(builder) == []
    builder.signaled("approved", input='{"by": "test"}')
    decisions = decide(builder)
    assert kinds(decisions) == ["StartChildWorkflowExecution"]
    attributes = decisions[0]["startChildWorkflowExecutionDecisionAttributes"]
    assert attributes["workflowType"] == {"name": "shipping", "version": "1"}


def test_the_shipping_child_prints_a_label_then_completes_with_it() -> None:
    builder = HistoryBuilder().workflow_started(workflow_type=("shipping", "1"), input="{}")
    assert kinds(decide(builder, "shipping")) == ["ScheduleActivityTask"]
    builder.decision_task().activity_scheduled("print-label", activity_type=("print-label", "1"))
    builder.activity_started("print-label").activity_completed("print-label", result='"L-1"')
    decisions = decide(builder, "shipping")
    assert decisions == [
        {
            "decisionType": "CompleteWorkflowExecution",
            "completeWorkflowExecutionDecisionAttributes": {"result": '"L-1"'},
        }
    ]
