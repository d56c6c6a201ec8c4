"""SWF Local: decision and execution timeouts, timers, retention, the event limit, and
deadlines surviving a restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from swf.local import ManualClock
from tests.local.support import (
    START,
    LocalEnvironment,
    decision,
    fault_code,
    make_local,
    schedule,
)


def test_a_started_decision_task_times_out_and_a_new_one_is_scheduled(
    env: LocalEnvironment,
) -> None:
    run_id = env.start("w", taskStartToCloseTimeout="15")
    task = env.poll_decision()
    env.clock.advance(14)
    assert env.types("w", run_id)[-1] == "DecisionTaskStarted"
    env.clock.advance(1)
    assert env.types("w", run_id)[-2:] == ["DecisionTaskTimedOut", "DecisionTaskScheduled"]
    assert env.last("w", run_id, "DecisionTaskTimedOut") == {
        "timeoutType": "START_TO_CLOSE",
        "scheduledEventId": 2,
        "startedEventId": 3,
    }
    with pytest.raises(ClientError) as error:
        env.client.respond_decision_task_completed(taskToken=task["taskToken"])
    assert fault_code(error) == "UnknownResourceFault"
    env.decide([])


def test_a_scheduled_decision_task_does_not_time_out(env: LocalEnvironment) -> None:
    run_id = env.start("w", taskStartToCloseTimeout="15", executionStartToCloseTimeout="999")
    env.clock.advance(500)
    assert env.types("w", run_id) == ["WorkflowExecutionStarted", "DecisionTaskScheduled"]


def test_the_execution_times_out_exactly_and_applies_its_child_policy(
    env: LocalEnvironment,
) -> None:
    parent = env.start("parent", executionStartToCloseTimeout="100", childPolicy="REQUEST_CANCEL")
    env.decide(
        [
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "wf", "version": "1"},
                workflowId="child",
            )
        ]
    )
    child = env.last("parent", parent, "ChildWorkflowExecutionStarted")["workflowExecution"][
        "runId"
    ]
    env.clock.advance(99)
    assert env.describe("parent", parent)["executionInfo"]["executionStatus"] == "OPEN"
    env.clock.advance(1)
    assert env.last("parent", parent, "WorkflowExecutionTimedOut") == {
        "timeoutType": "START_TO_CLOSE",
        "childPolicy": "REQUEST_CANCEL",
    }
    info = env.describe("parent", parent)
    assert info["executionInfo"]["closeStatus"] == "TIMED_OUT"
    assert info["executionInfo"]["closeTimestamp"] == START + 100
    assert info["openCounts"]["openDecisionTasks"] == 0
    assert env.last("child", child, "WorkflowExecutionCancelRequested") == {
        "cause": "CHILD_POLICY_APPLIED"
    }


def test_a_timer_fires_exactly_on_time(env: LocalEnvironment) -> None:
    run_id = env.start("w")
    env.decide([decision("StartTimer", timerId="t", startToFireTimeout="60")])
    env.clock.advance(59)
    assert "TimerFired" not in env.types("w", run_id)
    assert env.describe("w", run_id)["openCounts"]["openTimers"] == 1
    env.clock.advance(1)
    events = env.history("w", run_id)
    assert [e["eventType"] for e in events[-2:]] == ["TimerFired", "DecisionTaskScheduled"]
    assert events[-2]["timerFiredEventAttributes"] == {"timerId": "t", "startedEventId": 5}
    assert events[-2]["eventTimestamp"] == START + 60
    assert env.describe("w", run_id)["openCounts"]["openTimers"] == 0


def test_a_canceled_timer_never_fires(env: LocalEnvironment) -> None:
    run_id = env.start("w")
    env.decide(
        [
            decision("StartTimer", timerId="t", startToFireTimeout="60"),
            decision("CancelTimer", timerId="t"),
        ]
    )
    env.clock.advance(120)
    assert "TimerFired" not in env.types("w", run_id)


def test_a_closed_execution_is_purged_after_its_retention(env: LocalEnvironment) -> None:
    run_id = env.start("w")
    env.client.terminate_workflow_execution(domain="d", workflowId="w")
    env.clock.advance(86400 - 1)
    assert env.describe("w", run_id)["executionInfo"]["executionStatus"] == "CLOSED"
    env.clock.advance(1)
    with pytest.raises(ClientError) as error:
        env.client.describe_workflow_execution(
            domain="d", execution={"workflowId": "w", "runId": run_id}
        )
    assert fault_code(error) == "UnknownResourceFault"
    assert (
        env.client.count_closed_workflow_executions(domain="d", startTimeFilter={"oldestDate": 0})[
            "count"
        ]
        == 0
    )


def test_the_event_limit_terminates_the_execution(env: LocalEnvironment) -> None:
    env.local.service.limits.events = 10
    run_id = env.start("w")
    for index in range(8):
        env.client.signal_workflow_execution(domain="d", workflowId="w", signalName=f"s{index}")
    assert env.last("w", run_id, "WorkflowExecutionTerminated") == {
        "childPolicy": "TERMINATE",
        "cause": "EVENT_LIMIT_EXCEEDED",
    }
    assert len(env.history("w", run_id)) == 11
    with pytest.raises(ClientError) as error:
        env.client.signal_workflow_execution(domain="d", workflowId="w", signalName="late")
    assert fault_code(error) == "UnknownResourceFault"


def test_pending_deadlines_resume_after_a_restart_on_the_same_file(tmp_path: Path) -> None:
    db = str(tmp_path / "swf.sqlite3")
    clock = ManualClock(START)
    local, _, client = make_local(db, clock)
    try:
        env = LocalEnvironment(local, clock, client)
        env.register()
        run_id = env.start("w")
        env.decide(
            [
                decision("StartTimer", timerId="soon", startToFireTimeout="10"),
                decision("StartTimer", timerId="later", startToFireTimeout="100"),
            ]
        )
    finally:
        local.stop()
    clock.advance(50)  # nobody is listening: "soon" is overdue at the restart
    local, _, client = make_local(db, clock)
    try:
        env = LocalEnvironment(local, clock, client)
        assert env.last("w", run_id, "TimerFired")["timerId"] == "soon"
        clock.advance(49)
        assert [e for e in env.types("w", run_id) if e == "TimerFired"] == ["TimerFired"]
        clock.advance(1)
        assert env.last("w", run_id, "TimerFired")["timerId"] == "later"
        env.decide([decision("CompleteWorkflowExecution")])
    finally:
        local.stop()


def test_an_override_task_list_with_a_timeout_reverts_when_not_taken(env: LocalEnvironment) -> None:
    run_id = env.start("w")
    env.decide([], taskList={"name": "sticky"}, taskListScheduleToStartTimeout="5")
    env.client.signal_workflow_execution(domain="d", workflowId="w", signalName="s")
    assert env.last("w", run_id, "DecisionTaskScheduled") == {
        "taskList": {"name": "sticky"},
        "startToCloseTimeout": "30",
        "scheduleToStartTimeout": "5",
    }
    env.clock.advance(4)
    assert env.types("w", run_id)[-1] == "DecisionTaskScheduled"
    env.clock.advance(1)
    assert env.last("w", run_id, "DecisionTaskTimedOut") == {
        "timeoutType": "SCHEDULE_TO_START",
        "scheduledEventId": 6,
        "startedEventId": 0,
    }
    assert env.last("w", run_id, "DecisionTaskScheduled")["taskList"] == {"name": "dl"}
    env.decide([])


def test_open_executions_are_limited_per_domain(env: LocalEnvironment) -> None:
    env.local.service.limits.open_executions = 2
    parent = env.start("a")
    env.start("b")
    with pytest.raises(ClientError) as error:
        env.start("c")
    assert fault_code(error) == "LimitExceededFault"
    env.decide(
        [
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "wf", "version": "1"},
                workflowId="c",
            )
        ]
    )
    assert env.last("a", parent, "StartChildWorkflowExecutionFailed")["cause"] == (
        "OPEN_WORKFLOWS_LIMIT_EXCEEDED"
    )


def test_an_execution_timing_out_terminates_its_children_by_default(env: LocalEnvironment) -> None:
    parent = env.start("parent", executionStartToCloseTimeout="100")
    env.decide(
        [
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "wf", "version": "1"},
                workflowId="child",
                childPolicy="ABANDON",
            )
        ]
    )
    child = env.last("parent", parent, "ChildWorkflowExecutionStarted")["workflowExecution"][
        "runId"
    ]
    env.clock.advance(100)
    assert env.last("child", child, "WorkflowExecutionTerminated") == {
        "childPolicy": "ABANDON",
        "cause": "CHILD_POLICY_APPLIED",
    }


def test_a_timer_of_zero_seconds_fires_at_once(env: LocalEnvironment) -> None:
    run_id = env.start("w")
    env.decide([decision("StartTimer", timerId="now", startToFireTimeout="0")])
    assert env.types("w", run_id)[-2:] == ["TimerFired", "DecisionTaskScheduled"]


def test_the_task_components_say_whether_work_is_open_and_deadlines_when_the_next_is_due(
    env: LocalEnvironment,
) -> None:
    service = env.local.service
    parts = service.components

    def open_work() -> tuple[bool, bool]:
        with service.store.transaction() as tx:
            return parts.decision_tasks.any_open(tx), parts.activity_tasks.any_open(tx)

    assert open_work() == (False, False)
    assert service.deadlines.next_due() is None
    env.start("w", executionStartToCloseTimeout="3600")
    assert open_work() == (True, False)
    assert service.deadlines.next_due() == START + 3600
    env.decide([schedule("a", startToCloseTimeout="60")])
    assert open_work() == (False, True)
    env.poll_activity()
    assert open_work() == (False, True)
    assert service.deadlines.next_due() == START + 60
    env.clock.advance(60)  # the activity times out: a decision task is scheduled
    assert open_work() == (True, False)
