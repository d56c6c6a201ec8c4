"""Connections SWF Local cannot answer safely: shared between processes, or whose client went.

A request that arrives on a connection before the previous one was answered means that two
processes write to one socket (they forked while it sat in a pool): SWF Local then answers
nothing more on it and closes it; a held poll is released without a task, and a task claimed
meanwhile is given back at once. A held poll whose client closes its connection (or dies) is
released and never handed a task. Idle and stalled connections are closed after a timeout.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from swf.local import LocalSWF, ManualClock

#: Failure bound for waits on the server (never reached when things work).
BOUND = 10.0


def wire(operation: str, body: dict[str, Any]) -> bytes:
    """One HTTP request as botocore would send it (unsigned)."""
    payload = json.dumps(body).encode()
    head = (
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\n"
        f"X-Amz-Target: SimpleWorkflowService.{operation}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


def connect(local: LocalSWF) -> socket.socket:
    sock = socket.create_connection((local.host, local.port), timeout=BOUND)
    return sock


def read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    received = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return received
        received += chunk


def make_client(local: LocalSWF, **retries: Any) -> Any:
    return boto3.client(
        "swf",
        endpoint_url=local.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(read_timeout=70, retries=retries or {"max_attempts": 1}),
    )


def watched(local: LocalSWF, count: int) -> bool:
    """Wait until ``count`` held polls are watched by the server (False after BOUND)."""
    http = local._http
    assert http is not None
    return http._watcher.wait_for(count, BOUND)


def server_side(local: LocalSWF, sock: socket.socket) -> socket.socket:
    """The server's end of the connection of ``sock``."""
    http = local._http
    assert http is not None
    port = sock.getsockname()[1]
    (connection,) = [c for c in http._connections if c.peer.endswith(f":{port}")]
    return connection.sock


@pytest.fixture
def held() -> Iterator[LocalSWF]:
    """SWF Local whose polls are held 30 s (they never end by themselves in a test), with a
    domain, a workflow type (decision task list ``dl``) and an activity type (``al``)."""
    with LocalSWF(clock=ManualClock(), poll_hold=30.0) as local:
        client = make_client(local)
        client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
        client.register_workflow_type(
            domain="d",
            name="w",
            version="1",
            defaultTaskList={"name": "dl"},
            defaultExecutionStartToCloseTimeout="3600",
            defaultTaskStartToCloseTimeout="300",
            defaultChildPolicy="TERMINATE",
        )
        client.register_activity_type(
            domain="d",
            name="a",
            version="1",
            defaultTaskList={"name": "al"},
            defaultTaskScheduleToStartTimeout="300",
            defaultTaskScheduleToCloseTimeout="600",
            defaultTaskStartToCloseTimeout="300",
            defaultTaskHeartbeatTimeout="NONE",
        )
        yield local


DECISION_POLL = {"domain": "d", "taskList": {"name": "dl"}, "identity": "first"}
ACTIVITY_POLL = {"domain": "d", "taskList": {"name": "al"}, "identity": "first"}


def start(local: LocalSWF, workflow_id: str = "wf") -> str:
    run_id: str = make_client(local).start_workflow_execution(
        domain="d", workflowId=workflow_id, workflowType={"name": "w", "version": "1"}
    )["runId"]
    return run_id


def events(local: LocalSWF, run_id: str, workflow_id: str = "wf") -> list[dict[str, Any]]:
    history = make_client(local).get_workflow_execution_history(
        domain="d", execution={"workflowId": workflow_id, "runId": run_id}
    )
    found: list[dict[str, Any]] = history["events"]
    return found


def types(found: list[dict[str, Any]]) -> list[str]:
    return [event["eventType"] for event in found]


def started_identities(found: list[dict[str, Any]], kind: str) -> list[str]:
    key = f"{kind}TaskStartedEventAttributes"
    return [event[key].get("identity") for event in found if key in event]


def assert_taken_once_by_a_fresh_poller(local: LocalSWF) -> None:
    """The next decision task goes to the next poller, and no earlier poll took it."""
    run_id = start(local)
    task = make_client(local).poll_for_decision_task(
        domain="d", taskList={"name": "dl"}, identity="second"
    )
    assert task["taskToken"]
    found = events(local, run_id)
    assert types(found) == [
        "WorkflowExecutionStarted",
        "DecisionTaskScheduled",
        "DecisionTaskStarted",
    ]
    assert started_identities(found, "decision") == ["second"]


# -- a held poll and a second request on its connection -----------------------------------------


