"""The sticky decider on SWF Local: hits, misses, two deciders on one run, LRU eviction; and
offline, a lost answer.

The deciders and activity workers are driven one task at a time (``run_once``) so that the
test chooses which decider takes which decision task.
"""

from __future__ import annotations

from typing import Any

import pytest

from swf.actors import DecisionTask
from swf.core import Connection
from swf.exceptions import ValidationError
from swf.flow import Worker, WorkflowHandle
from swf.flow.converter import DEFAULT_CONVERTER
from swf.flow.engine import WorkflowInstance
from swf.flow.sticky import StickyCache
from swf.flow.worker import FlowActivityWorker, FlowDecider
from swf.history import History, HistoryBuilder
from swf.history.events import WorkflowExecutionRef, WorkflowTypeRef
from swf.models import Domain
from tests.flow.support import DOMAIN
from tests.flow.test_flow_local import Sequence, double


@pytest.fixture
def registered(domain: Domain) -> Domain:
    Worker(domain, workflows=[Sequence], activities=[double]).register_types()
    return domain


def decider(connection: Connection, size: int = 100) -> FlowDecider:
    return FlowDecider(
        DOMAIN, "workflows", workflows=[Sequence], sticky_cache_size=size, connection=connection
    )


def recorded(handle: WorkflowHandle) -> list[tuple[Any, ...]]:
    """What the deciders sent, as the history recorded it (ids and timestamps aside)."""
    out: list[tuple[Any, ...]] = []
    for event in handle.history():
        if event.type == "ActivityTaskScheduled":
            out.append((event.type, event.activity_id, event.input))
        elif event.type == "WorkflowExecutionCompleted":
            out.append((event.type, event.result))
    return out


def drive(
    deciders: list[FlowDecider], worker: FlowActivityWorker, handle: WorkflowHandle, tasks: int
) -> None:
    """Decision task ``i`` goes to ``deciders[i]``; an activity task runs between two."""
    for index in range(tasks):
        assert deciders[index].run_once(), f"decision task {index + 1} was not there"
        if index < tasks - 1:
            assert worker.run_once(), f"activity task after decision {index + 1}"


def test_hits_and_a_miss_in_the_middle_give_the_same_decisions(
    registered: Domain, swf_connection: Connection
) -> None:
    worker = FlowActivityWorker(
        DOMAIN, "activities", activities=[double], connection=swf_connection
    )
    sticky = decider(swf_connection)
    sticky_run = Sequence.start(3, domain=registered, workflow_id="all-sticky")
    drive([sticky] * 4, worker, sticky_run, 4)
    assert (sticky.sticky.hits, sticky.sticky.misses) == (3, 1)
    assert len(sticky.sticky) == 0  # dropped once the run closed

    first, restarted = decider(swf_connection), decider(swf_connection)
    interrupted = Sequence.start(3, domain=registered, workflow_id="interrupted")
    drive([first, first, restarted, restarted], worker, interrupted, 4)
    assert (first.sticky.hits, first.sticky.misses) == (1, 1)
    assert (restarted.sticky.hits, restarted.sticky.misses) == (1, 1)

    assert sticky_run.result(timeout=5) == interrupted.result(timeout=5) == [0, 2, 4]
    assert recorded(sticky_run) == recorded(interrupted)


def test_two_deciders_alternating_on_one_run_replay_each_time(
    registered: Domain, swf_connection: Connection
) -> None:
    worker = FlowActivityWorker(
        DOMAIN, "activities", activities=[double], connection=swf_connection
    )
    one, other = decider(swf_connection), decider(swf_connection)
    handle = Sequence.start(4, domain=registered, workflow_id="alternating")
    drive([one, other, one, other, one], worker, handle, 5)
    assert handle.result(timeout=5) == [0, 2, 4, 6]
    # each decider finds its instance behind the other's answer: a replay every time
    assert (one.sticky.hits, one.sticky.misses) == (0, 3)
    assert (other.sticky.hits, other.sticky.misses) == (0, 2)
    # ``one`` closed the run and dropped it; ``other`` never hears of the close: its stale
    # instance stays until the LRU evicts it (and would only ever be a miss)
    assert len(one.sticky) == 0 and len(other.sticky) == 1

    alone = decider(swf_connection)
    reference = Sequence.start(4, domain=registered, workflow_id="alone")
    drive([alone] * 5, worker, reference, 5)
    assert [entry[1:] for entry in recorded(handle)] == [entry[1:] for entry in recorded(reference)]


