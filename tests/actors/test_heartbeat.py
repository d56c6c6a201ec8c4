"""Heartbeats: one thread serves every task in hand; its errors never stop it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from swf.actors import ActivityContext, ActivityTask
from swf.actors._heartbeat import Heartbeats
from swf.exceptions import UnknownResourceFault
from tests.actors.support import wait_for

TICK = timedelta(milliseconds=10)


def _context(activity_id: str, send: Callable[[str], bool]) -> ActivityContext:
    """The context of a task ``activity_id`` whose heartbeats are ``send(activity_id)``."""
    task = ActivityTask.from_api(
        {
            "taskToken": f"token-{activity_id}",
            "activityId": activity_id,
            "activityType": {"name": "act", "version": "1"},
            "workflowExecution": {"workflowId": "w", "runId": "r"},
            "startedEventId": 3,
        },
        domain="d",
        task_list="t",
    )
    return ActivityContext(task, send_heartbeat=lambda details: send(activity_id))


class Beats:
    """Sends heartbeats by counting them per task; raises on the calls the test asks for."""

    def __init__(self, target: int, raise_first: int = 0) -> None:
        self.counts: dict[str, int] = {}
        self.raise_first = raise_first
        self.target = target
        self.done = threading.Event()
        self.lock = threading.Lock()

    def __call__(self, activity_id: str) -> bool:
        with self.lock:
            self.counts[activity_id] = self.counts.get(activity_id, 0) + 1
            if self.counts and min(self.counts.values()) >= self.target:
                self.done.set()
            if self.raise_first:
                self.raise_first -= 1
                raise RuntimeError("bug in a beat")
        return False


def test_one_thread_beats_for_every_task_until_it_is_removed() -> None:
    beats = Beats(target=3)
    heartbeats = Heartbeats()
    first, second = _context("a", beats), _context("b", beats)
    heartbeats.add(first, TICK)
    heartbeats.add(second, lambda: TICK)  # computed in the heartbeat thread
    assert beats.done.wait(10)
    assert set(beats.counts) == {"a", "b"}
    heartbeats.remove(first)
    heartbeats.remove(second)
    assert len(heartbeats) == 0


def test_a_heartbeat_that_raises_does_not_stop_the_heartbeats() -> None:
    beats = Beats(target=3, raise_first=2)
    heartbeats = Heartbeats()
    context = _context("c", beats)
    heartbeats.add(context, TICK)
    assert beats.done.wait(10)
    heartbeats.remove(context)


def test_a_task_swf_no_longer_knows_is_dropped_by_the_heartbeat_thread() -> None:
    def gone(activity_id: str) -> bool:
        raise UnknownResourceFault(f"Unknown activity task {activity_id}")

    heartbeats = Heartbeats()
    context = _context("d", gone)
    heartbeats.add(context, TICK)
    assert context.wait_for_cancel_request(10) is False  # woken by the close
    assert context.closed and not context.cancel_requested
    wait_for(lambda: len(heartbeats) == 0, "the closed task to be dropped")
