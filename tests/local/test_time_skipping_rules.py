"""The corners of time skipping's rule: what holds time back, what does not, where a jump goes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from swf.local import LocalSWF, ManualClock
from swf.local.skipper import TimeSkipper
from tests.local.test_time_skipping import DAY, HANG, client, start_timer

#: Checks of the skipper that span well over its grace period (50 ms at 25 ms a check).
SETTLE = 20


@pytest.fixture
def local(tmp_path: Path) -> Iterator[LocalSWF]:
    with LocalSWF(tmp_path / "db.sqlite3", time_skipping=True, poll_hold=0.3) as server:
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
        yield server


def skipper(local: LocalSWF) -> TimeSkipper:
    assert local.skipper is not None
    return local.skipper


def clock(local: LocalSWF) -> ManualClock:
    assert isinstance(local.clock, ManualClock)
    return local.clock


def start(swf: Any, workflow_id: str = "w") -> str:
    run_id: str = swf.start_workflow_execution(
        domain="d", workflowId=workflow_id, workflowType={"name": "wf", "version": "1"}
    )["runId"]
    return run_id


def decide(swf: Any, *decisions: dict[str, Any]) -> None:
    task = swf.poll_for_decision_task(domain="d", taskList={"name": "dl"})
    swf.respond_decision_task_completed(taskToken=task["taskToken"], decisions=list(decisions))


def next_task(swf: Any) -> dict[str, Any]:
    for _ in range(int(HANG / 0.3)):
        task: dict[str, Any] = swf.poll_for_decision_task(domain="d", taskList={"name": "dl"})
        if task.get("taskToken"):
            return task
    raise AssertionError("no decision task came")


def test_time_skipping_needs_a_manual_clock() -> None:
    from swf.local.clock import SystemClock

    with pytest.raises(ValueError, match="time_skipping needs a ManualClock"):
        LocalSWF(clock=SystemClock(), time_skipping=True)
    assert isinstance(LocalSWF(time_skipping=True).clock, ManualClock)


def test_a_closed_execution_is_not_purged_by_a_jump(local: LocalSWF) -> None:
    swf = client(local.endpoint_url)
    run_id = start(swf)
    swf.terminate_workflow_execution(domain="d", workflowId="w", runId=run_id)
    before = clock(local).now()
    assert skipper(local).wait_checks(SETTLE, timeout=HANG)
    # Only the retention purge (one day away) is due: nothing to jump to.
    assert clock(local).now() - before < DAY
    described = swf.describe_workflow_execution(
        domain="d", execution={"workflowId": "w", "runId": run_id}
    )
    assert described["executionInfo"]["closeStatus"] == "TERMINATED"
    assert skipper(local).jumps == 0


def test_a_decision_task_nobody_polls_for_is_skipped_over(local: LocalSWF) -> None:
    # No decider at all: after the pickup second, the execution's own timeout is the next
    # deadline, and the jump times the execution out.
    swf = client(local.endpoint_url)
    run_id = start(swf)
    execution = {"workflowId": "w", "runId": run_id}
    for _ in range(int(HANG / 0.05)):
        if not skipper(local).wait_checks(2, timeout=HANG):
            break
        info = swf.describe_workflow_execution(domain="d", execution=execution)["executionInfo"]
        if info["executionStatus"] == "CLOSED":
            break
    assert info["closeStatus"] == "TIMED_OUT"


def test_a_describe_loop_does_not_hold_time_back(local: LocalSWF) -> None:
    swf = client(local.endpoint_url)
    run_id = start(swf)
    decide(swf, start_timer("day", DAY))
    stop = threading.Event()
    watcher = client(local.endpoint_url)

    def describe_in_a_loop() -> None:
        while not stop.is_set():
            watcher.describe_workflow_execution(
                domain="d", execution={"workflowId": "w", "runId": run_id}
            )

    thread = threading.Thread(target=describe_in_a_loop, daemon=True)
    thread.start()
    try:
        task = next_task(swf)
    finally:
        stop.set()
        thread.join(HANG)
    assert "TimerFired" in [event["eventType"] for event in task["events"]]


def test_a_started_decision_task_holds_time_back(local: LocalSWF) -> None:
    swf = client(local.endpoint_url)
    start(swf)
    decide(swf, start_timer("soon", 60))
    task = next_task(swf)  # the timer fired after a jump; this decider now holds its task
    jumps, now = skipper(local).jumps, clock(local).now()
    # The next deadline is this task's own start-to-close timeout (30 s): while the decider
    # holds the task, the clock follows real time and does not jump to it.
    assert skipper(local).wait_checks(SETTLE, timeout=HANG)
    assert skipper(local).jumps == jumps
    assert clock(local).now() - now < 30
    swf.respond_decision_task_completed(taskToken=task["taskToken"], decisions=[])
    history = swf.get_workflow_execution_history(domain="d", execution=task["workflowExecution"])
    assert "DecisionTaskTimedOut" not in [event["eventType"] for event in history["events"]]


def test_a_signal_right_after_an_answer_comes_before_the_jump(local: LocalSWF) -> None:
    # The decider starts a one-day timer; the client signals at once: the signal is recorded
    # before the timer fires (within the grace period after the decision's answer; made long
    # here so that a loaded machine cannot stretch "at once" past it).
    skipper(local).grace = 5.0
    swf = client(local.endpoint_url)
    run_id = start(swf)
    decide(swf, start_timer("day", DAY))
    swf.signal_workflow_execution(domain="d", workflowId="w", runId=run_id, signalName="go")
    task = next_task(swf)
    types = [event["eventType"] for event in task["events"]]
    assert "WorkflowExecutionSignaled" in types
    assert "TimerFired" not in types
