"""Determinism: replaying changed code against recorded histories, and what makes it safe."""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

import pytest

from swf.flow import (
    DEFAULT_VERSION,
    FlowError,
    NonDeterminismError,
    Workflow,
    _thread,
    activity,
    engine,
    replay,
)
from swf.flow.engine import InstanceStale, WorkflowInstance
from tests.flow.sim import Sim, ids, types


@activity
def charge(order: str) -> str:
    return f"charged {order}"


@activity
def ship(order: str) -> str:
    return f"shipped {order}"


@activity
def receipt(order: str) -> str:
    return f"receipt for {order}"


class OrderV1(Workflow):
    name = "order"

    def run(self, order: str) -> list[str]:
        charged = self.submit(charge, order).result()
        shipped = self.submit(ship, order).result()
        return [charged, shipped]


def _v1_history_up_to_ship() -> Any:
    sim = Sim(OrderV1, "o-1")
    sim.decide()
    sim.complete("charge-1", "charged o-1")
    sim.decide()
    sim.complete("ship-1", "shipped o-1")
    sim.decide()
    sim.close()
    return sim.history


class OrderV2Unsafe(Workflow):
    """Sends a receipt before shipping: a change that breaks running executions."""

    name = "order"

    def run(self, order: str) -> list[str]:
        charged = self.submit(charge, order).result()
        sent = self.submit(receipt, order).result()
        shipped = self.submit(ship, order).result()
        return [charged, sent, shipped]


class OrderV2Safe(Workflow):
    """The same change guarded by version(): old executions keep the old path."""

    name = "order"

    def run(self, order: str) -> list[str]:
        charged = self.submit(charge, order).result()
        done = [charged]
        if self.version("receipt-before-ship", DEFAULT_VERSION, 1) == 1:
            done.append(self.submit(receipt, order).result())
        done.append(self.submit(ship, order).result())
        return done


def test_the_replayer_names_the_event_where_changed_code_diverges() -> None:
    history = _v1_history_up_to_ship()
    replay(OrderV1, history)  # the code that wrote it replays fine
    with pytest.raises(NonDeterminismError) as caught:
        replay(OrderV2Unsafe, history)
    error = caught.value
    scheduled_ship = history.filter("ActivityTaskScheduled").last()
    assert error.event_id == scheduled_ship.id
    assert error.history == "ActivityTaskScheduled of ship/1 (activity id ship-1)"
    assert error.code == "scheduled activity receipt/1 (activity id receipt-1)"
    assert f"at event {scheduled_ship.id}" in str(error)


def test_version_makes_the_same_change_safe_for_running_executions() -> None:
    history = _v1_history_up_to_ship()
    replay(OrderV2Safe, history)  # no divergence: the old path is taken
    fresh = Sim(OrderV2Safe, "o-2")
    first = fresh.decide()
    fresh.complete("charge-1", "charged o-2")
    second = fresh.decide()
    assert types(first) == ["ScheduleActivityTask"]
    assert types(second) == ["RecordMarker", "ScheduleActivityTask"]
    marker = second[0]["recordMarkerDecisionAttributes"]
    assert marker["markerName"] == "flow.version"
    assert json.loads(marker["details"]) == {"change_id": "receipt-before-ship", "version": 1}
    assert ids(second)[1] == "receipt-1"
    fresh.complete("receipt-1", "r").decide()
    fresh.complete("ship-1", "s").decide()
    assert fresh.result() == ["charged o-2", "r", "s"]
    fresh.replay()
    fresh.close()


class OrderV3(Workflow):
    """The old path removed: executions that took it are no longer supported."""

    name = "order"

    def run(self, order: str) -> list[str]:
        charged = self.submit(charge, order).result()
        self.version("receipt-before-ship", 1, 1)
        sent = self.submit(receipt, order).result()
        return [charged, sent, self.submit(ship, order).result()]


def test_version_refuses_an_execution_older_than_its_minimum() -> None:
    with pytest.raises(NonDeterminismError, match="version 0 of change 'receipt-before-ship'"):
        replay(OrderV3, _v1_history_up_to_ship())


class OrderShorter(Workflow):
    name = "order"

    def run(self, order: str) -> str:
        return self.submit(charge, order).result()


