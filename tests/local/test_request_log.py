"""SWF Local's request log: one line per request at DEBUG (logger ``swf.local.requests``), with
the operation, the status, the fault code, milliseconds, the domain and a task token's short
form; never a secret or a payload. ``swf local serve --log-level`` chooses what reaches stderr.
"""

from __future__ import annotations

import logging
import re
import signal
import socket
import subprocess
import sys
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from swf.local import LocalSWF, ManualClock

LINE = re.compile(
    r"^(?P<what>\S+) (?P<status>\d{3})(?: (?P<fault>[A-Za-z]+))? (?P<ms>\d+\.\d) ms"
    r"(?: domain=(?P<domain>\S+))?(?: token=(?P<token>\S{1,8}))?$"
)
PAYLOAD = "a-payload-that-must-not-be-logged"
SECRET = "a-secret-that-must-not-be-logged"
BOUND = 30


def client_of(url: str, *, secret: str = "testing", key: str = "testing") -> Any:
    return boto3.client(
        "swf",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=Config(read_timeout=70, retries={"max_attempts": 1}),
    )


def request_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, str | None]]:
    lines = []
    for record in caplog.records:
        if record.name == "swf.local.requests":
            match = LINE.match(record.getMessage())
            assert match is not None, record.getMessage()
            lines.append(match.groupdict())
    return lines


def test_each_request_is_one_line_with_operation_status_fault_time_domain_and_token(
    swf_endpoint_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = client_of(swf_endpoint_url)
    caplog.set_level(logging.DEBUG, logger="swf.local.requests")
    client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
    with pytest.raises(ClientError):
        client.describe_domain(name="missing")
    client.register_workflow_type(
        domain="d",
        name="w",
        version="1",
        defaultTaskList={"name": "dl"},
        defaultExecutionStartToCloseTimeout="60",
        defaultTaskStartToCloseTimeout="60",
        defaultChildPolicy="TERMINATE",
    )
    client.start_workflow_execution(
        domain="d", workflowId="w1", workflowType={"name": "w", "version": "1"}, input=PAYLOAD
    )
    task = client.poll_for_decision_task(domain="d", taskList={"name": "dl"})
    token = task["taskToken"]
    client.respond_decision_task_completed(taskToken=token, decisions=[])
    lines = request_lines(caplog)
    assert [(line["what"], line["status"], line["fault"]) for line in lines] == [
        ("RegisterDomain", "200", None),
        ("DescribeDomain", "400", "UnknownResourceFault"),
        ("RegisterWorkflowType", "200", None),
        ("StartWorkflowExecution", "200", None),
        ("PollForDecisionTask", "200", None),
        ("RespondDecisionTaskCompleted", "200", None),
    ]
    assert [line["domain"] for line in lines] == ["d", "missing", "d", "d", "d", None]
    assert [line["token"] for line in lines[-2:]] == [token[:8], token[:8]]
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert PAYLOAD not in text
    assert token not in text


def test_a_malformed_request_and_an_unknown_operation_get_a_line_each(
    swf_local: LocalSWF, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="swf.local.requests")
    with socket.create_connection((swf_local.host, swf_local.port), timeout=BOUND) as sock:
        sock.sendall(b"NONSENSE\r\n\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 400")
    with socket.create_connection((swf_local.host, swf_local.port), timeout=BOUND) as sock:
        body = b"{}"
        sock.sendall(
            b"POST / HTTP/1.1\r\nX-Amz-Target: SimpleWorkflowService.LaunchRockets\r\n"
            b"Content-Length: 2\r\n\r\n" + body
        )
        assert sock.recv(65536).startswith(b"HTTP/1.1 400")
    lines = request_lines(caplog)
    assert [(line["what"], line["status"], line["fault"]) for line in lines] == [
        ("(malformed-request)", "400", "SerializationException"),
        ("LaunchRockets", "400", "UnknownOperationException"),
    ]


def test_no_secret_reaches_the_log_when_a_signature_is_refused(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="swf")
    with LocalSWF(
        clock=ManualClock(), poll_hold=0.1, require_auth=True, credentials={"key": SECRET}
    ) as local:
        with pytest.raises(ClientError) as refused:
            client_of(local.endpoint_url, key="key", secret="wrong-" + SECRET).list_domains(
                registrationStatus="REGISTERED"
            )
        assert refused.value.response["Error"]["Code"] == "InvalidSignatureException"
        client_of(local.endpoint_url, key="key", secret=SECRET).list_domains(
            registrationStatus="REGISTERED"
        )
    lines = request_lines(caplog)
    assert [(line["what"], line["fault"]) for line in lines] == [
        ("ListDomains", "InvalidSignatureException"),
        ("ListDomains", None),
    ]
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert SECRET not in text
    assert "Signature=" not in text


# -- swf local serve --log-level ------------------------------------------------------------------


def serve(*options: str) -> tuple[str, str]:
    """Run ``swf local serve`` with ``options``, make two calls, stop it: its stdout, stderr."""
    process = subprocess.Popen(
        [sys.executable, "-m", "swf.cli", "local", "serve", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        url = banner.rsplit(" ", 1)[-1].strip()
        client = client_of(url)
        client.register_domain(name="logged", workflowExecutionRetentionPeriodInDays="1")
        with pytest.raises(ClientError):
            client.describe_domain(name="missing")
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=BOUND)
    assert process.returncode == 0, err
    return banner + out, err


def test_serve_logs_start_and_stop_by_default_and_no_request() -> None:
    _, err = serve()
    assert re.search(r" INFO swf\.local\.server: SWF Local listening on http://", err)
    assert " INFO swf.local.server: SWF Local stopped" in err
    assert "swf.local.requests" not in err


def test_serve_at_debug_logs_one_line_per_request() -> None:
    _, err = serve("--log-level", "debug")
    lines = [line for line in err.splitlines() if " DEBUG swf.local.requests: " in line]
    messages = [line.split(" DEBUG swf.local.requests: ", 1)[1] for line in lines]
    assert [LINE.match(message) is not None for message in messages] == [True, True]
    assert messages[0].startswith("RegisterDomain 200 ")
    assert messages[0].endswith(" domain=logged")
    assert messages[1].startswith("DescribeDomain 400 UnknownResourceFault ")
    assert "swf.local.engine" not in err  # debug is about requests, not the engine's detail


def test_serve_at_warning_logs_neither_start_nor_requests() -> None:
    out, err = serve("--log-level", "warning")
    assert out.startswith("SWF Local listening on http://")  # the banner is on stdout
    assert err == ""
