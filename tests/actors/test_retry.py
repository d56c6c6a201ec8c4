"""Retries: throttling and transport errors never kill a loop nor lose or repeat a task."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest

from swf.actors import ActivityTask, Backoff, activity_context
from swf.actors.retry import StopRequested, is_transient, retry_call
from swf.core import Connection
from swf.exceptions import (
    LimitExceededFault,
    ServiceError,
    ThrottlingException,
    TransportError,
    UnknownResourceFault,
    ValidationError,
)
from tests.actors.sample import EchoWorker, ScenarioDecider
from tests.actors.support import (
    ACTIVITY_LIST,
    DOMAIN,
    TASK_LIST,
    closed_event,
    event_types,
    running,
    start_workflow,
)

FAST = Backoff(initial=timedelta(milliseconds=1), maximum=timedelta(milliseconds=5))


class ThrottlingConnection(Connection):
    """A real connection that answers ThrottlingException the first N times of some operations."""

    def __init__(self, throttle: dict[str, int], **settings: Any) -> None:
        super().__init__(**settings)
        self.remaining = Counter(throttle)
        self.throttled: Counter[str] = Counter()
        self._lock = threading.Lock()

    def call(self, operation: str, /, **params: Any) -> dict[str, Any]:
        with self._lock:
            throttle = self.remaining[operation] > 0
            if throttle:
                self.remaining[operation] -= 1
                self.throttled[operation] += 1
        if throttle:
            raise ThrottlingException(
                "Rate exceeded", code="ThrottlingException", operation=operation, status=400
            )
        return super().call(operation, **params)


class CountingWorker(EchoWorker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.processed: Counter[str] = Counter()

    def process(self, task: ActivityTask) -> str:
        self.processed[task.activity_id] += 1
        return super().process(task)


def test_throttled_calls_are_retried_and_every_task_runs_exactly_once(
    registered: Any, swf_endpoint_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    throttle = {
        "PollForDecisionTask": 3,
        "RespondDecisionTaskCompleted": 2,
        "PollForActivityTask": 3,
        "RespondActivityTaskCompleted": 2,
    }
    connection = ThrottlingConnection(throttle, endpoint_url=swf_endpoint_url)
    run_id = start_workflow(registered, "throttled", {"steps": ["a", "b"]})
    decider = ScenarioDecider(DOMAIN, TASK_LIST, connection=connection, backoff=FAST)
    worker = CountingWorker(
        DOMAIN, ACTIVITY_LIST, connection=connection, backoff=FAST, heartbeats=False
    )
    with caplog.at_level(logging.WARNING, logger="swf.actors"), running(decider, worker):
        closing = closed_event(registered, "throttled", run_id)
    assert closing["eventType"] == "WorkflowExecutionCompleted"
    assert connection.throttled == Counter(throttle)
    assert worker.processed == {"step-0": 1, "step-1": 1}
    assert event_types(registered, "throttled", run_id).count("ActivityTaskCompleted") == 2
    assert "Rate exceeded" in caplog.text


class HeartbeatWatcher(EchoWorker):
    """Works until its heartbeats went through the throttling and one more succeeded."""

    connection_double: ThrottlingConnection

    def process(self, task: ActivityTask) -> str:
        context = activity_context()
        while self.connection_double.remaining["RecordActivityTaskHeartbeat"] > 0:
            assert not context.wait_for_cancel_request(0.01)
        context.heartbeat("after the throttling")  # and this one is answered
        assert not context.closed
        return "beat"


def test_throttled_heartbeats_are_logged_and_never_fail_the_task(
    registered: Any, swf_endpoint_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    connection = ThrottlingConnection(
        {"RecordActivityTaskHeartbeat": 3}, endpoint_url=swf_endpoint_url
    )
    run_id = start_workflow(registered, "beats", {"steps": ["a"]})
    decider = ScenarioDecider(DOMAIN, TASK_LIST, connection=connection, backoff=FAST)
    worker = HeartbeatWatcher(
        DOMAIN,
        ACTIVITY_LIST,
        connection=connection,
        backoff=FAST,
        heartbeat_interval=timedelta(milliseconds=10),
    )
    worker.connection_double = connection
    with caplog.at_level(logging.WARNING, logger="swf.actors"), running(decider, worker):
        closing = closed_event(registered, "beats", run_id)
    assert closing["eventType"] == "WorkflowExecutionCompleted"
    assert connection.throttled["RecordActivityTaskHeartbeat"] == 3
    assert "heartbeat failed" in caplog.text


def test_poll_loop_survives_errors_that_are_not_transient_and_stops_on_request(
    registered: Any, connection: Connection, caplog: pytest.LogCaptureFixture
) -> None:
    decider = ScenarioDecider("no-such-domain", TASK_LIST, connection=connection, backoff=FAST)
    with caplog.at_level(logging.ERROR, logger="swf.actors"), running(decider):
        failing = threading.Event()

        def watch() -> None:
            while "UnknownResourceFault" not in caplog.text:
                threading.Event().wait(0.005)
            failing.set()

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        assert failing.wait(15)
        assert decider.running
    assert not decider.running
    assert "PollForDecisionTask failed" in caplog.text


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (ThrottlingException("x"), True),
        (TransportError("x"), True),
        (LimitExceededFault("x"), True),
        (ServiceError("x", code="InternalFailure", status=500), True),
        (ServiceError("x", code="Other", status=400), False),
        (UnknownResourceFault("x"), False),
        (ValidationError("x"), False),
        (RuntimeError("x"), False),
    ],
)
def test_transient_errors_are_throttling_transport_limits_and_5xx(
    error: Exception, transient: bool
) -> None:
    assert is_transient(error) is transient


def test_backoff_grows_exponentially_up_to_its_maximum() -> None:
    backoff = Backoff(initial=timedelta(seconds=1), maximum=timedelta(seconds=10))
    assert [backoff.ceiling(n) for n in range(6)] == [1, 2, 4, 8, 10, 10]
    assert all(0.5 <= backoff.delay(n) <= 10 for n in range(20))


def test_retry_call_raises_errors_that_are_not_transient_at_once() -> None:
    calls = []

    def call() -> None:
        calls.append(1)
        raise UnknownResourceFault("gone")

    with pytest.raises(UnknownResourceFault):
        retry_call(call, what="test", stop=threading.Event(), backoff=FAST)
    assert len(calls) == 1


def test_retry_call_returns_once_the_call_succeeds() -> None:
    answers: list[Exception | str] = [ThrottlingException("1"), TransportError("2"), "ok"]

    def call() -> str:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert retry_call(call, what="test", stop=threading.Event(), backoff=FAST) == "ok"


def test_stop_interrupts_a_backoff() -> None:
    stop = threading.Event()
    stop.set()
    slow = Backoff(initial=timedelta(hours=1), maximum=timedelta(hours=1))
    with pytest.raises(StopRequested):
        retry_call(_always_throttled, what="test", stop=stop, backoff=slow)


def _always_throttled() -> None:
    raise ThrottlingException("again")
