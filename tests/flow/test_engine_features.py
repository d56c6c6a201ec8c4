"""The replay engine offline, feature by feature (every task decided both ways by the Sim)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from swf.flow import (
    FIRST_COMPLETED,
    ActivityFailed,
    ActivityTimedOut,
    Cancelled,
    ChildWorkflowFailed,
    PayloadError,
    RetryPolicy,
    Workflow,
    activity,
    wait,
)
from tests.flow.sim import Sim, ids, types


@activity
def step(value: Any) -> Any:
    return value


@activity(retry=RetryPolicy(maximum_attempts=3, initial_interval=10, backoff=2))
def flaky(value: int) -> int:
    return value


def _attributes(decision: dict[str, Any]) -> dict[str, Any]:
    return next(v for k, v in decision.items() if k.endswith("Attributes"))


# -- retries -----------------------------------------------------------------------------------


class Retrying(Workflow):
    def run(self) -> str:
        try:
            return str(self.submit(flaky, 1).result())
        except ActivityFailed as error:
            return f"gave up after attempt {error.attempt}: {error.reason}"


def test_failed_attempts_are_retried_after_timers_growing_by_the_backoff() -> None:
    sim = Sim(Retrying)
    assert ids(sim.decide()) == ["flaky-1"]
    sim.fail("flaky-1")
    wait_1 = sim.decide()
    assert types(wait_1) == ["StartTimer"]
    assert _attributes(wait_1[0]) == {"timerId": "flaky-1.2", "startToFireTimeout": "10"}
    sim.fire("flaky-1.2")
    assert ids(sim.decide()) == ["flaky-1.2"]
    sim.fail("flaky-1.2")
    wait_2 = sim.decide()
    assert _attributes(wait_2[0]) == {"timerId": "flaky-1.3", "startToFireTimeout": "20"}
    sim.fire("flaky-1.3")
    assert ids(sim.decide()) == ["flaky-1.3"]
    sim.fail("flaky-1.3", reason="ValueError: still broken")
    sim.decide()
    assert sim.result() == "gave up after attempt 3: ValueError: still broken"
    sim.replay()
    sim.close()


def test_a_retried_attempt_that_succeeds_resolves_the_future() -> None:
    sim = Sim(Retrying)
    sim.decide()
    sim.time_out("flaky-1")
    sim.decide()
    sim.fire("flaky-1.2").decide()
    sim.complete("flaky-1.2", 7)
    sim.decide()
    assert sim.result() == "7"
    sim.close()


@activity(retry=RetryPolicy(maximum_attempts=5, retry_on=(ActivityTimedOut,)))
def picky(value: int) -> int:
    return value


class Picky(Workflow):
    def run(self) -> str:
        try:
            return str(self.submit(picky, 1).result())
        except ActivityFailed as error:
            return f"failed at attempt {error.attempt}"


def test_failures_outside_retry_on_are_not_retried() -> None:
    sim = Sim(Picky)
    sim.decide()
    sim.fail("picky-1")
    sim.decide()
    assert sim.result() == "failed at attempt 1"
    sim.close()


def test_retry_policy_validates_its_options() -> None:
    with pytest.raises(ValueError, match="maximum_attempts"):
        RetryPolicy(maximum_attempts=0)
    with pytest.raises(ValueError, match="backoff"):
        RetryPolicy(backoff=0.5)
    policy = RetryPolicy(initial_interval=timedelta(seconds=3), backoff=3, maximum_interval=20)
    assert [policy.interval(n) for n in (1, 2, 3)] == [3, 9, 20]


# -- timers and signals ---------------------------------------------------------------------------


class Sleeper(Workflow):
    def run(self) -> str:
        before = self.now()
        self.sleep(timedelta(hours=1, seconds=0.5))
        return f"{(self.now() - before).total_seconds():.0f}"


def test_sleep_is_a_timer_rounded_up_and_now_is_the_decision_tasks_time() -> None:
    sim = Sim(Sleeper)
    answer = sim.decide()
    assert _attributes(answer[0]) == {"timerId": "timer-1", "startToFireTimeout": "3601"}
    sim.builder.wait(timedelta(seconds=3601))
    sim.fire("timer-1")
    sim.decide()
    # the time between the two decision tasks' starts, the same on every replay
    assert int(sim.result()) >= 3601
    sim.replay()
    sim.close()


class Approval(Workflow):
    def run(self) -> dict[str, Any]:
        self.submit(step, "prepare").result()
        approval = self.wait_signal("approve").result()
        return {"approval": approval, "all": self.signals}


def test_a_signal_received_before_wait_signal_is_reached_is_not_lost() -> None:
    sim = Sim(Approval)
    sim.decide()
    sim.signal("approve", {"by": "ada"})  # arrives while the activity still runs
    assert sim.decide() == []
    sim.complete("step-1", "prepare")
    sim.decide()
    assert sim.result() == {"approval": {"by": "ada"}, "all": {"approve": [{"by": "ada"}]}}
    sim.close()


class Deadline(Workflow):
    def run(self) -> str:
        signal = self.wait_signal("go")
        done, _ = wait(signal, self.timer(60), return_when=FIRST_COMPLETED)
        return "signaled" if signal in done else "timed out"


def test_waiting_for_a_signal_or_a_timer() -> None:
    sim = Sim(Deadline)
    sim.decide()
    sim.fire("timer-1")
    sim.decide()
    assert sim.result() == "timed out"
    other = Sim(Deadline)
    other.decide()
    other.signal("go", "now")
    other.decide()
    assert other.result() == "signaled"
    sim.close()
    other.close()


class CancelTimer(Workflow):
    def run(self) -> str:
        timer = self.timer(600)
        self.submit(step, "x").result()
        timer.cancel()
        return "canceled" if timer.cancelled() else "fired"


def test_a_canceled_timer_sends_cancel_timer() -> None:
    sim = Sim(CancelTimer)
    assert types(sim.decide()) == ["StartTimer", "ScheduleActivityTask"]
    sim.complete("step-1", "x")
    assert types(sim.decide()) == ["CancelTimer", "CompleteWorkflowExecution"]
    assert sim.result() == "canceled"
    sim.replay()
    sim.close()


class Signaler(Workflow):
    def run(self) -> None:
        self.signal("other-workflow", "ping", {"n": 1}).result()


def test_signaling_another_execution() -> None:
    sim = Sim(Signaler)
    answer = sim.decide()
    attributes = _attributes(answer[0])
    assert attributes["workflowId"] == "other-workflow"
    assert attributes["signalName"] == "ping"
    assert json.loads(attributes["input"]) == {"n": 1}
    assert types(sim.decide()) == ["CompleteWorkflowExecution"]
    sim.replay()
    sim.close()


# -- side effects, continue as new -----------------------------------------------------------------


class Counted:
    calls = 0


class Lucky(Workflow):
    def run(self) -> list[Any]:
        def draw() -> int:
            Counted.calls += 1
            return 1000 + Counted.calls

        number = self.side_effect(draw)
        pair = self.side_effect(lambda: (1, 2))
        self.sleep(1)
        return [number, pair]


def test_side_effect_runs_once_and_replays_from_its_marker() -> None:
    Counted.calls = 0
    sim = Sim(Lucky, sticky=False)
    first = sim.decide()
    assert types(first) == ["RecordMarker", "RecordMarker", "StartTimer"]
    details = json.loads(_attributes(first[0])["details"])
    assert details == {"id": 1, "value": "1001"}
    sim.fire("timer-1")
    sim.decide()  # a full replay: the recorded value, draw() not called again
    assert Counted.calls == 1
    assert sim.result() == [1001, [1, 2]]
    sim.replay()
    assert Counted.calls == 1
    sim.close()


class Counter(Workflow):
    def run(self, count: int, total: int) -> int:
        self.sleep(1)
        if count < 3:
            self.continue_as_new(count + 1, total + count)
        return total + count


def test_continue_as_new_carries_the_state_to_the_next_run() -> None:
    sim = Sim(Counter, 1, 10)
    sim.decide()
    sim.fire("timer-1")
    answer = sim.decide()
    assert types(answer) == ["ContinueAsNewWorkflowExecution"]
    attributes = _attributes(answer[0])
    assert json.loads(attributes["input"]) == {"args": [2, 11]}
    assert attributes["taskList"] == {"name": "workflows"}
    assert attributes["childPolicy"] == "TERMINATE"
    sim.replay()
    sim.close()


# -- cancellation --------------------------------------------------------------------------------


class Cleanup(Workflow):
    def run(self) -> str:
        job = self.submit(step, "long")
        try:
            return str(job.result())
        except Cancelled:
            job.cancel()
            self.submit(step, "cleanup").result()
            raise


def test_cancel_request_raises_cancelled_in_run_which_may_clean_up() -> None:
    sim = Sim(Cleanup)
    sim.decide()
    sim.cancel_request()
    answer = sim.decide()
    assert types(answer) == ["RequestCancelActivityTask", "ScheduleActivityTask"]
    assert ids(answer) == ["step-1", "step-2"]
    sim.complete("step-2", "cleanup")
    assert types(sim.decide()) == ["CancelWorkflowExecution"]
    sim.replay()
    sim.close()


class Unwinding(Workflow):
    finally_ran = 0

    def run(self) -> None:
        try:
            self.sleep(100)
        finally:
            Unwinding.finally_ran += 1


def test_evicting_an_instance_unwinds_run_through_its_finally_blocks() -> None:
    Unwinding.finally_ran = 0
    sim = Sim(Unwinding, sticky=False)
    sim.decide()  # a full replay, then the instance is evicted
    assert Unwinding.finally_ran == 1
    sim.close()


# -- children ------------------------------------------------------------------------------------


class Child(Workflow):
    def run(self, value: int) -> int:
        return value


class Parent(Workflow):
    def run(self) -> str:
        child = self.submit(Child, 5)
        try:
            return f"child said {child.result()}"
        except ChildWorkflowFailed as error:
            return f"child {child.workflow_id} {error.close_status}: {error.reason}"


def test_a_child_workflow_that_fails_raises_child_workflow_failed() -> None:
    sim = Sim(Parent, workflow_id="parent-1")
    answer = sim.decide()
    attributes = _attributes(answer[0])
    assert attributes["workflowId"] == "parent-1.Child-1"
    assert attributes["workflowType"] == {"name": "Child", "version": "1"}
    assert attributes["taskList"] == {"name": "workflows"}
    sim.builder.child_workflow_failed("parent-1.Child-1", reason="ValueError: bad", details="tb")
    sim.decide()
    assert sim.result() == "child parent-1.Child-1 FAILED: ValueError: bad"
    sim.replay()
    assert sim.replay() == []  # the workflow id is read from the child ids
    sim.close()


def test_a_child_workflow_result_is_decoded() -> None:
    sim = Sim(Parent, workflow_id="parent-2")
    sim.decide()
    sim.builder.child_workflow_completed("parent-2.Child-1", result="5")
    sim.decide()
    assert sim.result() == "child said 5"
    sim.close()


# -- limits and payloads ------------------------------------------------------------------------


class FanOut(Workflow):
    def run(self, count: int) -> int:
        return sum(self.map(step, range(count)))


def test_150_activities_go_out_in_two_answers_of_at_most_100_decisions() -> None:
    sim = Sim(FanOut, 150)
    first = sim.decide()
    assert len(first) == 100
    assert types(first)[-1] == "StartTimer"
    assert ids(first)[-1] == "flow.continue-1"
    sim.fire("flow.continue-1")
    second = sim.decide()
    assert len(second) == 51
    assert set(types(second)) == {"ScheduleActivityTask"}
    for index in range(150):
        sim.complete(f"step-{index + 1}", index)
    sim.decide()
    assert sim.result() == sum(range(150))
    sim.replay()
    sim.close()


def test_more_than_1000_open_activities_wait_for_some_to_close() -> None:
    sim = Sim(FanOut, 1003, sticky=False)
    sent = 0
    while True:
        answer = sim.decide()
        sent += types(answer).count("ScheduleActivityTask")
        if "StartTimer" not in types(answer):
            break
        sim.fire(ids(answer)[-1])
    assert sent == 1000  # SWF's limit of open activities
    sim.complete("step-1", 0).complete("step-2", 1)
    assert ids(sim.decide()) == ["step-1001", "step-1002"]
    sim.complete("step-3", 2)
    assert ids(sim.decide()) == ["step-1003"]
    sim.close()


class Big(Workflow):
    def run(self, size: int) -> str:
        try:
            self.submit(step, "x" * size)
        except PayloadError as error:
            return str(error)
        return "sent"


def test_an_input_over_swfs_limit_raises_payload_error_before_anything_is_sent() -> None:
    sim = Sim(Big, 40_000)
    sim.decide()
    message = sim.result()
    assert "input of activity step" in message
    assert "32768" in message
    assert "characters" in message
    sim.close()


class BigResult(Workflow):
    def run(self) -> str:
        return "y" * 40_000


def test_a_result_over_swfs_limit_fails_the_execution_instead_of_truncating() -> None:
    sim = Sim(BigResult)
    answer = sim.decide()
    assert types(answer) == ["FailWorkflowExecution"]
    reason = _attributes(answer[0])["reason"]
    assert reason.startswith("PayloadError: the workflow's result is 40002 characters long")
    sim.close()


class WrongArguments(Workflow):
    def run(self) -> None:
        self.submit(step, 1, 2)


def test_wrong_arguments_for_an_activity_fail_in_the_workflow_code() -> None:
    sim = Sim(WrongArguments)
    answer = sim.decide()
    assert "TypeError: activity step" in _attributes(answer[0])["reason"]
    sim.close()


class Direct(Workflow):
    def run(self) -> Any:
        return step("called") + "!"


def test_calling_an_activity_inside_run_schedules_it_and_waits() -> None:
    sim = Sim(Direct)
    assert ids(sim.decide()) == ["step-1"]
    sim.complete("step-1", "called")
    sim.decide()
    assert sim.result() == "called!"
    sim.close()


class Outcomes(Workflow):
    def run(self) -> list[Any]:
        good, bad = self.submit(step, "ok"), self.submit(step, "bad")
        seen = [good.done(), bad.done()]
        error = bad.exception()  # suspends like result()
        return [*seen, good.done(), good.result(), type(error).__name__, error.reason]


def test_done_never_suspends_and_exception_waits_for_the_outcome() -> None:
    sim = Sim(Outcomes)
    sim.decide()
    sim.complete("step-1", "ok").fail("step-2", reason="KeyError: 'x'")
    sim.decide()
    assert sim.result() == [False, False, True, "ok", "ActivityFailed", "KeyError: 'x'"]
    sim.close()


class Reversed:
    """A converter that stores JSON reversed (to see that it is the one used)."""

    def encode(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value)[::-1]

    def decode(self, payload: str | None) -> Any:
        return None if payload is None else json.loads(payload[::-1])


@activity(converter=Reversed())
def mirrored(text: str) -> str:
    return text


class Mirror(Workflow):
    converter = Reversed()

    def run(self, text: str) -> dict[str, Any]:
        return {"echo": self.submit(mirrored, text).result()}


def test_a_converter_set_on_a_workflow_and_an_activity_encodes_their_payloads() -> None:
    sim = Sim(Mirror, "abc")
    started = sim.history[0]
    assert started.input == json.dumps({"args": ["abc"]})[::-1]
    answer = sim.decide()
    assert _attributes(answer[0])["input"] == json.dumps({"args": ["abc"]})[::-1]
    sim.builder.activity_started("mirrored-1")
    sim.builder.activity_completed("mirrored-1", result=json.dumps("abc")[::-1])
    closing = sim.decide()
    assert _attributes(closing[0])["result"] == json.dumps({"echo": "abc"})[::-1]
    sim.close()


def test_replay_takes_a_history_events_json_or_pages() -> None:
    from swf.flow import replay

    sim = Sim(FanOut, 3)
    sim.decide()
    for index in range(3):
        sim.complete(f"step-{index + 1}", index)
    sim.decide()
    history = sim.history
    for form in (
        history,
        history.to_json(),
        history.to_api(),
        sim.builder.pages(page_size=4),
        {"events": history.to_api()},
    ):
        assert replay(FanOut, form) == []
    sim.close()
