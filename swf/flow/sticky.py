"""The sticky cache: each open run's live :class:`~swf.flow.engine.WorkflowInstance`, kept
between decision tasks so that a task costs only its new events.

::

    cache = StickyCache(100)
    decisions = cache.decide(OrderWorkflow, task)   # hit: new events only; miss: full replay

A hit needs the run's instance to stand exactly where the task's new events begin: its last
event is the task's ``previous_started_event_id`` (the ``DecisionTaskStarted`` of the last
task SWF recorded an answer for). Anything else is a miss and a full replay with a new
instance: the decider restarted, another decider answered the previous task, the instance
was evicted, or its own answer was lost (the task timed out, the response failed). An
instance that raises :class:`~swf.flow.engine.InstanceStale` on the new events is replaced
the same way; one that raises anything else (a :class:`~swf.flow.NonDeterminismError`) is
dropped and the error goes on.

The cache holds at most ``size`` runs; the least recently decided one is evicted (its
``run()`` unwound, its thread ended) when another comes in. A run is dropped once its
instance closed it. Size 0 turns it off: every task is a full replay.
"""

from __future__ import annotations

import bisect
import logging
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from swf.exceptions import ValidationError
from swf.flow.engine import InstanceStale, WorkflowInstance

if TYPE_CHECKING:
    from swf.actors import DecisionTask
    from swf.decisions import Decision
    from swf.flow.workflow import Workflow

__all__ = ["DEFAULT_STICKY_CACHE_SIZE", "StickyCache"]

log = logging.getLogger("swf.flow")

DEFAULT_STICKY_CACHE_SIZE = 100
"""Runs whose live instance a decider keeps by default (each holds a parked thread)."""


class StickyCache:
    """Live workflow instances by run id, least recently used evicted beyond ``size``.

    Thread-safe; counts its ``hits``, ``misses`` and ``evictions``.
    """

    def __init__(self, size: int = DEFAULT_STICKY_CACHE_SIZE) -> None:
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise ValidationError(f"sticky_cache_size must be an int >= 0, not {size!r}")
        self.size = size
        self.hits = 0
        self.misses = 0
        self.evictions = 0
        self._instances: OrderedDict[str, WorkflowInstance] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._instances)

    def __contains__(self, run_id: object) -> bool:
        return run_id in self._instances

    def __repr__(self) -> str:
        return (
            f"<StickyCache {len(self)}/{self.size} runs: {self.hits} hits, "
            f"{self.misses} misses, {self.evictions} evictions>"
        )

    def decide(self, workflow: type[Workflow], task: DecisionTask) -> list[Decision]:
        """The decisions for ``task``: from the run's live instance given only the new events
        (a hit), else from a full replay of the history (a miss)."""
        with self._lock:
            instance = self._instances.pop(task.run_id, None)
        if instance is not None and instance.workflow_class is not workflow:
            instance.evict()
            instance = None
        if instance is not None and instance.last_event_id == task.previous_started_event_id:
            try:
                decisions = instance.apply(_events_after(task, task.previous_started_event_id))
            except InstanceStale as stale:
                log.info("sticky instance of %s is stale (%s); full replay", task.run_id, stale)
                instance.evict()
            except BaseException:
                instance.evict()
                raise
            else:
                self.hits += 1
                self._keep(task.run_id, instance)
                return decisions
        elif instance is not None:
            instance.evict()  # it stands elsewhere: another decider or a lost answer
        self.misses += 1
        fresh = WorkflowInstance(workflow, workflow_id=task.workflow_id, run_id=task.run_id)
        try:
            decisions = fresh.apply(_events_after(task, 0))
        except BaseException:
            fresh.evict()
            raise
        self._keep(task.run_id, fresh)
        return decisions

    def _keep(self, run_id: str, instance: WorkflowInstance) -> None:
        if self.size == 0 or instance.closed:
            instance.evict()
            return
        dropped: list[WorkflowInstance] = []
        with self._lock:
            previous = self._instances.pop(run_id, None)
            if previous is not None and previous is not instance:
                dropped.append(previous)
            self._instances[run_id] = instance
            while len(self._instances) > self.size:
                dropped.append(self._instances.popitem(last=False)[1])
                self.evictions += 1
        for old in dropped:
            old.evict()

    def forget(self, run_id: str) -> None:
        """Drop (and evict) a run's instance, e.g. once the run closed."""
        with self._lock:
            instance = self._instances.pop(run_id, None)
        if instance is not None:
            instance.evict()

    def clear(self) -> None:
        """Evict every instance (a decider stopping)."""
        with self._lock:
            instances = list(self._instances.values())
            self._instances.clear()
        for instance in instances:
            instance.evict()


def _events_after(task: DecisionTask, after: int) -> list[Any]:
    """The task's events after event ``after`` up to its ``DecisionTaskStarted``, found by
    bisection (the history is in id order), so a hit never walks the whole history."""
    history = task.history
    last = task.started_event_id or None
    start = bisect.bisect_right(history, after, key=_event_id)
    end = len(history) if last is None else bisect.bisect_right(history, last, key=_event_id)
    return [history[index] for index in range(start, end)]


def _event_id(event: Any) -> int:
    return int(event.id)
