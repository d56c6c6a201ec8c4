"""Automatic heartbeats: one background thread per worker beats for every task in hand.

While :meth:`swf.actors.ActivityWorker.process` runs, the worker's :class:`Heartbeats`
calls :meth:`~swf.actors.ActivityContext.heartbeat` on the task's context every interval
(real time, :func:`time.monotonic`). It never raises into the worker: a failed heartbeat is
logged and tried again at the next tick; a heartbeat that finds the task gone (the context
turned :attr:`~swf.actors.ActivityContext.closed`: it timed out, or its execution closed)
stops the task's heartbeats; a ``cancelRequested`` answer marks the context
:attr:`~swf.actors.ActivityContext.cancel_requested`.

One long-lived thread serves all tasks of a worker, so taking a task costs no thread start
and finishing one no join: adding and removing a task are a lock and a notify.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from swf.actors._context import ActivityContext

__all__ = ["DEFAULT_INTERVAL", "MINIMUM_INTERVAL", "Heartbeats", "interval_for"]

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = timedelta(seconds=30)
"""The interval when the heartbeat timeout is unknown or ``NONE`` (heartbeats still carry
cancel requests), and the longest automatic interval."""

MINIMUM_INTERVAL = timedelta(milliseconds=10)
"""No heartbeat interval is shorter than this."""

Interval = timedelta | Callable[[], timedelta]
"""A fixed interval, or a callable computing it (called once, in the heartbeat thread)."""


def interval_for(heartbeat_timeout: timedelta | None) -> timedelta:
    """The automatic interval for a heartbeat timeout: a third of it, at most 30 s.

    >>> interval_for(timedelta(seconds=60))
    datetime.timedelta(seconds=20)
    >>> interval_for(None)
    datetime.timedelta(seconds=30)
    """
    if heartbeat_timeout is None or heartbeat_timeout <= timedelta(0):
        return DEFAULT_INTERVAL
    return max(MINIMUM_INTERVAL, min(DEFAULT_INTERVAL, heartbeat_timeout / 3))


class _Entry:
    __slots__ = ("context", "interval", "key", "seconds")

    def __init__(self, context: ActivityContext, interval: Interval) -> None:
        self.context = context
        self.interval = interval
        self.seconds: float | None = None
        self.key = -1


class Heartbeats:
    """Heartbeats for the tasks a worker has in hand, from one daemon thread.

    Each heartbeat is :meth:`ActivityContext.heartbeat` of the task's context, which handles
    the errors of the call. The thread starts with the first task and lives as long as the
    process (it is a daemon, idle while no task is in hand).

    ::

        heartbeats = Heartbeats()
        heartbeats.add(context, timedelta(seconds=10))
        try:
            result = worker.process(context.task)
        finally:
            heartbeats.remove(context)
    """

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._entries: dict[int, _Entry] = {}  # by key: one per add(), never reused
        self._keys: dict[int, int] = {}  # id(context) -> key
        self._due: list[tuple[float, int, int]] = []  # (due time, sequence, key)
        self._sequence = itertools.count()
        self._thread: threading.Thread | None = None

    def add(self, context: ActivityContext, interval: Interval) -> None:
        """Start heartbeating for ``context``'s task: the first heartbeat one interval from now."""
        entry = _Entry(context, interval)
        with self._lock:
            key = next(self._sequence)
            self._entries[key] = entry
            self._keys[id(context)] = key
            # an interval still to compute is computed by the thread at once
            first = 0.0
            if not callable(interval):
                entry.seconds = _seconds(interval)
                first = time.monotonic() + entry.seconds
            heapq.heappush(self._due, (first, next(self._sequence), key))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="heartbeats", daemon=True)
                self._thread.start()
            self._lock.notify()

    def remove(self, context: ActivityContext) -> None:
        """Stop heartbeating for ``context``'s task (a heartbeat in flight may still complete)."""
        with self._lock:
            key = self._keys.pop(id(context), None)
            if key is not None:
                self._entries.pop(key, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _run(self) -> None:
        while True:
            with self._lock:
                entry = self._next_due()
            if entry.seconds is None:
                entry.seconds = self._resolve(entry)
                self._schedule(entry, entry.seconds)
                continue
            context = entry.context
            if not context.closed:
                try:
                    context.heartbeat()
                except Exception:  # heartbeat() handles SWF's errors; this guards against bugs
                    log.exception("heartbeat of %r failed", context.task)
            if not context.closed:
                self._schedule(entry, entry.seconds)
            else:
                self.remove(context)

    def _next_due(self) -> _Entry:
        """Wait (holding the condition) until a live entry is due; pop and return it."""
        while True:
            while self._due and self._due[0][2] not in self._entries:
                heapq.heappop(self._due)  # removed meanwhile
            if not self._due:
                self._lock.wait()
                continue
            due, _, key = self._due[0]
            remaining = due - time.monotonic()
            if remaining > 0:
                self._lock.wait(remaining)
                continue
            heapq.heappop(self._due)
            entry = self._entries.get(key)
            if entry is not None:
                entry.key = key
                return entry

    def _schedule(self, entry: _Entry, seconds: float) -> None:
        with self._lock:
            if self._entries.get(entry.key) is entry:
                due = time.monotonic() + seconds
                heapq.heappush(self._due, (due, next(self._sequence), entry.key))

    def _resolve(self, entry: _Entry) -> float:
        interval = entry.interval
        if callable(interval):
            try:
                interval = interval()
            except Exception:
                log.exception("cannot compute the heartbeat interval of %r", entry.context.task)
                interval = DEFAULT_INTERVAL
        return _seconds(interval)


def _seconds(interval: timedelta) -> float:
    return max(MINIMUM_INTERVAL, interval).total_seconds()
