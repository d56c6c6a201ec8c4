"""SWF Local engine: activity tasks, heartbeats and the four activity timeouts."""

from __future__ import annotations

import threading

import pytest
from botocore.exceptions import ClientError

from tests.local.engine_support import Engine, decision, engine, fault_code, schedule

__all__ = ["engine"]


def _scheduled(engine: Engine, *decisions: dict[str, object]) -> str:
    run_id = engine.start("w")
    engine.decide(list(decisions) or [schedule("a", input="in")])
    return run_id


def test_an_empty_activity_poll_has_no_token(engine: Engine) -> None:
    answer = engine.raw("PollForActivityTask", {"domain": "d", "taskList": {"name": "al"}})
    assert "taskToken" not in answer


def test_a_worker_gets_the_task_and_completes_it(engine: Engine) -> None:
    run_id = _scheduled(engine)
    task = engine.raw(
        "PollForActivityTask", {"domain": "d", "taskList": {"name": "al"}, "identity": "worker-1"}
    )
    assert task == {
        "taskToken": task["taskToken"],
        "activityId": "a",
        "startedEventId": 6,
        "workflowExecution": {"workflowId": "w", "runId": run_id},
        "activityType": {"name": "act", "version": "1"},
        "input": "in",
    }
    assert engine.last("w", run_id, "ActivityTaskStarted") == {
        "identity": "worker-1",
        "scheduledEventId": 5,
    }
    engine.client.respond_activity_task_completed(taskToken=task["taskToken"], result="r")
    assert engine.types("w", run_id)[-2:] == ["ActivityTaskCompleted", "DecisionTaskScheduled"]
    assert engine.last("w", run_id, "ActivityTaskCompleted") == {
        "result": "r",
        "scheduledEventId": 5,
        "startedEventId": 6,
    }
    with pytest.raises(ClientError) as error:
        engine.client.respond_activity_task_completed(taskToken=task["taskToken"])
    assert fault_code(error) == "UnknownResourceFault"


def test_a_failed_activity_records_reason_and_details(engine: Engine) -> None:
    run_id = _scheduled(engine)
    task = engine.poll_activity()
    engine.client.respond_activity_task_failed(
        taskToken=task["taskToken"], reason="why", details="d"
    )
    assert engine.last("w", run_id, "ActivityTaskFailed") == {
        "reason": "why",
        "details": "d",
        "scheduledEventId": 5,
        "startedEventId": 6,
    }


def test_a_cancel_request_reaches_a_started_task_through_its_heartbeat(engine: Engine) -> None:
    run_id = _scheduled(engine)
    task = engine.poll_activity()
    assert (
        engine.client.record_activity_task_heartbeat(taskToken=task["taskToken"])["cancelRequested"]
        is False
    )
    engine.client.signal_workflow_execution(domain="d", workflowId="w", signalName="stop")
    engine.decide([decision("RequestCancelActivityTask", activityId="a")])
    answer = engine.raw("RecordActivityTaskHeartbeat", {"taskToken": task["taskToken"]})
    assert answer == {"cancelRequested": True}
    engine.client.respond_activity_task_canceled(taskToken=task["taskToken"], details="bye")
    assert engine.last("w", run_id, "ActivityTaskCanceled") == {
        "details": "bye",
        "scheduledEventId": 5,
        "startedEventId": 6,
        "latestCancelRequestedEventId": 11,
    }


def test_responses_with_unknown_tokens_are_unknown_resource(engine: Engine) -> None:
    calls = [
        lambda: engine.client.respond_activity_task_completed(taskToken="nope"),
        lambda: engine.client.respond_activity_task_failed(taskToken="nope"),
        lambda: engine.client.respond_activity_task_canceled(taskToken="nope"),
        lambda: engine.client.record_activity_task_heartbeat(taskToken="nope"),
    ]
    for call in calls:
        with pytest.raises(ClientError) as error:
            call()
        assert fault_code(error) == "UnknownResourceFault"


def test_tasks_of_a_closed_execution_are_gone(engine: Engine) -> None:
    _scheduled(engine)
    task = engine.poll_activity()
    engine.client.terminate_workflow_execution(domain="d", workflowId="w")
    with pytest.raises(ClientError) as error:
        engine.client.record_activity_task_heartbeat(taskToken=task["taskToken"])
    assert fault_code(error) == "UnknownResourceFault"


def test_activity_tasks_go_by_priority_and_to_their_own_task_list(engine: Engine) -> None:
    _scheduled(
        engine,
        schedule("low", taskPriority="-5"),
        schedule("plain"),
        schedule("high", taskPriority="10"),
        schedule("elsewhere", taskList={"name": "x"}),
    )
    assert (
        engine.client.count_pending_activity_tasks(domain="d", taskList={"name": "al"})["count"]
        == 3
    )
    order = [engine.poll_activity()["activityId"] for _ in range(3)]
    assert order == ["high", "plain", "low"]
    assert engine.poll_activity("x")["activityId"] == "elsewhere"
    assert engine.raw("CountPendingActivityTasks", {"domain": "d", "taskList": {"name": "al"}}) == {
        "count": 0,
        "truncated": False,
    }


