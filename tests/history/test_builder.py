"""HistoryBuilder: fluent, linked events, API pages and poll responses for offline deciders."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from swf.exceptions import ValidationError
from swf.history import ActivityTaskCompleted, History, HistoryBuilder
from tests.history.support import assert_valid_event


def test_events_link_to_each_other_like_swfs() -> None:
    b = (
        HistoryBuilder()
        .workflow_started()
        .decision_task()
        .activity_scheduled("a")
        .activity_started("a")
        .activity_completed("a", result="r")
    )
    events = b.events
    completed_decision = events[3]
    assert completed_decision["eventType"] == "DecisionTaskCompleted"
    assert completed_decision["decisionTaskCompletedEventAttributes"] == {
        "scheduledEventId": 2,
        "startedEventId": 3,
    }
    scheduled = events[4]["activityTaskScheduledEventAttributes"]
    assert scheduled["decisionTaskCompletedEventId"] == 4
    assert events[6]["activityTaskCompletedEventAttributes"] == {
        "result": "r",
        "scheduledEventId": 5,
        "startedEventId": 6,
    }


def test_timestamps_advance_by_step_and_wait() -> None:
    start = datetime(2030, 5, 1, tzinfo=timezone.utc)
    b = HistoryBuilder(start=start, step=timedelta(seconds=2)).workflow_started()
    b.wait(timedelta(minutes=1)).decision_task_scheduled()
    stamps = [e["eventTimestamp"] for e in b.events]
    assert stamps == [start, start + timedelta(minutes=1, seconds=2)]
    assert all(s.tzinfo is timezone.utc for s in stamps)
    with pytest.raises(ValidationError):
        HistoryBuilder(start=datetime(2030, 1, 1))
    with pytest.raises(ValidationError):
        b.wait(timedelta(seconds=-1))


@pytest.mark.parametrize(
    "step",
    [
        lambda b: b.activity_started("never-scheduled"),
        lambda b: b.timer_fired("never-started"),
        lambda b: b.child_workflow_started("never-initiated"),
        lambda b: b.child_workflow_initiated("c").child_workflow_completed("c"),
        lambda b: b.external_workflow_signaled("never-signaled"),
        lambda b: b.external_workflow_cancel_requested("never-asked"),
        lambda b: b.lambda_started("never-scheduled"),
        lambda b: b.decision_task_started(),
        lambda b: b.decision_task_completed(),
        lambda b: b.decision_task_timed_out(),
        lambda b: b.workflow_started(),
    ],
)
def test_steps_out_of_sequence_are_refused(step: Any) -> None:
    with pytest.raises(ValidationError):
        step(HistoryBuilder().workflow_started())


def test_pages_look_like_get_workflow_execution_history_pages() -> None:
    b = HistoryBuilder().workflow_started().decision_task().decision_task()
    pages = b.pages(page_size=3)
    assert [len(p["events"]) for p in pages] == [3, 3, 1]
    assert [("nextPageToken" in p) for p in pages] == [True, True, False]
    assert History.from_pages(pages) == b.build()
    assert HistoryBuilder().pages() == [{"events": []}]


def test_poll_response_reports_started_and_previous_started_event_ids(
    swf_model: Any,
) -> None:
    b = HistoryBuilder(workflow_id="w", run_id="r").workflow_started(workflow_type=("wf", "2"))
    b.decision_task().activity_scheduled("a").activity_started("a").activity_completed("a")
    b.decision_task(completed=False)
    response = b.poll_response(task_token="tok")
    assert (response["startedEventId"], response["previousStartedEventId"]) == (9, 3)
    assert response["workflowExecution"] == {"workflowId": "w", "runId": "r"}
    assert response["workflowType"] == {"name": "wf", "version": "2"}
    assert len(response["events"]) == 9
    shape = swf_model.operation_model("PollForDecisionTask").output_shape
    for raw in response["events"]:
        assert_valid_event(raw, shape.members["events"].member)
    with pytest.raises(ValidationError):
        HistoryBuilder().workflow_started().poll_response()


def test_raw_escape_hatch_and_extend_raw() -> None:
    b = HistoryBuilder().workflow_started().raw("FutureEvent", {"x": 1})
    other = HistoryBuilder().workflow_started().decision_task()
    b.extend_raw(other.events[1:])
    history = b.build()
    assert [e.type for e in history][:2] == ["WorkflowExecutionStarted", "FutureEvent"]
    assert [e.id for e in history] == [1, 2, 3, 4, 5]


def test_the_docstring_example_works() -> None:
    history = (
        HistoryBuilder()
        .workflow_started(workflow_type=("greet", "1"), input='{"name": "Ada"}')
        .decision_task()
        .activity_scheduled("hello", activity_type=("say-hello", "1"))
        .activity_started("hello")
        .activity_completed("hello", result="Hello, Ada")
        .decision_task(completed=False)
        .build()
    )
    assert history.activities["hello"].result == "Hello, Ada"
    assert isinstance(history.last(ActivityTaskCompleted), ActivityTaskCompleted)
