"""WorkflowExecution: started from a type, described in full, signalled, cancelled, ended."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from swf.constants import CLOSED, OPEN, ChildPolicy, CloseStatus
from swf.exceptions import (
    UnknownResourceFault,
    ValidationError,
    WorkflowExecutionAlreadyStartedFault,
)
from swf.history import History, WorkflowExecutionSignaled
from swf.models import Difference, Domain, OpenCounts, WorkflowExecution, WorkflowType
from swf.querysets import HistoryQuerySet, WorkflowExecutionQuerySet
from tests.backends import Backend


@pytest.fixture
def domain(backend: Backend) -> Domain:
    domain = Domain(backend.name_for("d"), connection=backend.connection)
    domain.save()
    return domain


@pytest.fixture
def workflow_type(domain: Domain) -> WorkflowType:
    workflow_type = WorkflowType(
        domain,
        "Process",
        "1",
        task_list="deciders",
        child_policy=ChildPolicy.TERMINATE,
        execution_timeout=timedelta(hours=1),
        decision_tasks_timeout=timedelta(minutes=5),
    )
    workflow_type.save()
    return workflow_type


def test_start_execution_returns_a_synced_execution(workflow_type: WorkflowType) -> None:
    execution = workflow_type.start_execution("order-1", input='{"n": 1}', tag_list=["a", "b"])
    assert isinstance(execution, WorkflowExecution)
    assert execution.workflow_id == "order-1"
    assert execution.run_id
    assert execution.status == OPEN
    assert execution.workflow_type == workflow_type
    assert execution.input == '{"n": 1}'
    assert execution.exists
    assert execution.is_synced
    assert repr(execution) == f"WorkflowExecution('order-1', {execution.run_id!r})"


def test_upstream_describes_every_attribute(workflow_type: WorkflowType) -> None:
    execution = workflow_type.start_execution("order-2", tag_list=["t"])
    upstream = execution.upstream()
    assert upstream == execution
    assert upstream.status == OPEN
    assert upstream.close_status is None
    assert upstream.tag_list == ("t",)
    assert isinstance(upstream.start_timestamp, datetime)
    assert upstream.start_timestamp.tzinfo is not None
    assert upstream.close_timestamp is None
    assert upstream.task_list == "deciders"
    assert upstream.child_policy is ChildPolicy.TERMINATE
    assert upstream.execution_timeout == timedelta(hours=1)
    assert upstream.decision_tasks_timeout == timedelta(minutes=5)
    assert isinstance(upstream.open_counts, OpenCounts)
    assert upstream.open_counts.decision_tasks == 1
    assert upstream.open_counts.activity_tasks == 0
    assert upstream.workflow_type is not None
    assert (upstream.workflow_type.name, upstream.workflow_type.version) == ("Process", "1")
    assert upstream.input == execution.input


def test_start_execution_overrides_the_type_defaults(workflow_type: WorkflowType) -> None:
    execution = workflow_type.start_execution(
        "order-3",
        task_list="other",
        child_policy="ABANDON",
        execution_timeout=120,
        decision_tasks_timeout=timedelta(seconds=30),
    )
    assert execution.task_list == "other"
    assert execution.is_synced
    upstream = execution.upstream()
    assert upstream.task_list == "other"
    assert upstream.child_policy is ChildPolicy.ABANDON
    assert upstream.execution_timeout == timedelta(minutes=2)
    assert upstream.decision_tasks_timeout == timedelta(seconds=30)


def test_a_second_open_run_of_a_workflow_id_is_refused(workflow_type: WorkflowType) -> None:
    workflow_type.start_execution("same")
    with pytest.raises(WorkflowExecutionAlreadyStartedFault):
        workflow_type.start_execution("same")


def test_start_execution_makes_a_workflow_id_when_none_is_given(
    workflow_type: WorkflowType,
) -> None:
    first = workflow_type.start_execution()
    second = workflow_type.start_execution()
    assert first.workflow_id != second.workflow_id


def test_terminate_shows_in_changes_then_upstream_resyncs(
    workflow_type: WorkflowType, backend: Backend
) -> None:
    execution = workflow_type.start_execution("order-4")
    execution.terminate(reason="stop", details="because")
    assert not execution.is_synced
    changes = execution.changes
    assert changes.get("status") == Difference("status", OPEN, CLOSED)
    closed = execution.upstream()
    assert closed.status == CLOSED
    assert closed.close_status is CloseStatus.TERMINATED
    if backend.name == "local":  # moto leaves closeTimestamp out
        assert closed.close_timestamp is not None
    assert closed.is_synced


def test_signal_lands_in_the_history(workflow_type: WorkflowType) -> None:
    execution = workflow_type.start_execution("order-5")
    execution.signal("poke", input="hello")
    history = execution.history()
    assert isinstance(history, History)
    signals = [event for event in history if isinstance(event, WorkflowExecutionSignaled)]
    assert len(signals) == 1
    assert signals[0].attributes["signalName"] == "poke"
    assert signals[0].attributes["input"] == "hello"


def test_history_reads_past_one_hundred_events_in_the_right_order(
    workflow_type: WorkflowType, backend: Backend
) -> None:
    # Every page is read (not the first 100 events), and the arguments are (workflow_id, run_id).
    execution = workflow_type.start_execution("order-6")
    for index in range(105):
        execution.signal(f"s{index}", input="x")  # moto's server fails a signal without input
    history = HistoryQuerySet(workflow_type.domain, page_size=40).get(
        execution.workflow_id, str(execution.run_id)
    )
    assert len(history) >= 107
    assert [event.id for event in history] == list(range(1, len(history) + 1))
    assert history[0].type == "WorkflowExecutionStarted"
    assert len(execution.history()) == len(history)
    with pytest.raises(WorkflowExecution.DoesNotExist):
        HistoryQuerySet(workflow_type.domain).get(str(execution.run_id), execution.workflow_id)


def test_newest_events_first(workflow_type: WorkflowType) -> None:
    execution = workflow_type.start_execution("order-7")
    execution.signal("last", input="x")
    events = HistoryQuerySet(workflow_type.domain, page_size=1).events(
        execution.workflow_id, str(execution.run_id), reverse=True
    )
    newest = [next(events).id for _ in range(3)]
    assert newest[0] == len(execution.history())
    assert newest == sorted(newest, reverse=True)


def test_request_cancel_is_recorded(workflow_type: WorkflowType, backend: Backend) -> None:
    backend.requires("RequestCancelWorkflowExecution")
    execution = workflow_type.start_execution("order-8")
    execution.request_cancel()
    assert execution.upstream().cancel_requested is True
    assert execution.changes.get("cancel_requested") is None  # not known locally


def test_an_execution_without_run_id_targets_the_open_run(workflow_type: WorkflowType) -> None:
    started = workflow_type.start_execution("order-9")
    by_hand = WorkflowExecution(workflow_type.domain, "order-9")
    assert by_hand.exists
    assert by_hand.is_synced
    assert by_hand.upstream() == started
    by_hand.signal("ping", input="x")
    by_hand.terminate()
    assert not by_hand.exists  # no open run any more
    with pytest.raises(WorkflowExecution.DoesNotExist, match="order-9"):
        by_hand.upstream()


def test_a_hand_built_execution_equals_the_queryset_one(workflow_type: WorkflowType) -> None:
    started = workflow_type.start_execution("order-10")
    by_hand = WorkflowExecution(
        workflow_type.domain.name,
        "order-10",
        started.run_id,
        connection=workflow_type.connection,
    )
    from_queryset = WorkflowExecutionQuerySet(workflow_type.domain).get("order-10", started.run_id)
    assert by_hand == from_queryset
    assert hash(by_hand) == hash(from_queryset)
    assert by_hand.is_synced and from_queryset.is_synced


def test_acting_on_a_missing_execution_raises(domain: Domain) -> None:
    ghost = WorkflowExecution(domain, "ghost", "nope")
    assert not ghost.exists
    with pytest.raises(UnknownResourceFault):
        ghost.signal("x", input="x")
    with pytest.raises(UnknownResourceFault):
        ghost.terminate()


# -- local behaviour, no server -------------------------------------------------------------


@pytest.mark.parametrize(
    "arguments",
    [
        {"workflow_id": "a/b"},
        {"input": {"not JSON": float("nan")}},  # a dict is sent as JSON; NaN is refused
        {"input": "x" * 32769},
        {"tag_list": ["1", "2", "3", "4", "5", "6"]},
        {"tag_list": "one-string"},
        {"tag_list": ["x" * 257]},
        {"execution_timeout": "NONE"},
        {"child_policy": "NOPE"},
        {"task_priority": "high"},
    ],
)
def test_start_execution_checks_its_arguments_first(arguments: dict[str, object]) -> None:
    workflow_type = WorkflowType("d", "P", "1", endpoint_url="http://127.0.0.1:9")
    with pytest.raises(ValidationError):
        workflow_type.start_execution(**arguments)  # type: ignore[arg-type]


def test_start_execution_signature_is_the_original_one() -> None:
    import inspect

    parameters = list(inspect.signature(WorkflowType.start_execution).parameters)
    assert parameters[:8] == [
        "self",
        "workflow_id",
        "task_list",
        "child_policy",
        "execution_timeout",
        "input",
        "tag_list",
        "decision_tasks_timeout",
    ]


def test_execution_actions_check_their_arguments() -> None:
    execution = WorkflowExecution("d", "w", "r", endpoint_url="http://127.0.0.1:9")
    with pytest.raises(ValidationError):
        execution.signal("")
    with pytest.raises(ValidationError):
        execution.signal("s", input="x" * 32769)
    with pytest.raises(ValidationError):
        execution.terminate(reason="x" * 257)
    with pytest.raises(ValidationError):
        execution.terminate(child_policy="KILL")
    with pytest.raises(ValidationError):
        WorkflowExecution("d", "w", "r" * 65)


def test_execution_equality_is_its_identity() -> None:
    assert WorkflowExecution("d", "w", "r") == WorkflowExecution("d", "w", "r", status="OPEN")
    assert WorkflowExecution("d", "w", "r") != WorkflowExecution("d", "w", "s")
    assert WorkflowExecution("d", "w") != WorkflowExecution("d", "w", "r")
    assert repr(WorkflowExecution("d", "w")) == "WorkflowExecution('w')"


def test_lambda_role_and_payload_types_are_checked() -> None:
    with pytest.raises(ValidationError):
        WorkflowType("d", "P", "1", lambda_role="")
    with pytest.raises(ValidationError):
        WorkflowType("d", "P", "1").start_execution(lambda_role="x" * 1601)
    with pytest.raises(ValidationError, match="cannot be encoded as JSON"):
        WorkflowExecution("d", "w", "r").signal("s", input=float("inf"))


def test_outcome_reads_how_a_closed_run_ended_and_none_while_open(backend: Backend) -> None:
    domain = Domain(backend.name_for("outcome"), connection=backend.connection)
    domain.save()
    workflow_type = WorkflowType(domain, "W", "1", task_list="t", execution_timeout=60,
                                 child_policy="TERMINATE")  # fmt: skip
    workflow_type.save()
    run = workflow_type.start_execution("w-1")
    assert run.outcome() is None
    run.terminate(reason="stuck", details="why")
    outcome = run.outcome()
    assert outcome is not None
    assert (outcome.close_status, outcome.reason, outcome.details) == (
        CloseStatus.TERMINATED,
        "stuck",
        "why",
    )
    assert outcome.closed_at is not None


def test_start_signal_and_terminate_send_payloads_by_the_one_rule(backend: Backend) -> None:
    domain = Domain(backend.name_for("payloads"), connection=backend.connection)
    domain.save()
    workflow_type = WorkflowType(domain, "W", "1", task_list="t", execution_timeout=60,
                                 child_policy="TERMINATE")  # fmt: skip
    workflow_type.save()
    run = workflow_type.start_execution("w-1", input={"sku": "A1"})
    assert run.input == '{"sku": "A1"}'
    run.signal("go", input=["a", 1])
    run.signal("plain", input="as is")
    run.terminate(details={"why": "test"})
    history = run.history()
    assert history[0].input == '{"sku": "A1"}'
    assert [event.input for event in history.filter(WorkflowExecutionSignaled)] == [
        '["a", 1]',
        "as is",
    ]
    assert history[-1].details == '{"why": "test"}'
