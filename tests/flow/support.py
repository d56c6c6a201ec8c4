"""Helpers of the flow tests on SWF Local: the domain's name and waiting helpers."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from swf.flow import WorkflowHandle
from swf.local import ManualClock

DOMAIN = "flow"
WAIT = 20.0  # seconds the actors may take to do something (never reached when things work)


def wait_for(condition: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
    """Poll ``condition`` until it returns something truthy (the actors work in threads)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


def event_types(handle: WorkflowHandle) -> list[str]:
    """The event types of the handle's current run."""
    return [event.type for event in handle.history()]


def wait_for_event(handle: WorkflowHandle, event_type: str, count: int = 1) -> None:
    """Wait until the run's history holds ``count`` events of ``event_type``."""
    wait_for(
        lambda: event_types(handle).count(event_type) >= count,
        f"{count} x {event_type} in {handle.workflow_id}",
    )


def advance_at_timer(
    handle: WorkflowHandle, clock: ManualClock, seconds: float | timedelta, count: int = 1
) -> None:
    """Once the run has started its ``count``-th timer, move SWF Local's clock forward."""
    wait_for_event(handle, "TimerStarted", count)
    clock.advance(seconds)
