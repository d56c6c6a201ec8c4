"""SWF Local: starting, describing, signalling, cancelling and terminating executions,
and reading their history."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.local.support import START, LocalEnvironment, decision, fault_code


def test_start_resolves_every_default_from_the_workflow_type(env: LocalEnvironment) -> None:
    run_id = env.start("w", input="in", tagList=["a", "b"])
    events = env.history("w", run_id)
    assert [e["eventType"] for e in events] == ["WorkflowExecutionStarted", "DecisionTaskScheduled"]
    assert [e["eventId"] for e in events] == [1, 2]
    assert events[0]["eventTimestamp"] == START
    assert events[0]["workflowExecutionStartedEventAttributes"] == {
        "input": "in",
        "executionStartToCloseTimeout": "3600",
        "taskStartToCloseTimeout": "30",
        "childPolicy": "TERMINATE",
        "taskList": {"name": "dl"},
        "workflowType": {"name": "wf", "version": "1"},
        "tagList": ["a", "b"],
    }
    assert events[1]["decisionTaskScheduledEventAttributes"] == {
        "taskList": {"name": "dl"},
        "startToCloseTimeout": "30",
    }


def test_start_values_override_the_type_defaults(env: LocalEnvironment) -> None:
    run_id = env.start(
        "w",
        taskList={"name": "other"},
        taskStartToCloseTimeout="5",
        executionStartToCloseTimeout="60",
        childPolicy="ABANDON",
        taskPriority="7",
        lambdaRole="arn:aws:iam::000000000000:role/r",
    )
    configuration = env.describe("w", run_id)["executionConfiguration"]
    assert configuration == {
        "taskStartToCloseTimeout": "5",
        "executionStartToCloseTimeout": "60",
        "taskList": {"name": "other"},
        "taskPriority": "7",
        "childPolicy": "ABANDON",
        "lambdaRole": "arn:aws:iam::000000000000:role/r",
    }
    assert (
        env.client.count_pending_decision_tasks(domain="d", taskList={"name": "other"})["count"]
        == 1
    )


def test_start_without_a_default_or_a_value_is_default_undefined(env: LocalEnvironment) -> None:
    env.client.register_workflow_type(domain="d", name="bare", version="1")
    with pytest.raises(ClientError) as error:
        env.client.start_workflow_execution(
            domain="d",
            workflowId="w",
            workflowType={"name": "bare", "version": "1"},
            taskList={"name": "x"},
            executionStartToCloseTimeout="60",
            taskStartToCloseTimeout="10",
        )
    assert fault_code(error) == "DefaultUndefinedFault"  # no child policy anywhere


@pytest.mark.parametrize(
    "name, version, code",
    [
        ("nope", "1", "UnknownResourceFault"),
        ("wf", "2", "UnknownResourceFault"),
    ],
)
def test_start_of_an_unknown_type_is_unknown_resource(
    env: LocalEnvironment, name: str, version: str, code: str
) -> None:
    with pytest.raises(ClientError) as error:
        env.client.start_workflow_execution(
            domain="d", workflowId="w", workflowType={"name": name, "version": version}
        )
    assert fault_code(error) == code


def test_start_of_a_deprecated_type_or_in_a_deprecated_domain_fails(env: LocalEnvironment) -> None:
    env.client.deprecate_workflow_type(domain="d", workflowType={"name": "wf", "version": "1"})
    with pytest.raises(ClientError) as error:
        env.start("w")
    assert fault_code(error) == "TypeDeprecatedFault"
    env.client.undeprecate_workflow_type(domain="d", workflowType={"name": "wf", "version": "1"})
    env.client.deprecate_domain(name="d")
    # DomainDeprecatedFault is not one of StartWorkflowExecution's faults; deprecating the
    # domain deprecated its types.
    with pytest.raises(ClientError) as error:
        env.start("w")
    assert fault_code(error) == "TypeDeprecatedFault"


def test_deprecating_a_domain_deprecates_its_types(env: LocalEnvironment) -> None:
    env.client.deprecate_domain(name="d")
    workflow = env.client.describe_workflow_type(
        domain="d", workflowType={"name": "wf", "version": "1"}
    )["typeInfo"]
    activity = env.client.describe_activity_type(
        domain="d", activityType={"name": "act", "version": "1"}
    )["typeInfo"]
    assert workflow["status"] == activity["status"] == "DEPRECATED"
    assert "deprecationDate" in workflow and "deprecationDate" in activity
    listed = env.client.list_activity_types(domain="d", registrationStatus="REGISTERED")
    assert listed["typeInfos"] == []


def test_start_with_an_open_workflow_id_is_already_started(env: LocalEnvironment) -> None:
    env.start("w")
    with pytest.raises(ClientError) as error:
        env.start("w")
    assert fault_code(error) == "WorkflowExecutionAlreadyStartedFault"
    env.client.terminate_workflow_execution(domain="d", workflowId="w")
    assert env.start("w")  # closed: the workflowId is free again


def test_start_rejects_none_as_execution_timeout(env: LocalEnvironment) -> None:
    with pytest.raises(ClientError) as error:
        env.start("w", executionStartToCloseTimeout="NONE")
    assert fault_code(error) == "ValidationException"


@pytest.mark.parametrize("member", ["taskStartToCloseTimeout", "executionStartToCloseTimeout"])
def test_start_rejects_durations_that_are_not_ascii_digits(
    env: LocalEnvironment, member: str
) -> None:
    with pytest.raises(ClientError) as error:
        env.start("w", **{member: "\u00b2"})
    assert fault_code(error) == "ValidationException"
    assert member in error.value.response["Error"]["Message"]


def test_start_in_an_unknown_domain_is_unknown_resource(env: LocalEnvironment) -> None:
    with pytest.raises(ClientError) as error:
        env.start("w", domain="nope")
    assert fault_code(error) == "UnknownResourceFault"


def test_describe_counts_open_work_and_keeps_the_latest_context(env: LocalEnvironment) -> None:
    run_id = env.start("w", tagList=["t"])
    env.decide(
        [
            decision(
                "ScheduleActivityTask", activityType={"name": "act", "version": "1"}, activityId="a"
            ),
            decision("StartTimer", timerId="t1", startToFireTimeout="100"),
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "wf", "version": "1"},
                workflowId="child",
            ),
        ],
        executionContext="ctx-1",
    )
    detail = env.describe("w", run_id)
    assert detail["openCounts"] == {
        "openActivityTasks": 1,
        "openDecisionTasks": 1,
        "openTimers": 1,
        "openChildWorkflowExecutions": 1,
        "openLambdaFunctions": 0,
    }
    assert detail["latestExecutionContext"] == "ctx-1"
    assert detail["latestActivityTaskTimestamp"] == START
    info = detail["executionInfo"]
    assert info == {
        "execution": {"workflowId": "w", "runId": run_id},
        "workflowType": {"name": "wf", "version": "1"},
        "startTimestamp": START,
        "executionStatus": "OPEN",
        "cancelRequested": False,
        "tagList": ["t"],
    }


def test_describe_of_an_unknown_run_is_unknown_resource(env: LocalEnvironment) -> None:
    env.start("w")
    with pytest.raises(ClientError) as error:
        env.client.describe_workflow_execution(
            domain="d", execution={"workflowId": "w", "runId": "0" * 32}
        )
    assert fault_code(error) == "UnknownResourceFault"


def test_history_pages_with_tokens_in_both_orders(env: LocalEnvironment) -> None:
    run_id = env.start("w")
    for index in range(4):
        env.client.signal_workflow_execution(domain="d", workflowId="w", signalName=f"s{index}")
    everything = [e["eventId"] for e in env.history("w", run_id)]
    assert everything == list(range(1, 7))
    for reverse in (False, True):
        seen: list[int] = []
        token = None
        while True:
            body = {
                "domain": "d",
                "execution": {"workflowId": "w", "runId": run_id},
                "maximumPageSize": 4,
                "reverseOrder": reverse,
            }
            if token:
                body["nextPageToken"] = token
            page = env.raw("GetWorkflowExecutionHistory", body)
            assert len(page["events"]) <= 4
            seen += [e["eventId"] for e in page["events"]]
            token = page.get("nextPageToken")
            if not token:
                break
        assert seen == (everything[::-1] if reverse else everything)


def test_signals_are_batched_into_the_scheduled_decision_task(env: LocalEnvironment) -> None:
    run_id = env.start("w")
    env.client.signal_workflow_execution(domain="d", workflowId="w", signalName="a", input="1")
    env.client.signal_workflow_execution(domain="d", workflowId="w", runId=run_id, signalName="b")
    assert env.types("w", run_id) == [
        "WorkflowExecutionStarted",
        "DecisionTaskScheduled",
        "WorkflowExecutionSignaled",
        "WorkflowExecutionSignaled",
    ]
    assert env.history("w", run_id)[2]["workflowExecutionSignaledEventAttributes"] == {
        "signalName": "a",
        "input": "1",
    }


def test_signal_cancel_and_terminate_of_a_closed_execution_are_unknown(
    env: LocalEnvironment,
) -> None:
    run_id = env.start("w")
    env.client.terminate_workflow_execution(domain="d", workflowId="w", reason="r", details="x")
    assert env.last("w", run_id, "WorkflowExecutionTerminated") == {
        "reason": "r",
        "details": "x",
        "childPolicy": "TERMINATE",
        "cause": "OPERATOR_INITIATED",
    }
    calls = [
        lambda: env.client.signal_workflow_execution(domain="d", workflowId="w", signalName="s"),
        lambda: env.client.signal_workflow_execution(
            domain="d", workflowId="w", runId=run_id, signalName="s"
        ),
        lambda: env.client.request_cancel_workflow_execution(domain="d", workflowId="w"),
        lambda: env.client.terminate_workflow_execution(domain="d", workflowId="w", runId=run_id),
        lambda: env.client.signal_workflow_execution(domain="d", workflowId="nope", signalName="s"),
    ]
    for call in calls:
        with pytest.raises(ClientError) as error:
            call()
        assert fault_code(error) == "UnknownResourceFault"


def test_request_cancel_records_the_request_and_schedules_a_decision(env: LocalEnvironment) -> None:
    run_id = env.start("w")
    env.decide([])
    env.client.request_cancel_workflow_execution(domain="d", workflowId="w")
    assert env.types("w", run_id)[-2:] == [
        "WorkflowExecutionCancelRequested",
        "DecisionTaskScheduled",
    ]
    assert env.describe("w", run_id)["executionInfo"]["cancelRequested"] is True
    env.decide([decision("CancelWorkflowExecution", details="bye")])
    info = env.describe("w", run_id)["executionInfo"]
    assert (info["executionStatus"], info["closeStatus"]) == ("CLOSED", "CANCELED")
    assert info["closeTimestamp"] == START


def _parent_with_child(env: LocalEnvironment, policy: str) -> tuple[str, str]:
    parent = env.start("parent", childPolicy=policy)
    env.decide(
        [
            decision(
                "StartChildWorkflowExecution",
                workflowType={"name": "wf", "version": "1"},
                workflowId="child",
                childPolicy="TERMINATE",
            )
        ]
    )
    child = env.last("parent", parent, "ChildWorkflowExecutionStarted")
    return parent, child["workflowExecution"]["runId"]


def test_terminate_applies_the_terminate_child_policy(env: LocalEnvironment) -> None:
    _parent, child = _parent_with_child(env, "TERMINATE")
    env.client.terminate_workflow_execution(domain="d", workflowId="parent")
    assert env.last("child", child, "WorkflowExecutionTerminated") == {
        "childPolicy": "TERMINATE",
        "cause": "CHILD_POLICY_APPLIED",
    }
    assert env.describe("child", child)["executionInfo"]["closeStatus"] == "TERMINATED"


def test_terminate_applies_the_request_cancel_child_policy(env: LocalEnvironment) -> None:
    _parent, child = _parent_with_child(env, "REQUEST_CANCEL")
    env.client.terminate_workflow_execution(domain="d", workflowId="parent")
    assert env.last("child", child, "WorkflowExecutionCancelRequested") == {
        "cause": "CHILD_POLICY_APPLIED",
    }
    info = env.describe("child", child)["executionInfo"]
    assert (info["executionStatus"], info["cancelRequested"]) == ("OPEN", True)


def test_terminate_with_abandon_leaves_children_alone(env: LocalEnvironment) -> None:
    parent, child = _parent_with_child(env, "TERMINATE")
    env.client.terminate_workflow_execution(domain="d", workflowId="parent", childPolicy="ABANDON")
    assert env.last("parent", parent, "WorkflowExecutionTerminated")["childPolicy"] == "ABANDON"
    assert env.types("child", child) == ["WorkflowExecutionStarted", "DecisionTaskScheduled"]


def test_ids_and_names_follow_swf_naming_rules(env: LocalEnvironment) -> None:
    for bad in ("a:b", "a/b", "a|b", "arn", " padded", "tab\there"):
        with pytest.raises(ClientError) as error:
            env.start(bad)
        assert fault_code(error) == "ValidationException", bad
    with pytest.raises(ClientError) as error:
        env.start("w", taskList={"name": "x:y"})
    assert fault_code(error) == "ValidationException"
    env.start("w")
    with pytest.raises(ClientError) as error:
        env.client.signal_workflow_execution(domain="d", workflowId="w", signalName="s|t")
    assert fault_code(error) == "ValidationException"
    task = env.poll_decision()
    for bad_decision in (
        decision(
            "ScheduleActivityTask",
            activityType={"name": "act", "version": "1"},
            activityId="a/1",
        ),
        decision("StartTimer", timerId="arn", startToFireTimeout="5"),
        decision("RecordMarker", markerName="m:1"),
    ):
        with pytest.raises(ClientError) as error:
            env.client.respond_decision_task_completed(
                taskToken=task["taskToken"], decisions=[bad_decision]
            )
        assert fault_code(error) == "ValidationException"
    env.client.respond_decision_task_completed(taskToken=task["taskToken"])