def test_a_cache_of_one_run_evicts_the_least_recently_used(
    registered: Domain, swf_connection: Connection
) -> None:
    worker = FlowActivityWorker(
        DOMAIN, "activities", activities=[double], connection=swf_connection
    )
    small = decider(swf_connection, size=1)
    a = Sequence.start(2, domain=registered, workflow_id="lru-a")
    assert small.run_once()  # a's first task: a is cached
    (first_instance,) = small.sticky._instances.values()
    assert worker.run_once()  # a's first activity
    assert small.run_once()  # a's second task, on the sticky path
    assert (small.sticky.hits, small.sticky.misses) == (1, 1)
    b = Sequence.start(2, domain=registered, workflow_id="lru-b")
    assert small.run_once()  # b's first task: b comes in, a is evicted (its run() unwound)
    assert small.sticky.evictions == 1 and len(small.sticky) == 1
    assert first_instance._thread is not None and first_instance._thread.finished
    assert worker.run_once() and worker.run_once()  # a's second activity, b's first
    assert small.run_once()  # a's last task: a miss (evicted), a full replay; b evicted
    assert a.result(timeout=5) == [0, 2]
    assert small.run_once()  # b's second task: a miss too
    assert worker.run_once()
    assert small.run_once()  # b's last task, sticky again
    assert b.result(timeout=5) == [0, 2]
    assert (small.sticky.hits, small.sticky.misses, small.sticky.evictions) == (2, 4, 2)
    assert len(small.sticky) == 0


def test_the_cache_size_is_checked() -> None:
    for bad in (-1, "10", True, 1.5):
        with pytest.raises(ValidationError, match="sticky_cache_size must be an int >= 0"):
            StickyCache(bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="sticky_cache_size"):
        Worker("d", workflows=[Sequence], sticky_cache_size=-1, connection=Connection())
    assert repr(StickyCache(0)) == "<StickyCache 0/0 runs: 0 hits, 0 misses, 0 evictions>"


def test_the_history_cache_holds_at_least_the_runs_the_sticky_cache_holds() -> None:
    # else a sticky hit would still parse the whole history the poll brought
    connection = Connection()
    assert decider(connection, size=500).history_cache_size == 500
    assert decider(connection, size=0).history_cache_size == 100
    assert decider(connection).history_cache_size == 100
    explicit = FlowDecider(
        DOMAIN, "w", workflows=[Sequence], history_cache_size=7, connection=connection
    )
    assert explicit.history_cache_size == 7


def test_a_lost_answer_makes_the_next_task_a_full_replay_with_the_same_decisions() -> None:
    builder = HistoryBuilder(workflow_id="lost")
    builder.workflow_started(
        workflow_type=("Sequence", "1"), input=DEFAULT_CONVERTER.encode({"args": [3]})
    )
    cache = StickyCache(10)

    def task(previous: int) -> DecisionTask:
        builder.decision_task_scheduled().decision_task_started()
        return DecisionTask(
            token="t",
            workflow_execution=WorkflowExecutionRef("lost", "run"),
            workflow_type=WorkflowTypeRef("Sequence", "1"),
            history=History(builder.events),
            previous_started_event_id=previous,
            started_event_id=builder.last_event_id,
        )

    def replayed(events: History) -> list[dict[str, Any]]:
        fresh = WorkflowInstance(Sequence, workflow_id="lost", run_id="run")
        try:
            return [decision.to_api() for decision in fresh.apply(events)]
        finally:
            fresh.evict()

    first = task(0)
    (schedule,) = cache.decide(Sequence, first)
    activity_id = schedule.attributes()["activityId"]
    builder.decision_task_completed()
    builder.activity_scheduled(activity_id, activity_type=("double", "1"), input=schedule.input)
    builder.activity_started(activity_id).activity_completed(activity_id, result="0")

    second = task(first.started_event_id)
    lost = [decision.to_api() for decision in cache.decide(Sequence, second)]  # a hit
    assert (cache.hits, cache.misses) == (1, 1)
    builder.decision_task_timed_out()  # ... but its answer never reached SWF

    third = task(first.started_event_id)  # the last recorded answer is still the first's
    again = [decision.to_api() for decision in cache.decide(Sequence, third)]
    assert (cache.hits, cache.misses) == (1, 2)  # the instance stood past it: a replay
    assert again == lost == replayed(third.history)
    cache.clear()
    assert len(cache) == 0
