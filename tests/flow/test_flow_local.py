"""Workflows as code run by a Worker on SWF Local, end to end (each feature of swf.flow)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from swf.flow import (
    ActivityFailed,
    ActivityTimedOut,
    Cancelled,
    ChildWorkflowFailed,
    RetryPolicy,
    ScheduleFailed,
    Worker,
    Workflow,
    WorkflowFailed,
    activity,
    activity_context,
)
from swf.local import ManualClock
from swf.models import Domain, WorkflowExecution
from tests.flow.support import advance_at_timer, event_types, wait_for, wait_for_event


@activity(start_to_close=60)
def double(value: int) -> int:
    return value * 2


@activity
def fail(message: str) -> None:
    raise ValueError(message)


class Sequence(Workflow):
    def run(self, count: int) -> list[int]:
        return [self.submit(double, index).result() for index in range(count)]


def test_a_workflow_of_activities_runs_to_its_result(
    run_worker: Callable[..., Worker], domain: Domain
) -> None:
    run_worker(workflows=[Sequence], activities=[double])
    handle = Sequence.start(3, domain=domain, workflow_id="sequence")
    assert handle.result(timeout=20) == [0, 2, 4]
    types = event_types(handle)
    assert types.count("ActivityTaskCompleted") == 3
    assert types[-1] == "WorkflowExecutionCompleted"


class Failing(Workflow):
    def run(self) -> str:
        try:
            self.submit(fail, "boom").result()
        except ActivityFailed as error:
            raise RuntimeError(f"step failed: {error.reason}") from error
        return "unreachable"


def test_failures_come_back_typed_and_fail_the_execution(
    run_worker: Callable[..., Worker],
    domain: Domain,
) -> None:
    run_worker(workflows=[Failing], activities=[fail])
    handle = Failing.start(domain=domain)
    with pytest.raises(WorkflowFailed) as caught:
        handle.result(timeout=20)
    assert caught.value.close_status == "FAILED"
    assert caught.value.reason == "RuntimeError: step failed: ValueError: boom"
    assert "raise RuntimeError" in (caught.value.details or "")


attempts: list[int] = []


@activity(retry=RetryPolicy(maximum_attempts=3, initial_interval=30, backoff=2))
def flaky(succeed_at: int) -> int:
    attempts.append(len(attempts) + 1)
    if len(attempts) < succeed_at:
        raise ConnectionError(f"attempt {len(attempts)} failed")
    return len(attempts)


class Retried(Workflow):
    def run(self) -> int:
        return self.submit(flaky, 3).result()


def test_a_retry_waits_with_backoff_timers_in_the_history(
    run_worker: Callable[..., Worker], domain: Domain, swf_clock: ManualClock
) -> None:
    attempts.clear()
    run_worker(workflows=[Retried], activities=[flaky])
    handle = Retried.start(domain=domain)
    advance_at_timer(handle, swf_clock, 30, count=1)
    advance_at_timer(handle, swf_clock, 60, count=2)
    assert handle.result(timeout=20) == 3
    history = handle.history()
    timers = history.filter("TimerStarted")
    assert [(t.timer_id, t.start_to_fire_timeout) for t in timers] == [
        ("flaky-1.2", timedelta(seconds=30)),
        ("flaky-1.3", timedelta(seconds=60)),
    ]
    scheduled = [e.activity_id for e in history.filter("ActivityTaskScheduled")]
    assert scheduled == ["flaky-1", "flaky-1.2", "flaky-1.3"]
    assert len(history.filter("ActivityTaskFailed")) == 2


released = threading.Event()


@activity(start_to_close=120)
def stuck() -> None:
    released.wait(10)  # held until the test has seen it time out


class TimingOut(Workflow):
    def run(self) -> str:
        try:
            self.submit(stuck).result()
        except ActivityTimedOut as error:
            return error.timeout_type
        return "finished"


def test_an_activity_time_out_is_raised_as_activity_timed_out(
    run_worker: Callable[..., Worker], domain: Domain, swf_clock: ManualClock
) -> None:
    run_worker(workflows=[TimingOut], activities=[stuck])
    handle = TimingOut.start(domain=domain)
    released.clear()
    wait_for_event(handle, "ActivityTaskStarted")
    swf_clock.advance(121)
    try:
        assert handle.result(timeout=20) == "START_TO_CLOSE"
    finally:
        released.set()


cancel_seen = threading.Event()


@activity(heartbeat=600)
def until_canceled() -> str:
    context = activity_context()
    while not context.heartbeat():
        context.wait_for_cancel_request(0.02)
    cancel_seen.set()
    context.raise_if_cancel_requested("stopped on request")
    return "not canceled"


class Cancellable(Workflow):
    def run(self) -> str:
        job = self.submit(until_canceled)
        try:
            return job.result()
        except Cancelled:
            job.cancel()
            try:
                job.result()
            except Cancelled:
                pass
            raise


def test_a_workflow_canceled_while_its_activity_runs_cancels_the_activity_and_closes_canceled(
    run_worker: Callable[..., Worker],
    domain: Domain,
) -> None:
    cancel_seen.clear()
    run_worker(workflows=[Cancellable], activities=[until_canceled])
    handle = Cancellable.start(domain=domain)
    wait_for_event(handle, "ActivityTaskStarted")
    handle.cancel()
    with pytest.raises(Cancelled):
        handle.result(timeout=20)
    assert cancel_seen.is_set()
    types = event_types(handle)
    assert types.index("WorkflowExecutionCancelRequested") < types.index(
        "ActivityTaskCancelRequested"
    )
    assert "ActivityTaskCanceled" in types
    assert types[-1] == "WorkflowExecutionCanceled"


class Child(Workflow):
    def run(self, value: int) -> int:
        if value < 0:
            raise ValueError("negative")
        return self.submit(double, value).result()


class Parent(Workflow):
    def run(self, values: list[int]) -> list[Any]:
        children = [self.submit(Child, value) for value in values]
        results: list[Any] = []
        for child in children:
            try:
                results.append(child.result())
            except ChildWorkflowFailed as error:
                results.append(f"{error.close_status}: {error.reason}")
        return results


def test_child_workflows_return_results_and_a_failing_child_raises(
    run_worker: Callable[..., Worker],
    domain: Domain,
) -> None:
    run_worker(workflows=[Parent, Child], activities=[double])
    handle = Parent.start([4, -1], domain=domain, workflow_id="parent")
    assert handle.result(timeout=20) == [8, "FAILED: ValueError: negative"]
    initiated = handle.history().filter("StartChildWorkflowExecutionInitiated")
    assert [e.workflow_id for e in initiated] == ["parent.Child-1", "parent.Child-2"]


gate = threading.Event()


@activity
def gated(value: int) -> int:
    gate.wait(10)
    return value


class GatedApproval(Workflow):
    def run(self) -> Any:
        self.submit(gated, 1).result()
        return {"approval": self.wait_signal("approved").result(), "seen": self.signals}


def test_a_signal_arriving_before_wait_signal_is_reached_is_kept(
    run_worker: Callable[..., Worker],
    domain: Domain,
) -> None:
    gate.clear()
    run_worker(workflows=[GatedApproval], activities=[gated])
    handle = GatedApproval.start(domain=domain)
    wait_for_event(handle, "ActivityTaskStarted")
    handle.signal("approved", {"by": "ada"})  # the workflow still waits for its activity
    gate.set()
    assert handle.result(timeout=20) == {
        "approval": {"by": "ada"},
        "seen": {"approved": [{"by": "ada"}]},
    }
    types = event_types(handle)
    assert types.index("WorkflowExecutionSignaled") < types.index("ActivityTaskCompleted")


class Countdown(Workflow):
    def run(self, left: int, seen: list[str]) -> list[str]:
        seen = [*seen, self.run_id]
        self.sleep(1)
        if left > 0:
            self.continue_as_new(left - 1, seen)
        return seen


def test_continue_as_new_carries_state_and_the_handle_follows_the_runs(
    run_worker: Callable[..., Worker], domain: Domain, swf_clock: ManualClock
) -> None:
    run_worker(workflows=[Countdown])
    handle = Countdown.start(2, [], domain=domain, workflow_id="countdown")
    first_run = handle.run_id
    for _ in range(3):
        wait_for(lambda: _open_timers(domain, "countdown") == 1, "the open run's timer")
        swf_clock.advance(1)
    runs = handle.result(timeout=20)
    assert len(runs) == 3
    assert runs[0] == first_run
    assert handle.run_id == runs[-1] != first_run


def _open_timers(domain: Domain, workflow_id: str) -> int:
    """Timers started and not fired in the open run of ``workflow_id`` (0 if none is open)."""
    try:
        history = WorkflowExecution(domain, workflow_id).history()
    except WorkflowExecution.DoesNotExist:
        return 0
    return len(history.filter("TimerStarted")) - len(history.filter("TimerFired"))


class FanOut(Workflow):
    def run(self, count: int) -> int:
        futures = [self.submit(double, index) for index in range(count)]
        return sum(future.result() for future in futures)


def test_150_activities_submitted_at_once_go_out_in_two_decision_tasks(
    run_worker: Callable[..., Worker],
    domain: Domain,
) -> None:
    run_worker(workflows=[FanOut], activities=[double], activity_threads=2)
    handle = FanOut.start(150, domain=domain)
    assert handle.result(timeout=60) == 2 * sum(range(150))
    history = handle.history()
    assert len(history.filter("ActivityTaskScheduled")) == 150
    # every answer within SWF's 100 decisions: the first held 99 and a zero-second timer
    first = history.first("DecisionTaskCompleted")
    first_batch = [
        e for e in history if getattr(e, "decision_task_completed_event_id", 0) == first.id
    ]
    assert len(first_batch) == 100
    assert first_batch[-1].type == "TimerStarted"
    assert not history.failed_decisions


class Forever(Workflow):
    def run(self) -> None:
        self.wait_signal("never").result()


def test_terminate_and_history_through_the_handle(
    run_worker: Callable[..., Worker], domain: Domain
) -> None:
    run_worker(workflows=[Forever])
    handle = Forever.start(domain=domain, workflow_id="forever", tag_list=["t1"])
    wait_for_event(handle, "DecisionTaskCompleted")
    with pytest.raises(TimeoutError, match=r"still open after 0\.05 s"):
        handle.result(timeout=0.05)
    handle.terminate(reason="enough")
    with pytest.raises(WorkflowFailed) as caught:
        handle.result(timeout=20)
    assert caught.value.close_status == "TERMINATED"
    assert caught.value.reason == "enough"
    assert handle.history().closing_event.type == "WorkflowExecutionTerminated"
    assert handle.execution.upstream().tag_list == ("t1",)


def test_start_registers_the_type_and_workers_register_idempotently(
    domain: Domain, swf_connection: Any
) -> None:
    from swf.models import WorkflowType

    handle = Sequence.start(1, domain=domain, workflow_id="early")  # no worker ran yet
    registered = WorkflowType(domain, "Sequence", "1").upstream()
    assert registered.task_list == "workflows"
    assert registered.decision_tasks_timeout == timedelta(seconds=30)
    for _ in range(2):
        worker = Worker(domain, workflows=[Sequence], activities=[double])
        worker.register_types()
    with Worker(domain, workflows=[Sequence], activities=[double]):
        assert handle.result(timeout=20) == [0]


def test_an_input_over_swfs_limit_is_refused_before_starting(domain: Domain) -> None:
    from swf.flow import PayloadError

    with pytest.raises(PayloadError, match="input of workflow Sequence is 40"):
        Sequence.start("x" * 40_000, domain=domain)
    with pytest.raises(TypeError, match="workflow Sequence"):
        Sequence.start(1, 2, domain=domain)


@activity(name="not-on-this-worker")
def elsewhere() -> None:
    return None


class Misrouted(Workflow):
    def run(self) -> str:
        try:
            self.submit(elsewhere).result()
        except ActivityFailed as error:
            return error.reason or ""
        return "ran"


def test_an_activity_task_for_an_activity_the_worker_lacks_fails_clearly(
    run_worker: Callable[..., Worker], domain: Domain
) -> None:
    from swf.flow.registration import register_activity

    register_activity(elsewhere, domain)
    run_worker(workflows=[Misrouted], activities=[double])
    handle = Misrouted.start(domain=domain)
    assert handle.result(timeout=20) == (
        "FlowError: no activity not-on-this-worker/1 on this worker of task list 'activities'"
    )


class Listener(Workflow):
    def run(self) -> Any:
        return self.wait_signal("hello").result()


class Caller(Workflow):
    def run(self, target: str) -> str:
        self.signal(target, "hello", {"from": self.workflow_id}).result()
        return "delivered"


def test_a_workflow_signals_another_execution(
    run_worker: Callable[..., Worker], domain: Domain
) -> None:
    run_worker(workflows=[Listener, Caller])
    listener = Listener.start(domain=domain, workflow_id="listener")
    assert Caller.start("listener", domain=domain, workflow_id="caller").result(timeout=20) == (
        "delivered"
    )
    assert listener.result(timeout=20) == {"from": "caller"}


@activity(name="never-registered")
def unregistered() -> None:
    return None


class Refused(Workflow):
    def run(self) -> str:
        try:
            self.submit(unregistered).result()
        except ScheduleFailed as error:
            return error.cause
        return "scheduled"


def test_a_refused_schedule_raises_schedule_failed_with_swfs_cause(
    run_worker: Callable[..., Worker], domain: Domain
) -> None:
    run_worker(workflows=[Refused])  # the activity type was never registered
    assert Refused.start(domain=domain).result(timeout=20) == "ACTIVITY_TYPE_DOES_NOT_EXIST"
