"""ModelDiff and Difference (pure), the curated namespaces, ActivityTask from a real poll."""

from __future__ import annotations

import pytest

import swf.models
import swf.querysets
from swf.constants import DEPRECATED, REGISTERED
from swf.exceptions import DoesNotExistError, ValidationError
from swf.models import (
    ActivityTask,
    ActivityType,
    Difference,
    Domain,
    ModelDiff,
    WorkflowExecution,
    WorkflowType,
)
from tests.backends import Backend


def test_an_empty_diff_is_falsy_and_prints_empty() -> None:
    diff = ModelDiff()
    assert not diff
    assert len(diff) == 0
    assert list(diff) == []
    assert repr(diff) == "ModelDiff()"
    assert diff == ModelDiff()


def test_a_diff_prints_like_the_quickstart() -> None:
    diff = ModelDiff(
        Difference("status", REGISTERED, DEPRECATED), Difference("retention_period", 1, 2)
    )
    assert repr(diff) == (
        "ModelDiff(\n"
        "    Difference('status', 'REGISTERED', 'DEPRECATED'),\n"
        "    Difference('retention_period', 1, 2)\n"
        ")"
    )
    assert diff.attrs == ("status", "retention_period")
    assert "status" in diff
    assert Difference("retention_period", 1, 2) in diff
    assert diff[0].upstream == DEPRECATED
    assert diff.get("status") == Difference("status", REGISTERED, DEPRECATED)
    assert diff.get("description") is None


def test_compare_keeps_only_what_differs() -> None:
    diff = ModelDiff.compare([("a", 1, 1), ("b", 1, 2), ("c", None, None)])
    assert diff == ModelDiff(Difference("b", 1, 2))
    assert ModelDiff(("x", 1, 2)) == ModelDiff(Difference("x", 1, 2))
    assert hash(diff) == hash(ModelDiff(Difference("b", 1, 2)))


def test_difference_is_a_named_triple() -> None:
    attr, local, upstream = Difference("status", "REGISTERED", "DEPRECATED")
    assert (attr, local, upstream) == ("status", "REGISTERED", "DEPRECATED")


@pytest.mark.parametrize("model", [Domain, WorkflowType, ActivityType, WorkflowExecution])
def test_every_model_has_its_own_does_not_exist_and_a_real_class_name(model: type) -> None:
    assert issubclass(model.DoesNotExist, DoesNotExistError)
    assert issubclass(model.DoesNotExist, LookupError)
    assert model.__qualname__ == model.__name__
    assert model.__module__.startswith("swf.models.")


def test_model_namespaces_are_pinned() -> None:
    assert sorted(swf.models.__all__) == [
        "ActivityTask",
        "ActivityType",
        "Difference",
        "Domain",
        "Model",
        "ModelDiff",
        "OpenCounts",
        "WorkflowExecution",
        "WorkflowType",
    ]
    assert sorted(swf.querysets.__all__) == [
        "ActivityTypeQuerySet",
        "DomainQuery",
        "DomainQuerySet",
        "HistoryQuerySet",
        "Page",
        "QuerySet",
        "WorkflowExecutionQuerySet",
        "WorkflowTypeQuerySet",
    ]
    assert swf.querysets.DomainQuery is swf.querysets.DomainQuerySet
    for module in (swf.models, swf.querysets):
        for name in module.__all__:
            assert getattr(module, name).__doc__, name


def test_activity_task_from_a_real_poll(backend: Backend) -> None:
    connection = backend.connection
    domain = Domain(backend.name_for("d"), connection=connection)
    domain.save()
    workflow_type = WorkflowType(
        domain,
        "W",
        "1",
        task_list="deciders",
        execution_timeout=600,
        decision_tasks_timeout=60,
        child_policy="TERMINATE",
    )
    workflow_type.save()
    activity_type = ActivityType(
        domain,
        "A",
        "1",
        task_list="workers",
        task_start_to_close_timeout=60,
        task_schedule_to_close_timeout=120,
        task_schedule_to_start_timeout=60,
        task_heartbeat_timeout=None,
    )
    activity_type.save()
    execution = workflow_type.start_execution("job")
    decision = connection.call(
        "PollForDecisionTask", domain=domain.name, taskList={"name": "deciders"}
    )
    connection.call(
        "RespondDecisionTaskCompleted",
        taskToken=decision["taskToken"],
        decisions=[
            {
                "decisionType": "ScheduleActivityTask",
                "scheduleActivityTaskDecisionAttributes": {
                    "activityType": activity_type.to_api(),
                    "activityId": "a1",
                    "input": "payload",
                },
            }
        ],
    )
    polled = connection.call(
        "PollForActivityTask", domain=domain.name, taskList={"name": "workers"}
    )
    task = ActivityTask.from_api(polled, domain=domain.name, task_list="workers")
    assert task.activity_id == "a1"
    assert task.input == "payload"
    assert task.activity_type == ("A", "1")
    assert task.workflow_execution == (execution.workflow_id, execution.run_id)
    assert task.task_list == "workers"
    assert task.started_event_id > 0
    assert repr(task) == f"<ActivityTask A/1 a1 of {execution.workflow_id}>"
    assert task == ActivityTask.from_api(polled, domain=domain.name, task_list="workers")
    if backend.name == "local":
        assert execution.upstream().open_counts.activity_tasks == 1  # type: ignore[union-attr]


def test_an_empty_poll_is_no_activity_task() -> None:
    with pytest.raises(ValidationError):
        ActivityTask.from_api(
            {"startedEventId": 0, "previousStartedEventId": 0}, domain="d", task_list="t"
        )


def test_models_pickle_with_their_settings_and_copy_as_themselves() -> None:
    import copy
    import pickle

    domain = Domain("d", description="x", endpoint_url="http://127.0.0.1:9")
    models = [
        domain,
        WorkflowType(domain, "W", "1", execution_timeout=60, child_policy="ABANDON"),
        ActivityType(domain, "A", "1", task_heartbeat_timeout=None),
        WorkflowExecution(domain, "w", "r", status="OPEN", tag_list=["t"]),
    ]
    for model in models:
        clone = pickle.loads(pickle.dumps(model))
        assert clone == model
        assert type(clone) is type(model)
        assert clone.connection.settings.endpoint_url == "http://127.0.0.1:9"
        assert copy.copy(model) is model
        assert copy.deepcopy(model) is model
