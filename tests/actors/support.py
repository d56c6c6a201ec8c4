"""Helpers of the actor tests: names of the registered domain and types, starting workflows,
reading histories, waiting for actors and running them in threads."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from swf.actors import Actor

DOMAIN = "actors"
TASK_LIST = "decisions"
ACTIVITY_LIST = "activities"
WAIT = 15.0  # seconds an actor may take to do something (never reached when things work)


def start_workflow(client: Any, workflow_id: str, data: Any = None, **extra: Any) -> str:
    """Start ``wf/1``; returns the run id."""
    params: dict[str, Any] = {
        "domain": DOMAIN,
        "workflowId": workflow_id,
        "workflowType": {"name": "wf", "version": "1"},
        **extra,
    }
    if data is not None:
        params["input"] = data if isinstance(data, str) else json.dumps(data)
    return str(client.start_workflow_execution(**params)["runId"])


def wait_for(condition: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
    """Poll ``condition`` until it returns something truthy (actors work in other threads)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


def events(client: Any, workflow_id: str, run_id: str) -> list[dict[str, Any]]:
    """The execution's whole history, as API dicts."""
    paginator = client.get_paginator("get_workflow_execution_history")
    found: list[dict[str, Any]] = []
    for page in paginator.paginate(
        domain=DOMAIN, execution={"workflowId": workflow_id, "runId": run_id}
    ):
        found.extend(page["events"])
    return found


def event_types(client: Any, workflow_id: str, run_id: str) -> list[str]:
    return [event["eventType"] for event in events(client, workflow_id, run_id)]


def closed_event(client: Any, workflow_id: str, run_id: str) -> dict[str, Any]:
    """Wait until the execution is closed; return its closing event."""

    def closing() -> dict[str, Any] | None:
        info = client.describe_workflow_execution(
            domain=DOMAIN, execution={"workflowId": workflow_id, "runId": run_id}
        )["executionInfo"]
        if info["executionStatus"] != "CLOSED":
            return None
        return events(client, workflow_id, run_id)[-1]

    return wait_for(closing, f"{workflow_id} to close")


@contextmanager
def running(*actors: Actor) -> Iterator[list[threading.Thread]]:
    """Run actors in threads; stop them and check they ended when the block exits."""
    threads = [threading.Thread(target=actor.start, daemon=True) for actor in actors]
    for thread in threads:
        thread.start()
    try:
        yield threads
    finally:
        for actor in actors:
            actor.stop()
        for thread in threads:
            thread.join(WAIT)
        assert not any(thread.is_alive() for thread in threads), "an actor did not stop"
