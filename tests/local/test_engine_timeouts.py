"""SWF Local engine: decision and execution timeouts, timers, retention, the event limit, and
deadlines surviving a restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from swf.local import ManualClock
from tests.local.engine_support import START, Engine, decision, engine, fault_code, make_engine

__all__ = ["engine"]


def test_a_started_decision_task_times_out_and_a_new_one_is_scheduled(engine: Engine) -> None:
    run_id = engine.start("w", taskStartToCloseTimeout="15")
    task = engine.poll_decision()
    engine.clock.advance(14)
    assert engine.types("w", run_id)[-1] == "DecisionTaskStarted"
    engine.clock.advance(1)
    assert engine.types("w", run_id)[-2:] == ["DecisionTaskTimedOut", "DecisionTaskScheduled"]
    assert engine.last("w", run_id, "DecisionTaskTimedOut") == {
        "timeoutType": "START_TO_CLOSE",
        "scheduledEventId": 2,
        "startedEventId": 3,
    }
    with pytest.raises(ClientError) as error:
        engine.client.respond_decision_task_completed(taskToken=task["taskToken"])
    assert fault_code(error) == "UnknownResourceFault"
    engine.decide([])


def test_a_scheduled_decision_task_does_not_time_out(engine: Engine) -> None:
    run_id = engine.start("w", taskStartToCloseTimeout="15", executionStartToCloseTimeout="999")
    engine.clock.advance(500)
    assert engine.types("w", run_id) == ["WorkflowExecutionStarted", "DecisionTaskScheduled"]


def test_the_execution_times_out_exactly_and_applies_its_child_policy(engine: Engine) -> None:
    parent = engine.start(
        "parent", executionStartToCloseTimeout="100", childPolicy="REQUEST_CANCEL"
    )
    engine.decide(
        [
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "wf", "version": "1"},
                workflowId="child",
            )
        ]
    )
    child = engine.last("parent", parent, "ChildWorkflowExecutionStarted")["workflowExecution"][
        "runId"
    ]
    engine.clock.advance(99)
    assert engine.describe("parent", parent)["executionInfo"]["executionStatus"] == "OPEN"
    engine.clock.advance(1)
    assert engine.last("parent", parent, "WorkflowExecutionTimedOut") == {
        "timeoutType": "START_TO_CLOSE",
        "childPolicy": "REQUEST_CANCEL",
    }
    info = engine.describe("parent", parent)
    assert info["executionInfo"]["closeStatus"] == "TIMED_OUT"
    assert info["executionInfo"]["closeTimestamp"] == START + 100
    assert info["openCounts"]["openDecisionTasks"] == 0
    assert engine.last("child", child, "WorkflowExecutionCancelRequested") == {
        "cause": "CHILD_POLICY_APPLIED"
    }


def test_a_timer_fires_exactly_on_time(engine: Engine) -> None:
    run_id = engine.start("w")
    engine.decide([decision("StartTimer", timerId="t", startToFireTimeout="60")])
    engine.clock.advance(59)
    assert "TimerFired" not in engine.types("w", run_id)
    assert engine.describe("w", run_id)["openCounts"]["openTimers"] == 1
    engine.clock.advance(1)
    events = engine.history("w", run_id)
    assert [e["eventType"] for e in events[-2:]] == ["TimerFired", "DecisionTaskScheduled"]
    assert events[-2]["timerFiredEventAttributes"] == {"timerId": "t", "startedEventId": 5}
    assert events[-2]["eventTimestamp"] == START + 60
    assert engine.describe("w", run_id)["openCounts"]["openTimers"] == 0


def test_a_canceled_timer_never_fires(engine: Engine) -> None:
    run_id = engine.start("w")
    engine.decide(
        [
            decision("StartTimer", timerId="t", startToFireTimeout="60"),
            decision("CancelTimer", timerId="t"),
        ]
    )
    engine.clock.advance(120)
    assert "TimerFired" not in engine.types("w", run_id)


def test_a_closed_execution_is_purged_after_its_retention(engine: Engine) -> None:
    run_id = engine.start("w")
    engine.client.terminate_workflow_execution(domain="d", workflowId="w")
    engine.clock.advance(86400 - 1)
    assert engine.describe("w", run_id)["executionInfo"]["executionStatus"] == "CLOSED"
    engine.clock.advance(1)
    with pytest.raises(ClientError) as error:
        engine.client.describe_workflow_execution(
            domain="d", execution={"workflowId": "w", "runId": run_id}
        )
    assert fault_code(error) == "UnknownResourceFault"
    assert (
        engine.client.count_closed_workflow_executions(
            domain="d", startTimeFilter={"oldestDate": 0}
        )["count"]
        == 0
    )


def test_the_event_limit_terminates_the_execution(engine: Engine) -> None:
    engine.local.service.limits.events = 10
    run_id = engine.start("w")
    for index in range(8):
        engine.client.signal_workflow_execution(domain="d", workflowId="w", signalName=f"s{index}")
    assert engine.last("w", run_id, "WorkflowExecutionTerminated") == {
        "childPolicy": "TERMINATE",
        "cause": "EVENT_LIMIT_EXCEEDED",
    }
    assert len(engine.history("w", run_id)) == 11
    with pytest.raises(ClientError) as error:
        engine.client.signal_workflow_execution(domain="d", workflowId="w", signalName="late")
    assert fault_code(error) == "UnknownResourceFault"


def test_pending_deadlines_resume_after_a_restart_on_the_same_file(tmp_path: Path) -> None:
    db = str(tmp_path / "swf.sqlite3")
    clock = ManualClock(START)
    local, _, client = make_engine(db, clock)
    try:
        env = Engine(local, clock, client)
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
    local, _, client = make_engine(db, clock)
    try:
        env = Engine(local, clock, client)
        assert env.last("w", run_id, "TimerFired")["timerId"] == "soon"
        clock.advance(49)
        assert [e for e in env.types("w", run_id) if e == "TimerFired"] == ["TimerFired"]
        clock.advance(1)
        assert env.last("w", run_id, "TimerFired")["timerId"] == "later"
        env.decide([decision("CompleteWorkflowExecution")])
    finally:
        local.stop()


def test_an_override_task_list_with_a_timeout_reverts_when_not_taken(engine: Engine) -> None:
    run_id = engine.start("w")
    engine.decide([], taskList={"name": "sticky"}, taskListScheduleToStartTimeout="5")
    engine.client.signal_workflow_execution(domain="d", workflowId="w", signalName="s")
    assert engine.last("w", run_id, "DecisionTaskScheduled") == {
        "taskList": {"name": "sticky"},
        "startToCloseTimeout": "30",
        "scheduleToStartTimeout": "5",
    }
    engine.clock.advance(4)
    assert engine.types("w", run_id)[-1] == "DecisionTaskScheduled"
    engine.clock.advance(1)
    assert engine.last("w", run_id, "DecisionTaskTimedOut") == {
        "timeoutType": "SCHEDULE_TO_START",
        "scheduledEventId": 6,
        "startedEventId": 0,
    }
    assert engine.last("w", run_id, "DecisionTaskScheduled")["taskList"] == {"name": "dl"}
    engine.decide([])


def test_open_executions_are_limited_per_domain(engine: Engine) -> None:
    engine.local.service.limits.open_executions = 2
    parent = engine.start("a")
    engine.start("b")
    with pytest.raises(ClientError) as error:
        engine.start("c")
    assert fault_code(error) == "LimitExceededFault"
    engine.decide(
        [
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "wf", "version": "1"},
                workflowId="c",
            )
        ]
    )
    assert engine.last("a", parent, "StartChildWorkflowExecutionFailed")["cause"] == (
        "OPEN_WORKFLOWS_LIMIT_EXCEEDED"
    )


def test_an_execution_timing_out_terminates_its_children_by_default(engine: Engine) -> None:
    parent = engine.start("parent", executionStartToCloseTimeout="100")
    engine.decide(
        [
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "wf", "version": "1"},
                workflowId="child",
                childPolicy="ABANDON",
            )
        ]
    )
    child = engine.last("parent", parent, "ChildWorkflowExecutionStarted")["workflowExecution"][
        "runId"
    ]
    engine.clock.advance(100)
    assert engine.last("child", child, "WorkflowExecutionTerminated") == {
        "childPolicy": "ABANDON",
        "cause": "CHILD_POLICY_APPLIED",
    }


def test_a_timer_of_zero_seconds_fires_at_once(engine: Engine) -> None:
    run_id = engine.start("w")
    engine.decide([decision("StartTimer", timerId="now", startToFireTimeout="0")])
    assert engine.types("w", run_id)[-2:] == ["TimerFired", "DecisionTaskScheduled"]
