"""Deciders and workers running for real against SWF Local: whole workflows, end to end.

Time-outs and timers fire by moving SWF Local's manual clock; the actors run in threads, and
the tests wait (briefly, with a bound) only for the actors to do their work.
"""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any

from swf.actors import ActivityContext, ActivityTask, ActivityWorker, activity_context
from swf.core import Connection
from swf.local import ManualClock
from swf.wire import event_attributes
from tests.actors.sample import CancelableWorker, EchoWorker, ScenarioDecider
from tests.actors.support import (
    ACTIVITY_LIST,
    DOMAIN,
    TASK_LIST,
    closed_event,
    event_types,
    events,
    running,
    start_workflow,
    wait_for,
)


def _decider(connection: Connection) -> ScenarioDecider:
    return ScenarioDecider(DOMAIN, TASK_LIST, connection=connection)


def _attributes(event: dict[str, Any]) -> dict[str, Any]:
    return dict(event_attributes(event))


def _last(client: Any, workflow_id: str, run_id: str, event_type: str) -> dict[str, Any]:
    found = [e for e in events(client, workflow_id, run_id) if e["eventType"] == event_type]
    assert found, f"no {event_type} in the history of {workflow_id}"
    return _attributes(found[-1])


def _started(client: Any, workflow_id: str, run_id: str, count: int = 1) -> None:
    wait_for(
        lambda: event_types(client, workflow_id, run_id).count("ActivityTaskStarted") >= count,
        "an activity task to start",
    )


