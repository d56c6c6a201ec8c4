"""ActivityWorker: its API calls, and what the loop reports for each way a task can end."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from swf.actors import (
    ActivityContext,
    ActivityTask,
    ActivityTaskCanceledError,
    ActivityWorker,
    activity_context,
)
from swf.actors._heartbeat import interval_for
from swf.actors._tasks import fit
from swf.core import Connection
from swf.exceptions import UnknownResourceFault, ValidationError
from swf.wire import event_attributes
from tests.actors.sample import ScenarioDecider
from tests.actors.support import (
    ACTIVITY_LIST,
    DOMAIN,
    TASK_LIST,
    events,
    start_workflow,
)


class Returns(ActivityWorker):
    """Returns (or raises) what the test put in ``outcome``."""

    outcome: Any = None

    def process(self, task: ActivityTask) -> Any:
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


def _scheduled(client: Any, connection: Connection, workflow_id: str) -> str:
    """Start a one-step workflow and let the decider schedule its activity; the run id."""
    run_id = start_workflow(client, workflow_id, {"steps": ["in"]})
    assert ScenarioDecider(DOMAIN, TASK_LIST, connection=connection).run_once()
    return run_id


def _closing_activity_event(client: Any, workflow_id: str, run_id: str) -> dict[str, Any]:
    last = [e for e in events(client, workflow_id, run_id) if "ActivityTask" in e["eventType"]][-1]
    return {"type": last["eventType"], **event_attributes(last)}


def _run(client: Any, connection: Connection, workflow_id: str, outcome: Any) -> dict[str, Any]:
    run_id = _scheduled(client, connection, workflow_id)
    worker = Returns(DOMAIN, ACTIVITY_LIST, connection=connection, heartbeats=False)
    worker.outcome = outcome
    assert worker.run_once() is True
    return _closing_activity_event(client, workflow_id, run_id)


def test_poll_returns_none_when_no_task_arrives(registered: Any, connection: Connection) -> None:
    assert Returns(DOMAIN, ACTIVITY_LIST, connection=connection).poll() is None


def test_poll_returns_the_task_with_its_identifiers(
    registered: Any, connection: Connection
) -> None:
    run_id = _scheduled(registered, connection, "ids")
    task = Returns(DOMAIN, ACTIVITY_LIST, "worker-7", connection=connection).poll()
    assert task is not None
    assert task.activity_id == "step-0"
    assert task.activity_type == ("act", "1")
    assert task.workflow_execution == ("ids", run_id)
    assert task.input == "in"
    assert task.started_event_id > 0
    started = [
        e for e in events(registered, "ids", run_id) if e["eventType"] == "ActivityTaskStarted"
    ]
    assert started[0]["activityTaskStartedEventAttributes"]["identity"] == "worker-7"


def test_string_result_completes_the_task(registered: Any, connection: Connection) -> None:
    event = _run(registered, connection, "text", "done")
    assert event["type"] == "ActivityTaskCompleted"
    assert event["result"] == "done"


def test_other_results_are_sent_as_json(registered: Any, connection: Connection) -> None:
    event = _run(registered, connection, "json", {"size": [1, 2]})
    assert json.loads(event["result"]) == {"size": [1, 2]}


def test_none_completes_without_result(registered: Any, connection: Connection) -> None:
    event = _run(registered, connection, "none", None)
    assert event["type"] == "ActivityTaskCompleted"
    assert "result" not in event


def test_a_result_with_nan_fails_the_task_instead_of_sending_invalid_json(
    registered: Any, connection: Connection
) -> None:
    event = _run(registered, connection, "nan", {"ratio": float("nan")})
    assert event["type"] == "ActivityTaskFailed"
    assert event["reason"].startswith(
        "unusable result: result cannot be encoded as JSON: Out of range float"
    )


def test_result_too_long_fails_the_task_instead_of_vanishing(
    registered: Any, connection: Connection
) -> None:
    event = _run(registered, connection, "huge", "x" * 40_000)
    assert event["type"] == "ActivityTaskFailed"
    assert event["reason"].startswith("unusable result: result is 40000 characters long")


def test_long_exception_message_is_cut_to_the_reason_limit_with_a_mark(
    registered: Any, connection: Connection
) -> None:
    event = _run(registered, connection, "long", RuntimeError("y" * 1000))
    assert event["type"] == "ActivityTaskFailed"
    assert 250 <= len(event["reason"]) <= 256
    assert event["reason"].startswith("RuntimeError: yyy")
    assert event["reason"].endswith("chars]")
    assert "[truncated" in event["reason"]


def test_long_traceback_keeps_its_end_and_is_marked(
    registered: Any, connection: Connection
) -> None:
    event = _run(registered, connection, "deep", RuntimeError("z" * 40_000))
    assert 32_760 <= len(event["details"]) <= 32_768
    assert event["details"].startswith("[truncated ")
    assert event["details"].rstrip().endswith("z")


def test_canceled_error_reports_the_task_canceled(registered: Any, connection: Connection) -> None:
    event = _run(registered, connection, "canceled", ActivityTaskCanceledError("gave up"))
    assert event["type"] == "ActivityTaskCanceled"
    assert event["details"] == "gave up"


def test_explicit_fail_refuses_a_reason_longer_than_swf_allows(connection: Connection) -> None:
    worker = Returns(DOMAIN, ACTIVITY_LIST, connection=connection)
    with pytest.raises(ValidationError, match="reason is 300 characters long"):
        worker.fail("token", reason="r" * 300)


class Probe(ActivityWorker):
    """Runs ``body(task, context)`` as its task code and keeps what it returned or raised.

    Task code runs inside the worker's error handling, so the test asserts on ``outcome``
    after ``run_once`` rather than inside ``process``.
    """

    body: Callable[[ActivityTask, ActivityContext], Any]
    outcome: Any = None

    def process(self, task: ActivityTask) -> Any:
        try:
            self.outcome = self.body(task, activity_context())
        except Exception as error:
            self.outcome = error
        return None


def test_heartbeat_on_an_unknown_task_raises_but_a_context_heartbeat_closes_it(
    registered: Any, connection: Connection
) -> None:
    worker = Probe(DOMAIN, ACTIVITY_LIST, connection=connection, heartbeats=False)
    with pytest.raises(UnknownResourceFault):
        worker.heartbeat("no-such-token")

    def complete_then_beat(task: ActivityTask, context: ActivityContext) -> Any:
        worker.complete(task.token, "early")
        return context.heartbeat("late"), context.closed  # never raises

    worker.body = complete_then_beat
    run_id = _scheduled(registered, connection, "gone")
    assert worker.run_once() is True
    assert worker.outcome == (False, True)
    closing = _closing_activity_event(registered, "gone", run_id)
    assert (closing["type"], closing["result"]) == ("ActivityTaskCompleted", "early")


def test_heartbeat_reports_no_cancel_request_on_a_running_task(
    registered: Any, connection: Connection
) -> None:
    worker = Probe(DOMAIN, ACTIVITY_LIST, connection=connection, heartbeats=False)

    def beat(task: ActivityTask, context: ActivityContext) -> Any:
        return (
            worker.heartbeat(task.token, "50%"),
            context.heartbeat("60%"),
            context.heartbeat_details,
            context.closed,
            context.task is task,
        )

    worker.body = beat
    _scheduled(registered, connection, "beating")
    assert worker.run_once() is True
    assert worker.outcome == (False, False, "60%", False, True)


def test_context_heartbeat_refuses_details_swf_would_refuse_before_sending(
    registered: Any, connection: Connection
) -> None:
    worker = Probe(DOMAIN, ACTIVITY_LIST, connection=connection, heartbeats=False)

    def bad_details(task: ActivityTask, context: ActivityContext) -> Any:
        refused = []
        for details in ({"progress": 1}, "x" * 2049):
            try:
                context.heartbeat(details)  # type: ignore[arg-type]
            except ValidationError as error:
                refused.append(str(error))
        return refused, context.heartbeat_details, context.heartbeat("x" * 2048)

    worker.body = bad_details
    _scheduled(registered, connection, "bad-details")
    assert worker.run_once() is True
    assert worker.outcome == (
        ["details must be a string, not dict", "details is 2049 characters long; SWF allows 2048"],
        None,
        False,
    )


def test_a_heartbeat_refused_after_the_task_reported_itself_closes_nothing(
    registered: Any, connection: Connection, caplog: pytest.LogCaptureFixture
) -> None:
    # The heartbeat thread may send one last heartbeat while the worker reports the task:
    # SWF then no longer knows the task, and that is no news.
    worker = Probe(DOMAIN, ACTIVITY_LIST, connection=connection, heartbeats=False)
    _scheduled(registered, connection, "crossed")
    task = worker.poll()
    assert task is not None
    worker.complete(task.token, "done")
    reported = threading.Event()
    context = ActivityContext(task, send_heartbeat=worker._heartbeat_sender(task, reported))
    reported.set()
    with caplog.at_level(logging.WARNING, logger="swf.actors"):
        assert context.heartbeat() is False
    assert not context.closed and caplog.text == ""
    reported.clear()  # while the task is in hand, the same answer means SWF forgot it
    assert context.heartbeat() is False and context.closed


def test_the_context_is_the_current_one_only_while_process_runs(
    registered: Any, connection: Connection
) -> None:
    worker = Probe(DOMAIN, ACTIVITY_LIST, connection=connection, heartbeats=False)
    worker.body = lambda task, context: (task.activity_id, context.task.activity_id)
    _scheduled(registered, connection, "current")
    assert worker.run_once() is True
    assert worker.outcome == ("step-0", "step-0")
    with pytest.raises(RuntimeError, match="outside an activity task"):
        activity_context()


def test_automatic_heartbeat_interval_is_a_third_of_the_timeout_at_most_30_s() -> None:
    assert interval_for(timedelta(seconds=9)) == timedelta(seconds=3)
    assert interval_for(timedelta(hours=1)) == timedelta(seconds=30)
    assert interval_for(None) == timedelta(seconds=30)


def test_worker_reads_the_heartbeat_timeout_of_the_activity_type(
    registered: Any, connection: Connection
) -> None:
    worker = Returns(DOMAIN, ACTIVITY_LIST, connection=connection)
    from swf.history.events import ActivityTypeRef

    assert worker._type_heartbeat_timeout(ActivityTypeRef("act", "1")) == timedelta(seconds=120)
    assert worker._type_heartbeat_timeout(ActivityTypeRef("nope", "1")) is None


@pytest.mark.parametrize(
    ("text", "maximum", "keep", "expected"),
    [
        ("short", 10, "end", "short"),
        (None, 10, "end", None),
        ("abcdefghij" * 5, 30, "start", "abcdef... [truncated 44 chars]"),
        ("abcdefghij" * 5, 30, "end", "[truncated 44 chars] ...efghij"),
    ],
)
def test_fit_cuts_visibly_and_never_exceeds_the_limit(
    text: str | None, maximum: int, keep: str, expected: str | None
) -> None:
    assert fit(text, maximum, keep=keep) == expected
    assert expected is None or len(expected) <= maximum
