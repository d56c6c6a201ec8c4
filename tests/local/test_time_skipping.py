"""Time skipping: with plain boto3 threads as decider and worker, no test code moves the clock.

Each test waits (with a generous real-time bound that only guards against a hang) for the
decider thread to close the workflow, then asserts the history.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from swf.local import LocalSWF, ManualClock

DAY = 86400
#: Only a guard against a hang: every test here finishes in a few real seconds at most.
HANG = 60.0

Events = list[dict[str, Any]]
Decide = Callable[[Events], list[dict[str, Any]]]


def client(endpoint_url: str) -> Any:
    return boto3.client(
        "swf",
        endpoint_url=endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=Config(read_timeout=70, retries={"max_attempts": 1}),
    )


@pytest.fixture
def local(tmp_path: Path) -> Iterator[LocalSWF]:
    with LocalSWF(tmp_path / "db.sqlite3", time_skipping=True, poll_hold=5) as server:
        swf = client(server.endpoint_url)
        swf.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
        swf.register_workflow_type(
            domain="d",
            name="wf",
            version="1",
            defaultTaskList={"name": "dl"},
            defaultExecutionStartToCloseTimeout=str(365 * DAY),
            defaultTaskStartToCloseTimeout="30",
            defaultChildPolicy="TERMINATE",
        )
        swf.register_activity_type(
            domain="d",
            name="act",
            version="1",
            defaultTaskList={"name": "al"},
            defaultTaskScheduleToStartTimeout="NONE",
            defaultTaskScheduleToCloseTimeout="NONE",
            defaultTaskStartToCloseTimeout="10",
            defaultTaskHeartbeatTimeout="NONE",
        )
        yield server


class Threads:
    """Decider and worker threads on their own boto3 clients, stopped at the end."""

    def __init__(self, server: LocalSWF) -> None:
        self.server = server
        self.stop = threading.Event()
        self.closed = threading.Event()
        self.errors: list[BaseException] = []
        self._threads: list[threading.Thread] = []

    def _spawn(self, loop: Callable[[], None]) -> None:
        def run() -> None:
            try:
                while not self.stop.is_set():
                    loop()
            except BaseException as error:  # reported by the test
                if not self.stop.is_set():
                    self.errors.append(error)
                    self.closed.set()

        thread = threading.Thread(target=run, daemon=True)
        self._threads.append(thread)
        thread.start()

    def decider(self, decide: Decide) -> None:
        swf = client(self.server.endpoint_url)

        def loop() -> None:
            task = swf.poll_for_decision_task(
                domain="d", taskList={"name": "dl"}, identity="decider"
            )
            if not task.get("taskToken"):
                return
            decisions = decide(task["events"])
            swf.respond_decision_task_completed(taskToken=task["taskToken"], decisions=decisions)
            if any(d["decisionType"] == "CompleteWorkflowExecution" for d in decisions):
                self.closed.set()

        self._spawn(loop)

    def worker(self, work: Callable[[dict[str, Any]], str]) -> None:
        swf = client(self.server.endpoint_url)

        def loop() -> None:
            task = swf.poll_for_activity_task(
                domain="d", taskList={"name": "al"}, identity="worker"
            )
            if task.get("taskToken"):
                result = work(task)
                swf.respond_activity_task_completed(taskToken=task["taskToken"], result=result)

        self._spawn(loop)

    def wait_closed(self) -> None:
        assert self.closed.wait(HANG), "the workflow did not close"
        assert not self.errors, self.errors

    def join(self) -> None:
        self.stop.set()
        self.server.stop()  # wakes the parked polls
        for thread in self._threads:
            thread.join(HANG)


@pytest.fixture
def threads(local: LocalSWF) -> Iterator[Threads]:
    running = Threads(local)
    try:
        yield running
    finally:
        running.join()


def schedule(activity_id: str, **attributes: Any) -> dict[str, Any]:
    return {
        "decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {
            "activityId": activity_id,
            "activityType": {"name": "act", "version": "1"},
            "input": activity_id,
            **attributes,
        },
    }


def start_timer(timer_id: str, seconds: int) -> dict[str, Any]:
    return {
        "decisionType": "StartTimer",
        "startTimerDecisionAttributes": {"timerId": timer_id, "startToFireTimeout": str(seconds)},
    }


def complete(result: str) -> dict[str, Any]:
    return {
        "decisionType": "CompleteWorkflowExecution",
        "completeWorkflowExecutionDecisionAttributes": {"result": result},
    }


def history(server: LocalSWF, run_id: str) -> Events:
    swf = client(server.endpoint_url)
    events: Events = swf.get_workflow_execution_history(
        domain="d", execution={"workflowId": "w", "runId": run_id}
    )["events"]
    return events


def start(server: LocalSWF) -> str:
    run_id: str = client(server.endpoint_url).start_workflow_execution(
        domain="d", workflowId="w", workflowType={"name": "wf", "version": "1"}
    )["runId"]
    return run_id


def of_type(events: Events, event_type: str) -> list[dict[str, Any]]:
    return [event for event in events if event["eventType"] == event_type]


def types(events: Events) -> list[str]:
    return [event["eventType"] for event in events]


def test_a_thirty_day_timer_between_two_activities_is_skipped(
    local: LocalSWF, threads: Threads
) -> None:
    def decide(events: Events) -> list[dict[str, Any]]:
        completed = of_type(events, "ActivityTaskCompleted")
        if of_type(events, "TimerFired"):
            return [complete("done")] if len(completed) == 2 else [schedule("second")]
        if completed:
            return [start_timer("month", 30 * DAY)]
        return [schedule("first")]

    threads.decider(decide)
    threads.worker(lambda task: f"did {task['input']}")
    clock = local.clock
    assert isinstance(clock, ManualClock)
    began = clock.now()
    real_began = time.monotonic()
    run_id = start(local)
    threads.wait_closed()
    real_took = time.monotonic() - real_began
    events = history(local, run_id)

    assert types(events).count("ActivityTaskCompleted") == 2
    assert [
        e["activityTaskCompletedEventAttributes"]["result"]
        for e in of_type(events, "ActivityTaskCompleted")
    ] == ["did first", "did second"]
    assert types(events)[-1] == "WorkflowExecutionCompleted"
    started, fired = of_type(events, "TimerStarted")[0], of_type(events, "TimerFired")[0]
    assert (fired["eventTimestamp"] - started["eventTimestamp"]).total_seconds() >= 30 * DAY
    assert clock.now() - began >= 30 * DAY - 1  # the service stamps to the millisecond
    assert local.skipper is not None and local.skipper.jumps >= 1
    print(f"30-day timer workflow: {real_took:.3f} s of real time")


def test_an_activity_working_in_real_time_holds_time_back(
    local: LocalSWF, threads: Threads
) -> None:
    # A one-day timer runs beside an activity that works 0.5 s of real time (start-to-close
    # 10 s): the clock must not jump past the activity's time-out while it works.
    def decide(events: Events) -> list[dict[str, Any]]:
        if of_type(events, "TimerFired"):
            return [complete("done")]
        if len(of_type(events, "DecisionTaskCompleted")) == 0:
            return [schedule("slow", startToCloseTimeout="10"), start_timer("day", DAY)]
        return []

    def work(task: dict[str, Any]) -> str:
        time.sleep(0.5)  # the activity's own work, in real time
        return "worked"

    threads.decider(decide)
    threads.worker(work)
    run_id = start(local)
    threads.wait_closed()
    events = history(local, run_id)

    assert not of_type(events, "ActivityTaskTimedOut")
    assert "ActivityTaskCompleted" in types(events)
    # The timer fired only after the activity was done: nothing jumped while it worked.
    assert types(events).index("ActivityTaskCompleted") < types(events).index("TimerFired")
    assert types(events)[-1] == "WorkflowExecutionCompleted"


def decide_until_timed_out(**attributes: Any) -> Decide:
    def decide(events: Events) -> list[dict[str, Any]]:
        timed_out = of_type(events, "ActivityTaskTimedOut")
        if timed_out:
            return [complete(timed_out[0]["activityTaskTimedOutEventAttributes"]["timeoutType"])]
        if len(of_type(events, "DecisionTaskCompleted")) == 0:
            return [schedule("lost", **attributes)]
        return []

    return decide


def test_a_heartbeat_timeout_fires_when_the_worker_is_gone(
    local: LocalSWF, threads: Threads
) -> None:
    threads.decider(decide_until_timed_out(heartbeatTimeout="1", startToCloseTimeout="3600"))
    run_id = start(local)
    swf = client(local.endpoint_url)
    task: dict[str, Any] = {}
    while not task.get("taskToken"):  # the worker takes the task, then is gone
        task = swf.poll_for_activity_task(domain="d", taskList={"name": "al"})
    threads.wait_closed()
    events = history(local, run_id)

    (timed_out,) = of_type(events, "ActivityTaskTimedOut")
    assert timed_out["activityTaskTimedOutEventAttributes"]["timeoutType"] == "HEARTBEAT"
    assert "ActivityTaskStarted" in types(events)
    assert types(events)[-1] == "WorkflowExecutionCompleted"


def test_a_schedule_to_start_timeout_fires_with_no_worker_at_all(
    local: LocalSWF, threads: Threads
) -> None:
    threads.decider(decide_until_timed_out(scheduleToStartTimeout="300"))
    run_id = start(local)
    threads.wait_closed()
    events = history(local, run_id)

    (timed_out,) = of_type(events, "ActivityTaskTimedOut")
    assert timed_out["activityTaskTimedOutEventAttributes"]["timeoutType"] == "SCHEDULE_TO_START"
    assert "ActivityTaskStarted" not in types(events)
    (scheduled,) = of_type(events, "ActivityTaskScheduled")
    waited = timed_out["eventTimestamp"] - scheduled["eventTimestamp"]
    assert waited.total_seconds() >= 300
    assert types(events)[-1] == "WorkflowExecutionCompleted"
