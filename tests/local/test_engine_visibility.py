"""SWF Local engine: List/Count Open/Closed WorkflowExecutions."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.local.engine_support import START, Engine, engine, fault_code

__all__ = ["engine"]


def _ids(answer: dict[str, Any]) -> list[str]:
    return [info["execution"]["workflowId"] for info in answer["executionInfos"]]


@pytest.fixture
def populated(engine: Engine) -> Engine:
    """w0..w5 started one second apart; w0, w1 terminated (w1 first), w2 completed; w4 on
    type v2, tags: even ids have "even"."""
    engine.client.register_workflow_type(
        domain="d",
        name="wf",
        version="2",
        defaultTaskList={"name": "dl"},
        defaultTaskStartToCloseTimeout="30",
        defaultExecutionStartToCloseTimeout="3600",
        defaultChildPolicy="TERMINATE",
    )
    for index in range(6):
        engine.client.start_workflow_execution(
            domain="d",
            workflowId=f"w{index}",
            workflowType={"name": "wf", "version": "2" if index == 4 else "1"},
            tagList=["even"] if index % 2 == 0 else ["odd"],
        )
        engine.clock.advance(1)
    engine.client.terminate_workflow_execution(domain="d", workflowId="w1")
    engine.clock.advance(1)
    engine.client.terminate_workflow_execution(domain="d", workflowId="w0")
    engine.clock.advance(1)
    engine.client.request_cancel_workflow_execution(domain="d", workflowId="w2")
    pending = engine.client.count_pending_decision_tasks(domain="d", taskList={"name": "dl"})
    for _ in range(pending["count"]):
        task = engine.poll_decision()
        if task["workflowExecution"]["workflowId"] == "w2":
            engine.client.respond_decision_task_completed(
                taskToken=task["taskToken"],
                decisions=[{"decisionType": "CompleteWorkflowExecution"}],
            )
        else:
            engine.client.respond_decision_task_completed(taskToken=task["taskToken"])
    return engine


def _open(engine: Engine, **body: Any) -> dict[str, Any]:
    return engine.raw(
        "ListOpenWorkflowExecutions", {"domain": "d", "startTimeFilter": {"oldestDate": 0}, **body}
    )


def _closed(engine: Engine, **body: Any) -> dict[str, Any]:
    return engine.raw("ListClosedWorkflowExecutions", {"domain": "d", **body})


def test_open_executions_newest_first_or_reversed(populated: Engine) -> None:
    assert _ids(_open(populated)) == ["w5", "w4", "w3"]
    assert _ids(_open(populated, reverseOrder=True)) == ["w3", "w4", "w5"]
    info = _open(populated)["executionInfos"][0]
    assert info == {
        "execution": info["execution"],
        "workflowType": {"name": "wf", "version": "1"},
        "startTimestamp": START + 5,
        "executionStatus": "OPEN",
        "cancelRequested": False,
        "tagList": ["odd"],
    }


def test_time_filters_bound_both_ends(populated: Engine) -> None:
    window = {"oldestDate": START + 4, "latestDate": START + 4}
    assert _ids(_open(populated, startTimeFilter=window)) == ["w4"]
    assert _ids(_closed(populated, startTimeFilter={"oldestDate": START + 1})) == ["w2", "w1"]


def test_closed_executions_order_by_close_time_when_filtered_by_it(populated: Engine) -> None:
    assert _ids(_closed(populated, startTimeFilter={"oldestDate": 0})) == ["w2", "w1", "w0"]
    assert _ids(_closed(populated, closeTimeFilter={"oldestDate": 0})) == ["w2", "w0", "w1"]
    info = _closed(populated, closeTimeFilter={"oldestDate": 0})["executionInfos"][0]
    assert (info["closeStatus"], info["closeTimestamp"], info["cancelRequested"]) == (
        "COMPLETED",
        START + 8,
        True,
    )


def test_each_filter_selects(populated: Engine) -> None:
    assert _ids(_open(populated, executionFilter={"workflowId": "w3"})) == ["w3"]
    assert _ids(_open(populated, typeFilter={"name": "wf"})) == ["w5", "w4", "w3"]
    assert _ids(_open(populated, typeFilter={"name": "wf", "version": "2"})) == ["w4"]
    assert _ids(_open(populated, tagFilter={"tag": "odd"})) == ["w5", "w3"]
    assert _ids(
        _closed(
            populated, startTimeFilter={"oldestDate": 0}, closeStatusFilter={"status": "TERMINATED"}
        )
    ) == ["w1", "w0"]
    assert _ids(
        _closed(populated, startTimeFilter={"oldestDate": 0}, tagFilter={"tag": "even"})
    ) == ["w2", "w0"]


def test_counts_match_the_lists(populated: Engine) -> None:
    count = populated.raw(
        "CountOpenWorkflowExecutions",
        {"domain": "d", "startTimeFilter": {"oldestDate": 0}, "tagFilter": {"tag": "odd"}},
    )
    assert count == {"count": 2, "truncated": False}
    count = populated.raw(
        "CountClosedWorkflowExecutions",
        {
            "domain": "d",
            "closeTimeFilter": {"oldestDate": 0},
            "closeStatusFilter": {"status": "COMPLETED"},
        },
    )
    assert count == {"count": 1, "truncated": False}


def test_pages_follow_tokens_without_gaps_or_repeats(populated: Engine) -> None:
    for extra in range(10):
        populated.client.start_workflow_execution(
            domain="d", workflowId=f"x{extra}", workflowType={"name": "wf", "version": "1"}
        )
    seen: list[str] = []
    token = None
    while True:
        page = _open(populated, maximumPageSize=4, **({"nextPageToken": token} if token else {}))
        assert len(page["executionInfos"]) <= 4
        seen += _ids(page)
        token = page.get("nextPageToken")
        if not token:
            break
    assert sorted(seen) == sorted([f"x{i}" for i in range(10)] + ["w3", "w4", "w5"])
    assert seen[-3:] == ["w5", "w4", "w3"]


def test_a_page_token_continues_only_the_query_that_issued_it(populated: Engine) -> None:
    populated.client.register_domain(name="other", workflowExecutionRetentionPeriodInDays="1")
    page = _open(populated, maximumPageSize=1)
    token = page["nextPageToken"]
    assert _ids(_open(populated, maximumPageSize=2, nextPageToken=token)) == ["w4", "w3"]
    changed: list[dict[str, Any]] = [
        {"tagFilter": {"tag": "even"}},
        {"typeFilter": {"name": "wf", "version": "1"}},
        {"startTimeFilter": {"oldestDate": START + 1}},
        {"domain": "other"},
    ]
    for change in changed:
        body = {
            "domain": "d",
            "startTimeFilter": {"oldestDate": 0},
            "maximumPageSize": 1,
            "nextPageToken": token,
            **change,
        }
        assert populated.raw_fault("ListOpenWorkflowExecutions", body) == "ValidationException"


def test_mutually_exclusive_filters_are_rejected(populated: Engine) -> None:
    with pytest.raises(ClientError) as error:
        populated.client.list_open_workflow_executions(
            domain="d",
            startTimeFilter={"oldestDate": 0},
            tagFilter={"tag": "odd"},
            typeFilter={"name": "wf"},
        )
    assert fault_code(error) == "ValidationException"


def test_time_filter_rules(populated: Engine) -> None:
    both = {"startTimeFilter": {"oldestDate": 0}, "closeTimeFilter": {"oldestDate": 0}}
    for operation, body in [
        ("ListOpenWorkflowExecutions", {}),
        ("CountOpenWorkflowExecutions", {}),
        ("ListClosedWorkflowExecutions", {}),
        ("CountClosedWorkflowExecutions", {}),
        ("ListClosedWorkflowExecutions", both),
        ("CountClosedWorkflowExecutions", both),
    ]:
        code = populated.raw_fault(operation, {"domain": "d", **body})
        assert code == "ValidationException", operation


def test_listing_an_unknown_domain_is_unknown_resource(engine: Engine) -> None:
    with pytest.raises(ClientError) as error:
        engine.client.list_open_workflow_executions(
            domain="nope", startTimeFilter={"oldestDate": 0}
        )
    assert fault_code(error) == "UnknownResourceFault"


def test_page_tokens_expire_after_a_day(populated: Engine) -> None:
    page = _open(populated, maximumPageSize=1)
    history = populated.raw(
        "GetWorkflowExecutionHistory",
        {
            "domain": "d",
            "execution": page["executionInfos"][0]["execution"],
            "maximumPageSize": 1,
        },
    )
    populated.clock.advance(86400)
    assert _open(populated, maximumPageSize=1, nextPageToken=page["nextPageToken"])
    populated.clock.advance(1)
    body = {"domain": "d", "startTimeFilter": {"oldestDate": 0}, "maximumPageSize": 1}
    assert (
        populated.raw_fault(
            "ListOpenWorkflowExecutions", {**body, "nextPageToken": page["nextPageToken"]}
        )
        == "ValidationException"
    )
    assert (
        populated.raw_fault(
            "GetWorkflowExecutionHistory",
            {
                "domain": "d",
                "execution": page["executionInfos"][0]["execution"],
                "nextPageToken": history["nextPageToken"],
            },
        )
        == "ValidationException"
    )


def test_timestamps_are_whole_milliseconds_and_filter_on_themselves(engine: Engine) -> None:
    # The live service stamps with millisecond precision; a client filtering on the start time
    # it was given (latestDate=startTimestamp) must find the execution.
    engine.clock.set(START + 10.1234564)
    run_id = engine.start("w")
    engine.clock.advance(0.0004)
    described = engine.describe("w", run_id)
    start = described["executionInfo"]["startTimestamp"]
    assert start == START + 10.123
    event = engine.history("w", run_id)[0]
    assert event["eventTimestamp"] == START + 10.123
    stamped = engine.client.describe_workflow_execution(
        domain="d", execution={"workflowId": "w", "runId": run_id}
    )["executionInfo"]["startTimestamp"]
    listed = engine.client.list_open_workflow_executions(
        domain="d", startTimeFilter={"oldestDate": stamped, "latestDate": stamped}
    )
    assert _ids(listed) == ["w"]
    counted = engine.client.count_open_workflow_executions(
        domain="d", startTimeFilter={"oldestDate": stamped, "latestDate": stamped}
    )
    assert counted["count"] == 1
    # A bound with microseconds is read to the millisecond too: a time taken by the client
    # just before the start, in the same millisecond, still finds it.
    just_before = engine.raw(
        "CountOpenWorkflowExecutions",
        {"domain": "d", "startTimeFilter": {"oldestDate": START + 10.1234}},
    )
    assert just_before["count"] == 1