@pytest.mark.parametrize(
    "second",
    [
        ("PollForDecisionTask", DECISION_POLL),
        ("RespondDecisionTaskCompleted", {"taskToken": "0" * 32, "decisions": []}),
        ("ListDomains", {"registrationStatus": "REGISTERED"}),
    ],
)
def test_a_request_behind_a_held_poll_drops_the_connection_and_no_task_is_claimed(
    held: LocalSWF, second: tuple[str, dict[str, Any]]
) -> None:
    sock = connect(held)
    with sock:
        sock.sendall(wire("PollForDecisionTask", DECISION_POLL))
        assert watched(held, 1)
        sock.sendall(wire(*second))
        assert read_all(sock) == b""  # no answer to either request
    assert watched(held, 0)
    assert_taken_once_by_a_fresh_poller(held)


def test_a_held_poll_whose_client_closes_is_released_and_never_handed_a_task(
    held: LocalSWF,
) -> None:
    sock = connect(held)
    sock.sendall(wire("PollForDecisionTask", DECISION_POLL))
    assert watched(held, 1)
    sock.close()
    assert watched(held, 0)
    assert_taken_once_by_a_fresh_poller(held)


def test_a_held_poll_whose_process_is_killed_is_released_and_never_handed_a_task(
    held: LocalSWF,
) -> None:
    script = textwrap.dedent(
        f"""
        import socket, sys
        sock = socket.create_connection(({held.host!r}, {held.port}))
        sock.sendall({wire("PollForDecisionTask", DECISION_POLL)!r})
        print("sent", flush=True)
        sys.stdin.read()
        """
    )
    poller = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert poller.stdout is not None
        assert poller.stdout.readline() == b"sent\n"
        assert watched(held, 1)
        poller.send_signal(signal.SIGKILL)
        poller.wait(BOUND)
    finally:
        if poller.poll() is None:
            poller.kill()
        poller.wait(BOUND)
        for stream in (poller.stdin, poller.stdout):
            if stream is not None:
                stream.close()
    assert watched(held, 0)
    assert_taken_once_by_a_fresh_poller(held)


def test_an_empty_poll_of_a_client_still_there_is_answered_and_keeps_its_connection(
    swf_local: LocalSWF, swf_client: Any
) -> None:
    swf_client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
    sock = connect(swf_local)
    with sock:
        sock.sendall(wire("PollForDecisionTask", DECISION_POLL))
        answer = sock.recv(65536)
        assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
        assert b"Connection: close" not in answer
        sock.sendall(wire("ListDomains", {"registrationStatus": "REGISTERED"}))
        assert sock.recv(65536).startswith(b"HTTP/1.1 200 OK\r\n")


# -- a task claimed for a connection that is found shared or gone is given back ----------------