def test_each_activity_task_goes_to_exactly_one_of_many_pollers(engine: Engine) -> None:
    _scheduled(engine, *[schedule(f"a{index}") for index in range(30)])
    got: list[str] = []
    lock = threading.Lock()

    def poller() -> None:
        while True:
            task = engine.client.poll_for_activity_task(domain="d", taskList={"name": "al"})
            if "taskToken" not in task:
                return
            with lock:
                got.append(task["activityId"])

    threads = [threading.Thread(target=poller) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(got) == sorted(f"a{index}" for index in range(30))


def _timed_out(engine: Engine, run_id: str) -> dict[str, object]:
    return engine.last("w", run_id, "ActivityTaskTimedOut")


def test_schedule_to_start_fires_exactly_on_time(engine: Engine) -> None:
    run_id = _scheduled(engine, schedule("a", scheduleToStartTimeout="10"))
    engine.clock.advance(9)
    assert "ActivityTaskTimedOut" not in engine.types("w", run_id)
    engine.clock.advance(1)
    assert _timed_out(engine, run_id) == {
        "timeoutType": "SCHEDULE_TO_START",
        "scheduledEventId": 5,
        "startedEventId": 0,
    }
    assert engine.types("w", run_id)[-1] == "DecisionTaskScheduled"
    assert "taskToken" not in engine.raw(
        "PollForActivityTask", {"domain": "d", "taskList": {"name": "al"}}
    )


def test_start_to_close_fires_exactly_on_time(engine: Engine) -> None:
    run_id = _scheduled(engine, schedule("a", startToCloseTimeout="20"))
    engine.clock.advance(5)
    task = engine.poll_activity()
    engine.clock.advance(19)
    assert "ActivityTaskTimedOut" not in engine.types("w", run_id)
    engine.clock.advance(1)
    assert _timed_out(engine, run_id) == {
        "timeoutType": "START_TO_CLOSE",
        "scheduledEventId": 5,
        "startedEventId": 6,
    }
    with pytest.raises(ClientError) as error:
        engine.client.respond_activity_task_completed(taskToken=task["taskToken"])
    assert fault_code(error) == "UnknownResourceFault"


def test_schedule_to_close_fires_exactly_on_time(engine: Engine) -> None:
    run_id = _scheduled(engine, schedule("a", scheduleToCloseTimeout="30"))
    engine.clock.advance(10)
    engine.poll_activity()
    engine.clock.advance(19)
    assert "ActivityTaskTimedOut" not in engine.types("w", run_id)
    engine.clock.advance(1)
    assert _timed_out(engine, run_id)["timeoutType"] == "SCHEDULE_TO_CLOSE"


def test_heartbeat_timeout_restarts_with_each_heartbeat_and_keeps_details(
    engine: Engine,
) -> None:
    run_id = _scheduled(engine, schedule("a", heartbeatTimeout="10"))
    task = engine.poll_activity()
    engine.clock.advance(8)
    engine.client.record_activity_task_heartbeat(taskToken=task["taskToken"], details="50%")
    engine.clock.advance(9)
    assert "ActivityTaskTimedOut" not in engine.types("w", run_id)
    engine.clock.advance(1)
    assert _timed_out(engine, run_id) == {
        "timeoutType": "HEARTBEAT",
        "scheduledEventId": 5,
        "startedEventId": 6,
        "details": "50%",
    }
    with pytest.raises(ClientError) as error:
        engine.client.record_activity_task_heartbeat(taskToken=task["taskToken"])
    assert fault_code(error) == "UnknownResourceFault"


def test_none_timeouts_never_fire_within_the_year(engine: Engine) -> None:
    run_id = engine.start("w", executionStartToCloseTimeout="31536000")
    engine.decide(
        [
            schedule(
                "a",
                scheduleToStartTimeout="NONE",
                scheduleToCloseTimeout="NONE",
                startToCloseTimeout="NONE",
            )
        ]
    )
    engine.poll_activity()
    engine.clock.advance(364 * 86400)
    assert "ActivityTaskTimedOut" not in engine.types("w", run_id)


def test_pollers_per_task_list_are_limited(engine: Engine) -> None:
    service = engine.local.service
    service.limits.pollers = 1
    service.polls.hold = 60.0  # longer than the failure bound below
    result: dict[str, object] = {}
    waiting = threading.Thread(target=lambda: result.update(engine.poll_activity()))
    waiting.start()
    try:
        assert service.waiters.wait_parked("d", "activity", "al", timeout=10)
        body = {"domain": "d", "taskList": {"name": "al"}}
        assert engine.raw_fault("PollForActivityTask", body) == "LimitExceededFault"
        other = {"domain": "d", "taskList": {"name": "other"}}
        assert engine.client.count_pending_activity_tasks(**other)["count"] == 0
    finally:
        _scheduled(engine)  # gives the waiting poll its task
        waiting.join(timeout=10)
    assert not waiting.is_alive()
    assert result["activityId"] == "a"
