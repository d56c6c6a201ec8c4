"""SigV4 verification covers exactly the headers a request says it signed (the canonical
request is botocore's own): a header added after signing does not matter, a signed one that
changes does, and so does a query string."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from swf.local import LocalSWF, ManualClock

SERVICE = "com.amazon.coral.service#"


@pytest.fixture
def secured() -> Iterator[LocalSWF]:
    with LocalSWF(
        clock=ManualClock(), poll_hold=0.1, require_auth=True, credentials={"key": "secret"}
    ) as local:
        yield local


def signed(local: LocalSWF, path: str = "/") -> AWSRequest:
    body = json.dumps({"registrationStatus": "REGISTERED"}).encode()
    request = AWSRequest(
        method="POST",
        url=f"http://{local.host}:{local.port}{path}",
        data=body,
        headers={
            "X-Amz-Target": "SimpleWorkflowService.ListDomains",
            "Content-Type": "application/x-amz-json-1.0",
        },
    )
    SigV4Auth(Credentials("key", "secret"), "swf", "us-east-1").add_auth(request)
    return request


def send(local: LocalSWF, request: AWSRequest, **extra: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection(local.host, local.port, timeout=10)
    try:
        headers = {**dict(request.headers.items()), **extra}
        target = request.url.split(f":{local.port}", 1)[1]
        connection.request("POST", target, body=request.body, headers=headers)
        response = connection.getresponse()
        answer = json.loads(response.read())
        return response.status, answer.get("__type", "")
    finally:
        connection.close()


def test_a_header_added_after_signing_is_not_checked(secured: LocalSWF) -> None:
    assert send(secured, signed(secured), **{"X-Added-Later": "yes"}) == (200, "")


def test_a_signed_header_that_changes_fails_the_signature(secured: LocalSWF) -> None:
    status, fault = send(secured, signed(secured), **{"Content-Type": "application/json"})
    assert (status, fault) == (400, SERVICE + "InvalidSignatureException")


def test_a_signed_query_string_is_checked(secured: LocalSWF) -> None:
    request = signed(secured, "/?b=2&a=1")
    assert send(secured, request) == (200, "")
    request.url = request.url.replace("a=1", "a=3")
    assert send(secured, request) == (400, SERVICE + "InvalidSignatureException")
