"""WorkflowExecutionQuerySet: every SWF filter, open and closed together, every page."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from swf.constants import CLOSED, OPEN, CloseStatus
from swf.exceptions import ValidationError
from swf.models import Domain, WorkflowExecution, WorkflowType
from swf.querysets import HistoryQuerySet, WorkflowExecutionQuerySet
from tests.backends import Backend
from tests.querysets.support import WORKFLOW_DEFAULTS


@pytest.fixture
def domain(backend: Backend) -> Domain:
    domain = Domain(backend.name_for("d"), connection=backend.connection)
    domain.save()
    return domain


@pytest.fixture
def types(domain: Domain) -> tuple[WorkflowType, WorkflowType]:
    made = (
        WorkflowType(domain, "A", "1", **WORKFLOW_DEFAULTS),
        WorkflowType(domain, "B", "2", **WORKFLOW_DEFAULTS),
    )
    for workflow_type in made:
        workflow_type.save()
    return made


@pytest.fixture
def executions(
    types: tuple[WorkflowType, WorkflowType], backend: Backend
) -> dict[str, WorkflowExecution]:
    """Five executions: w0..w2 open (w0 tagged), w3 and w4 terminated; w3, w4 of type B."""
    a, b = types
    made = {}
    for index in range(5):
        workflow_type = a if index < 3 else b
        tags = ["first"] if index == 0 else None
        made[f"w{index}"] = workflow_type.start_execution(f"w{index}", tag_list=tags)
        if backend.clock is not None:
            backend.clock.advance(timedelta(minutes=1))
    for name in ("w3", "w4"):
        made[name].terminate()
    return made


def ids(queryset: WorkflowExecutionQuerySet) -> list[str]:
    return sorted(execution.workflow_id for execution in queryset)


def test_without_status_lists_open_and_closed_on_every_page(
    domain: Domain, executions: dict[str, WorkflowExecution], backend: Backend
) -> None:
    queryset = WorkflowExecutionQuerySet(domain, page_size=backend.page_size(2))
    found = list(queryset)
    assert sorted(e.workflow_id for e in found) == ["w0", "w1", "w2", "w3", "w4"]
    assert len({(e.workflow_id, e.run_id) for e in found}) == 5
    assert {e.workflow_id: e.status for e in found} == {
        "w0": OPEN,
        "w1": OPEN,
        "w2": OPEN,
        "w3": CLOSED,
        "w4": CLOSED,
    }
    assert all(e.connection is domain.connection for e in found)
    assert found[0] == executions[found[0].workflow_id]
    if backend.name == "local":  # moto describes a fixed 2014 startTimestamp, lists the real one
        assert all(e.is_synced for e in found)


def test_status_filters(
    domain: Domain, executions: dict[str, WorkflowExecution], backend: Backend
) -> None:
    queryset = WorkflowExecutionQuerySet(domain, page_size=backend.page_size(2))
    assert ids(queryset.filter(status=OPEN)) == ["w0", "w1", "w2"]
    assert ids(queryset.filter(status=CLOSED)) == ["w3", "w4"]
    assert ids(domain.executions(status=CLOSED)) == ["w3", "w4"]


def test_exclusive_filters(
    domain: Domain,
    types: tuple[WorkflowType, WorkflowType],
    executions: dict[str, WorkflowExecution],
    backend: Backend,
) -> None:
    backend.lacks("ignores executionFilter and typeFilter, and drops tagged executions")
    queryset = WorkflowExecutionQuerySet(domain)
    assert ids(queryset.filter(workflow_id="w1")) == ["w1"]
    assert ids(queryset.filter(tag="first")) == ["w0"]
    assert ids(queryset.filter(workflow_type=types[1])) == ["w3", "w4"]
    assert ids(queryset.filter(workflow_type=("A", "1"))) == ["w0", "w1", "w2"]
    assert ids(queryset.filter(status=OPEN, workflow_type="A")) == ["w0", "w1", "w2"]
    assert ids(queryset.filter(close_status=CloseStatus.TERMINATED)) == ["w3", "w4"]
    assert ids(queryset.filter(close_status="COMPLETED")) == []


def test_time_filters(
    domain: Domain, executions: dict[str, WorkflowExecution], backend: Backend
) -> None:
    if backend.clock is None:
        pytest.skip("needs SWF Local's manual clock to space the starts")
    # Bounds one second either side of the starts (a minute apart): timestamps travel as
    # floats, so an exact bound may round either way.
    second = timedelta(seconds=1)
    starts = {name: e.upstream().start_timestamp for name, e in executions.items()}
    queryset = WorkflowExecutionQuerySet(domain, page_size=1)
    assert ids(queryset.filter(started_after=starts["w1"] - second)) == ["w1", "w2", "w3", "w4"]
    assert ids(queryset.filter(started_before=starts["w1"] + second)) == ["w0", "w1"]
    assert ids(
        queryset.filter(
            status=OPEN, started_after=starts["w1"] - second, started_before=starts["w2"] + second
        )
    ) == ["w1", "w2"]
    closes = {name: executions[name].upstream().close_timestamp for name in ("w3", "w4")}
    assert closes["w3"] is not None
    assert ids(queryset.filter(closed_after=closes["w3"] - second)) == ["w3", "w4"]
    assert ids(queryset.filter(closed_before=closes["w3"] - timedelta(seconds=1))) == []


def test_relative_time_filters_mean_the_last_n(
    domain: Domain, executions: dict[str, WorkflowExecution], backend: Backend
) -> None:
    backend.lacks("ignores time filters")
    queryset = WorkflowExecutionQuerySet(domain)
    assert len(ids(queryset.filter(started_after=timedelta(days=1)))) == 5
    assert ids(queryset.filter(started_before=timedelta(days=1))) == []
    assert len(ids(queryset.filter(closed_after=timedelta(days=1)))) == 2


def test_count_uses_the_count_apis(
    domain: Domain, executions: dict[str, WorkflowExecution], backend: Backend
) -> None:
    backend.requires("CountOpenWorkflowExecutions", "CountClosedWorkflowExecutions")
    queryset = WorkflowExecutionQuerySet(domain)
    assert queryset.count() == 5
    assert queryset.filter(status=OPEN).count() == 3
    assert queryset.filter(status=CLOSED, workflow_type=("B", "2")).count() == 2
    assert queryset.filter(tag="first").count() == 1


def test_get_describes_in_full(domain: Domain, executions: dict[str, WorkflowExecution]) -> None:
    queryset = WorkflowExecutionQuerySet(domain.name, connection=domain.connection)
    got = queryset.get("w1")
    assert got == executions["w1"]
    assert got.open_counts is not None
    assert got.task_list == "tl"
    closed = queryset.get("w3", executions["w3"].run_id)
    assert closed.status == CLOSED
    with pytest.raises(WorkflowExecution.DoesNotExist, match="'w3' \\(its open run\\)"):
        queryset.get("w3")
    with pytest.raises(WorkflowExecution.DoesNotExist, match="run 'nope'"):
        queryset.get("w1", "nope")


def test_create_and_get_or_create(domain: Domain, types: tuple[WorkflowType, WorkflowType]) -> None:
    queryset = WorkflowExecutionQuerySet(domain)
    started = queryset.create(types[0], "new", input="in")
    assert started.exists
    assert queryset.get_or_create(types[0], "new") == started
    other = queryset.get_or_create(("A", "1"), "other", tag_list=["t"])
    assert other.upstream().tag_list == ("t",)


def test_get_or_create_survives_losing_the_race(
    domain: Domain,
    types: tuple[WorkflowType, WorkflowType],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    queryset = WorkflowExecutionQuerySet(domain)
    real_get = WorkflowExecutionQuerySet.get
    winner: list[WorkflowExecution] = []

    def get_that_misses_once(
        self: WorkflowExecutionQuerySet, workflow_id: str, run_id: str | None = None
    ) -> WorkflowExecution:
        if not winner:
            winner.append(types[0].start_execution(workflow_id))
            raise WorkflowExecution.DoesNotExist("not yet")
        return real_get(self, workflow_id, run_id)

    monkeypatch.setattr(WorkflowExecutionQuerySet, "get", get_that_misses_once)
    assert queryset.get_or_create(types[0], "raced") == winner[0]


# -- local checks, no server ------------------------------------------------------------------


@pytest.mark.parametrize(
    "filters",
    [
        {"tag": "t", "workflow_id": "w"},
        {"workflow_type": ("A", "1"), "close_status": "FAILED"},
        {"status": OPEN, "close_status": "FAILED"},
        {"status": OPEN, "closed_after": timedelta(days=1)},
        {"started_after": timedelta(days=1), "closed_before": timedelta(hours=1)},
        {
            "started_after": datetime(2030, 1, 1, tzinfo=timezone.utc),
            "started_before": datetime(2020, 1, 1, tzinfo=timezone.utc),
        },
        {"started_after": datetime(2030, 1, 1)},  # naive
        {"started_after": timedelta(days=-1)},
        {"status": "RUNNING"},
        {"close_status": "DONE"},
        {"workflow_type": 42},
        {"workflow_id": "a:b"},
        {"tag": ""},
    ],
)
def test_conflicting_or_invalid_filters_raise_before_any_request(
    filters: dict[str, object],
) -> None:
    queryset = WorkflowExecutionQuerySet("d", endpoint_url="http://127.0.0.1:9")
    with pytest.raises(ValidationError):
        queryset.filter(**filters)  # type: ignore[arg-type]


def test_filters_accumulate_and_conflicts_across_calls_raise() -> None:
    queryset = WorkflowExecutionQuerySet("d").filter(tag="t")
    with pytest.raises(ValidationError, match="workflow_id and tag"):
        queryset.filter(workflow_id="w")
    with pytest.raises(TypeError):
        queryset.filter(closed=True)  # type: ignore[call-arg]


def test_history_events_check_their_arguments_when_called_not_when_first_iterated() -> None:
    queryset = HistoryQuerySet("d", endpoint_url="http://127.0.0.1:9")
    with pytest.raises(ValidationError, match="workflow_id 'a:b' contains ':'"):
        queryset.events("a:b", "run")
    with pytest.raises(ValidationError, match="run_id is 65 characters long"):
        queryset.events("w", "r" * 65)
