"""Long polls of SWF Local (PollForDecisionTask, PollForActivityTask); no table of their own.

A poll claims a task in a transaction; when there is none it waits, holding no lock and no
transaction, for the task list's generation to move (swf/local/waiters.py), until the hold time
(:attr:`LongPolls.hold`, real seconds) runs out. The number of polls per task list is limited.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from typing import Literal, TypeVar

from swf.local import hangup as hangups
from swf.local.faults import LimitExceededFault
from swf.local.service._wire import Limits
from swf.local.waiters import Waiters

__all__ = ["LongPolls", "TaskKind"]

T = TypeVar("T")

#: The two kinds of task lists.
TaskKind = Literal["decision", "activity"]

_Key = tuple[str, str, str]


class _TaskHint:
    """How many tasks of one task list may be waiting (None: unknown), and a version that
    moves with every newly scheduled task."""

    __slots__ = ("available", "lock", "version")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.available: int | None = None
        self.version = 0


class LongPolls:
    """Task hints, the poll loop and the pollers limit, over :class:`Waiters`."""

    def __init__(self, waiters: Waiters, *, hold: float, limits: Limits) -> None:
        self.waiters = waiters
        #: How long a poll waits for a task before answering empty (real seconds).
        self.hold = hold
        self._limits = limits
        self._hints: dict[_Key, _TaskHint] = {}
        self._pollers: dict[_Key, int] = {}
        self._pollers_lock = threading.Lock()
        # Real (monotonic) time a poll last began or ended, and a task was last scheduled, per
        # task list: what time skipping reads to tell a task someone will take (see takers).
        self._last_poll: dict[_Key, float] = {}
        self._last_scheduled: dict[_Key, float] = {}

    def _hint(self, key: _Key) -> _TaskHint:
        hint = self._hints.get(key)
        if hint is None:
            hint = self._hints.setdefault(key, _TaskHint())
        return hint

    def task_scheduled(self, domain: str, kind: TaskKind, task_list: str) -> None:
        """After the commit of a newly scheduled task: count it, then wake one poll."""
        key = (domain, kind, task_list)
        hint = self._hint(key)
        with hint.lock:
            if hint.available is not None:
                hint.available += 1
            hint.version += 1
        self._last_scheduled[key] = time.monotonic()
        self.waiters.notify(domain, kind, task_list, count=1)

    def poll(
        self, domain: str, kind: TaskKind, task_list: str, claim: Callable[[bool], T | None]
    ) -> T | None:
        """Claim a task, waiting up to :attr:`hold` real seconds for one to be scheduled.

        ``claim(first)`` runs its own transaction and returns None when there is nothing to
        take; ``first`` is True on the poll's first attempt only.

        A woken poll runs its claim transaction only if it can reserve one of the tasks counted
        as available (so one new task does not send every idle poller to the database). The
        count starts unknown (every attempt claims: tasks left from before a restart are
        drained) and becomes exact at the first claim that finds nothing while no task was
        scheduled meanwhile; tasks that vanish otherwise (time-outs, closes) only make it high,
        which the next empty claim corrects. A poll's first attempt always claims.

        A poll whose client is gone (:mod:`swf.local.hangup`, set by the HTTP layer) claims
        nothing more and returns None at once: its answer would not be delivered.
        """
        key = (domain, kind, task_list)
        with self._counted(key):
            return self._poll(key, claim)

    def _poll(self, key: _Key, claim: Callable[[bool], T | None]) -> T | None:
        domain, kind, task_list = key
        hint = self._hint(key)
        deadline = time.monotonic() + self.hold
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
            if go:
                task = claim(first)
                if task is not None:
                    return task
                with hint.lock:
                    if hint.version == version:
                        hint.available = 0
            first = False
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.waiters.closed:
                return None
            if hangup is not None and not hangup.armed:
                hangup.subscribe(lambda: self.waiters.notify(domain, kind, task_list))
            self.waiters.wait(domain, kind, task_list, since, remaining)
            if self.waiters.closed:
                return None

    @contextlib.contextmanager
    def _counted(self, key: _Key) -> Iterator[None]:
        """Count a poll on a task list while it runs (LimitExceededFault past the limit)."""
        limit = self._limits.pollers
        with self._pollers_lock:
            if self._pollers.get(key, 0) >= limit:
                raise LimitExceededFault(
                    f"Too many pollers on task list {key[2]} (at most {limit})"
                )
            self._pollers[key] = self._pollers.get(key, 0) + 1
            self._last_poll[key] = time.monotonic()
        try:
            yield
        finally:
            with self._pollers_lock:
                self._pollers[key] -= 1
                if not self._pollers[key]:
                    del self._pollers[key]
                self._last_poll[key] = time.monotonic()

    def takers(self, domain: str, kind: TaskKind, task_list: str, *, within: float) -> bool:
        """Whether a task scheduled on this task list has someone to take it: a poll on it is
        running (parked or not), or one ended, or a task was scheduled on it, less than
        ``within`` real seconds ago (a worker between two polls; a poller still starting)."""
        key = (domain, kind, task_list)
        with self._pollers_lock:
            if self._pollers.get(key):
                return True
            last = max(self._last_poll.get(key, -within), self._last_scheduled.get(key, -within))
        return time.monotonic() - last < within
