"""The ``swf_flow`` fixture: swf.flow workflows on a time-skipping SWF Local, as a user's
test suite writes them (no clock moved by hand anywhere here)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from swf.flow import ActivityFailed, Workflow, WorkflowFailed, activity


@activity(start_to_close=60)
def remind(address: str) -> str:
    return f"reminded {address}"


class Reminder(Workflow):
    def run(self, address: str) -> list[str]:
        first = self.submit(remind, address).result()
        self.sleep(timedelta(days=30))
        return [first, self.submit(remind, address).result()]


def test_a_30_day_timer_workflow_runs_to_its_result(swf_flow: Any) -> None:
    with swf_flow.worker(workflows=[Reminder], activities=[remind]):
        handle = swf_flow.start(Reminder, "ada@example.com", workflow_id="reminder")
        assert handle.result(timeout=20) == ["reminded ada@example.com"] * 2
    history = handle.history()
    started = next(event for event in history if event.type == "TimerStarted")
    fired = next(event for event in history if event.type == "TimerFired")
    assert fired.timestamp - started.timestamp >= timedelta(days=30)


@activity
def refuse(order: str) -> None:
    raise ValueError(f"{order} is out of stock")


class Order(Workflow):
    def run(self, order: str) -> str:
        try:
            self.submit(refuse, order).result()
        except ActivityFailed as error:
            raise RuntimeError(f"cannot ship: {error.reason}") from error
        return "shipped"


def test_failures_come_back_as_the_typed_exceptions(swf_flow: Any) -> None:
    with swf_flow.worker(workflows=[Order], activities=[refuse]):
        with pytest.raises(WorkflowFailed) as caught:
            swf_flow.start(Order, "order-7").result(timeout=20)
    assert caught.value.reason == "RuntimeError: cannot ship: ValueError: order-7 is out of stock"


def test_the_test_can_signal_and_an_unanswered_deadline_passes_at_once(
    swf_flow: Any,
) -> None:
    from swf.flow import FIRST_COMPLETED, wait

    class Signalled(Workflow):
        name = "Signalled"

        def run(self) -> str:
            decision = self.wait_signal("decision")
            deadline = self.timer(timedelta(days=7))
            wait(decision, deadline, return_when=FIRST_COMPLETED)
            return f"got {decision.result()}" if decision.done() else "expired"

    # Signalled before any decider runs, so the 7-day deadline cannot pass first.
    waiting = swf_flow.start(Signalled, workflow_id="signalled")
    waiting.signal("decision", "yes")
    with swf_flow.worker(workflows=[Signalled]):
        assert waiting.result(timeout=20) == "got yes"
        # Nobody signals this one; started with the default settings, which point at the
        # server: its 7-day deadline passes at once.
        assert Signalled.start(domain=swf_flow.domain).result(timeout=20) == "expired"
