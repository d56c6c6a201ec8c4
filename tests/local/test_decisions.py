"""SWF Local: decision tasks and the 13 decisions."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.local.support import FAILURE_BOUND, LocalEnvironment, decision, fault_code, schedule


def test_an_empty_decision_poll_answers_zero_ids_and_no_token(env: LocalEnvironment) -> None:
    answer = env.raw("PollForDecisionTask", {"domain": "d", "taskList": {"name": "dl"}})
    assert answer == {"previousStartedEventId": 0, "startedEventId": 0}


def test_a_decision_task_carries_the_history_and_event_ids(env: LocalEnvironment) -> None:
    run_id = env.start("w")
    task = env.raw(
        "PollForDecisionTask", {"domain": "d", "taskList": {"name": "dl"}, "identity": "me"}
    )
    assert task["workflowExecution"] == {"workflowId": "w", "runId": run_id}
    assert task["workflowType"] == {"name": "wf", "version": "1"}
    assert (task["previousStartedEventId"], task["startedEventId"]) == (0, 3)
    assert task["events"][-1]["decisionTaskStartedEventAttributes"] == {
        "identity": "me",
        "scheduledEventId": 2,
    }
    env.client.respond_decision_task_completed(taskToken=task["taskToken"], executionContext="c")
    assert env.last("w", run_id, "DecisionTaskCompleted") == {
        "executionContext": "c",
        "scheduledEventId": 2,
        "startedEventId": 3,
    }
    env.client.signal_workflow_execution(domain="d", workflowId="w", signalName="s")
    second = env.poll_decision()
    assert (second["previousStartedEventId"], second["startedEventId"]) == (3, 7)


def test_decision_task_history_pages_come_from_polling_with_the_token(
    env: LocalEnvironment,
) -> None:
    run_id = env.start("w")
    for index in range(5):
        env.client.signal_workflow_execution(domain="d", workflowId="w", signalName=f"s{index}")
    first = env.raw(
        "PollForDecisionTask", {"domain": "d", "taskList": {"name": "dl"}, "maximumPageSize": 3}
    )
    ids = [e["eventId"] for e in first["events"]]
    token = first.get("nextPageToken")
    while token:
        page = env.raw(
            "PollForDecisionTask",
            {
                "domain": "d",
                "taskList": {"name": "dl"},
                "maximumPageSize": 3,
                "nextPageToken": token,
            },
        )
        assert page["taskToken"] == first["taskToken"]
        assert page["startedEventId"] == first["startedEventId"]
        ids += [e["eventId"] for e in page["events"]]
        token = page.get("nextPageToken")
    assert ids == list(range(1, first["startedEventId"] + 1))
    reverse = env.raw(
        "PollForDecisionTask", {"domain": "d", "taskList": {"name": "dl"}, "reverseOrder": True}
    )
    assert "taskToken" not in reverse  # the one task is taken
    assert len(env.history("w", run_id)) == first["startedEventId"] == 8


def test_decision_task_page_tokens_expire_after_a_minute(env: LocalEnvironment) -> None:
    # Unlike GetWorkflowExecutionHistory's (a day), PollForDecisionTask's history page
    # tokens expire after 60 seconds on the live service.
    env.start("w")
    for index in range(3):
        env.client.signal_workflow_execution(domain="d", workflowId="w", signalName=f"s{index}")
    body = {"domain": "d", "taskList": {"name": "dl"}, "maximumPageSize": 2}
    first = env.raw("PollForDecisionTask", body)
    env.clock.advance(60)
    second = env.raw("PollForDecisionTask", {**body, "nextPageToken": first["nextPageToken"]})
    assert second["taskToken"] == first["taskToken"]
    env.clock.advance(61)
    with pytest.raises(ClientError) as error:
        env.client.poll_for_decision_task(**body, nextPageToken=second["nextPageToken"])
    assert fault_code(error) == "ValidationException"
    assert "maximum lifetime" in error.value.response["Error"]["Message"]


def test_an_event_during_a_started_task_schedules_a_new_one_at_completion(
    env: LocalEnvironment,
) -> None:
    run_id = env.start("w")
    task = env.poll_decision()
    env.client.signal_workflow_execution(domain="d", workflowId="w", signalName="s")
    assert env.describe("w", run_id)["openCounts"]["openDecisionTasks"] == 1
    env.client.respond_decision_task_completed(taskToken=task["taskToken"])
    assert env.types("w", run_id)[-3:] == [
        "WorkflowExecutionSignaled",
        "DecisionTaskCompleted",
        "DecisionTaskScheduled",
    ]


def test_a_closing_decision_after_new_events_is_unhandled(env: LocalEnvironment) -> None:
    run_id = env.start("w")
    task = env.poll_decision()
    env.client.signal_workflow_execution(domain="d", workflowId="w", signalName="s")
    env.client.respond_decision_task_completed(
        taskToken=task["taskToken"], decisions=[decision("CompleteWorkflowExecution")]
    )
    assert env.last("w", run_id, "CompleteWorkflowExecutionFailed") == {
        "cause": "UNHANDLED_DECISION",
        "decisionTaskCompletedEventId": 5,
    }
    assert env.types("w", run_id)[-1] == "DecisionTaskScheduled"
    env.decide([decision("CompleteWorkflowExecution", result="r")])
    assert env.last("w", run_id, "WorkflowExecutionCompleted")["result"] == "r"


@pytest.mark.parametrize(
    "closing, event",
    [
        ("FailWorkflowExecution", "FailWorkflowExecutionFailed"),
        ("CancelWorkflowExecution", "CancelWorkflowExecutionFailed"),
        ("ContinueAsNewWorkflowExecution", "ContinueAsNewWorkflowExecutionFailed"),
    ],
)
def test_every_closing_decision_can_be_unhandled(
    env: LocalEnvironment, closing: str, event: str
) -> None:
    run_id = env.start("w")
    task = env.poll_decision()
    env.client.signal_workflow_execution(domain="d", workflowId="w", signalName="s")
    env.client.respond_decision_task_completed(
        taskToken=task["taskToken"], decisions=[decision(closing)]
    )
    assert env.last("w", run_id, event)["cause"] == "UNHANDLED_DECISION"
    assert env.describe("w", run_id)["executionInfo"]["executionStatus"] == "OPEN"


def test_a_bad_or_used_decision_token_is_unknown_resource(env: LocalEnvironment) -> None:
    env.start("w")
    task = env.decide([])
    for token in (task["taskToken"], "nope"):
        with pytest.raises(ClientError) as error:
            env.client.respond_decision_task_completed(taskToken=token)
        assert fault_code(error) == "UnknownResourceFault"


def test_a_closing_decision_must_be_last(env: LocalEnvironment) -> None:
    env.start("w")
    task = env.poll_decision()
    with pytest.raises(ClientError) as error:
        env.client.respond_decision_task_completed(
            taskToken=task["taskToken"],
            decisions=[
                decision("CompleteWorkflowExecution"),
                decision("RecordMarker", markerName="m"),
            ],
        )
    assert fault_code(error) == "ValidationException"
    env.client.respond_decision_task_completed(taskToken=task["taskToken"])  # still open


def test_decisions_apply_in_order_with_their_events(env: LocalEnvironment) -> None:
    run_id = env.start("w")
    env.decide(
        [
            decision("RecordMarker", markerName="m", details="d"),
            decision("StartTimer", timerId="t", startToFireTimeout="10", control="c"),
            decision("CancelTimer", timerId="t"),
            schedule("a", input="i", control="c", taskPriority="3"),
            decision("RequestCancelActivityTask", activityId="a"),
        ]
    )
    events = env.history("w", run_id)
    assert [e["eventType"] for e in events[4:]] == [
        "MarkerRecorded",
        "TimerStarted",
        "TimerCanceled",
        "ActivityTaskScheduled",
        "ActivityTaskCancelRequested",
        "ActivityTaskCanceled",
        "DecisionTaskScheduled",
    ]
    assert events[4]["markerRecordedEventAttributes"] == {
        "markerName": "m",
        "details": "d",
        "decisionTaskCompletedEventId": 4,
    }
    assert events[5]["timerStartedEventAttributes"] == {
        "timerId": "t",
        "control": "c",
        "startToFireTimeout": "10",
        "decisionTaskCompletedEventId": 4,
    }
    assert events[6]["timerCanceledEventAttributes"] == {
        "timerId": "t",
        "startedEventId": 6,
        "decisionTaskCompletedEventId": 4,
    }
    assert events[7]["activityTaskScheduledEventAttributes"] == {
        "activityType": {"name": "act", "version": "1"},
        "activityId": "a",
        "input": "i",
        "control": "c",
        "scheduleToStartTimeout": "100",
        "scheduleToCloseTimeout": "300",
        "startToCloseTimeout": "60",
        "taskList": {"name": "al"},
        "taskPriority": "3",
        "decisionTaskCompletedEventId": 4,
        "heartbeatTimeout": "NONE",
    }
    assert events[9]["activityTaskCanceledEventAttributes"] == {
        "scheduledEventId": 8,
        "startedEventId": 0,
        "latestCancelRequestedEventId": 9,
    }
    assert (
        env.client.count_pending_activity_tasks(domain="d", taskList={"name": "al"})["count"] == 0
    )


def _failure(
    env: LocalEnvironment, decisions: list[dict[str, Any]], event_type: str, setup: Any = None
) -> dict[str, Any]:
    run_id = env.start("w")
    if setup:
        env.decide(setup)
        env.client.signal_workflow_execution(domain="d", workflowId="w", signalName="go")
    env.decide(decisions)
    attributes = env.last("w", run_id, event_type)
    assert env.types("w", run_id)[-1] == "DecisionTaskScheduled"
    return attributes


def test_schedule_activity_failures(env: LocalEnvironment) -> None:
    env.client.register_activity_type(domain="d", name="bare", version="1")
    env.client.register_activity_type(domain="d", name="old", version="1")
    env.client.deprecate_activity_type(domain="d", activityType={"name": "old", "version": "1"})
    cases = [
        ({"activityType": {"name": "nope", "version": "1"}}, "ACTIVITY_TYPE_DOES_NOT_EXIST"),
        ({"activityType": {"name": "old", "version": "1"}}, "ACTIVITY_TYPE_DEPRECATED"),
        ({"activityType": {"name": "bare", "version": "1"}}, "DEFAULT_TASK_LIST_UNDEFINED"),
        (
            {"activityType": {"name": "bare", "version": "1"}, "taskList": {"name": "x"}},
            "DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED",
        ),
        (
            {
                "activityType": {"name": "bare", "version": "1"},
                "taskList": {"name": "x"},
                "scheduleToCloseTimeout": "9",
            },
            "DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED",
        ),
        (
            {
                "activityType": {"name": "bare", "version": "1"},
                "taskList": {"name": "x"},
                "scheduleToCloseTimeout": "9",
                "scheduleToStartTimeout": "9",
            },
            "DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED",
        ),
        (
            {
                "activityType": {"name": "bare", "version": "1"},
                "taskList": {"name": "x"},
                "scheduleToCloseTimeout": "9",
                "scheduleToStartTimeout": "9",
                "startToCloseTimeout": "9",
            },
            "DEFAULT_HEARTBEAT_TIMEOUT_UNDEFINED",
        ),
    ]
    for index, (attributes, cause) in enumerate(cases):
        run_id = env.start(f"w{index}")
        env.decide([decision("ScheduleActivityTask", activityId="a", **attributes)])
        failed = env.last(f"w{index}", run_id, "ScheduleActivityTaskFailed")
        assert failed == {
            "activityType": attributes["activityType"],
            "activityId": "a",
            "cause": cause,
            "decisionTaskCompletedEventId": 4,
        }, cause
        env.client.terminate_workflow_execution(domain="d", workflowId=f"w{index}")


def test_schedule_activity_with_an_open_activity_id_is_in_use(env: LocalEnvironment) -> None:
    failed = _failure(env, [schedule("a")], "ScheduleActivityTaskFailed", [schedule("a")])
    assert failed["cause"] == "ACTIVITY_ID_ALREADY_IN_USE"


def test_open_activities_are_limited(env: LocalEnvironment) -> None:
    env.local.service.limits.open_activities = 2
    failed = _failure(
        env, [schedule("a3")], "ScheduleActivityTaskFailed", [schedule("a1"), schedule("a2")]
    )
    assert failed["cause"] == "OPEN_ACTIVITIES_LIMIT_EXCEEDED"


def test_timer_failures(env: LocalEnvironment) -> None:
    start = decision("StartTimer", timerId="t", startToFireTimeout="5")
    assert _failure(env, [start], "StartTimerFailed", [start]) == {
        "timerId": "t",
        "cause": "TIMER_ID_ALREADY_IN_USE",
        "decisionTaskCompletedEventId": 9,
    }
    env.client.terminate_workflow_execution(domain="d", workflowId="w")
    assert _failure(env, [decision("CancelTimer", timerId="x")], "CancelTimerFailed") == {
        "timerId": "x",
        "cause": "TIMER_ID_UNKNOWN",
        "decisionTaskCompletedEventId": 4,
    }
    env.client.terminate_workflow_execution(domain="d", workflowId="w")
    env.local.service.limits.open_timers = 1
    other = decision("StartTimer", timerId="u", startToFireTimeout="5")
    assert _failure(env, [other], "StartTimerFailed", [start])["cause"] == (
        "OPEN_TIMERS_LIMIT_EXCEEDED"
    )


def test_request_cancel_of_an_unknown_activity_fails(env: LocalEnvironment) -> None:
    failed = _failure(
        env,
        [decision("RequestCancelActivityTask", activityId="x")],
        "RequestCancelActivityTaskFailed",
    )
    assert failed == {
        "activityId": "x",
        "cause": "ACTIVITY_ID_UNKNOWN",
        "decisionTaskCompletedEventId": 4,
    }


def test_schedule_lambda_function_fails_as_unavailable(env: LocalEnvironment) -> None:
    failed = _failure(
        env,
        [decision("ScheduleLambdaFunction", id="f", name="fn")],
        "ScheduleLambdaFunctionFailed",
    )
    assert failed == {
        "id": "f",
        "name": "fn",
        "cause": "LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION",
        "decisionTaskCompletedEventId": 4,
    }


def test_fail_and_complete_record_their_close_events(env: LocalEnvironment) -> None:
    run_id = env.start("w")
    env.decide([decision("FailWorkflowExecution", reason="r", details="d")])
    assert env.last("w", run_id, "WorkflowExecutionFailed") == {
        "reason": "r",
        "details": "d",
        "decisionTaskCompletedEventId": 4,
    }
    info = env.describe("w", run_id)
    assert info["executionInfo"]["closeStatus"] == "FAILED"
    assert info["openCounts"]["openDecisionTasks"] == 0


def test_signal_external_reaches_the_target_and_reports_back(env: LocalEnvironment) -> None:
    target = env.start("target")
    env.decide([])  # target's first task
    source = env.start("source")
    env.decide(
        [
            decision(
                "SignalExternalWorkflowExecution",
                workflowId="target",
                signalName="hello",
                input="i",
                control="c",
            )
        ]
    )
    assert env.last("target", target, "WorkflowExecutionSignaled") == {
        "signalName": "hello",
        "input": "i",
        "externalWorkflowExecution": {"workflowId": "source", "runId": source},
        "externalInitiatedEventId": 5,
    }
    assert env.types("source", source)[4:] == [
        "SignalExternalWorkflowExecutionInitiated",
        "ExternalWorkflowExecutionSignaled",
        "DecisionTaskScheduled",
    ]
    assert env.last("source", source, "ExternalWorkflowExecutionSignaled") == {
        "workflowExecution": {"workflowId": "target", "runId": target},
        "initiatedEventId": 5,
    }


def test_signal_and_cancel_of_an_unknown_external_execution_fail(env: LocalEnvironment) -> None:
    run_id = env.start("w")
    env.decide(
        [
            decision("SignalExternalWorkflowExecution", workflowId="nope", signalName="s"),
            decision("RequestCancelExternalWorkflowExecution", workflowId="nope", runId="r"),
        ]
    )
    assert env.last("w", run_id, "SignalExternalWorkflowExecutionFailed") == {
        "workflowId": "nope",
        "cause": "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
        "initiatedEventId": 5,
        "decisionTaskCompletedEventId": 4,
    }
    assert env.last("w", run_id, "RequestCancelExternalWorkflowExecutionFailed") == {
        "workflowId": "nope",
        "runId": "r",
        "cause": "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
        "initiatedEventId": 7,
        "decisionTaskCompletedEventId": 4,
    }


def test_request_cancel_external_records_on_both_sides(env: LocalEnvironment) -> None:
    target = env.start("target")
    env.decide([])
    source = env.start("source")
    env.decide(
        [decision("RequestCancelExternalWorkflowExecution", workflowId="target", runId=target)]
    )
    assert env.last("target", target, "WorkflowExecutionCancelRequested") == {
        "externalWorkflowExecution": {"workflowId": "source", "runId": source},
        "externalInitiatedEventId": 5,
    }
    assert env.last("source", source, "ExternalWorkflowExecutionCancelRequested") == {
        "workflowExecution": {"workflowId": "target", "runId": target},
        "initiatedEventId": 5,
    }
    assert env.describe("target", target)["executionInfo"]["cancelRequested"] is True


def test_a_child_starts_and_reports_its_completion_to_the_parent(env: LocalEnvironment) -> None:
    parent = env.start("parent")
    env.decide(
        [
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "wf", "version": "1"},
                workflowId="child",
                input="ci",
                control="cc",
                taskList={"name": "cl"},
                tagList=["x"],
            )
        ]
    )
    initiated = env.last("parent", parent, "StartChildWorkflowExecutionInitiated")
    assert initiated == {
        "workflowId": "child",
        "workflowType": {"name": "wf", "version": "1"},
        "control": "cc",
        "input": "ci",
        "executionStartToCloseTimeout": "3600",
        "taskList": {"name": "cl"},
        "decisionTaskCompletedEventId": 4,
        "childPolicy": "TERMINATE",
        "taskStartToCloseTimeout": "30",
        "tagList": ["x"],
    }
    started = env.last("parent", parent, "ChildWorkflowExecutionStarted")
    child = started["workflowExecution"]["runId"]
    assert started == {
        "workflowExecution": {"workflowId": "child", "runId": child},
        "workflowType": {"name": "wf", "version": "1"},
        "initiatedEventId": 5,
    }
    child_started = env.last("child", child, "WorkflowExecutionStarted")
    assert child_started["parentWorkflowExecution"] == {"workflowId": "parent", "runId": parent}
    assert child_started["parentInitiatedEventId"] == 5
    assert env.describe("child", child)["executionInfo"]["parent"] == {
        "workflowId": "parent",
        "runId": parent,
    }
    env.decide([], task_list="dl")  # the parent's task for ChildWorkflowExecutionStarted
    env.decide([decision("CompleteWorkflowExecution", result="done")], task_list="cl")
    assert env.last("parent", parent, "ChildWorkflowExecutionCompleted") == {
        "workflowExecution": {"workflowId": "child", "runId": child},
        "workflowType": {"name": "wf", "version": "1"},
        "result": "done",
        "initiatedEventId": 5,
        "startedEventId": 6,
    }
    assert env.types("parent", parent)[-1] == "DecisionTaskScheduled"


@pytest.mark.parametrize(
    "closing, event, extra",
    [
        (
            decision("FailWorkflowExecution", reason="r", details="d"),
            "ChildWorkflowExecutionFailed",
            {"reason": "r", "details": "d"},
        ),
        (
            decision("CancelWorkflowExecution", details="d"),
            "ChildWorkflowExecutionCanceled",
            {"details": "d"},
        ),
    ],
)
def test_a_child_failing_or_canceled_is_reported(
    env: LocalEnvironment, closing: dict[str, Any], event: str, extra: dict[str, Any]
) -> None:
    parent = env.start("parent")
    env.decide(
        [
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "wf", "version": "1"},
                workflowId="child",
                taskList={"name": "cl"},
            )
        ]
    )
    env.decide([closing], task_list="cl")
    attributes = env.last("parent", parent, event)
    assert {k: attributes[k] for k in extra} == extra


def test_child_terminated_and_timed_out_are_reported(env: LocalEnvironment) -> None:
    parent = env.start("parent")
    env.decide(
        [
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "wf", "version": "1"},
                workflowId="c1",
            ),
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "wf", "version": "1"},
                workflowId="c2",
                executionStartToCloseTimeout="50",
            ),
        ]
    )
    env.client.terminate_workflow_execution(domain="d", workflowId="c1")
    assert env.last("parent", parent, "ChildWorkflowExecutionTerminated")["initiatedEventId"] == 5
    env.clock.advance(50)
    assert (
        env.last("parent", parent, "ChildWorkflowExecutionTimedOut")["timeoutType"]
        == "START_TO_CLOSE"
    )


def test_start_child_failures(env: LocalEnvironment) -> None:
    env.client.register_workflow_type(domain="d", name="bare", version="1")
    run_id = env.start("w")
    env.decide(
        [
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "nope", "version": "1"},
                workflowId="c",
            ),
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "bare", "version": "1"},
                workflowId="c",
            ),
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "wf", "version": "1"},
                workflowId="w",
                control="x",
            ),
        ]
    )
    failures = [
        e["startChildWorkflowExecutionFailedEventAttributes"]
        for e in env.history("w", run_id)
        if e["eventType"] == "StartChildWorkflowExecutionFailed"
    ]
    assert [f["cause"] for f in failures] == [
        "WORKFLOW_TYPE_DOES_NOT_EXIST",
        "DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED",
        "WORKFLOW_ALREADY_RUNNING",
    ]
    assert failures[2] == {
        "workflowType": {"name": "wf", "version": "1"},
        "cause": "WORKFLOW_ALREADY_RUNNING",
        "workflowId": "w",
        "initiatedEventId": 7,
        "decisionTaskCompletedEventId": 4,
        "control": "x",
    }


def test_continue_as_new_starts_a_new_run_with_the_same_workflow_id(env: LocalEnvironment) -> None:
    old = env.start("w", tagList=["t"])
    env.decide(
        [
            decision(
                "ContinueAsNewWorkflowExecution",
                input="next",
                taskStartToCloseTimeout="20",
                tagList=["n"],
            )
        ]
    )
    continued = env.last("w", old, "WorkflowExecutionContinuedAsNew")
    new = continued["newExecutionRunId"]
    assert continued == {
        "input": "next",
        "decisionTaskCompletedEventId": 4,
        "newExecutionRunId": new,
        "executionStartToCloseTimeout": "3600",
        "taskList": {"name": "dl"},
        "taskStartToCloseTimeout": "20",
        "childPolicy": "TERMINATE",
        "tagList": ["n"],
        "workflowType": {"name": "wf", "version": "1"},
    }
    assert env.describe("w", old)["executionInfo"]["closeStatus"] == "CONTINUED_AS_NEW"
    started = env.last("w", new, "WorkflowExecutionStarted")
    assert started["continuedExecutionRunId"] == old
    assert started["input"] == "next"
    assert env.poll_decision()["workflowExecution"] == {"workflowId": "w", "runId": new}


def test_continue_as_new_to_an_unknown_version_fails(env: LocalEnvironment) -> None:
    failed = _failure(
        env,
        [decision("ContinueAsNewWorkflowExecution", workflowTypeVersion="9")],
        "ContinueAsNewWorkflowExecutionFailed",
    )
    assert failed == {"cause": "WORKFLOW_TYPE_DOES_NOT_EXIST", "decisionTaskCompletedEventId": 4}


def test_decision_tasks_go_by_priority_then_first_in(env: LocalEnvironment) -> None:
    env.start("low", taskPriority="-1")
    env.start("first")
    env.start("high", taskPriority="5")
    env.start("second")
    order = [env.decide([])["workflowExecution"]["workflowId"] for _ in range(4)]
    assert order == ["high", "first", "second", "low"]
    pending = env.raw("CountPendingDecisionTasks", {"domain": "d", "taskList": {"name": "dl"}})
    assert pending == {"count": 0, "truncated": False}


def test_each_decision_task_goes_to_exactly_one_of_many_pollers(env: LocalEnvironment) -> None:
    for index in range(20):
        env.start(f"w{index}")
    got: list[str] = []
    lock = threading.Lock()

    def poller() -> None:
        while True:
            task = env.client.poll_for_decision_task(domain="d", taskList={"name": "dl"})
            if "taskToken" not in task:
                return
            with lock:
                got.append(task["workflowExecution"]["workflowId"])

    threads = [threading.Thread(target=poller) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(got) == sorted(f"w{index}" for index in range(20))


def test_a_waiting_poll_receives_a_task_scheduled_later(env: LocalEnvironment) -> None:
    # The hold outlasts the failure bound: only a working wake-up answers in time.
    env.local.service.polls.hold = 6 * FAILURE_BOUND
    result: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: result.update(env.poll_decision()))
    thread.start()
    assert env.local.service.waiters.wait_parked("d", "decision", "dl", timeout=FAILURE_BOUND)
    env.start("late")
    thread.join(timeout=FAILURE_BOUND)
    assert not thread.is_alive()
    assert result["workflowExecution"]["workflowId"] == "late"


def test_a_task_list_override_moves_the_next_decision_tasks(env: LocalEnvironment) -> None:
    run_id = env.start("w")
    env.decide([], taskList={"name": "sticky"})
    env.client.signal_workflow_execution(domain="d", workflowId="w", signalName="s")
    assert env.last("w", run_id, "DecisionTaskScheduled")["taskList"] == {"name": "sticky"}
    env.decide([], task_list="sticky")


def test_a_decision_without_its_attributes_is_a_validation_error(env: LocalEnvironment) -> None:
    env.start("w")
    task = env.poll_decision()
    for decisions in (
        [{"decisionType": "ScheduleActivityTask"}],
        [{"decisionType": "StartTimer", "cancelTimerDecisionAttributes": {"timerId": "t"}}],
        [decision("RecordMarker", markerName="m")] * 101,
    ):
        with pytest.raises(ClientError) as error:
            env.client.respond_decision_task_completed(
                taskToken=task["taskToken"], decisions=decisions
            )
        assert fault_code(error) == "ValidationException"


def test_a_continued_child_reports_to_the_parent_when_its_last_run_closes(
    env: LocalEnvironment,
) -> None:
    parent = env.start("parent")
    env.decide(
        [
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "wf", "version": "1"},
                workflowId="child",
                taskList={"name": "cl"},
            )
        ]
    )
    env.decide([decision("ContinueAsNewWorkflowExecution", taskList={"name": "cl"})], "cl")
    assert "ChildWorkflowExecutionCompleted" not in env.types("parent", parent)
    task = env.decide([decision("CompleteWorkflowExecution", result="2nd")], "cl")
    second_run = task["workflowExecution"]["runId"]
    assert env.last("child", second_run, "WorkflowExecutionStarted")["parentWorkflowExecution"] == {
        "workflowId": "parent",
        "runId": parent,
    }
    completed = env.last("parent", parent, "ChildWorkflowExecutionCompleted")
    assert completed["result"] == "2nd"
    assert completed["workflowExecution"] == {"workflowId": "child", "runId": second_run}


def test_signal_external_to_a_closed_run_fails(env: LocalEnvironment) -> None:
    closed = env.start("target")
    env.client.terminate_workflow_execution(domain="d", workflowId="target")
    run_id = env.start("w")
    env.decide(
        [
            decision(
                "SignalExternalWorkflowExecution",
                workflowId="target",
                runId=closed,
                signalName="s",
            )
        ]
    )
    assert env.last("w", run_id, "SignalExternalWorkflowExecutionFailed")["cause"] == (
        "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"
    )


def test_start_at_previous_started_event_skips_older_history(env: LocalEnvironment) -> None:
    env.start("w")
    env.clock.advance(5)
    env.decide([])
    env.clock.advance(5)
    env.client.signal_workflow_execution(domain="d", workflowId="w", signalName="s")
    task = env.raw(
        "PollForDecisionTask",
        {"domain": "d", "taskList": {"name": "dl"}, "startAtPreviousStartedEvent": True},
    )
    assert task["previousStartedEventId"] == 3
    assert [e["eventId"] for e in task["events"]] == [3, 4, 5, 6, 7]


def test_polls_in_a_deprecated_domain_still_get_tasks(env: LocalEnvironment) -> None:
    env.start("w")
    env.client.deprecate_domain(name="d")
    env.decide([decision("CompleteWorkflowExecution")])


def test_polls_in_an_unknown_domain_are_unknown_resource(env: LocalEnvironment) -> None:
    assert (
        env.raw_fault("PollForDecisionTask", {"domain": "nope", "taskList": {"name": "dl"}})
        == "UnknownResourceFault"
    )
    assert (
        env.raw_fault("PollForActivityTask", {"domain": "nope", "taskList": {"name": "al"}})
        == "UnknownResourceFault"
    )


def test_idle_pollers_each_receive_one_of_the_tasks_scheduled_later(env: LocalEnvironment) -> None:
    env.local.service.polls.hold = 6 * FAILURE_BOUND  # longer than the failure bound below
    got: list[str] = []
    lock = threading.Lock()

    def poller() -> None:
        task = env.client.poll_for_decision_task(domain="d", taskList={"name": "dl"})
        with lock:
            got.append(task.get("workflowExecution", {}).get("workflowId", "nothing"))

    threads = [threading.Thread(target=poller) for _ in range(5)]
    for thread in threads:
        thread.start()
    waiters = env.local.service.waiters
    assert waiters.wait_parked("d", "decision", "dl", count=5, timeout=FAILURE_BOUND)
    for index in range(5):  # one at a time: each wakes one idle poller
        env.start(f"w{index}")
    for thread in threads:
        thread.join(timeout=FAILURE_BOUND)
        assert not thread.is_alive()
    assert sorted(got) == [f"w{index}" for index in range(5)]


@pytest.mark.parametrize(
    "registration, given, cause",
    [
        ({}, {}, "DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED"),
        (
            {"defaultExecutionStartToCloseTimeout": "60"},
            {},
            "DEFAULT_TASK_LIST_UNDEFINED",
        ),
        (
            {"defaultExecutionStartToCloseTimeout": "60", "defaultTaskList": {"name": "x"}},
            {},
            "DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED",
        ),
        (
            {"defaultExecutionStartToCloseTimeout": "60"},
            {"taskList": {"name": "x"}, "taskStartToCloseTimeout": "5"},
            "DEFAULT_CHILD_POLICY_UNDEFINED",
        ),
    ],
)
def test_child_and_continue_as_new_report_the_missing_default(
    env: LocalEnvironment, registration: dict[str, Any], given: dict[str, Any], cause: str
) -> None:
    env.client.register_workflow_type(domain="d", name="bare", version="1", **registration)
    run_id = env.start("w")
    env.decide(
        [
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "bare", "version": "1"},
                workflowId="c",
                **given,
            )
        ]
    )
    assert env.last("w", run_id, "StartChildWorkflowExecutionFailed")["cause"] == cause
    env.client.start_workflow_execution(
        domain="d",
        workflowId="cont",
        workflowType={"name": "bare", "version": "1"},
        taskList={"name": "bare-tl"},
        executionStartToCloseTimeout="60",
        taskStartToCloseTimeout="5",
        childPolicy="ABANDON",
    )
    task = env.decide([decision("ContinueAsNewWorkflowExecution", **given)], task_list="bare-tl")
    failed = env.last(
        "cont", task["workflowExecution"]["runId"], "ContinueAsNewWorkflowExecutionFailed"
    )
    assert failed["cause"] == cause


def test_deprecated_workflow_types_fail_children_and_continue_as_new(env: LocalEnvironment) -> None:
    env.client.register_workflow_type(
        domain="d",
        name="wf",
        version="old",
        defaultTaskList={"name": "dl"},
        defaultTaskStartToCloseTimeout="30",
        defaultExecutionStartToCloseTimeout="3600",
        defaultChildPolicy="TERMINATE",
    )
    env.client.deprecate_workflow_type(domain="d", workflowType={"name": "wf", "version": "old"})
    run_id = env.start("w")
    env.decide(
        [
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "wf", "version": "old"},
                workflowId="c",
            ),
            decision("ContinueAsNewWorkflowExecution", workflowTypeVersion="old"),
        ]
    )
    assert env.last("w", run_id, "StartChildWorkflowExecutionFailed")["cause"] == (
        "WORKFLOW_TYPE_DEPRECATED"
    )
    assert env.last("w", run_id, "ContinueAsNewWorkflowExecutionFailed")["cause"] == (
        "WORKFLOW_TYPE_DEPRECATED"
    )


def test_open_children_are_limited(env: LocalEnvironment) -> None:
    env.local.service.limits.open_children = 1
    run_id = env.start("w")
    child = {"workflowType": {"name": "wf", "version": "1"}}
    env.decide(
        [
            decision("StartChildWorkflowExecution", workflowId="c1", **child),
            decision("StartChildWorkflowExecution", workflowId="c2", **child),
        ]
    )
    assert env.last("w", run_id, "StartChildWorkflowExecutionFailed") == {
        "workflowType": {"name": "wf", "version": "1"},
        "cause": "OPEN_CHILDREN_LIMIT_EXCEEDED",
        "workflowId": "c2",
        "initiatedEventId": 0,
        "decisionTaskCompletedEventId": 4,
    }
