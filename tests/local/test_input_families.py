"""Bad input that once got HTTP 500: each cause now gets the fault Amazon SWF would send.

A held-out fuzz of 20,000 requests found three causes of ``InternalFailure`` (deep nesting,
lone surrogates, numbers that overflow); a fourth problem was messages that echoed a whole
megabyte back. One regression test per cause; tests/local/test_infra_fuzz.py generates the
families from every operation's input shape.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tools.local.wire import RawResponse, raw_call

SERIALIZATION = "com.amazon.coral.service#SerializationException"
VALIDATION = "com.amazon.coral.validate#ValidationException"
UNKNOWN_RESOURCE = "com.amazonaws.swf.base.model#UnknownResourceFault"


def call(url: str, operation: str, body: bytes) -> RawResponse:
    response = raw_call(url, operation, body)
    assert response.status != 500, response.body[:300]
    return response


@pytest.fixture
def domain(swf_client: Any) -> str:
    swf_client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
    return "d"


# -- deep nesting ------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [990, 1_000, 5_000, 100_000])
def test_deeply_nested_member_is_a_serialization_exception(
    swf_endpoint_url: str, depth: int
) -> None:
    body = b'{"name": ' + b"[" * depth + b"]" * depth + b"}"
    response = call(swf_endpoint_url, "DescribeDomain", body)
    assert response.status == 400
    assert response.fault_type == SERIALIZATION


def test_a_body_of_ten_thousand_brackets_is_a_serialization_exception(
    swf_endpoint_url: str,
) -> None:
    response = call(swf_endpoint_url, "DescribeDomain", b"[" * 10_000)
    assert (response.status, response.fault_type) == (400, SERIALIZATION)


def test_nesting_that_decodes_is_checked_against_the_shape(swf_endpoint_url: str) -> None:
    body = b'{"name": ' + b"[" * 950 + b"]" * 950 + b"}"
    response = call(swf_endpoint_url, "DescribeDomain", body)
    assert (response.status, response.fault_type) == (400, SERIALIZATION)
    assert "Expected a string at 'name'" in response.json()["message"]


def test_a_deep_value_in_a_too_long_list_is_quoted_briefly(swf_endpoint_url: str) -> None:
    # The message renders the list without recursing through its 900 levels.
    deep = "[" * 900 + "]" * 900
    body = '{"domain": "d", "workflowId": "w", "workflowType": {"name": "w", "version": "1"}, '
    body += '"tagList": [' + ",".join([deep] * 6) + "]}"
    response = call(swf_endpoint_url, "StartWorkflowExecution", body.encode())
    assert response.status == 400
    assert len(response.body) < 1_000


# -- lone surrogates ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["\\ud800", "a\\ud83d", "\\udfff-z"])
def test_lone_surrogate_in_a_name_is_a_validation_exception(
    swf_endpoint_url: str, name: str
) -> None:
    response = call(swf_endpoint_url, "DescribeDomain", ('{"name": "' + name + '"}').encode())
    assert (response.status, response.fault_type) == (400, VALIDATION)
    message = response.json()["message"]
    assert "at 'name' failed to satisfy constraint" in message
    assert "unpaired surrogate" in message


def test_lone_surrogate_in_a_run_id_is_a_validation_exception(
    swf_endpoint_url: str, domain: str
) -> None:
    body = b'{"domain": "d", "execution": {"workflowId": "w", "runId": "ab\\ud83dcd"}}'
    response = call(swf_endpoint_url, "DescribeWorkflowExecution", body)
    assert (response.status, response.fault_type) == (400, VALIDATION)
    assert "execution.runId" in response.json()["message"]


def test_a_proper_surrogate_pair_is_an_ordinary_name(swf_endpoint_url: str) -> None:
    response = call(swf_endpoint_url, "DescribeDomain", b'{"name": "\\ud83d\\ude00"}')
    assert (response.status, response.fault_type) == (400, UNKNOWN_RESOURCE)


def test_free_text_keeps_a_lone_surrogate_intact(
    swf_endpoint_url: str, swf_client: Any, domain: str
) -> None:
    swf_client.register_workflow_type(
        domain="d",
        name="w",
        version="1",
        defaultTaskList={"name": "tl"},
        defaultExecutionStartToCloseTimeout="60",
        defaultTaskStartToCloseTimeout="60",
        defaultChildPolicy="TERMINATE",
    )
    body = b'{"domain": "d", "workflowId": "w", "workflowType": {"name": "w", "version": "1"}, '
    body += b'"input": "before \\ud800 after"}'
    started = call(swf_endpoint_url, "StartWorkflowExecution", body)
    assert started.status == 200
    history = call(
        swf_endpoint_url,
        "GetWorkflowExecutionHistory",
        json.dumps(
            {"domain": "d", "execution": {"workflowId": "w", "runId": started.json()["runId"]}}
        ).encode(),
    )
    attributes = history.json()["events"][0]["workflowExecutionStartedEventAttributes"]
    assert attributes["input"] == "before \ud800 after"


# -- numbers that overflow ---------------------------------------------------------------------


@pytest.mark.parametrize("operation", ["CountOpenWorkflowExecutions", "ListOpenWorkflowExecutions"])
@pytest.mark.parametrize("latest", ["1e309", "-1e309", "1e300", "1" + "0" * 400])
def test_a_timestamp_beyond_any_date_is_a_serialization_exception(
    swf_endpoint_url: str, domain: str, operation: str, latest: str
) -> None:
    body = '{"domain": "d", "startTimeFilter": {"oldestDate": 0, "latestDate": ' + latest + "}}"
    response = call(swf_endpoint_url, operation, body.encode())
    assert (response.status, response.fault_type) == (400, SERIALIZATION)
    assert "startTimeFilter.latestDate" in response.json()["message"]


def test_a_timestamp_in_year_9999_is_accepted(swf_endpoint_url: str, domain: str) -> None:
    body = b'{"domain": "d", "startTimeFilter": {"oldestDate": 0, "latestDate": 253402300799}}'
    response = call(swf_endpoint_url, "CountOpenWorkflowExecutions", body)
    assert response.status == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("size", ["1e309", "4294967296", "1" + "0" * 400])
def test_an_integer_beyond_32_bits_is_a_serialization_exception(
    swf_endpoint_url: str, domain: str, size: str
) -> None:
    body = '{"registrationStatus": "REGISTERED", "maximumPageSize": ' + size + "}"
    response = call(swf_endpoint_url, "ListDomains", body.encode())
    assert (response.status, response.fault_type) == (400, SERIALIZATION)
    assert "maximumPageSize" in response.json()["message"]


# -- oversized values --------------------------------------------------------------------------


def test_a_message_quotes_only_a_prefix_of_a_huge_value(swf_endpoint_url: str) -> None:
    body = json.dumps(
        {"name": "d", "workflowExecutionRetentionPeriodInDays": "1", "description": "y" * 1_000_000}
    ).encode()
    response = call(swf_endpoint_url, "RegisterDomain", body)
    assert (response.status, response.fault_type) == (400, VALIDATION)
    message = response.json()["message"]
    assert len(message) < 400
    assert "Value '" + "y" * 128 + "...' at 'description'" in message


def test_a_message_lists_at_most_ten_violations(swf_endpoint_url: str) -> None:
    body = json.dumps(
        {
            "domain": "d",
            "workflowId": "w",
            "workflowType": {"name": "w", "version": "1"},
            "tagList": ["t" * 300] * 3_000,
        }
    ).encode()
    response = call(swf_endpoint_url, "StartWorkflowExecution", body)
    assert (response.status, response.fault_type) == (400, VALIDATION)
    message = response.json()["message"]
    assert message.startswith("3001 validation errors detected: ")
    assert message.endswith("; and 2991 more")
    assert len(message) < 4_000
