"""The thread that runs a workflow's ``run()``, handing control back and forth with the engine.

Exactly one of the two runs at any time: the engine applies events and resolves futures while
the workflow thread waits; the workflow thread runs the user's code while the engine waits.
Control passes through two locks (a hand-off costs ~15 µs), so the workflow code is
deterministic although it runs in a thread of its own: it only ever runs between two points
the engine chose.

Why a thread: ``run()`` is plain synchronous code that calls ``future.result()`` anywhere,
however deep; suspending it there and resuming it later (when a new decision task resolves the
future) needs a stack of its own. A live thread per workflow instance keeps ``run()`` where it
stopped, so a later decision task can apply only its new events (the sticky path) instead of
running ``run()`` again from the start.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from swf.flow._runtime import set_current_instance
from swf.flow.errors import FlowError

__all__ = ["ContinueAsNewRequest", "Evicted", "WorkflowAborted", "WorkflowThread"]

log = logging.getLogger(__name__)

RUN_TIMEOUT = 10.0
"""Seconds the workflow code may run without reaching a suspension point (a ``result()`` on an
unresolved future): longer means it blocks on something else (I/O, ``time.sleep``, a lock)."""

_EVICT_TRIES = 5


class Evicted(BaseException):
    """Raised inside ``run()`` to unwind it when its instance is torn down.

    A :class:`BaseException`, so that ``except Exception`` in workflow code does not stop it.
    """


class WorkflowAborted(BaseException):
    """Raised inside ``run()`` when the engine found the code diverging from the history."""


class ContinueAsNewRequest(BaseException):
    """Raised by ``continue_as_new()``: unwinds ``run()``; the engine closes the run."""

    def __init__(self, input: str | None) -> None:
        super().__init__("continue as new")
        self.input = input


class WorkflowThread:
    """Runs ``target`` (``run()``) in a thread that only moves when the engine lets it."""

    def __init__(self, instance: Any, target: Callable[[], Any], *, name: str) -> None:
        self._instance = instance
        self._target = target
        self._go = threading.Lock()
        self._go.acquire()
        self._back = threading.Lock()
        self._back.acquire()
        self.name = name
        self._interrupt: BaseException | None = None
        self._stuck = False
        self.started = False
        self.finished = False
        self.value: Any = None
        self.error: BaseException | None = None
        self.waiting_on: Callable[[], bool] | None = None

    # -- engine side ---------------------------------------------------------------------------

    def start(self, *, timeout: float | None = None) -> None:
        """Start ``run()``; return when it suspends or ends."""
        self.started = True
        _POOL.run(self)
        self._wait(timeout)

    def resume(
        self, interrupt: BaseException | None = None, *, timeout: float | None = None
    ) -> None:
        """Let ``run()`` go on from its suspension (raising ``interrupt`` there, if given);
        return when it suspends again or ends."""
        if self.finished or not self.started:
            return
        self._interrupt = interrupt
        self._go.release()
        self._wait(timeout)

    def ready(self) -> bool:
        """Whether what the suspended code waits for has happened."""
        waiting_on = self.waiting_on
        return waiting_on is not None and bool(waiting_on())

    def evict(self) -> None:
        """Unwind ``run()`` (``Evicted`` raised at its suspension); its thread is free again
        when this returns."""
        if not self.started or self.finished or self._stuck:
            return
        for _ in range(_EVICT_TRIES):
            try:
                self.resume(Evicted())
            except FlowError:
                log.error("workflow code of %s did not unwind; its thread is abandoned", self.name)
                return
            if self.finished:
                return
        log.error("workflow code of %s keeps catching its eviction; abandoned", self.name)
        self._stuck = True

    def _wait(self, timeout: float | None) -> None:
        if timeout is None:
            timeout = RUN_TIMEOUT
        if not self._back.acquire(timeout=timeout):
            self._stuck = True
            raise FlowError(
                f"workflow code ran for {timeout:g} s without reaching a suspension point: "
                "it blocks on something that is not a flow call (I/O, time.sleep, a lock?); "
                "workflow code may only wait through futures, self.sleep() and wait()"
            )

    # -- workflow side -------------------------------------------------------------------------

    def suspend(self, ready: Callable[[], bool]) -> None:
        """Called in the workflow thread: wait for the engine; raise an interrupt if given."""
        if self._stuck:
            raise Evicted()
        self.waiting_on = ready
        self._back.release()
        self._go.acquire()
        self.waiting_on = None
        interrupt, self._interrupt = self._interrupt, None
        if interrupt is not None:
            raise interrupt
        if self._stuck:
            raise Evicted()

    def main(self) -> None:
        """Run ``run()`` in the calling thread (a carrier of the pool); then
        :meth:`hand_back` tells the engine it ended."""
        set_current_instance(self._instance)
        try:
            self.value = self._target()
        except Evicted:
            pass
        except BaseException as error:
            self.error = error
        finally:
            set_current_instance(None)
            self.finished = True
            self.waiting_on = None

    def hand_back(self) -> None:
        """Give control back to the engine for the last time."""
        self._back.release()


class _Carrier:
    """A daemon thread that runs one workflow thread's ``run()`` after another."""

    def __init__(self, pool: _Pool) -> None:
        self._pool = pool
        self._ready = threading.Lock()
        self._ready.acquire()
        self._job: WorkflowThread | None = None
        self._thread = threading.Thread(target=self._loop, name="swf-flow-idle", daemon=True)
        self._thread.start()

    def give(self, job: WorkflowThread) -> None:
        self._job = job
        self._ready.release()

    def _loop(self) -> None:
        while True:
            self._ready.acquire()
            job, self._job = self._job, None
            if job is None:
                return
            self._thread.name = job.name
            try:
                job.main()
            finally:
                self._thread.name = "swf-flow-idle"
                # parked before the engine goes on, so that its next job finds this carrier
                parked = self._pool.park(self)
                job.hand_back()
            if not parked:
                return


class _Pool:
    """Idle carriers, so that a decision task does not start (and join) a thread."""

    def __init__(self, keep: int) -> None:
        self._keep = keep
        self._idle: list[_Carrier] = []
        self._lock = threading.Lock()

    def run(self, job: WorkflowThread) -> None:
        with self._lock:
            carrier = self._idle.pop() if self._idle else None
        if carrier is None:
            carrier = _Carrier(self)
        carrier.give(job)

    def park(self, carrier: _Carrier) -> bool:
        """Keep ``carrier`` for a later job; ``False`` when enough are idle (it ends)."""
        with self._lock:
            if len(self._idle) >= self._keep:
                return False
            self._idle.append(carrier)
            return True


_POOL = _Pool(keep=8)