def claiming_then(
    local: LocalSWF, monkeypatch: pytest.MonkeyPatch, operation: str, after: Callable[[], None]
) -> None:
    """Make ``operation`` (a poll) run ``after()`` once it has claimed its task."""
    original = getattr(local.service, operation)

    def wrapped(params: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = original(params)
        after()
        return result

    monkeypatch.setattr(local.service, operation, wrapped)


def second_request_arrives(local: LocalSWF, sock: socket.socket) -> Callable[[], None]:
    server = server_side(local, sock)

    def after() -> None:
        sock.sendall(wire("ListDomains", {"registrationStatus": "REGISTERED"}))
        ready, _, _ = select.select([server], [], [], BOUND)
        assert ready

    return after


def test_a_decision_task_claimed_when_the_connection_turns_out_shared_times_out_at_once(
    held: LocalSWF, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_id = start(held)
    sock = connect(held)
    with sock:
        sock.sendall(wire("ListDomains", {"registrationStatus": "REGISTERED"}))
        assert sock.recv(65536).startswith(b"HTTP/1.1 200 OK")
        after = second_request_arrives(held, sock)
        claiming_then(held, monkeypatch, "poll_for_decision_task", after)
        sock.sendall(wire("PollForDecisionTask", DECISION_POLL))
        assert read_all(sock) == b""
    monkeypatch.undo()
    found = events(held, run_id)
    assert types(found)[2:] == [
        "DecisionTaskStarted",
        "DecisionTaskTimedOut",
        "DecisionTaskScheduled",
    ]
    timed_out = found[3]["decisionTaskTimedOutEventAttributes"]
    assert timed_out["timeoutType"] == "START_TO_CLOSE"
    task = make_client(held).poll_for_decision_task(
        domain="d", taskList={"name": "dl"}, identity="second"
    )
    assert task["startedEventId"] == 6
    assert started_identities(task["events"], "decision") == ["first", "second"]


def test_an_activity_task_claimed_when_its_client_goes_times_out_at_once(
    held: LocalSWF, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_id = start(held)
    client = make_client(held)
    decision = client.poll_for_decision_task(domain="d", taskList={"name": "dl"})
    client.respond_decision_task_completed(
        taskToken=decision["taskToken"],
        decisions=[
            {
                "decisionType": "ScheduleActivityTask",
                "scheduleActivityTaskDecisionAttributes": {
                    "activityId": "a1",
                    "activityType": {"name": "a", "version": "1"},
                },
            }
        ],
    )
    sock = connect(held)
    sock.sendall(wire("ListDomains", {"registrationStatus": "REGISTERED"}))
    assert sock.recv(65536).startswith(b"HTTP/1.1 200 OK")
    server = server_side(held, sock)

    def client_goes() -> None:
        sock.close()
        ready, _, _ = select.select([server], [], [], BOUND)
        assert ready

    claiming_then(held, monkeypatch, "poll_for_activity_task", client_goes)
    sock.sendall(wire("PollForActivityTask", ACTIVITY_POLL))
    # The activity task times out at once, so the decider is asked again.
    task = client.poll_for_decision_task(domain="d", taskList={"name": "dl"})
    assert task["taskToken"]
    found = events(held, run_id)
    assert types(found)[-5:] == [
        "ActivityTaskScheduled",
        "ActivityTaskStarted",
        "ActivityTaskTimedOut",
        "DecisionTaskScheduled",
        "DecisionTaskStarted",
    ]
    assert found[-3]["activityTaskTimedOutEventAttributes"]["timeoutType"] == "START_TO_CLOSE"


def test_requests_pipelined_on_one_connection_are_not_processed(
    held: LocalSWF,
) -> None:
    register = {"name": "p1", "workflowExecutionRetentionPeriodInDays": "1"}
    sock = connect(held)
    with sock:
        sock.sendall(wire("RegisterDomain", register) + wire("ListDomains", {}))
        assert read_all(sock) == b""
    domains = make_client(held).list_domains(registrationStatus="REGISTERED")["domainInfos"]
    assert [domain["name"] for domain in domains] == ["d"]


def test_an_answer_that_hands_out_a_task_closes_its_connection(held: LocalSWF) -> None:
    start(held)
    sock = connect(held)
    with sock:
        sock.sendall(wire("PollForDecisionTask", DECISION_POLL))
        answer = read_all(sock)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"\r\nConnection: close" in head
    assert json.loads(body)["taskToken"]


# -- idle and stalled connections -----------------------------------------------------------------


@pytest.fixture
def impatient() -> Iterator[LocalSWF]:
    """SWF Local that closes connections idle or stalled for 0.2 s."""
    with LocalSWF(
        clock=ManualClock(), poll_hold=0.1, idle_timeout=0.2, request_timeout=0.2
    ) as local:
        yield local


def test_an_idle_keep_alive_connection_is_closed(impatient: LocalSWF) -> None:
    sock = connect(impatient)
    with sock:
        sock.sendall(wire("ListDomains", {"registrationStatus": "REGISTERED"}))
        answer = read_all(sock)  # the answer, then the close once idle
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"Connection: close" not in answer


@pytest.mark.parametrize(
    "partial",
    [
        b"POST / HTTP/1.1\r\nHost: localhost\r\n",
        wire("ListDomains", {"registrationStatus": "REGISTERED"})[:-5],
        b"\r\n",
    ],
    ids=["head", "body", "blank line"],
)
def test_a_connection_stalled_mid_request_is_closed_without_an_answer(
    impatient: LocalSWF, partial: bytes
) -> None:
    sock = connect(impatient)
    with sock:
        sock.sendall(partial)
        assert read_all(sock) == b""


def test_many_idle_and_stalled_connections_are_all_closed_and_service_goes_on(
    impatient: LocalSWF,
) -> None:
    socks = [connect(impatient) for _ in range(60)]
    try:
        for index, sock in enumerate(socks):
            if index % 2:
                sock.sendall(b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n12345")
        assert all(read_all(sock) == b"" for sock in socks)
    finally:
        for sock in socks:
            sock.close()
    http = impatient._http
    assert http is not None
    assert not http._connections
    client = make_client(impatient)
    assert client.list_domains(registrationStatus="REGISTERED")["domainInfos"] == []


# -- boto3 clients that fork while holding a pooled connection ------------------------------------


def _closed(client: Any) -> bool:
    execution = {"workflowId": "forked", "runId": RUN_ID[0]}
    described = client.describe_workflow_execution(domain="d", execution=execution)
    return bool(described["executionInfo"]["executionStatus"] == "CLOSED")


def _respond(call: Callable[..., Any], **params: Any) -> None:
    """A response, as a real decider or worker sends it: an unknown task (it timed out, or
    this very response was applied but its answer dropped with a shared connection) is let go."""
    try:
        call(**params)
    except ClientError as error:
        if error.response["Error"]["Code"] != "UnknownResourceFault":
            raise


def _decider(client: Any) -> None:
    while not _closed(client):
        task = client.poll_for_decision_task(domain="d", taskList={"name": "dl"})
        if not task.get("taskToken"):
            continue
        done = [e for e in task["events"] if e["eventType"] == "ActivityTaskCompleted"]
        if done:
            result = done[0]["activityTaskCompletedEventAttributes"]["result"]
            decision = {
                "decisionType": "CompleteWorkflowExecution",
                "completeWorkflowExecutionDecisionAttributes": {"result": result},
            }
        elif any(e["eventType"] == "ActivityTaskScheduled" for e in task["events"]):
            continue  # the activity is under way
        else:
            started = task["events"][0]["workflowExecutionStartedEventAttributes"]
            decision = {
                "decisionType": "ScheduleActivityTask",
                "scheduleActivityTaskDecisionAttributes": {
                    "activityId": "double",
                    "activityType": {"name": "a", "version": "1"},
                    "input": started["input"],
                },
            }
        _respond(
            client.respond_decision_task_completed,
            taskToken=task["taskToken"],
            decisions=[decision],
        )


def _worker(client: Any) -> None:
    while not _closed(client):
        task = client.poll_for_activity_task(domain="d", taskList={"name": "al"})
        if task.get("taskToken"):
            result = str(int(task["input"]) * 2)
            _respond(
                client.respond_activity_task_completed, taskToken=task["taskToken"], result=result
            )


RUN_ID: list[str] = []


def _fork(target: Callable[[Any], None], client: Any) -> int:
    pid = os.fork()
    if pid == 0:  # the child: uses the client (and its pooled connection) it inherited
        code = 1
        try:
            target(client)
            code = 0
        finally:
            os._exit(code)
    return pid


def exit_code(pid: int, *, timeout: float) -> int | None:
    """The exit code of child ``pid`` (None if it is still running after ``timeout``)."""
    codes: list[int] = []
    waiter = threading.Thread(
        target=lambda: codes.append(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])),
        daemon=True,
    )
    waiter.start()
    waiter.join(timeout)
    return codes[0] if codes else None


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
# Forking a threaded process is what the clients under test do (simpleflow's pollers): the
# warning Python 3.12+ gives about it is the point of the test, not a defect of it.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_boto3_clients_that_fork_with_a_pooled_connection_run_a_workflow(
    swf_local: LocalSWF,
) -> None:
    client = make_client(swf_local, mode="standard", max_attempts=10)
    client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
    client.register_workflow_type(
        domain="d",
        name="w",
        version="1",
        defaultTaskList={"name": "dl"},
        defaultExecutionStartToCloseTimeout="3600",
        defaultTaskStartToCloseTimeout="300",
        defaultChildPolicy="TERMINATE",
    )
    client.register_activity_type(
        domain="d",
        name="a",
        version="1",
        defaultTaskList={"name": "al"},
        defaultTaskScheduleToStartTimeout="300",
        defaultTaskScheduleToCloseTimeout="600",
        defaultTaskStartToCloseTimeout="300",
        defaultTaskHeartbeatTimeout="NONE",
    )
    run_id = client.start_workflow_execution(
        domain="d", workflowId="forked", workflowType={"name": "w", "version": "1"}, input="21"
    )["runId"]
    RUN_ID[:] = [run_id]
    # That call left one keep-alive connection in the client's pool: both children and this
    # process now write to it.
    children = [_fork(_decider, client), _fork(_worker, client)]
    try:
        while not _closed(client):
            assert all(os.waitpid(pid, os.WNOHANG) == (0, 0) for pid in children)
        codes = [exit_code(pid, timeout=60) for pid in children]
        children = []
        assert codes == [0, 0]
        described = client.describe_workflow_execution(
            domain="d", execution={"workflowId": "forked", "runId": run_id}
        )
        assert described["executionInfo"]["closeStatus"] == "COMPLETED"
        history = client.get_workflow_execution_history(
            domain="d", execution={"workflowId": "forked", "runId": run_id}
        )["events"]
        closing = history[-1]
        assert closing["workflowExecutionCompletedEventAttributes"]["result"] == "42"
    finally:
        for pid in children:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