class BlockingWorker(ActivityWorker):
    """Holds each task until the test releases it (or SWF forgets the task)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.release = threading.Event()
        self.seen: list[ActivityContext] = []

    def process(self, task: ActivityTask) -> str:
        self.seen.append(activity_context())
        if task.input == "quick":
            return "quick"
        self.release.wait(15)
        return "late"


def test_workflow_of_several_activities_completes_with_every_result(
    registered: Any, connection: Connection
) -> None:
    run_id = start_workflow(registered, "three", {"steps": ["a", "b", "c"]})
    worker = EchoWorker(DOMAIN, ACTIVITY_LIST, connection=connection)
    with running(_decider(connection), worker):
        closing = closed_event(registered, "three", run_id)
    assert closing["eventType"] == "WorkflowExecutionCompleted"
    result = _attributes(closing)["result"]
    assert json.loads(result) == ["echo:a", "echo:b", "echo:c"]
    assert event_types(registered, "three", run_id).count("ActivityTaskCompleted") == 3


def test_exception_in_process_fails_the_task_with_reason_and_traceback(
    registered: Any, connection: Connection
) -> None:
    run_id = start_workflow(registered, "boom", {"steps": ["ok", "boom"]})
    worker = EchoWorker(DOMAIN, ACTIVITY_LIST, connection=connection)
    with running(_decider(connection), worker):
        closing = closed_event(registered, "boom", run_id)
    assert closing["eventType"] == "WorkflowExecutionFailed"
    failed = _last(registered, "boom", run_id, "ActivityTaskFailed")
    assert failed["reason"] == "ValueError: boom was asked for"
    assert failed["details"].startswith("Traceback (most recent call last):")
    assert "raise ValueError" in failed["details"]
    assert _attributes(closing)["reason"] == "step-1 FAILED"


def test_timed_out_activity_is_reported_to_the_decider_and_its_late_result_dropped(
    registered: Any, connection: Connection, swf_clock: ManualClock
) -> None:
    run_id = start_workflow(
        registered, "slow", {"steps": ["hold", "quick"], "heartbeat_timeout": "NONE"}
    )
    worker = BlockingWorker(DOMAIN, ACTIVITY_LIST, connection=connection, heartbeats=False)
    with running(_decider(connection), worker):
        _started(registered, "slow", run_id)
        swf_clock.advance(timedelta(seconds=601))  # start-to-close of act/1 is 600 s
        closing = closed_event(registered, "slow", run_id)
        worker.release.set()
        # the worker survives its dropped result and takes the next task
        other = start_workflow(registered, "after", {"steps": ["quick"]})
        assert closed_event(registered, "after", other)["eventType"] == "WorkflowExecutionCompleted"
    timed_out = _last(registered, "slow", run_id, "ActivityTaskTimedOut")
    assert timed_out["timeoutType"] == "START_TO_CLOSE"
    assert closing["eventType"] == "WorkflowExecutionFailed"
    assert "ActivityTaskCompleted" not in event_types(registered, "slow", run_id)


def test_heartbeat_timeout_closes_the_task_and_the_worker_goes_on(
    registered: Any, connection: Connection, swf_clock: ManualClock
) -> None:
    run_id = start_workflow(registered, "silent", {"steps": ["hold"]})
    worker = BlockingWorker(
        DOMAIN, ACTIVITY_LIST, connection=connection, heartbeat_interval=timedelta(seconds=0.02)
    )
    with running(_decider(connection), worker):
        _started(registered, "silent", run_id)
        swf_clock.advance(timedelta(seconds=121))  # heartbeat timeout of act/1 is 120 s
        closing = closed_event(registered, "silent", run_id)
        # the next heartbeat learns that SWF forgot the task
        context = wait_for(lambda: worker.seen and worker.seen[0], "the task in hand")
        assert context.wait_for_cancel_request(15) is False
        assert context.closed
        worker.release.set()
        other = start_workflow(registered, "next", {"steps": ["quick"]})
        assert closed_event(registered, "next", other)["eventType"] == "WorkflowExecutionCompleted"
    assert _last(registered, "silent", run_id, "ActivityTaskTimedOut")["timeoutType"] == "HEARTBEAT"
    assert closing["eventType"] == "WorkflowExecutionFailed"


def test_cancel_request_reaches_the_running_activity_through_heartbeats(
    registered: Any, connection: Connection
) -> None:
    run_id = start_workflow(registered, "cancel", {"steps": ["wait"], "cancel_on": "stop"})
    worker = CancelableWorker(
        DOMAIN, ACTIVITY_LIST, connection=connection, heartbeat_interval=timedelta(seconds=0.02)
    )
    with running(_decider(connection), worker):
        _started(registered, "cancel", run_id)
        registered.signal_workflow_execution(
            domain=DOMAIN, workflowId="cancel", runId=run_id, signalName="stop"
        )
        closing = closed_event(registered, "cancel", run_id)
    types = event_types(registered, "cancel", run_id)
    assert types.index("ActivityTaskCancelRequested") < types.index("ActivityTaskCanceled")
    assert _last(registered, "cancel", run_id, "ActivityTaskCanceled")["details"] == (
        "stopped as asked"
    )
    assert _attributes(closing)["reason"] == "step-0 CANCELED"


def test_signal_reaches_the_decider(registered: Any, connection: Connection) -> None:
    run_id = start_workflow(registered, "waiting", {"signal": "go"})
    with running(_decider(connection)):
        wait_for(
            lambda: "DecisionTaskCompleted" in event_types(registered, "waiting", run_id),
            "the first decision",
        )
        registered.signal_workflow_execution(
            domain=DOMAIN, workflowId="waiting", signalName="go", input="payload"
        )
        closing = closed_event(registered, "waiting", run_id)
    assert closing["eventType"] == "WorkflowExecutionCompleted"
    assert _attributes(closing)["result"] == "payload"


def test_timer_fires_on_the_manual_clock_and_the_decider_completes(
    registered: Any, connection: Connection, swf_clock: ManualClock
) -> None:
    run_id = start_workflow(registered, "timer", {"timer": 600})
    with running(_decider(connection)):
        wait_for(
            lambda: "TimerStarted" in event_types(registered, "timer", run_id), "the timer start"
        )
        swf_clock.advance(timedelta(minutes=10))
        closing = closed_event(registered, "timer", run_id)
    assert _attributes(closing)["result"] == "timer fired"
    assert "TimerFired" in event_types(registered, "timer", run_id)


def test_child_workflow_runs_and_its_result_reaches_the_parent(
    registered: Any, connection: Connection
) -> None:
    run_id = start_workflow(registered, "parent", {"child": {"steps": ["x", "y"]}})
    worker = EchoWorker(DOMAIN, ACTIVITY_LIST, connection=connection)
    with running(_decider(connection), _decider(connection), worker):
        closing = closed_event(registered, "parent", run_id)
    assert closing["eventType"] == "WorkflowExecutionCompleted"
    assert json.loads(_attributes(closing)["result"]) == ["echo:x", "echo:y"]
    assert "ChildWorkflowExecutionCompleted" in event_types(registered, "parent", run_id)


class PollWatchingConnection(Connection):
    """A real connection that tells when an activity poll is on its way."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.polling = threading.Event()

    def call(self, operation: str, /, **params: Any) -> dict[str, Any]:
        if operation == "PollForActivityTask":
            self.polling.set()
        return super().call(operation, **params)


def test_stop_never_abandons_a_task_that_a_poll_in_flight_brings(
    registered: Any, swf_endpoint_url: str, connection: Connection
) -> None:
    watched = PollWatchingConnection(endpoint_url=swf_endpoint_url)
    worker = EchoWorker(DOMAIN, ACTIVITY_LIST, connection=watched, heartbeats=False)
    run_id = start_workflow(registered, "late", {"steps": ["x"]})
    thread = threading.Thread(target=worker.start, daemon=True)
    thread.start()
    assert watched.polling.wait(15)
    worker.stop()  # while the poll waits at SWF Local (the test server holds it 0.3 s)
    assert _decider(connection).run_once()  # schedules the activity: the waiting poll takes it
    thread.join(15)
    assert not thread.is_alive()
    types = event_types(registered, "late", run_id)
    # either the poll in flight took the task and it was completed, or the poll had ended
    # empty just before: then the stopped worker polled no more and the task is still queued
    if "ActivityTaskStarted" in types:
        assert "ActivityTaskCompleted" in types
    else:
        assert types[-1] == "ActivityTaskScheduled"
