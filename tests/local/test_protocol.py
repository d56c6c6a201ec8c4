"""SWF Local's wire protocol: dispatch, protocol faults, validation messages, keep-alive."""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from swf.local import LocalSWF
from swf.local.protocol import MAX_REQUEST_BYTES
from tools.local.wire import raw_call

SERVICE = "com.amazon.coral.service#"
VALIDATE = "com.amazon.coral.validate#ValidationException"


def connect(endpoint_url: str) -> http.client.HTTPConnection:
    parts = urlsplit(endpoint_url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def test_unknown_target_is_unknown_operation(swf_endpoint_url: str) -> None:
    response = raw_call(swf_endpoint_url, "LaunchRockets", {})
    assert response.status == 400
    assert response.fault_type == SERVICE + "UnknownOperationException"
    assert "LaunchRockets" in response.json()["message"]


def test_missing_target_is_unknown_operation(swf_endpoint_url: str) -> None:
    response = raw_call(swf_endpoint_url, None, {})
    assert response.status == 400
    assert response.fault_type == SERVICE + "UnknownOperationException"


def test_target_of_another_service_is_unknown_operation(swf_endpoint_url: str) -> None:
    response = raw_call(
        swf_endpoint_url, None, {}, headers={"X-Amz-Target": "DynamoDB_20120810.ListTables"}
    )
    assert response.fault_type == SERVICE + "UnknownOperationException"


@pytest.mark.parametrize(
    "body", [b"not json", b"{", b"[1, 2]", b'"text"', b'{"name": NaN}', b"\xff\xfe{}"]
)
def test_body_that_is_not_a_json_object_is_serialization_exception(
    swf_endpoint_url: str, body: bytes
) -> None:
    response = raw_call(swf_endpoint_url, "DescribeDomain", body)
    assert response.status == 400
    assert response.fault_type == SERVICE + "SerializationException"


def test_value_of_the_wrong_json_type_is_serialization_exception(swf_endpoint_url: str) -> None:
    response = raw_call(swf_endpoint_url, "ListDomains", {"registrationStatus": 7})
    assert response.status == 400
    assert response.fault_type == SERVICE + "SerializationException"
    assert "registrationStatus" in response.json()["message"]


def test_validation_messages_follow_the_aws_format(swf_endpoint_url: str) -> None:
    response = raw_call(
        swf_endpoint_url,
        "ListDomains",
        {"registrationStatus": "GONE", "maximumPageSize": 1001},
    )
    assert response.status == 400
    assert response.json() == {
        "__type": VALIDATE,
        "message": "2 validation errors detected: "
        "Value 'GONE' at 'registrationStatus' failed to satisfy constraint: "
        "Member must satisfy enum value set: [REGISTERED, DEPRECATED]; "
        "Value '1001' at 'maximumPageSize' failed to satisfy constraint: "
        "Member must have value less than or equal to 1000",
    }


def test_validation_names_nested_members_by_path(swf_endpoint_url: str) -> None:
    response = raw_call(
        swf_endpoint_url,
        "RegisterActivityType",
        {"domain": "d", "name": "n", "version": "v" * 65, "defaultTaskList": {}},
    )
    message = response.json()["message"]
    assert response.fault_type == VALIDATE
    assert message.startswith("2 validation errors detected: ")
    assert "Value null at 'defaultTaskList.name' failed to satisfy constraint: " in message
    assert (
        "at 'version' failed to satisfy constraint: Member must have length less than " in message
    )


def test_validation_comes_before_semantic_rules(swf_endpoint_url: str) -> None:
    # The domain does not exist, but the malformed request is rejected for its shape first.
    response = raw_call(swf_endpoint_url, "DescribeDomain", {"name": ""})
    assert response.fault_type == VALIDATE
    assert "Member must have length greater than or equal to 1" in response.json()["message"]


def test_unknown_members_are_ignored(swf_endpoint_url: str) -> None:
    response = raw_call(
        swf_endpoint_url, "ListDomains", {"registrationStatus": "REGISTERED", "extra": 1}
    )
    assert response.status == 200
    assert response.json() == {"domainInfos": []}


def test_request_over_one_megabyte_is_rejected_and_connection_survives(
    swf_endpoint_url: str,
) -> None:
    connection = connect(swf_endpoint_url)
    try:
        description = "x" * MAX_REQUEST_BYTES
        body = json.dumps({"name": "d", "description": description}).encode()
        big = raw_call(swf_endpoint_url, "DescribeDomain", body, connection=connection)
        assert big.status == 413
        assert big.fault_type == SERVICE + "RequestEntityTooLargeException"
        assert big.headers["x-amzn-requestid"]
        after = raw_call(
            swf_endpoint_url,
            "ListDomains",
            {"registrationStatus": "REGISTERED"},
            connection=connection,
        )
        assert after.status == 200
    finally:
        connection.close()


def test_request_just_under_one_megabyte_is_served(swf_endpoint_url: str) -> None:
    body = b'{"registrationStatus": "REGISTERED"}'
    padded = body[:-1] + b" " * (MAX_REQUEST_BYTES - len(body)) + b"}"
    assert len(padded) == MAX_REQUEST_BYTES
    assert raw_call(swf_endpoint_url, "ListDomains", padded).status == 200


def test_every_response_has_a_request_id_and_json_content_type(swf_endpoint_url: str) -> None:
    for response in (
        raw_call(swf_endpoint_url, "ListDomains", {"registrationStatus": "REGISTERED"}),
        raw_call(swf_endpoint_url, "DescribeDomain", {"name": "missing"}),
        raw_call(swf_endpoint_url, "Nope", {}),
        raw_call(swf_endpoint_url, "DescribeDomain", b"garbage"),
    ):
        assert response.headers["x-amzn-requestid"]
        assert response.headers["content-type"] == "application/x-amz-json-1.0"
    ids = {
        raw_call(swf_endpoint_url, "DescribeDomain", {"name": "x"}).headers["x-amzn-requestid"]
        for _ in range(3)
    }
    assert len(ids) == 3


def test_two_calls_share_one_keep_alive_connection(swf_endpoint_url: str) -> None:
    connection = connect(swf_endpoint_url)
    try:
        first = raw_call(
            swf_endpoint_url,
            "ListDomains",
            {"registrationStatus": "REGISTERED"},
            connection=connection,
        )
        sock = connection.sock
        assert sock is not None
        second = raw_call(swf_endpoint_url, "DescribeDomain", {"name": "x"}, connection=connection)
        assert (first.status, second.status) == (200, 400)
        assert connection.sock is sock  # http.client did not have to reconnect
        assert "connection" not in first.headers
    finally:
        connection.close()


def test_boto3_client_reuses_its_connection(swf_client: Any, local_swf: LocalSWF) -> None:
    swf_client.list_domains(registrationStatus="REGISTERED")
    swf_client.list_domains(registrationStatus="REGISTERED")
    swf_client.list_domains(registrationStatus="REGISTERED")
    http_server = local_swf._http
    assert http_server is not None
    assert len(http_server._connections) == 1


def test_a_bug_in_an_operation_is_an_internal_failure_and_the_server_goes_on(
    local_swf: LocalSWF, swf_endpoint_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(params: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("boom")

    monkeypatch.setattr(local_swf.service, "list_domains", broken)
    response = raw_call(swf_endpoint_url, "ListDomains", {"registrationStatus": "REGISTERED"})
    assert response.status == 500
    assert response.fault_type == SERVICE + "InternalFailure"
    monkeypatch.undo()
    response = raw_call(swf_endpoint_url, "ListDomains", {"registrationStatus": "REGISTERED"})
    assert response.status == 200


def test_control_endpoint_is_disabled_without_manual_clock_control(
    swf_endpoint_url: str,
) -> None:
    response = raw_call(swf_endpoint_url, None, method="GET", path="/_local/clock")
    assert response.status == 404


def test_control_endpoint_moves_the_manual_clock(tmp_path: Any) -> None:
    from swf.local import ManualClock

    clock = ManualClock(1_000_000.0)
    with LocalSWF(clock=clock, clock_control=True, poll_hold=0.1) as local:
        url = local.endpoint_url
        now = raw_call(url, None, method="GET", path="/_local/clock")
        assert now.json() == {"now": 1_000_000.0}
        moved = raw_call(url, None, {"advance": 90}, path="/_local/clock")
        assert moved.json() == {"now": 1_000_090.0}
        assert clock.now() == 1_000_090.0
        set_ = raw_call(url, None, {"set": 2_000_000}, path="/_local/clock")
        assert set_.json() == {"now": 2_000_000.0}
        bad = raw_call(url, None, {"jump": 1}, path="/_local/clock")
        assert bad.status == 400
