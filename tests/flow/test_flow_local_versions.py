"""Code changes under running executions on SWF Local: the replayer, version(), restarts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from swf.flow import (
    DEFAULT_VERSION,
    NonDeterminismError,
    Worker,
    Workflow,
    activity,
    replay,
)
from swf.local import ManualClock
from swf.models import Domain
from tests.flow.support import event_types, wait_for, wait_for_event


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

    def run(self, order: str) -> list[Any]:
        done = [self.submit(charge, order).result()]
        done.append(self.wait_signal("packed").result())
        done.append(self.submit(ship, order).result())
        return done


class OrderV2Unsafe(Workflow):
    name = "order"

    def run(self, order: str) -> list[Any]:
        done = [self.submit(charge, order).result()]
        done.append(self.submit(receipt, order).result())  # new step, unguarded
        done.append(self.wait_signal("packed").result())
        done.append(self.submit(ship, order).result())
        return done


class OrderV2Safe(Workflow):
    name = "order"

    def run(self, order: str) -> list[Any]:
        done = [self.submit(charge, order).result()]
        if self.version("receipt", DEFAULT_VERSION, 1) == 1:
            done.append(self.submit(receipt, order).result())
        done.append(self.wait_signal("packed").result())
        done.append(self.submit(ship, order).result())
        return done


ACTIVITIES = [charge, ship, receipt]


def test_a_code_change_is_caught_by_the_replayer_and_made_safe_by_version(
    run_worker: Callable[..., Worker], domain: Domain
) -> None:
    v1 = run_worker(workflows=[OrderV1], activities=ACTIVITIES)
    old = OrderV1.start("o-1", domain=domain, workflow_id="order-old")
    wait_for_event(old, "WorkflowExecutionStarted")
    wait_for(lambda: "ActivityTaskCompleted" in event_types(old), "the charge")
    wait_for_event(old, "DecisionTaskCompleted", 2)  # it waits for the signal now
    v1.stop()
    recorded = old.history()

    replay(OrderV1, recorded)
    with pytest.raises(NonDeterminismError) as caught:
        replay(OrderV2Unsafe, recorded)
    assert "receipt" in caught.value.code
    replay(OrderV2Safe, recorded)  # the guarded change replays the old execution

    run_worker(workflows=[OrderV2Safe], activities=ACTIVITIES)
    old.signal("packed", "box 7")
    assert old.result(timeout=20) == ["charged o-1", "box 7", "shipped o-1"]
    fresh = OrderV2Safe.start("o-2", domain=domain, workflow_id="order-new")
    wait_for(lambda: "ActivityTaskScheduled" in event_types(fresh), "the first schedule")
    wait_for(lambda: event_types(fresh).count("ActivityTaskCompleted") == 2, "the receipt")
    fresh.signal("packed", "box 8")
    assert fresh.result(timeout=20) == [
        "charged o-2",
        "receipt for o-2",
        "box 8",
        "shipped o-2",
    ]
    markers = fresh.history().filter("MarkerRecorded")
    assert [m.marker_name for m in markers] == ["flow.version"]
    replay(OrderV2Safe, old.history())
    replay(OrderV2Safe, fresh.history())


def test_a_diverging_decider_leaves_the_task_unanswered_until_fixed_code_takes_it(
    run_worker: Callable[..., Worker], domain: Domain, swf_clock: ManualClock
) -> None:
    v1 = run_worker(workflows=[OrderV1], activities=ACTIVITIES)
    handle = OrderV1.start("o-3", domain=domain, workflow_id="order-diverging")
    wait_for_event(handle, "DecisionTaskCompleted", 2)
    v1.stop()
    broken = run_worker(workflows=[OrderV2Unsafe], activities=ACTIVITIES)
    handle.signal("packed", "box 9")
    wait_for_event(handle, "DecisionTaskStarted", 3)
    before = len(handle.history())
    broken.stop()  # it took the task and sent nothing: no corrupting decisions
    history = handle.history()
    assert len(history) == before
    assert history[-1].type == "DecisionTaskStarted"
    assert not history.failed_decisions
    # the task times out; a worker with the code that matches picks the execution up
    swf_clock.advance(timedelta(seconds=31))
    run_worker(workflows=[OrderV2Safe], activities=ACTIVITIES)
    assert handle.result(timeout=20) == ["charged o-3", "box 9", "shipped o-3"]
    assert "DecisionTaskTimedOut" in event_types(handle)


class Pipeline(Workflow):
    def run(self, order: str) -> list[Any]:
        done = [self.submit(charge, order).result()]
        stamp = self.side_effect(lambda: f"{order}-stamp")
        done.append(stamp)
        done.append(self.wait_signal("go").result())
        self.sleep(60)
        done.append(self.submit(ship, order).result())
        done.append(self.now().isoformat())
        return done


def _run_pipeline(
    run_worker: Callable[..., Worker],
    domain: Domain,
    clock: ManualClock,
    workflow_id: str,
    *,
    restart: bool,
) -> tuple[list[Any], list[str]]:
    worker = run_worker(workflows=[Pipeline], activities=ACTIVITIES)
    handle = Pipeline.start("o-9", domain=domain, workflow_id=workflow_id)
    wait_for_event(handle, "MarkerRecorded")
    if restart:
        worker.stop()  # the decider goes away in the middle of the workflow
        run_worker(workflows=[Pipeline], activities=ACTIVITIES)  # a new one, no memory
    handle.signal("go", "signal")
    wait_for_event(handle, "TimerStarted")
    clock.advance(60)
    result = handle.result(timeout=20)
    decisions = [
        e.type
        for e in handle.history()
        if getattr(e, "decision_task_completed_event_id", None) is not None
    ]
    return result, decisions


def test_a_decider_restarted_in_the_middle_of_a_workflow_gives_the_same_result(
    run_worker: Callable[..., Worker], domain: Domain, swf_clock: ManualClock
) -> None:
    swf_clock.set(1_800_000_000)
    straight, straight_decisions = _run_pipeline(
        run_worker, domain, swf_clock, "straight", restart=False
    )
    swf_clock.set(1_900_000_000)
    restarted, restarted_decisions = _run_pipeline(
        run_worker, domain, swf_clock, "restarted", restart=True
    )
    assert (
        straight[:4]
        == restarted[:4]
        == [
            "charged o-9",
            "o-9-stamp",
            "signal",
            "shipped o-9",
        ]
    )
    assert restarted_decisions == straight_decisions
