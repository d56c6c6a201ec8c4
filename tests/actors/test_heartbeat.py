"""Heartbeats: one thread serves every task in hand; its errors never stop it."""

from __future__ import annotations

import threading
from datetime import timedelta

from swf.actors import ActivityTask
from swf.actors.heartbeat import Heartbeats
from tests.actors.conftest import wait_for

TICK = timedelta(milliseconds=10)


def _task(activity_id: str) -> ActivityTask:
    return ActivityTask.from_api(
        {
            "taskToken": f"token-{activity_id}",
            "activityId": activity_id,
            "activityType": {"name": "act", "version": "1"},
            "workflowExecution": {"workflowId": "w", "runId": "r"},
            "startedEventId": 3,
        }
    )


class Beats:
    """A beat callback counting calls per task; raises on the calls the test asks for."""

    def __init__(self, target: int, raise_first: int = 0) -> None:
        self.counts: dict[str, int] = {}
        self.raise_first = raise_first
        self.target = target
        self.done = threading.Event()
        self.lock = threading.Lock()

    def __call__(self, task: ActivityTask) -> bool:
        with self.lock:
            self.counts[task.activity_id] = self.counts.get(task.activity_id, 0) + 1
            if self.counts and min(self.counts.values()) >= self.target:
                self.done.set()
            if self.raise_first:
                self.raise_first -= 1
                raise RuntimeError("bug in a beat")
        return False


def test_one_thread_beats_for_every_task_until_it_is_removed() -> None:
    beats = Beats(target=3)
    heartbeats = Heartbeats(beat=beats)
    first, second = _task("a"), _task("b")
    heartbeats.add(first, TICK)
    heartbeats.add(second, lambda: TICK)  # computed in the heartbeat thread
    assert beats.done.wait(10)
    assert set(beats.counts) == {"a", "b"}
    heartbeats.remove(first)
    heartbeats.remove(second)
    assert len(heartbeats) == 0


def test_a_beat_that_raises_does_not_stop_the_heartbeats() -> None:
    beats = Beats(target=3, raise_first=2)
    heartbeats = Heartbeats(beat=beats)
    task = _task("c")
    heartbeats.add(task, TICK)
    assert beats.done.wait(10)
    heartbeats.remove(task)


def test_a_closed_task_is_dropped_by_the_heartbeat_thread() -> None:
    closed = threading.Event()

    def beat(task: ActivityTask) -> bool:
        task._mark_closed()  # what an UnknownResourceFault answer does
        closed.set()
        return False

    heartbeats = Heartbeats(beat=beat)
    task = _task("d")
    heartbeats.add(task, TICK)
    assert closed.wait(10)
    assert task.closed and not task.cancel_requested
    assert task.wait_for_cancel_request(0) is False
    wait_for(lambda: len(heartbeats) == 0, "the closed task to be dropped")
