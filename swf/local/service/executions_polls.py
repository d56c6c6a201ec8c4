"""SWF Local: long polls of the engine (PollForDecisionTask, PollForActivityTask).

A poll claims a task in a transaction; when there is none it waits, holding no lock and no
transaction, for the task list's generation to move (swf/local/waiters.py), until the hold time
(``poll_hold``, real seconds) runs out. The number of pollers per task list is limited.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from swf.local import hangup as hangups
from swf.local.faults import LimitExceededFault
from swf.local.service.executions_util import POLLERS_LIMIT

_Base: Any = object

T = TypeVar("T")


class _TaskHint:
    """How many tasks of one task list may be waiting (None: unknown), and a version that
    moves with every newly scheduled task."""

    __slots__ = ("available", "lock", "version")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.available: int | None = None
        self.version = 0


class LongPollOps(_Base):
    """Long polls: task hints, the poll loop, the pollers limit."""

    #: Concurrent polls per task list (LimitExceededFault beyond).
    POLLERS_LIMIT = POLLERS_LIMIT

    def _hint(self, key: tuple[str, str, str]) -> _TaskHint:
        hints: dict[tuple[str, str, str], _TaskHint] = self.__dict__.setdefault("_hints", {})
        hint = hints.get(key)
        if hint is None:
            hint = hints.setdefault(key, _TaskHint())
        return hint

    def task_scheduled(self, domain: str, kind: str, task_list: str) -> None:
        """After the commit of a newly scheduled task: count it, then wake the polls."""
        hint = self._hint((domain, kind, task_list))
        with hint.lock:
            if hint.available is not None:
                hint.available += 1
            hint.version += 1
        self.waiters.notify(domain, kind, task_list, count=1)

    def long_poll(
        self, domain: str, kind: str, task_list: str, claim: Callable[[], T | None]
    ) -> T | None:
        """Claim a task, waiting up to ``poll_hold`` real seconds for one to be scheduled.

        A woken poll runs its claim transaction only if it can reserve one of the tasks counted
        as available (so one new task does not send every idle poller to the database). The
        count starts unknown (every attempt claims: tasks left from before a restart are
        drained) and becomes exact at the first claim that finds nothing while no task was
        scheduled meanwhile; tasks that vanish otherwise (time-outs, closes) only make it high,
        which the next empty claim corrects. A poll's first attempt always claims.

        A poll whose client is gone (:mod:`swf.local.hangup`, set by the HTTP layer) claims
        nothing more and returns None at once: its answer would not be delivered.
        """
        hint = self._hint((domain, kind, task_list))
        deadline = time.monotonic() + self.poll_hold
        first = True
        hangup = hangups.current()
        while True:
            if hangup is not None and hangup.is_set:
                return None
            since = self.waiters.generation(domain, kind, task_list)
            with hint.lock:
                version = hint.version
                go = first or hint.available is None or hint.available > 0
                if not first and hint.available:
                    hint.available -= 1  # reserved
            first = False
            if go:
                task = claim()
                if task is not None:
                    return task
                with hint.lock:
                    if hint.version == version:
                        hint.available = 0
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.waiters.closed:
                return None
            if hangup is not None and not hangup.armed:
                hangup.subscribe(lambda: self.waiters.notify(domain, kind, task_list))
            self.waiters.wait(domain, kind, task_list, since, remaining)
            if self.waiters.closed:
                return None

    @contextlib.contextmanager
    def poller(self, domain: str, kind: str, task_list: str) -> Iterator[None]:
        """Count a poll on a task list while it waits (LimitExceededFault past the limit)."""
        lock: threading.Lock = self.__dict__.setdefault("_pollers_lock", threading.Lock())
        pollers: dict[tuple[str, str, str], int] = self.__dict__.setdefault("_pollers", {})
        key = (domain, kind, task_list)
        with lock:
            if pollers.get(key, 0) >= self.POLLERS_LIMIT:
                raise LimitExceededFault(
                    f"Too many pollers on task list {task_list} (at most {self.POLLERS_LIMIT})"
                )
            pollers[key] = pollers.get(key, 0) + 1
        try:
            yield
        finally:
            with lock:
                pollers[key] -= 1
                if not pollers[key]:
                    del pollers[key]
