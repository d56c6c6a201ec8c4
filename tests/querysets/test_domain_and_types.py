"""Domain and type querysets: lazy, every page, complete models, Django-like refinements."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from swf.constants import DEPRECATED, REGISTERED
from swf.exceptions import DoesNotExistError, ServiceError, ValidationError
from swf.models import ActivityType, Domain, WorkflowType
from swf.querysets import (
    ActivityTypeQuerySet,
    DomainQuery,
    DomainQuerySet,
    WorkflowTypeQuerySet,
)
from swf.querysets.base import REPR_LIMIT
from tests.backends import Backend
from tests.querysets.support import counting, mine


@pytest.fixture
def domain(backend: Backend) -> Domain:
    domain = Domain(backend.name_for("d"), connection=backend.connection)
    domain.save()
    return domain


# -- domains ----------------------------------------------------------------------------------


def test_all_lists_every_page_of_registered_domains_complete_and_in_sync(
    backend: Backend,
) -> None:
    made = [
        Domain(
            backend.name_for("d"),
            description=f"n{i}",
            retention_period=i,
            connection=backend.connection,
        )
        for i in range(5)
    ]
    for domain in made:
        domain.save()
    made[0].deprecate()
    found = mine(backend, DomainQuerySet(page_size=2, connection=backend.connection).all())
    # Complete models (the description too), so each is in sync with SWF.
    assert sorted(found, key=lambda d: d.name) == made[1:]
    assert all(domain.is_synced for domain in found)
    assert all(domain.connection is backend.connection for domain in found)


def test_filter_by_status_lists_deprecated_domains(backend: Backend) -> None:
    kept = Domain(backend.name_for("d"), connection=backend.connection)
    kept.save()
    gone = Domain(backend.name_for("d"), connection=backend.connection)
    gone.save()
    gone = gone.deprecate()
    queryset = DomainQuerySet(connection=backend.connection)
    assert mine(backend, queryset.filter(status=DEPRECATED)) == [gone]
    assert mine(backend, queryset.filter(status=REGISTERED)) == [kept]
    assert mine(backend, queryset) == [kept]


def test_get_returns_the_complete_domain(backend: Backend) -> None:
    made = Domain(
        backend.name_for("d"), description="x", retention_period=3, connection=backend.connection
    )
    made.save()
    got = DomainQuerySet(connection=backend.connection).get(made.name)
    assert got == made
    assert got.is_synced


def test_get_of_a_missing_domain_raises_domain_does_not_exist(backend: Backend) -> None:
    with pytest.raises(Domain.DoesNotExist, match="no domain named 'ghost'") as caught:
        DomainQuery(connection=backend.connection).get("ghost")
    assert isinstance(caught.value, DoesNotExistError)


def test_create_and_get_or_create(backend: Backend) -> None:
    queryset = DomainQuerySet(connection=backend.connection)
    name = backend.name_for("d")
    created = queryset.get_or_create(name, description="first", retention_period=5)
    assert created.is_synced
    again = queryset.get_or_create(name, description="ignored")
    assert again == created
    other = queryset.create(backend.name_for("d"), "second", 2)
    assert other.upstream().description == "second"


def test_get_or_create_survives_losing_the_race(
    backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    queryset = DomainQuerySet(connection=backend.connection)
    name = backend.name_for("d")
    real_get = DomainQuerySet.get
    calls = []

    def get_that_misses_once(self: DomainQuerySet, wanted: str) -> Domain:
        calls.append(wanted)
        if len(calls) == 1:
            # Another process registers it between our get and our create.
            backend.connect().call(
                "RegisterDomain", name=wanted, workflowExecutionRetentionPeriodInDays="9"
            )
            raise Domain.DoesNotExist("not yet")
        return real_get(self, wanted)

    monkeypatch.setattr(DomainQuerySet, "get", get_that_misses_once)
    got = queryset.get_or_create(name, retention_period=1)
    assert got.retention_period == 9  # the winner's domain
    assert len(calls) == 2


def test_querysets_are_lazy_and_slices_fetch_what_they_need(backend: Backend) -> None:
    connection = counting(backend.endpoint_url)
    for _ in range(5):
        Domain(backend.name_for("d"), connection=backend.connection).save()
    queryset = DomainQuerySet(page_size=2, connection=connection)
    refined = queryset.filter(status=REGISTERED).all()
    assert connection.sent == []
    first = refined[0]
    assert isinstance(first, Domain)
    if backend.pages:
        assert connection.sent == ["ListDomains", "DescribeDomain"]
    assert refined[:2] == [refined[0], refined[1]]
    if backend.pages:
        assert connection.sent.count("ListDomains") == 1
    everything = list(refined)
    assert len(refined) == len(everything) >= 5
    sent = len(connection.sent)
    assert list(refined) == everything  # from the cache
    assert len(connection.sent) == sent
    assert refined.all() is not refined


def test_sequence_protocol(backend: Backend) -> None:
    names = [backend.name_for("d") for _ in range(3)]
    for name in names:
        Domain(name, connection=backend.connection).save()
    queryset = DomainQuerySet(page_size=2, connection=backend.connection)
    everything = list(queryset.all())
    assert queryset.count() == len(everything)
    assert queryset.first() == everything[0]
    assert queryset.all()[-1] == everything[-1]
    assert queryset.all()[1:3] == everything[1:3]
    assert queryset.all()[::-1] == everything[::-1]
    assert bool(queryset.all())
    assert queryset.exists()
    shown = ", ".join(repr(item) for item in everything[:REPR_LIMIT])
    if len(everything) > REPR_LIMIT:
        shown += ", ...(remaining elements truncated)..."
    assert repr(queryset.all()) == f"[{shown}]"
    with pytest.raises(IndexError):
        queryset.all()[len(everything)]
    empty = DomainQuerySet(connection=backend.connection).filter(status=DEPRECATED)
    if backend.name == "local":
        assert empty.first() is None
        assert not empty
        assert repr(empty) == "[]"


def test_a_failed_fetch_does_not_leave_a_truncated_result_behind(backend: Backend) -> None:
    for _ in range(5):
        Domain(backend.name_for("d"), connection=backend.connection).save()
    connection = counting(backend.endpoint_url)
    everything = list(DomainQuerySet(connection=connection))
    real_call = connection.call
    calls: list[str] = []

    def fails_once_mid_way(operation: str, /, **params: Any) -> dict[str, Any]:
        calls.append(operation)
        if len(calls) == 3:
            raise ServiceError("boom", code="InternalFailure", operation=operation)
        return real_call(operation, **params)

    connection.call = fails_once_mid_way  # type: ignore[method-assign]
    queryset = DomainQuerySet(page_size=2, connection=connection)
    with pytest.raises(ServiceError):
        list(queryset)
    # Reading a generator that raised would end early: the queryset starts over instead.
    assert list(queryset) == everything
    assert len(queryset) == len(everything)


def test_threads_sharing_one_queryset_each_get_every_result(backend: Backend) -> None:
    for _ in range(4):
        Domain(backend.name_for("d"), connection=backend.connection).save()
    expected = list(DomainQuerySet(connection=backend.connection))
    queryset = DomainQuerySet(page_size=1, connection=backend.connection)
    results: list[Any] = []

    def read() -> None:
        try:
            results.append(list(queryset))
        except Exception as error:  # "generator already executing" before the lock
            results.append(error)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 8


def test_repr_is_truncated_like_a_list(backend: Backend) -> None:
    if backend.name == "moto":
        pytest.skip("needs an empty account")
    for index in range(REPR_LIMIT + 2):
        Domain(f"d{index:02d}", connection=backend.connection).save()
    text = repr(DomainQuerySet(page_size=10, connection=backend.connection))
    assert text.startswith("[Domain('d00'), Domain('d01')")
    assert text.endswith("...(remaining elements truncated)...]")


def test_queryset_arguments_are_checked_locally() -> None:
    with pytest.raises(ValidationError):
        DomainQuerySet(page_size=0)
    with pytest.raises(ValidationError):
        DomainQuerySet(page_size=1001)
    with pytest.raises(ValidationError):
        DomainQuerySet().filter(status="GONE")
    with pytest.raises(ValidationError):
        DomainQuerySet().get("a:b")
    with pytest.raises(TypeError):
        DomainQuerySet().filter(statuss=DEPRECATED)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        WorkflowTypeQuerySet("d").get("P", "v" * 65)
    with pytest.raises(ValidationError):
        WorkflowTypeQuerySet(42)  # type: ignore[arg-type]


# -- types ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("queryset_class", "model"),
    [(WorkflowTypeQuerySet, WorkflowType), (ActivityTypeQuerySet, ActivityType)],
)
def test_type_querysets_read_every_page(domain: Domain, queryset_class: Any, model: Any) -> None:
    made = [model(domain, f"T{i}", "1", description=f"t{i}") for i in range(5)]
    made += [model(domain, "T0", "2")]
    for item in made:
        item.save()
    found = list(queryset_class(domain, page_size=2).all())
    assert sorted(found, key=lambda t: (t.name, t.version)) == made[:1] + made[-1:] + made[1:5]
    assert all(item.is_synced for item in found)
    assert all(item.connection is domain.connection for item in found)


@pytest.mark.parametrize(
    ("queryset_class", "model"),
    [(WorkflowTypeQuerySet, WorkflowType), (ActivityTypeQuerySet, ActivityType)],
)
def test_type_querysets_filter_get_create(domain: Domain, queryset_class: Any, model: Any) -> None:
    queryset = queryset_class(domain.name, connection=domain.connection)
    kept = queryset.create("Kept", "1", description="kept")
    assert kept == model(domain, "Kept", "1", description="kept")
    gone = queryset.create("Gone", "1").deprecate()
    assert list(queryset.all()) == [kept]
    assert list(queryset.filter(status=DEPRECATED)) == [gone]
    assert list(queryset.filter(name="Kept")) == [kept]
    assert queryset.get("Gone", "1") == gone
    assert queryset.get_or_create("Kept", "1", description="other") == kept
    made = queryset.get_or_create("New", "1", task_list="tl")
    assert made.upstream().task_list == "tl"
    with pytest.raises(model.DoesNotExist, match="'Nope' version '1'"):
        queryset.get("Nope", "1")
    with pytest.raises(TypeError):
        queryset.create("X", "1", task_lst="tl")


def test_type_get_or_create_survives_losing_the_race(
    domain: Domain, monkeypatch: pytest.MonkeyPatch, backend: Backend
) -> None:
    queryset = WorkflowTypeQuerySet(domain)
    real_get = WorkflowTypeQuerySet.get
    calls: list[str] = []

    def get_that_misses_once(self: WorkflowTypeQuerySet, name: str, version: str) -> Any:
        calls.append(name)
        if len(calls) == 1:
            WorkflowType(domain, name, version, task_list="winner").save()
            raise WorkflowType.DoesNotExist("not yet")
        return real_get(self, name, version)

    monkeypatch.setattr(WorkflowTypeQuerySet, "get", get_that_misses_once)
    got = queryset.get_or_create("Raced", "1", task_list="loser")
    assert got.task_list == "winner"


def test_domain_lists_its_workflows_and_activities(domain: Domain) -> None:
    workflow = WorkflowType(domain, "W", "1")
    workflow.save()
    activity = ActivityType(domain, "A", "1")
    activity.save()
    old = ActivityType(domain, "A", "0")
    old.save()
    old = old.deprecate()
    assert list(domain.workflows()) == [workflow]
    assert list(domain.activities()) == [activity]
    assert list(domain.activities(status=DEPRECATED)) == [old]


def test_refinements_accumulate_and_leave_the_original_alone(domain: Domain) -> None:
    WorkflowType(domain, "Kept", "1").save()
    WorkflowType(domain, "Other", "1").save()
    WorkflowType(domain, "Kept", "0").save()
    gone = WorkflowType(domain, "Kept", "0").deprecate()
    queryset = WorkflowTypeQuerySet(domain)
    named = queryset.filter(name="Kept")
    assert [t.version for t in named] == ["1"]
    assert list(named.filter(status=DEPRECATED)) == [gone]
    assert len(queryset) == 2
    assert [t.version for t in named.filter()] == ["1"]


def test_misspelt_queryset_keywords_raise() -> None:
    with pytest.raises(TypeError):
        DomainQuerySet(pagesize=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        WorkflowTypeQuerySet("d", regoin="x")  # type: ignore[call-arg]
