"""Models keep SWF's answer they were built from (``raw``); what does not exist keeps its fault."""

from __future__ import annotations

import pickle

import pytest

from swf.exceptions import (
    DoesNotExistError,
    TypeNotDeprecatedFault,
    UnknownResourceFault,
    ValidationError,
)
from swf.models import ActivityType, Domain, WorkflowExecution, WorkflowType
from swf.querysets import DomainQuerySet, WorkflowExecutionQuerySet
from swf.wire import check_page_size, does_not_exist
from tests.backends import Backend


@pytest.fixture
def domain(backend: Backend) -> Domain:
    domain = Domain(backend.name_for("d"), description="raw", connection=backend.connection)
    domain.save()
    return domain


def test_a_described_domain_keeps_the_answer_read_only(domain: Domain) -> None:
    assert domain.raw is None  # built locally
    upstream = domain.upstream()
    assert upstream.raw is not None
    assert upstream.raw["domainInfo"]["name"] == domain.name
    assert upstream.raw["configuration"]["workflowExecutionRetentionPeriodInDays"] == "30"
    with pytest.raises(TypeError):
        upstream.raw["domainInfo"] = {}  # type: ignore[index]
    assert upstream == domain  # not compared
    listed = DomainQuerySet(connection=domain.connection).get(domain.name)
    assert listed.raw == upstream.raw


def test_replace_drops_the_answer_and_pickling_keeps_it(domain: Domain) -> None:
    upstream = domain.upstream()
    assert upstream.replace(description="other").raw is None
    copy = pickle.loads(pickle.dumps(upstream))
    assert copy.raw == upstream.raw


def test_types_and_executions_keep_their_answers(domain: Domain) -> None:
    workflow_type = WorkflowType(
        domain, "W", "1", task_list="t", execution_timeout=60, child_policy="TERMINATE"
    )
    workflow_type.save()
    described = workflow_type.upstream()
    assert described.raw is not None
    assert described.raw["typeInfo"]["workflowType"] == {"name": "W", "version": "1"}
    execution = workflow_type.start_execution("w-1", input="in")
    assert execution.raw is None
    upstream = execution.upstream()
    assert upstream.input == "in"  # known to the starter, kept
    assert upstream.raw is not None and upstream.raw["executionInfo"]["execution"] == {
        "workflowId": "w-1",
        "runId": execution.run_id,
    }
    listed = WorkflowExecutionQuerySet(domain).filter(workflow_id="w-1").first()
    assert listed is not None and listed.raw is not None
    assert listed.raw["execution"]["runId"] == execution.run_id  # one executionInfo


def test_delete_without_deprecating_first_is_refused_for_a_registered_type(
    domain: Domain, backend: Backend
) -> None:
    backend.requires("DeleteActivityType")
    activity_type = ActivityType(domain, "A", "1")
    activity_type.save()
    with pytest.raises(TypeNotDeprecatedFault):
        activity_type.delete(deprecate_first=False)
    activity_type.deprecate().delete(deprecate_first=False)
    assert not activity_type.exists


def test_does_not_exist_keeps_the_fault_and_says_what_was_missing(domain: Domain) -> None:
    ghost = Domain("ghost-domain", connection=domain.connection)
    with pytest.raises(Domain.DoesNotExist) as caught:
        ghost.upstream()
    error = caught.value
    assert str(error.message).startswith("no domain named 'ghost-domain' (")
    assert error.code == "UnknownResourceFault"
    assert error.operation == "DescribeDomain"
    assert error.status == 400
    assert isinstance(error.__cause__, UnknownResourceFault)
    with pytest.raises(WorkflowExecution.DoesNotExist, match="'nobody' \\(its open run\\)"):
        WorkflowExecution(domain, "nobody").upstream()


# -- the shared rules, no server --------------------------------------------------------------


def test_does_not_exist_passes_its_own_class_through_and_adds_swf_words_only() -> None:
    fault = UnknownResourceFault("Unknown domain: x", operation="DescribeDomain", status=400)
    made = does_not_exist(Domain.DoesNotExist, "no domain named 'x'", fault)
    assert isinstance(made, Domain.DoesNotExist) and isinstance(made, DoesNotExistError)
    assert made.message == "no domain named 'x' (Unknown domain: x)"
    assert (made.code, made.operation, made.status) == (
        "UnknownResourceFault",
        "DescribeDomain",
        400,
    )
    assert does_not_exist(Domain.DoesNotExist, "other words", made) is made
    again = does_not_exist(WorkflowType.DoesNotExist, "no workflow type", made)
    assert again.message == "no workflow type"  # a library message is not repeated
    assert again.status == 400


@pytest.mark.parametrize("value", [0, 1001, True, "10", 2.0])
def test_page_sizes_are_one_to_a_thousand(value: object) -> None:
    with pytest.raises(ValidationError, match="page_size must be an int from 1 to 1000"):
        check_page_size(value)  # type: ignore[arg-type]
    assert check_page_size(1000) == 1000 and check_page_size(None) is None
