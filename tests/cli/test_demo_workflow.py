"""The demo's workflows, offline: what their code decides for histories written with
HistoryBuilder (``swf.flow.replay``), and its activities called as plain functions."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from swf.cli.demo_workflow import MAX_CHARGE_ATTEMPTS, Order, Shipping, check_stock
from swf.flow import replay
from swf.history import HistoryBuilder

ORDER = {"order": "o-1", "sku": "TEA-42", "amount": 12.5}


def started() -> HistoryBuilder:
    return HistoryBuilder(workflow_id="o-1").workflow_started(
        workflow_type=("order", "1"), input=json.dumps(ORDER)
    )


def decide(builder: HistoryBuilder, workflow: type[Order] | type[Shipping] = Order) -> list[Any]:
    history = builder.decision_task(completed=False).build()
    return [decision.to_api() for decision in replay(workflow, history, workflow_id="o-1")]


def kinds(decisions: list[dict[str, Any]]) -> list[str]:
    return [decision["decisionType"] for decision in decisions]


def activity_ids(decisions: list[dict[str, Any]]) -> list[str]:
    return [
        decision["scheduleActivityTaskDecisionAttributes"]["activityId"]
        for decision in decisions
        if decision["decisionType"] == "ScheduleActivityTask"
    ]


def ready_to_charge() -> HistoryBuilder:
    builder = started().decision_task()
    for name in ("check-stock", "quote-shipping"):
        builder.activity_scheduled(f"{name}-1", activity_type=(name, "1"))
    builder.timer_started("cool-off-1", start_to_fire_timeout=timedelta(seconds=1))
    for name, result in (("check-stock", '{"in_stock": 3}'), ("quote-shipping", "{}")):
        builder.activity_started(f"{name}-1").activity_completed(f"{name}-1", result=result)
    return builder.timer_fired("cool-off-1")


def charged() -> HistoryBuilder:
    builder = ready_to_charge().decision_task()
    builder.activity_scheduled("charge-card-1", activity_type=("charge-card", "1"))
    builder.activity_started("charge-card-1")
    return builder.activity_completed("charge-card-1", result='{"attempt": 2}')


def test_first_decision_runs_two_activities_in_parallel_and_a_timer() -> None:
    decisions = decide(started())
    assert kinds(decisions) == ["ScheduleActivityTask", "ScheduleActivityTask", "StartTimer"]
    assert activity_ids(decisions) == ["check-stock-1", "quote-shipping-1"]
    timer = decisions[2]["startTimerDecisionAttributes"]
    assert timer["timerId"] == "cool-off-1" and timer["startToFireTimeout"] == "1"


def test_charge_waits_for_the_timer() -> None:
    builder = started().decision_task()
    for name in ("check-stock", "quote-shipping"):
        builder.activity_scheduled(f"{name}-1", activity_type=(name, "1"))
    builder.timer_started("cool-off-1", start_to_fire_timeout=timedelta(seconds=1))
    for name in ("check-stock", "quote-shipping"):
        builder.activity_started(f"{name}-1").activity_completed(f"{name}-1", result="{}")
    assert decide(builder) == []
    builder.timer_fired("cool-off-1")
    assert activity_ids(decide(builder)) == ["charge-card-1"]


def test_a_failed_charge_is_retried_at_once_as_the_next_attempt() -> None:
    builder = ready_to_charge().decision_task()
    builder.activity_scheduled("charge-card-1", activity_type=("charge-card", "1"))
    builder.activity_started("charge-card-1").activity_failed("charge-card-1", reason="declined")
    decisions = decide(builder)
    assert kinds(decisions) == ["ScheduleActivityTask"]  # no timer before the retry
    assert activity_ids(decisions) == ["charge-card-1.2"]


def test_the_workflow_fails_after_the_last_charge_attempt() -> None:
    builder = ready_to_charge()
    for attempt in range(1, MAX_CHARGE_ATTEMPTS + 1):
        activity_id = "charge-card-1" if attempt == 1 else f"charge-card-1.{attempt}"
        builder.decision_task()
        builder.activity_scheduled(activity_id, activity_type=("charge-card", "1"))
        builder.activity_started(activity_id).activity_failed(activity_id, reason="declined")
    decisions = decide(builder)
    assert kinds(decisions) == ["FailWorkflowExecution"]


def test_after_the_charge_it_records_a_marker_waits_for_the_signal_then_starts_the_child() -> None:
    builder = charged()
    decisions = decide(builder)
    assert kinds(decisions) == ["RecordMarker"]
    marker = decisions[0]["recordMarkerDecisionAttributes"]
    builder.decision_task().marker_recorded(marker["markerName"], details=marker["details"])
    assert decide(builder) == []
    builder.signaled("approved", input='{"by": "test"}')
    decisions = decide(builder)
    assert kinds(decisions) == ["StartChildWorkflowExecution"]
    attributes = decisions[0]["startChildWorkflowExecutionDecisionAttributes"]
    assert attributes["workflowType"] == {"name": "shipping", "version": "1"}
    assert attributes["workflowId"] == "o-1-shipping"


def test_the_order_completes_with_a_summary() -> None:
    builder = charged()
    marker = decide(builder)[0]["recordMarkerDecisionAttributes"]
    builder.decision_task().marker_recorded(marker["markerName"], details=marker["details"])
    builder.signaled("approved", input='{"by": "test"}').decision_task()
    builder.child_workflow_initiated("o-1-shipping", workflow_type=("shipping", "1"))
    builder.child_workflow_started("o-1-shipping")
    builder.child_workflow_completed("o-1-shipping", result='{"tracking": "PP-1"}')
    decisions = decide(builder)
    assert kinds(decisions) == ["CompleteWorkflowExecution"]
    result = json.loads(decisions[0]["completeWorkflowExecutionDecisionAttributes"]["result"])
    assert result["charge_attempts"] == 2
    assert result["approved_by"] == {"by": "test"}
    assert result["label"] == {"tracking": "PP-1"}


def test_the_shipping_child_prints_a_label_then_completes_with_it() -> None:
    builder = HistoryBuilder().workflow_started(workflow_type=("shipping", "1"), input="{}")
    assert activity_ids(decide(builder, Shipping)) == ["print-label-1"]
    builder.decision_task()
    builder.activity_scheduled("print-label-1", activity_type=("print-label", "1"))
    builder.activity_started("print-label-1").activity_completed("print-label-1", result='"L-1"')
    decisions = decide(builder, Shipping)
    assert decisions == [
        {
            "decisionType": "CompleteWorkflowExecution",
            "completeWorkflowExecutionDecisionAttributes": {"result": '"L-1"'},
        }
    ]


def test_an_activity_outside_a_workflow_is_its_function(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("swf.cli.demo_workflow.WORK_SECONDS", 0)
    assert check_stock(ORDER) == {"sku": "TEA-42", "in_stock": 3}
