"""WorkflowType and ActivityType: every described attribute, in sync after save, lifecycle."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from swf.constants import DEPRECATED, REGISTERED, ChildPolicy
from swf.exceptions import (
    DoesNotExistError,
    TypeAlreadyExistsFault,
    UnknownResourceFault,
    ValidationError,
)
from swf.models import ActivityType, Difference, Domain, ModelDiff, WorkflowType
from tests.backends import Backend


@pytest.fixture
def domain(backend: Backend) -> Domain:
    domain = Domain(backend.name_for("d"), connection=backend.connection)
    domain.save()
    return domain


def test_workflow_type_round_trips_every_attribute(domain: Domain) -> None:
    local = WorkflowType(
        domain,
        "Process",
        "1.0",
        description="processes",
        task_list="deciders",
        child_policy=ChildPolicy.ABANDON,
        execution_timeout=timedelta(hours=1),
        decision_tasks_timeout=30,
        task_priority=5,
    )
    local.save()
    upstream = local.upstream()
    assert upstream == local
    assert local.is_synced
    assert local.changes == ModelDiff()
    assert upstream.task_list == "deciders"
    assert upstream.child_policy is ChildPolicy.ABANDON
    assert upstream.execution_timeout == timedelta(hours=1)
    assert upstream.decision_tasks_timeout == timedelta(seconds=30)
    assert upstream.task_priority == 5
    assert isinstance(upstream.creation_date, datetime)
    assert upstream.creation_date.tzinfo is not None
    assert upstream.deprecation_date is None
    assert upstream.connection is domain.connection


def test_workflow_type_with_no_defaults_is_in_sync(domain: Domain) -> None:
    local = WorkflowType(domain, "Bare", "1")
    local.save()
    assert local.is_synced
    assert local.upstream().decision_tasks_timeout is None


def test_activity_type_round_trips_every_attribute(backend: Backend, domain: Domain) -> None:
    # moto drops an activity type's defaultTaskPriority.
    priority = -3 if backend.name == "local" else None
    local = ActivityType(
        domain,
        "Charge",
        "2",
        description="charges",
        task_list="workers",
        task_priority=priority,
        task_heartbeat_timeout=None,
        task_schedule_to_close_timeout=timedelta(minutes=10),
        task_schedule_to_start_timeout=60,
        task_start_to_close_timeout="300",
    )
    local.save()
    upstream = local.upstream()
    assert local.changes == ModelDiff()
    assert upstream == local
    assert local.is_synced
    assert upstream.task_heartbeat_timeout is None
    assert upstream.task_schedule_to_close_timeout == timedelta(minutes=10)
    assert upstream.task_schedule_to_start_timeout == timedelta(seconds=60)
    assert upstream.task_start_to_close_timeout == timedelta(seconds=300)
    assert upstream.task_priority == priority
    assert upstream.task_list == "workers"


@pytest.mark.parametrize("model", [WorkflowType, ActivityType])
def test_type_lifecycle_deprecate_undeprecate_delete(
    backend: Backend, domain: Domain, model: type[WorkflowType] | type[ActivityType]
) -> None:
    local = model(domain, "T", "1")
    assert not local.exists
    local.save()
    assert local.exists
    with pytest.raises(TypeAlreadyExistsFault):
        model(domain, "T", "1").save()
    deprecated = local.deprecate()
    assert deprecated.status == DEPRECATED
    assert deprecated.is_synced
    assert local.changes == ModelDiff(Difference("status", REGISTERED, DEPRECATED))
    assert deprecated.upstream().deprecation_date is not None
    backend.requires(f"Undeprecate{model.__name__}")
    registered = deprecated.undeprecate()
    assert registered.is_synced
    backend.requires(f"Delete{model.__name__}")
    registered.delete()  # deprecates first: SWF deletes deprecated types only
    assert not local.exists
    with pytest.raises(model.DoesNotExist):
        local.upstream()


@pytest.mark.parametrize("model", [WorkflowType, ActivityType])
def test_missing_type_raises_its_own_does_not_exist(
    domain: Domain, model: type[WorkflowType] | type[ActivityType]
) -> None:
    missing = model(domain, "nope", "1")
    with pytest.raises(model.DoesNotExist) as caught:
        missing.upstream()
    assert isinstance(caught.value, DoesNotExistError)
    assert isinstance(caught.value, LookupError)
    assert "'nope'" in str(caught.value)
    assert missing.is_synced is False


def test_a_type_in_a_missing_domain_is_an_unknown_resource(backend: Backend) -> None:
    with pytest.raises(UnknownResourceFault):
        WorkflowType(Domain("no-such-domain", connection=backend.connection), "T", "1").save()


# -- local behaviour, no server -------------------------------------------------------------


def test_type_reprs_and_values() -> None:
    assert repr(WorkflowType("d", "Process", "1.0")) == "WorkflowType('Process', '1.0')"
    assert repr(ActivityType("d", "Charge", "2")) == "ActivityType('Charge', '2')"
    assert WorkflowType("d", "P", "1") == WorkflowType(Domain("d"), "P", "1")
    assert WorkflowType("d", "P", "1") != WorkflowType("e", "P", "1")
    assert WorkflowType("d", "P", "1", execution_timeout=60) == WorkflowType(
        "d", "P", "1", execution_timeout=timedelta(minutes=1)
    )
    assert hash(ActivityType("d", "A", "1")) == hash(ActivityType("d", "A", "1"))


def test_type_models_are_immutable() -> None:
    model = WorkflowType("d", "P", "1")
    with pytest.raises(AttributeError):
        model.version = "2"  # type: ignore[misc]
    assert model.replace(version="2").version == "2"


def test_a_type_shares_its_domain_connection() -> None:
    domain = Domain("d", region="eu-west-1")
    assert WorkflowType(domain, "P", "1").connection is domain.connection
    assert ActivityType(domain, "A", "1").connection is domain.connection


def test_a_domain_name_becomes_a_domain_model() -> None:
    assert WorkflowType("d", "P", "1").domain == Domain("d")


@pytest.mark.parametrize(
    "arguments",
    [
        {"name": "a|b"},
        {"version": "v" * 65},
        {"execution_timeout": -1},
        {"execution_timeout": timedelta(seconds=1.5)},
        {"execution_timeout": 10**8},
        {"decision_tasks_timeout": "soon"},
        {"child_policy": "KILL"},
        {"task_priority": 2**31},
        {"task_list": "a/b"},
        {"description": "x" * 1025},
    ],
)
def test_invalid_workflow_type_arguments_raise(arguments: dict[str, object]) -> None:
    values: dict[str, object] = {"name": "P", "version": "1", **arguments}
    with pytest.raises(ValidationError):
        WorkflowType("d", **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "arguments",
    [
        {"task_heartbeat_timeout": "x"},
        {"task_schedule_to_close_timeout": -5},
        {"task_priority": "high"},
        {"task_list": ""},
    ],
)
def test_invalid_activity_type_arguments_raise(arguments: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        ActivityType("d", "A", "1", **arguments)  # type: ignore[arg-type]


def test_misspelt_type_keywords_raise() -> None:
    with pytest.raises(TypeError):
        WorkflowType("d", "P", "1", execution_timout=5)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        ActivityType("d", "A", "1", heartbeat_timeout=5)  # type: ignore[call-arg]


# -- an execution's time-out: SWF refuses NONE, and 0 times out at once ----------------------


@pytest.mark.parametrize("none", ["NONE", "none"])
def test_an_execution_timeout_of_none_is_refused_with_a_reason(none: str) -> None:
    with pytest.raises(ValidationError, match="may not be NONE"):
        WorkflowType("d", "P", "1", execution_timeout=none)
    with pytest.raises(ValidationError, match="may not be NONE"):
        WorkflowType("d", "P", "1").start_execution("w", execution_timeout=none)


def test_the_other_durations_take_timedelta_seconds_or_none() -> None:
    model = WorkflowType("d", "P", "1", execution_timeout=90, decision_tasks_timeout="NONE")
    assert model.execution_timeout == timedelta(seconds=90)
    assert model.decision_tasks_timeout is None
    activity = ActivityType("d", "A", "1", task_heartbeat_timeout=timedelta(minutes=2))
    assert activity.task_heartbeat_timeout == timedelta(minutes=2)
    assert ActivityType("d", "A", "1", task_heartbeat_timeout="NONE").task_heartbeat_timeout is None


def test_a_zero_execution_timeout_is_refused_before_sending(domain: Domain) -> None:
    with pytest.raises(ValidationError, match="times out as soon as it starts"):
        WorkflowType(domain, "Zero", "1", task_list="t", execution_timeout=0).save()
    assert not WorkflowType(domain, "Zero", "1").exists
    registered = WorkflowType(domain, "Z", "1", task_list="t", execution_timeout=60,
                              child_policy="TERMINATE")  # fmt: skip
    registered.save()
    with pytest.raises(ValidationError, match="times out as soon as it starts"):
        registered.start_execution("zero", execution_timeout=timedelta(0))
