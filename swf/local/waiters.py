"""Long-poll wake-ups: a generation counter and a condition per (domain, kind, task list).

A poll reads the generation, tries to claim a task, and if there is none waits for the
generation to move (holding no lock and no transaction)::

    gen = waiters.generation(domain, "activity", task_list)
    ... try to claim in a transaction ...
    waiters.wait(domain, "activity", task_list, since=gen, timeout=remaining)

or, simpler, ``waiters.poll(domain, kind, task_list, claim, hold=...)``, which runs that loop.
Scheduling a task calls ``tx.after_commit(lambda: waiters.notify(...))``. A wait is *parked*
while it waits: :meth:`Waiters.parked` counts them and :meth:`Waiters.wait_parked` waits for
them, so a test can schedule a task once the poll it means to wake is known to be waiting.
:meth:`Waiters.close` (at server stop) wakes every waiter; ``wait`` then returns at once and
``closed`` is True, so a poll loop must stop retrying.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

__all__ = ["Waiters"]

T = TypeVar("T")

_Key = tuple[str, str, str]


class _Slot:
    __slots__ = ("condition", "generation", "parked")

    def __init__(self, lock: threading.Lock) -> None:
        self.generation = 0
        self.parked = 0
        self.condition = threading.Condition(lock)


class Waiters:
    """Generations and conditions of long polls (real time, not the service clock)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._slots: dict[_Key, _Slot] = {}
        self._closed = False
        self._parked_total = 0
        # Notified whenever a wait parks, so that a test can schedule a task only once the
        # poll it means to wake is known to be waiting (see wait_parked).
        self._parked_changed = threading.Condition(self._lock)

    def _slot(self, key: _Key) -> _Slot:
        slot = self._slots.get(key)
        if slot is None:
            slot = self._slots[key] = _Slot(self._lock)
        return slot

    def generation(self, domain: str, kind: str, task_list: str) -> int:
        """The current generation of ``(domain, kind, task_list)``; ``kind``: decision|activity."""
        with self._lock:
            return self._slot((domain, kind, task_list)).generation

    def notify(self, domain: str, kind: str, task_list: str, *, count: int | None = None) -> None:
        """Move the generation on and wake the polls waiting on that task list: every one, or
        at most ``count`` (one new task needs one poll; waking all of them costs a thread
        switch each, for nothing).

        A woken poll always tries to claim before it waits again (the generation moved), even
        one whose wait was timing out at that moment, so waking one is enough for one task.
        """
        with self._lock:
            slot = self._slot((domain, kind, task_list))
            slot.generation += 1
            if count is None:
                slot.condition.notify_all()
            else:
                slot.condition.notify(count)

    def wait(self, domain: str, kind: str, task_list: str, since: int, timeout: float) -> bool:
        """Wait until the generation moves past ``since`` or ``timeout`` real seconds pass.

        Returns True if it moved, False on timeout or once the waiters are closed.
        """
        deadline = time.monotonic() + max(timeout, 0.0)
        with self._lock:
            slot = self._slot((domain, kind, task_list))
            while slot.generation == since:
                if self._closed:
                    return False
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                # Parked from here until woken: the lock is held until wait() releases it, so
                # whoever sees the count can be sure a notify now reaches this wait.
                slot.parked += 1
                self._parked_total += 1
                self._parked_changed.notify_all()
                try:
                    slot.condition.wait(remaining)
                finally:
                    slot.parked -= 1
                    self._parked_total -= 1
            return True

    def parked(self, domain: str, kind: str, task_list: str) -> int:
        """How many waits are parked on ``(domain, kind, task_list)`` at this moment."""
        with self._lock:
            slot = self._slots.get((domain, kind, task_list))
            return 0 if slot is None else slot.parked

    def parked_total(self) -> int:
        """How many waits are parked at this moment, on every task list together."""
        with self._lock:
            return self._parked_total

    def wait_parked(
        self, domain: str, kind: str, task_list: str, *, count: int = 1, timeout: float
    ) -> bool:
        """Wait until at least ``count`` waits are parked on ``(domain, kind, task_list)``, or
        ``timeout`` real seconds pass; True if they are.

        A parked wait is one a :meth:`notify` would wake: a test that schedules a task only
        after this returns True checks the wake-up itself, not a race with the poll's first
        look at the task list.
        """
        deadline = time.monotonic() + max(timeout, 0.0)
        with self._lock:
            slot = self._slot((domain, kind, task_list))
            while slot.parked < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._parked_changed.wait(remaining)
            return True

    def poll(
        self,
        domain: str,
        kind: str,
        task_list: str,
        claim: Callable[[], T | None],
        *,
        hold: float,
    ) -> T | None:
        """Call ``claim()`` until it returns a task or ``hold`` real seconds pass.

        ``claim`` runs its own transaction and returns None when there is nothing to take.
        Returns None (an empty poll) on time-out or when the waiters close.
        """
        deadline = time.monotonic() + hold
        while True:
            since = self.generation(domain, kind, task_list)
            task = claim()
            if task is not None:
                return task
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._closed:
                return None
            self.wait(domain, kind, task_list, since, remaining)
            if self._closed:
                return None

    @property
    def closed(self) -> bool:
        """True once :meth:`close` ran (the server is stopping)."""
        return self._closed

    def close(self) -> None:
        """Wake every waiter and make further waits return at once."""
        with self._lock:
            self._closed = True
            for slot in self._slots.values():
                slot.condition.notify_all()

    def open(self) -> None:
        """Accept waits again (after a restart of the same server object)."""
        with self._lock:
            self._closed = False
