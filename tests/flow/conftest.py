"""Fixtures of the flow tests on SWF Local: a domain, running Workers, and waiting helpers.

Every test that runs a Worker through ``run_worker`` runs twice: with the sticky cache off
(every decision task a full replay) and on, where each decision taken from a live instance is
checked against a full replay of the same history (the test fails if they ever differ).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from swf.actors import DecisionTask
from swf.core import Connection
from swf.flow import Worker
from swf.flow.engine import WorkflowInstance
from swf.flow.sticky import DEFAULT_STICKY_CACHE_SIZE
from swf.flow.worker import FlowDecider
from swf.models import Domain
from tests.flow.support import DOMAIN


@pytest.fixture
def domain(swf_connection: Connection) -> Domain:
    """Domain ``flow`` on the test's SWF Local."""
    found = Domain(DOMAIN, retention_period=1, connection=swf_connection)
    found.save()
    return found


def full_replay(workflow: Any, task: DecisionTask) -> list[dict[str, Any]]:
    """The decisions (wire dicts) of a fresh instance given the task's whole history."""
    last = task.started_event_id
    instance = WorkflowInstance(workflow, workflow_id=task.workflow_id, run_id=task.run_id)
    try:
        decisions = instance.apply([event for event in task.history if event.id <= last])
    finally:
        instance.evict()
    return [decision.to_api() for decision in decisions]


@pytest.fixture(params=[0, DEFAULT_STICKY_CACHE_SIZE], ids=["full-replay", "sticky"])
def sticky_cache_size(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[int]:
    """The Workers' sticky cache size; with the cache on, every decision is cross-checked."""
    size: int = request.param
    disagreements: list[str] = []
    if size:
        decide = FlowDecider.decisions_for

        def checked(self: FlowDecider, workflow: Any, task: DecisionTask) -> list[Any]:
            decisions = decide(self, workflow, task)
            expected = full_replay(workflow, task)
            if [decision.to_api() for decision in decisions] != expected:
                disagreements.append(f"{task!r}: sticky {decisions!r}, replay {expected!r}")
            return decisions

        monkeypatch.setattr(FlowDecider, "decisions_for", checked)
    yield size
    assert not disagreements, disagreements


@pytest.fixture
def run_worker(domain: Domain, sticky_cache_size: int) -> Iterator[Callable[..., Worker]]:
    """Start a Worker on ``domain`` (stopped at the end of the test), with the sticky cache
    on and off (see the module's docstring)."""
    started: list[Worker] = []

    def start(**options: Any) -> Worker:
        options.setdefault("sticky_cache_size", sticky_cache_size)
        worker = Worker(domain, **options)
        worker.start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