def test_code_that_does_less_than_the_history_is_reported() -> None:
    with pytest.raises(NonDeterminismError) as caught:
        replay(OrderShorter, _v1_history_up_to_ship())
    assert caught.value.history == "ActivityTaskScheduled of ship/1 (activity id ship-1)"
    assert caught.value.code == "completed the execution"


class OrderLonger(Workflow):
    name = "order"

    def run(self, order: str) -> str:
        first = self.submit(charge, order)
        self.submit(receipt, order)
        return first.result()


def test_code_that_does_more_than_the_history_is_reported() -> None:
    with pytest.raises(NonDeterminismError) as caught:
        replay(OrderLonger, _v1_history_up_to_ship())
    assert "recorded no more decisions" in caught.value.history
    assert caught.value.code == "scheduled activity receipt/1 (activity id receipt-1)"


def test_a_timed_out_decision_task_is_skipped_and_a_live_instance_notices() -> None:
    sim = Sim(OrderV1, "o-3")
    sim.decide(record=False)
    sim.time_out_decision()  # the answer was lost: SWF schedules a new task
    answer = sim.decide()
    assert ids(answer) == ["charge-1"]  # the code did not run twice
    stale = WorkflowInstance(OrderV1, workflow_id="o-3")
    events = sim.builder.events
    first_started = next(e for e in events if e["eventType"] == "DecisionTaskStarted")["eventId"]
    stale.apply(events[:first_started])
    with pytest.raises(InstanceStale, match="timed out"):
        stale.apply(events[first_started:])
    stale.evict()
    sim.close()


def test_a_close_refused_as_unhandled_decision_is_sent_again() -> None:
    sim = Sim(OrderShorter, "o-4")
    sim.decide()
    sim.complete("charge-1", "c")
    answer = sim.decide(record=False)
    assert types(answer) == ["CompleteWorkflowExecution"]
    sim.builder.decision_task_completed()
    sim.builder.signaled("late")
    sim.builder.complete_workflow_failed(cause="UNHANDLED_DECISION")
    assert types(sim.decide()) == ["CompleteWorkflowExecution"]
    sim.close()


def test_events_must_follow_one_another() -> None:
    instance = WorkflowInstance(OrderV1)
    history = _v1_history_up_to_ship()
    with pytest.raises(InstanceStale, match="expected event 1, got 2"):
        instance.apply(list(history)[1:])


def test_a_lambda_function_in_the_history_is_reported() -> None:
    sim = Sim(OrderV1, "o-5")
    sim.decide(record=False)
    sim.builder.decision_task_completed()
    sim.builder.lambda_scheduled("fn-1")
    with pytest.raises(NonDeterminismError, match="LambdaFunctionScheduled"):
        replay(OrderV1, sim.history)
    sim.close()


class Blocking(Workflow):
    def run(self) -> None:
        time.sleep(0.3)  # what workflow code must not do


def test_workflow_code_blocking_outside_flow_calls_is_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_thread, "RUN_TIMEOUT", 0.05)
    sim = Sim(Blocking, sticky=False)
    with pytest.raises(FlowError, match="without reaching a suspension point"):
        sim.decide()


class Long(Workflow):
    def run(self) -> bool:
        for _ in range(30):
            self.sleep(1)
        return self.continue_as_new_suggested


def test_a_long_history_logs_a_warning_and_suggests_continue_as_new(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(engine, "HISTORY_WARNING", 40)
    sim = Sim(Long)
    with caplog.at_level(logging.WARNING, logger="swf.flow"):
        for number in range(1, 31):
            sim.decide()
            sim.fire(f"timer-{number}")
        sim.decide()
    assert sim.result() is True
    warnings = [r.getMessage() for r in caplog.records if "continue_as_new" in r.getMessage()]
    assert warnings and "SWF terminates it at 25000" in warnings[0]
    sim.close()


def test_full_replays_reuse_a_few_threads_instead_of_one_per_decision_task() -> None:
    def flow_threads() -> int:
        return sum(1 for t in threading.enumerate() if t.name.startswith("swf-flow"))

    sim = Sim(OrderV1, "o-6", sticky=False)
    sim.builder.decision_task_scheduled().decision_task_started()
    events = sim.builder.events
    for _ in range(40):
        instance = WorkflowInstance(OrderV1, workflow_id="o-6")
        assert [d.DECISION_TYPE for d in instance.apply(events)] == ["ScheduleActivityTask"]
        instance.evict()
    assert flow_threads() <= 8
