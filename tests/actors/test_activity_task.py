"""ActivityTask, the frozen value a poll returns, and ActivityContext, the live side of a task."""

from __future__ import annotations

import copy
import dataclasses
import logging
import pickle
import threading
from typing import Any

import pytest

import swf.actors
import swf.models
from swf.actors import ActivityContext, ActivityTask, ActivityTaskCanceledError, activity_context
from swf.exceptions import UnknownResourceFault, ValidationError
from swf.history.events import ActivityTypeRef, WorkflowExecutionRef

POLLED: dict[str, Any] = {
    "taskToken": "tok",
    "activityId": "a1",
    "activityType": {"name": "act", "version": "1"},
    "workflowExecution": {"workflowId": "w", "runId": "r"},
    "startedEventId": 7,
    "input": "in",
}


def _task(**changes: Any) -> ActivityTask:
    task = ActivityTask.from_api(POLLED, domain="d", task_list="t")
    return dataclasses.replace(task, **changes)


def test_there_is_one_activity_task_class_exported_by_models_and_actors() -> None:
    assert swf.models.ActivityTask is swf.actors.ActivityTask is ActivityTask
    assert ActivityTask.__module__ == "swf.models.activity_task"
    assert not hasattr(ActivityTask, "exists")  # a value, not a Model with sync properties


def test_from_api_reads_every_member_of_the_poll_answer_and_to_api_gives_them_back() -> None:
    task = ActivityTask.from_api(POLLED, domain="d", task_list="t")
    assert task.token == "tok"
    assert task.activity_id == "a1"
    assert task.activity_type == ActivityTypeRef("act", "1")
    assert task.workflow_execution == WorkflowExecutionRef("w", "r")
    assert task.started_event_id == 7
    assert task.input == "in"
    assert (task.domain, task.task_list) == ("d", "t")
    assert task.to_api() == POLLED
    assert repr(task) == "<ActivityTask act/1 a1 of w>"


def test_an_empty_poll_answer_is_no_activity_task() -> None:
    with pytest.raises(ValidationError, match="no taskToken"):
        ActivityTask.from_api({"startedEventId": 0}, domain="d", task_list="t")


def test_a_task_is_a_frozen_comparable_value_that_copies_and_pickles_as_itself() -> None:
    task = _task()
    with pytest.raises(dataclasses.FrozenInstanceError):
        task.input = "other"  # type: ignore[misc]
    assert task == ActivityTask.from_api(POLLED, domain="d", task_list="t")
    assert task != _task(input="other")
    assert hash(task) == hash(_task())
    assert pickle.loads(pickle.dumps(task)) == task
    assert copy.deepcopy(task) == task


def test_types_and_executions_given_as_plain_pairs_become_refs() -> None:
    task = _task(activity_type=("act", "2"), workflow_execution=("w2", "r2"))
    assert isinstance(task.activity_type, ActivityTypeRef)
    assert isinstance(task.workflow_execution, WorkflowExecutionRef)
    assert task.activity_type.version == "2" and task.workflow_execution.run_id == "r2"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"token": ""}, "token must be at least 1"),
        ({"token": None}, "token must be a string"),
        ({"activity_id": "a:b"}, "activity_id"),
        ({"activity_type": ("act",)}, "activity_type must be a pair"),
        ({"workflow_execution": "w"}, "workflow_execution must be a pair"),
        ({"started_event_id": "7"}, "started_event_id must be an int"),
        ({"domain": ""}, "domain"),
        ({"task_list": None}, "task_list"),
    ],
)
def test_a_task_refuses_values_swf_never_sends(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _task(**changes)


def test_activity_context_outside_a_task_is_a_clear_runtime_error() -> None:
    with pytest.raises(RuntimeError, match="outside an activity task"):
        activity_context()


def test_a_context_made_without_a_worker_cannot_heartbeat() -> None:
    context = ActivityContext(_task())
    assert context.task == _task()
    assert not context.cancel_requested and not context.closed
    with pytest.raises(RuntimeError, match="cannot heartbeat"):
        context.heartbeat()
    with pytest.raises(ValidationError, match="task must be an ActivityTask"):
        ActivityContext(POLLED)  # type: ignore[arg-type]


def test_heartbeat_details_swf_would_refuse_are_refused_when_set() -> None:
    context = ActivityContext(_task())
    with pytest.raises(ValidationError, match="details is 2049 characters long"):
        context.heartbeat_details = "x" * 2049
    with pytest.raises(ValidationError, match="details must be a string, not dict"):
        context.heartbeat_details = {"progress": 1}  # type: ignore[assignment]
    context.heartbeat_details = "x" * 2048
    assert context.heartbeat_details == "x" * 2048


class Answers:
    """A ``send_heartbeat`` giving the answers the test lists (a value, or an error to raise)."""

    def __init__(self, *answers: bool | Exception) -> None:
        self.answers = list(answers)
        self.sent: list[str | None] = []

    def __call__(self, details: str | None) -> bool:
        self.sent.append(details)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_a_cancel_request_in_a_heartbeat_answer_wakes_the_task_code_waiting_for_it() -> None:
    answers = Answers(False, True, False)
    context = ActivityContext(_task(), send_heartbeat=answers)
    assert context.heartbeat("10%") is False
    context.raise_if_cancel_requested()  # nothing to raise yet
    woke = threading.Event()

    def waiter() -> None:
        if context.wait_for_cancel_request(30):
            woke.set()

    thread = threading.Thread(target=waiter)
    thread.start()
    assert context.heartbeat() is True
    thread.join(30)
    assert woke.is_set()
    assert context.heartbeat() is True  # a cancel request is never taken back
    assert answers.sent == ["10%", "10%", "10%"]
    with pytest.raises(ActivityTaskCanceledError, match="stopping"):
        context.raise_if_cancel_requested("stopping")


def test_a_heartbeat_that_finds_the_task_gone_closes_the_context_without_raising(
    caplog: pytest.LogCaptureFixture,
) -> None:
    context = ActivityContext(
        _task(), send_heartbeat=Answers(UnknownResourceFault("gone"), UnknownResourceFault("x"))
    )
    with caplog.at_level(logging.WARNING, logger="swf.actors"):
        assert context.heartbeat() is False
        assert context.heartbeat() is False
    assert context.closed and not context.cancel_requested
    assert context.wait_for_cancel_request() is False  # returns at once: none will come
    assert caplog.text.count("timed out or closed") == 1
    assert "closed" in repr(context)


def test_a_heartbeat_that_fails_is_logged_and_changes_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    context = ActivityContext(_task(), send_heartbeat=Answers(RuntimeError("network down")))
    with caplog.at_level(logging.WARNING, logger="swf.actors"):
        assert context.heartbeat() is False
    assert "heartbeat failed" in caplog.text and "network down" in caplog.text
    assert not context.closed and not context.cancel_requested


def test_the_example_in_the_docstring_holds() -> None:
    import doctest

    import swf.models.activity_task

    result = doctest.testmod(swf.models.activity_task)
    assert result.attempted > 0 and result.failed == 0
