"""SWF Local: activity tasks, heartbeats and the four activity timeouts."""

from __future__ import annotations

import threading

import pytest
from botocore.exceptions import ClientError

from tests.local.support import FAILURE_BOUND, LocalEnvironment, decision, fault_code, schedule


def _scheduled(env: LocalEnvironment, *decisions: dict[str, object]) -> str:
    run_id = env.start("w")
    env.decide(list(decisions) or [schedule("a", input="in")])
    return run_id


def test_an_empty_activity_poll_has_no_token(env: LocalEnvironment) -> None:
    answer = env.raw("PollForActivityTask", {"domain": "d", "taskList": {"name": "al"}})
    assert "taskToken" not in answer


def test_a_worker_gets_the_task_and_completes_it(env: LocalEnvironment) -> None:
    run_id = _scheduled(env)
    task = env.raw(
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
    assert env.last("w", run_id, "ActivityTaskStarted") == {
        "identity": "worker-1",
        "scheduledEventId": 5,
    }
    env.client.respond_activity_task_completed(taskToken=task["taskToken"], result="r")
    assert env.types("w", run_id)[-2:] == ["ActivityTaskCompleted", "DecisionTaskScheduled"]
    assert env.last("w", run_id, "ActivityTaskCompleted") == {
        "result": "r",
        "scheduledEventId": 5,
        "startedEventId": 6,
    }
    with pytest.raises(ClientError) as error:
        env.client.respond_activity_task_completed(taskToken=task["taskToken"])
    assert fault_code(error) == "UnknownResourceFault"


def test_a_failed_activity_records_reason_and_details(env: LocalEnvironment) -> None:
    run_id = _scheduled(env)
    task = env.poll_activity()
    env.client.respond_activity_task_failed(taskToken=task["taskToken"], reason="why", details="d")
    assert env.last("w", run_id, "ActivityTaskFailed") == {
        "reason": "why",
        "details": "d",
        "scheduledEventId": 5,
        "startedEventId": 6,
    }


def test_a_cancel_request_reaches_a_started_task_through_its_heartbeat(
    env: LocalEnvironment,
) -> None:
    run_id = _scheduled(env)
    task = env.poll_activity()
    assert (
        env.client.record_activity_task_heartbeat(taskToken=task["taskToken"])["cancelRequested"]
        is False
    )
    env.client.signal_workflow_execution(domain="d", workflowId="w", signalName="stop")
    env.decide([decision("RequestCancelActivityTask", activityId="a")])
    answer = env.raw("RecordActivityTaskHeartbeat", {"taskToken": task["taskToken"]})
    assert answer == {"cancelRequested": True}
    env.client.respond_activity_task_canceled(taskToken=task["taskToken"], details="bye")
    assert env.last("w", run_id, "ActivityTaskCanceled") == {
        "details": "bye",
        "scheduledEventId": 5,
        "startedEventId": 6,
        "latestCancelRequestedEventId": 11,
    }


def test_responses_with_unknown_tokens_are_unknown_resource(env: LocalEnvironment) -> None:
    calls = [
        lambda: env.client.respond_activity_task_completed(taskToken="nope"),
        lambda: env.client.respond_activity_task_failed(taskToken="nope"),
        lambda: env.client.respond_activity_task_canceled(taskToken="nope"),
        lambda: env.client.record_activity_task_heartbeat(taskToken="nope"),
    ]
    for call in calls:
        with pytest.raises(ClientError) as error:
            call()
        assert fault_code(error) == "UnknownResourceFault"


def test_tasks_of_a_closed_execution_are_gone(env: LocalEnvironment) -> None:
    _scheduled(env)
    task = env.poll_activity()
    env.client.terminate_workflow_execution(domain="d", workflowId="w")
    with pytest.raises(ClientError) as error:
        env.client.record_activity_task_heartbeat(taskToken=task["taskToken"])
    assert fault_code(error) == "UnknownResourceFault"


def test_activity_tasks_go_by_priority_and_to_their_own_task_list(env: LocalEnvironment) -> None:
    _scheduled(
        env,
        schedule("low", taskPriority="-5"),
        schedule("plain"),
        schedule("high", taskPriority="10"),
        schedule("elsewhere", taskList={"name": "x"}),
    )
    assert (
        env.client.count_pending_activity_tasks(domain="d", taskList={"name": "al"})["count"] == 3
    )
    order = [env.poll_activity()["activityId"] for _ in range(3)]
    assert order == ["high", "plain", "low"]
    assert env.poll_activity("x")["activityId"] == "elsewhere"
    assert env.raw("CountPendingActivityTasks", {"domain": "d", "taskList": {"name": "al"}}) == {
        "count": 0,
        "truncated": False,
    }


def test_each_activity_task_goes_to_exactly_one_of_many_pollers(env: LocalEnvironment) -> None:
    _scheduled(env, *[schedule(f"a{index}") for index in range(30)])
    got: list[str] = []
    lock = threading.Lock()

    def poller() -> None:
        while True:
            task = env.client.poll_for_activity_task(domain="d", taskList={"name": "al"})
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


def _timed_out(env: LocalEnvironment, run_id: str) -> dict[str, object]:
    return env.last("w", run_id, "ActivityTaskTimedOut")


def test_schedule_to_start_fires_exactly_on_time(env: LocalEnvironment) -> None:
    run_id = _scheduled(env, schedule("a", scheduleToStartTimeout="10"))
    env.clock.advance(9)
    assert "ActivityTaskTimedOut" not in env.types("w", run_id)
    env.clock.advance(1)
    assert _timed_out(env, run_id) == {
        "timeoutType": "SCHEDULE_TO_START",
        "scheduledEventId": 5,
        "startedEventId": 0,
    }
    assert env.types("w", run_id)[-1] == "DecisionTaskScheduled"
    assert "taskToken" not in env.raw(
        "PollForActivityTask", {"domain": "d", "taskList": {"name": "al"}}
    )


def test_start_to_close_fires_exactly_on_time(env: LocalEnvironment) -> None:
    run_id = _scheduled(env, schedule("a", startToCloseTimeout="20"))
    env.clock.advance(5)
    task = env.poll_activity()
    env.clock.advance(19)
    assert "ActivityTaskTimedOut" not in env.types("w", run_id)
    env.clock.advance(1)
    assert _timed_out(env, run_id) == {
        "timeoutType": "START_TO_CLOSE",
        "scheduledEventId": 5,
        "startedEventId": 6,
    }
    with pytest.raises(ClientError) as error:
        env.client.respond_activity_task_completed(taskToken=task["taskToken"])
    assert fault_code(error) == "UnknownResourceFault"


def test_schedule_to_close_fires_exactly_on_time(env: LocalEnvironment) -> None:
    run_id = _scheduled(env, schedule("a", scheduleToCloseTimeout="30"))
    env.clock.advance(10)
    env.poll_activity()
    env.clock.advance(19)
    assert "ActivityTaskTimedOut" not in env.types("w", run_id)
    env.clock.advance(1)
    assert _timed_out(env, run_id)["timeoutType"] == "SCHEDULE_TO_CLOSE"


def test_heartbeat_timeout_restarts_with_each_heartbeat_and_keeps_details(
    env: LocalEnvironment,
) -> None:
    run_id = _scheduled(env, schedule("a", heartbeatTimeout="10"))
    task = env.poll_activity()
    env.clock.advance(8)
    env.client.record_activity_task_heartbeat(taskToken=task["taskToken"], details="50%")
    env.clock.advance(9)
    assert "ActivityTaskTimedOut" not in env.types("w", run_id)
    env.clock.advance(1)
    assert _timed_out(env, run_id) == {
        "timeoutType": "HEARTBEAT",
        "scheduledEventId": 5,
        "startedEventId": 6,
        "details": "50%",
    }
    with pytest.raises(ClientError) as error:
        env.client.record_activity_task_heartbeat(taskToken=task["taskToken"])
    assert fault_code(error) == "UnknownResourceFault"


def test_none_timeouts_never_fire_within_the_year(env: LocalEnvironment) -> None:
    run_id = env.start("w", executionStartToCloseTimeout="31536000")
    env.decide(
        [
            schedule(
                "a",
                scheduleToStartTimeout="NONE",
                scheduleToCloseTimeout="NONE",
                startToCloseTimeout="NONE",
            )
        ]
    )
    env.poll_activity()
    env.clock.advance(364 * 86400)
    assert "ActivityTaskTimedOut" not in env.types("w", run_id)


def test_pollers_per_task_list_are_limited(env: LocalEnvironment) -> None:
    service = env.local.service
    service.limits.pollers = 1
    service.polls.hold = 6 * FAILURE_BOUND  # longer than the failure bound below
    result: dict[str, object] = {}
    waiting = threading.Thread(target=lambda: result.update(env.poll_activity()))
    waiting.start()
    try:
        assert service.waiters.wait_parked("d", "activity", "al", timeout=FAILURE_BOUND)
        body = {"domain": "d", "taskList": {"name": "al"}}
        assert env.raw_fault("PollForActivityTask", body) == "LimitExceededFault"
        other = {"domain": "d", "taskList": {"name": "other"}}
        assert env.client.count_pending_activity_tasks(**other)["count"] == 0
    finally:
        _scheduled(env)  # gives the waiting poll its task
        waiting.join(timeout=FAILURE_BOUND)
    assert not waiting.is_alive()
    assert result["activityId"] == "a"
