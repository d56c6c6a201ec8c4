"""Fixtures of the SWF Local tests (their helpers: support.py, shape_check.py, tools/local).

The ``swf.testing`` plugin provides ``swf_local``, ``swf_clock``, ``swf_client`` and
``swf_endpoint_url``; ``local_swf`` and ``clock`` are their short names here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from swf.local import LocalSWF, ManualClock
from swf.local.deadlines import DeadlineHandler
from swf.local.service import Service
from swf.local.store import Transaction
from tests.local.support import START, Fired, LocalEnvironment, TypeCalls


@pytest.fixture
def local_swf(swf_local: LocalSWF) -> LocalSWF:
    """A started SWF Local on port 0 with a ManualClock and a fresh temporary database."""
    return swf_local


@pytest.fixture
def clock(swf_clock: ManualClock) -> ManualClock:
    """The ManualClock of ``local_swf``."""
    return swf_clock


@pytest.fixture
def env(local_swf: LocalSWF, clock: ManualClock, swf_client: Any) -> LocalEnvironment:
    """``local_swf`` (temporary db, manual clock, short poll hold) and ``swf_client``, the clock
    set to ``START`` and the domain ``d`` registered with ``wf/1`` and ``act/1``."""
    clock.set(START)
    environment = LocalEnvironment(local_swf, clock, swf_client)
    environment.register()
    return environment


@pytest.fixture
def populated(env: LocalEnvironment) -> LocalEnvironment:
    """w0..w5 started one second apart; w0, w1 terminated (w1 first), w2 completed; w4 on
    type v2, tags: even ids have "even"."""
    env.client.register_workflow_type(
        domain="d",
        name="wf",
        version="2",
        defaultTaskList={"name": "dl"},
        defaultTaskStartToCloseTimeout="30",
        defaultExecutionStartToCloseTimeout="3600",
        defaultChildPolicy="TERMINATE",
    )
    for index in range(6):
        env.client.start_workflow_execution(
            domain="d",
            workflowId=f"w{index}",
            workflowType={"name": "wf", "version": "2" if index == 4 else "1"},
            tagList=["even"] if index % 2 == 0 else ["odd"],
        )
        env.clock.advance(1)
    env.client.terminate_workflow_execution(domain="d", workflowId="w1")
    env.clock.advance(1)
    env.client.terminate_workflow_execution(domain="d", workflowId="w0")
    env.clock.advance(1)
    env.client.request_cancel_workflow_execution(domain="d", workflowId="w2")
    pending = env.client.count_pending_decision_tasks(domain="d", taskList={"name": "dl"})
    for _ in range(pending["count"]):
        task = env.poll_decision()
        if task["workflowExecution"]["workflowId"] == "w2":
            env.client.respond_decision_task_completed(
                taskToken=task["taskToken"],
                decisions=[{"decisionType": "CompleteWorkflowExecution"}],
            )
        else:
            env.client.respond_decision_task_completed(taskToken=task["taskToken"])
    return env


@pytest.fixture(params=["activity", "workflow"])
def types(request: pytest.FixtureRequest, swf_client: Any) -> TypeCalls:
    """Each kind of type in turn, in a registered domain ``d``."""
    swf_client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
    return TypeCalls(swf_client, request.param)


@pytest.fixture
def secured() -> Iterator[LocalSWF]:
    """A SWF Local that verifies SigV4 signatures (two known access keys)."""
    with LocalSWF(
        poll_hold=0.1, require_auth=True, credentials={"AKIDLOCAL": "s3cr3t", "OTHER": "x"}
    ) as local:
        yield local


@pytest.fixture
def fired(monkeypatch: pytest.MonkeyPatch) -> Iterator[Fired]:
    """Add test-only deadline kinds ("test", "chain", "broken") to the Service's handlers."""
    calls: Fired = []
    handlers = Service.deadline_handlers

    def log(tx: Transaction, key: str) -> None:
        tx.execute("CREATE TABLE IF NOT EXISTS fired_log (key TEXT)")
        tx.execute("INSERT INTO fired_log (key) VALUES (?)", (key,))

    def with_test_kinds(service: Service) -> dict[str, DeadlineHandler]:
        def on_test(tx: Transaction, key: str, due: float) -> None:
            calls.append(("test", key, due))
            log(tx, key)

        def on_chain(tx: Transaction, key: str, due: float) -> None:
            calls.append(("chain", key, due))
            remaining = int(key)
            if remaining:
                service.deadlines.schedule(tx, "chain", str(remaining - 1), due)

        def on_broken(tx: Transaction, key: str, due: float) -> None:
            log(tx, "broken-" + key)
            raise RuntimeError("handler bug")

        return {**handlers(service), "test": on_test, "chain": on_chain, "broken": on_broken}

    monkeypatch.setattr(Service, "deadline_handlers", with_test_kinds)
    yield calls
