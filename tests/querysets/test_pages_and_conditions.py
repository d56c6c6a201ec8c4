"""Reading a page at a time, in reverse, any combination of execution filters, the latest run.

Against SWF Local (it pages its lists and keeps a manual clock to space the starts).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from swf.constants import CLOSED, OPEN, CloseStatus
from swf.core import Connection
from swf.exceptions import ValidationError
from swf.local import ManualClock
from swf.models import Domain, WorkflowExecution, WorkflowType
from swf.querysets import (
    DomainQuerySet,
    HistoryQuerySet,
    Page,
    WorkflowExecutionQuerySet,
    WorkflowTypeQuerySet,
)
from tests.querysets.support import WORKFLOW_DEFAULTS, counting


@pytest.fixture
def domain(swf_connection: Connection) -> Domain:
    domain = Domain("shop", connection=swf_connection)
    domain.save()
    return domain


@pytest.fixture
def runs(domain: Domain, swf_clock: ManualClock) -> dict[str, WorkflowExecution]:
    """a1 (tag vip), a2, b1 (tag vip) of types A 1, A 1, B 1, a minute apart; a2 terminated."""
    a = WorkflowType(domain, "A", "1", **WORKFLOW_DEFAULTS)
    b = WorkflowType(domain, "B", "1", **WORKFLOW_DEFAULTS)
    a.save()
    b.save()
    made = {}
    for workflow_id, workflow_type, tags in (("a1", a, ["vip"]), ("a2", a, []), ("b1", b, ["vip"])):
        made[workflow_id] = workflow_type.start_execution(workflow_id, tag_list=tags)
        swf_clock.advance(60)
    made["a2"].terminate()
    return made


def ids(executions: object) -> list[str]:
    return [execution.workflow_id for execution in executions]  # type: ignore[attr-defined]


# -- pages -------------------------------------------------------------------------------------


def test_domains_and_types_come_a_page_at_a_time_with_swf_tokens(domain: Domain) -> None:
    for name in ("b", "c", "d"):
        Domain(name, connection=domain.connection).save()
    queryset = DomainQuerySet(page_size=2, connection=domain.connection)
    first = queryset.page()
    assert isinstance(first, Page)
    assert [d.name for d in first] == ["b", "c"] and first.next_page_token
    second = queryset.page(first.next_page_token)
    assert [d.name for d in second.items] == ["d", "shop"]
    assert second.next_page_token is None
    assert second.items[0].retention_period == 30  # described, complete

    for version in ("1", "2", "3"):
        WorkflowType(domain, "T", version).save()
    types = WorkflowTypeQuerySet(domain, page_size=2)
    pages = [types.page()]
    while pages[-1].next_page_token:
        pages.append(types.page(pages[-1].next_page_token))
    assert [t.version for page in pages for t in page] == ["1", "2", "3"]


def test_reverse_lists_names_descending_and_executions_oldest_first(
    domain: Domain, runs: dict[str, WorkflowExecution]
) -> None:
    for name in ("b", "c"):
        Domain(name, connection=domain.connection).save()
    domains = DomainQuerySet(page_size=1, connection=domain.connection)
    assert [d.name for d in domains.reverse()] == ["shop", "c", "b"]
    assert [d.name for d in domains.reverse().reverse()] == ["b", "c", "shop"]
    assert [t.name for t in WorkflowTypeQuerySet(domain).reverse()] == ["B", "A"]
    executions = WorkflowExecutionQuerySet(domain, page_size=1)
    assert ids(executions.filter(status=OPEN)) == ["b1", "a1"]
    assert ids(executions.filter(status=OPEN).reverse()) == ["a1", "b1"]


def test_without_status_open_and_closed_runs_merge_newest_first(
    domain: Domain, runs: dict[str, WorkflowExecution]
) -> None:
    executions = WorkflowExecutionQuerySet(domain, page_size=1)
    assert ids(executions) == ["b1", "a2", "a1"]
    assert ids(executions.reverse()) == ["a1", "a2", "b1"]
    assert ids(executions[:2]) == ["b1", "a2"]


def test_an_execution_page_comes_from_one_list_with_its_token(
    domain: Domain, runs: dict[str, WorkflowExecution]
) -> None:
    executions = WorkflowExecutionQuerySet(domain, page_size=1).filter(status=OPEN)
    first = executions.page()
    assert ids(first) == ["b1"] and first.next_page_token
    second = executions.page(first.next_page_token)
    assert ids(second) == ["a1"] and second.next_page_token is None
    assert first.items[0].raw is not None and "execution" in first.items[0].raw
    with pytest.raises(ValidationError, match="one of SWF's lists"):
        WorkflowExecutionQuerySet(domain).page()
    with pytest.raises(ValidationError, match="datetimes"):
        executions.filter(started_after=timedelta(days=1)).page()


def test_a_page_checks_the_conditions_swf_cannot_take(
    domain: Domain, runs: dict[str, WorkflowExecution]
) -> None:
    page = (
        WorkflowExecutionQuerySet(domain)
        .filter(status=OPEN, tag="vip")
        .where(workflow_type="B")
        .page()
    )
    assert ids(page) == ["b1"]


def test_history_comes_a_page_at_a_time(domain: Domain, runs: dict[str, WorkflowExecution]) -> None:
    execution = runs["a1"]
    for number in range(3):
        execution.signal(f"s{number}")
    histories = HistoryQuerySet(domain, page_size=2)
    pages = [histories.events_page("a1", str(execution.run_id))]
    while pages[-1].next_page_token:
        pages.append(
            histories.events_page("a1", str(execution.run_id), token=pages[-1].next_page_token)
        )
    events = [event.id for page in pages for event in page]
    assert events == list(range(1, 6)) and len(pages) == 3
    newest = histories.events_page("a1", str(execution.run_id), reverse=True)
    assert [event.id for event in newest] == [5, 4]
    with pytest.raises(WorkflowExecution.DoesNotExist, match="run 'nope'"):
        histories.events_page("a1", "nope")


# -- where(): any combination, sent when there is room ---------------------------------------


def test_where_combines_what_filter_refuses(
    domain: Domain, runs: dict[str, WorkflowExecution]
) -> None:
    executions = WorkflowExecutionQuerySet(domain)
    with pytest.raises(ValidationError, match="where\\(\\) takes any combination"):
        executions.filter(tag="vip", workflow_type="A")
    assert ids(executions.filter(tag="vip").where(workflow_type="A")) == ["a1"]
    assert ids(executions.where(tag="vip", workflow_type=("B", "1"))) == ["b1"]
    assert ids(executions.where(workflow_id="a2", close_status=CloseStatus.TERMINATED)) == ["a2"]
    assert ids(executions.where(workflow_id="a1", close_status="COMPLETED")) == []
    started = runs_started(runs)
    closed = executions.where(closed_after=timedelta(days=1), started_before=started["a2"])
    assert ids(closed) == ["a2"]
    assert ids(executions.where(closed_after=timedelta(days=1), started_after=started["b1"])) == []


def test_where_sends_the_most_selective_condition_and_checks_the_rest(
    domain: Domain, runs: dict[str, WorkflowExecution], swf_endpoint_url: str
) -> None:
    connection = counting(swf_endpoint_url)
    executions = WorkflowExecutionQuerySet(domain.name, connection=connection).filter(status=OPEN)
    assert ids(executions.where(tag="vip", workflow_type="A", workflow_id="a1")) == ["a1"]
    assert connection.params[-1]["executionFilter"] == {"workflowId": "a1"}
    assert "tagFilter" not in connection.params[-1]
    assert ids(executions.filter(tag="vip").where(workflow_type="B")) == ["b1"]
    assert connection.params[-1]["tagFilter"] == {"tag": "vip"}
    assert "typeFilter" not in connection.params[-1]


def test_time_bounds_are_inclusive_and_exact(
    domain: Domain, runs: dict[str, WorkflowExecution]
) -> None:
    started = runs_started(runs)
    executions = WorkflowExecutionQuerySet(domain).filter(status=OPEN)
    assert ids(executions.filter(started_after=started["a1"])) == ["b1", "a1"]
    assert ids(executions.filter(started_before=started["b1"])) == ["b1", "a1"]
    # botocore cuts a bound to the millisecond: half a millisecond after a start excludes it.
    half = timedelta(microseconds=500)
    assert ids(executions.filter(started_after=started["a1"] + half)) == ["b1"]
    assert ids(executions.filter(started_before=started["b1"] - half)) == ["a1"]


def test_of_two_bounds_on_one_side_the_narrower_applies(
    domain: Domain, runs: dict[str, WorkflowExecution]
) -> None:
    started = runs_started(runs)
    executions = WorkflowExecutionQuerySet(domain).filter(status=OPEN)
    later, earlier = started["b1"], started["a1"]
    assert ids(executions.filter(started_after=earlier).where(started_after=later)) == ["b1"]
    assert ids(executions.filter(started_after=later).where(started_after=earlier)) == ["b1"]
    assert ids(executions.filter(started_before=later).where(started_before=earlier)) == ["a1"]
    assert ids(executions.filter(started_before=earlier).where(started_before=later)) == ["a1"]


def test_count_with_conditions_counts_what_meets_them(
    domain: Domain, runs: dict[str, WorkflowExecution]
) -> None:
    executions = WorkflowExecutionQuerySet(domain)
    assert executions.filter(tag="vip").count() == 2
    assert executions.filter(tag="vip").where(workflow_type="A").count() == 1


def test_conditions_nothing_can_meet_raise_before_any_request() -> None:
    executions = WorkflowExecutionQuerySet("d", endpoint_url="http://127.0.0.1:9")
    with pytest.raises(ValidationError, match="closed executions"):
        executions.filter(status=OPEN).where(close_status="FAILED")
    with pytest.raises(ValidationError, match="closed executions"):
        executions.where(closed_before=timedelta(hours=1)).filter(status=OPEN)
    with pytest.raises(ValidationError, match="later than"):
        executions.filter(started_after=datetime(2030, 1, 1, tzinfo=timezone.utc)).where(
            started_before=datetime(2020, 1, 1, tzinfo=timezone.utc)
        )
    with pytest.raises(ValidationError):
        executions.where(workflow_id="a:b")


# -- the latest run of a workflow id ------------------------------------------------------------


def test_latest_is_the_open_run_else_the_most_recent_closed_one(
    domain: Domain, runs: dict[str, WorkflowExecution], swf_clock: ManualClock
) -> None:
    executions = WorkflowExecutionQuerySet(domain).filter(tag="vip")  # filters do not apply
    latest = executions.latest("a2")
    assert latest == runs["a2"] and latest.status == CLOSED
    assert latest.open_counts is not None  # described in full
    again = WorkflowType(domain, "A", "1").start_execution("a2")
    assert executions.latest("a2") == again
    again.terminate()
    swf_clock.advance(60)
    newest = WorkflowType(domain, "A", "1").start_execution("a2")
    newest.terminate()
    assert executions.latest("a2") == newest
    with pytest.raises(WorkflowExecution.DoesNotExist, match="no execution with workflow id 'z'"):
        executions.latest("z")


def test_get_without_run_id_is_the_open_run_and_keeps_the_fault(
    domain: Domain, runs: dict[str, WorkflowExecution]
) -> None:
    executions = WorkflowExecutionQuerySet(domain)
    with pytest.raises(WorkflowExecution.DoesNotExist, match="'a2' \\(its open run\\)"):
        executions.get("a2")
    with pytest.raises(WorkflowExecution.DoesNotExist) as caught:
        executions.get("a1", "nope")
    assert caught.value.code == "UnknownResourceFault"
    assert caught.value.operation == "DescribeWorkflowExecution"
    assert caught.value.status == 400
    assert caught.value.request_id


def runs_started(runs: dict[str, WorkflowExecution]) -> dict[str, datetime]:
    started = {name: run.upstream().start_timestamp for name, run in runs.items()}
    assert all(moment is not None for moment in started.values())
    return started  # type: ignore[return-value]
