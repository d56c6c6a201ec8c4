"""SWF Local: List/Count Open/Closed WorkflowExecutions."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.local.support import START, LocalEnvironment, fault_code


def _ids(answer: dict[str, Any]) -> list[str]:
    return [info["execution"]["workflowId"] for info in answer["executionInfos"]]


def _open(env: LocalEnvironment, **body: Any) -> dict[str, Any]:
    return env.raw(
        "ListOpenWorkflowExecutions", {"domain": "d", "startTimeFilter": {"oldestDate": 0}, **body}
    )


def _closed(env: LocalEnvironment, **body: Any) -> dict[str, Any]:
    return env.raw("ListClosedWorkflowExecutions", {"domain": "d", **body})


def test_open_executions_newest_first_or_reversed(populated: LocalEnvironment) -> None:
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


def test_time_filters_bound_both_ends(populated: LocalEnvironment) -> None:
    window = {"oldestDate": START + 4, "latestDate": START + 4}
    assert _ids(_open(populated, startTimeFilter=window)) == ["w4"]
    assert _ids(_closed(populated, startTimeFilter={"oldestDate": START + 1})) == ["w2", "w1"]


def test_closed_executions_order_by_close_time_when_filtered_by_it(
    populated: LocalEnvironment,
) -> None:
    assert _ids(_closed(populated, startTimeFilter={"oldestDate": 0})) == ["w2", "w1", "w0"]
    assert _ids(_closed(populated, closeTimeFilter={"oldestDate": 0})) == ["w2", "w0", "w1"]
    info = _closed(populated, closeTimeFilter={"oldestDate": 0})["executionInfos"][0]
    assert (info["closeStatus"], info["closeTimestamp"], info["cancelRequested"]) == (
        "COMPLETED",
        START + 8,
        True,
    )


def test_each_filter_selects(populated: LocalEnvironment) -> None:
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


def test_counts_match_the_lists(populated: LocalEnvironment) -> None:
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


def test_pages_follow_tokens_without_gaps_or_repeats(populated: LocalEnvironment) -> None:
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


def test_a_page_token_continues_only_the_query_that_issued_it(populated: LocalEnvironment) -> None:
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


def test_mutually_exclusive_filters_are_rejected(populated: LocalEnvironment) -> None:
    with pytest.raises(ClientError) as error:
        populated.client.list_open_workflow_executions(
            domain="d",
            startTimeFilter={"oldestDate": 0},
            tagFilter={"tag": "odd"},
            typeFilter={"name": "wf"},
        )
    assert fault_code(error) == "ValidationException"


def test_time_filter_rules(populated: LocalEnvironment) -> None:
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


def test_listing_an_unknown_domain_is_unknown_resource(env: LocalEnvironment) -> None:
    with pytest.raises(ClientError) as error:
        env.client.list_open_workflow_executions(domain="nope", startTimeFilter={"oldestDate": 0})
    assert fault_code(error) == "UnknownResourceFault"


def test_page_tokens_expire_after_a_day(populated: LocalEnvironment) -> None:
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


def test_timestamps_are_whole_milliseconds_and_filter_on_themselves(env: LocalEnvironment) -> None:
    # The live service stamps with millisecond precision; a client filtering on the start time
    # it was given (latestDate=startTimestamp) must find the execution.
    env.clock.set(START + 10.1234564)
    run_id = env.start("w")
    env.clock.advance(0.0004)
    described = env.describe("w", run_id)
    start = described["executionInfo"]["startTimestamp"]
    assert start == START + 10.123
    event = env.history("w", run_id)[0]
    assert event["eventTimestamp"] == START + 10.123
    stamped = env.client.describe_workflow_execution(
        domain="d", execution={"workflowId": "w", "runId": run_id}
    )["executionInfo"]["startTimestamp"]
    listed = env.client.list_open_workflow_executions(
        domain="d", startTimeFilter={"oldestDate": stamped, "latestDate": stamped}
    )
    assert _ids(listed) == ["w"]
    counted = env.client.count_open_workflow_executions(
        domain="d", startTimeFilter={"oldestDate": stamped, "latestDate": stamped}
    )
    assert counted["count"] == 1
    # A bound with microseconds is read to the millisecond too: a time taken by the client
    # just before the start, in the same millisecond, still finds it.
    just_before = env.raw(
        "CountOpenWorkflowExecutions",
        {"domain": "d", "startTimeFilter": {"oldestDate": START + 10.1234}},
    )
    assert just_before["count"] == 1
