"""Time skipping: a manual clock that runs at real speed, and jumps to the next deadline
whenever nothing is runnable.

::

    with LocalSWF(time_skipping=True) as local:   # a ManualClock moved by a TimeSkipper
        ...   # a decider and a worker thread: a 30-day timer fires in a few milliseconds

*Runnable* is anything that could change the state without time passing. The service is idle,
and the clock jumps, only when all of these hold at two checks in a row (a few milliseconds
apart, with no request ending between them):

- no request in flight, except long polls parked waiting for a task (the normal idle state
  of pollers), and none ended less than ``grace`` real seconds ago (a client's next request
  after an answer counts); read-only requests (Describe, List, Count, Get) are not counted;
- no decision or activity task is started (a decider or worker works on it; the clock runs at
  real speed meanwhile, so its time-outs fire when they would in real time);
- no scheduled task has someone to take it: a poll on its task list running, or one that ended,
  or a task scheduled on that list, less than ``pickup`` real seconds ago (a worker between two
  polls, a poller still starting). A task on a list nobody polls does not hold time back: its
  schedule-to-start time-out fires after a jump.

A jump goes to the earliest deadline other than a retention purge (a test that reads a closed
execution's history must not see it purged because it paused); purges fire when time reaches
them. While the service is not idle, the clock follows real time, in steps of at most ``step``
real seconds.
"""

from __future__ import annotations

import logging
import threading
import time

from swf.local.clock import ManualClock
from swf.local.deadlines import Deadlines
from swf.local.service import Service
from swf.local.store import Store
from swf.local.waiters import Waiters

__all__ = ["READ_ONLY_PREFIXES", "TimeSkipper"]

log = logging.getLogger("swf.local.skipper")

#: Operations whose name starts so change nothing: they are not counted at all (a test that
#: polls DescribeWorkflowExecution in a loop must not hold time back).
READ_ONLY_PREFIXES = ("Describe", "List", "Count", "Get")

#: Deadline kinds a jump never targets (they still fire when time passes them).
_NOT_JUMPED_TO = ("retention",)


class TimeSkipper:
    """Moves a :class:`ManualClock`: at real speed while something is runnable, to the next
    deadline at once while nothing is (see the module's docstring for the rule).

    The server calls :meth:`request_started` and :meth:`request_ended` around every request.
    ``grace``: real seconds the service must stay idle before a jump; ``pickup``: real seconds a
    scheduled task counts as runnable after the last poll on (or task scheduled on) its list;
    ``step``: the longest real-time step the clock takes while not idle.
    """

    def __init__(
        self,
        clock: ManualClock,
        *,
        store: Store,
        service: Service,
        deadlines: Deadlines,
        waiters: Waiters,
        grace: float = 0.05,
        pickup: float = 1.0,
        step: float = 0.05,
    ) -> None:
        self.clock = clock
        self.grace = grace
        self.pickup = pickup
        self.step = step
        self._store = store
        self._service = service
        self._deadlines = deadlines
        self._waiters = waiters
        self._lock = threading.Lock()
        self._in_flight = 0
        self._last_change = time.monotonic()
        self._changes = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._ticked = threading.Condition()
        self._ticks = 0
        #: How many jumps the skipper made (for logs and tests).
        self.jumps = 0

    # -- from the server ---------------------------------------------------------------------

    def request_started(self) -> None:
        """A request that may change something arrived (not a Describe, List, Count, Get)."""
        with self._lock:
            self._in_flight += 1

    def request_ended(self) -> None:
        """A request was answered."""
        with self._lock:
            self._in_flight -= 1
            self._changed()

    def _changed(self) -> None:
        self._last_change = time.monotonic()
        self._changes += 1

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the skipper thread."""
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="swf-local-skipper", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the skipper thread (the clock stays where it is)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    # -- the rule ----------------------------------------------------------------------------

    def _requests_idle(self) -> tuple[bool, int]:
        """(no request in flight but parked polls, and none changed anything for ``grace``;
        the change counter)."""
        parked = self._waiters.parked_total()
        with self._lock:
            quiet = time.monotonic() - self._last_change >= self.grace
            return quiet and self._in_flight <= parked, self._changes

    def _tasks_idle(self) -> bool:
        """No task started, and no scheduled task that someone is there to take."""
        components = self._service.components
        polls = components.polls
        with self._store.transaction() as tx:
            if components.decision_tasks.any_started(tx):
                return False
            if components.activity_tasks.any_started(tx):
                return False
            decision_lists = components.decision_tasks.scheduled_task_lists(tx)
            activity_lists = components.activity_tasks.scheduled_task_lists(tx)
        for domain, task_list in decision_lists:
            if polls.takers(domain, "decision", task_list, within=self.pickup):
                return False
        for domain, task_list in activity_lists:
            if polls.takers(domain, "activity", task_list, within=self.pickup):
                return False
        return True

    def idle(self) -> bool:
        """Whether nothing is runnable at this moment (one check; a jump needs two)."""
        requests_idle, _ = self._requests_idle()
        return requests_idle and self._tasks_idle()

    # -- the thread --------------------------------------------------------------------------

    def _run(self) -> None:
        synced = time.monotonic()  # real time the clock was last brought up to
        idle_since: int | None = None  # the change counter at the first idle check
        tick = min(self.grace, self.step) / 2
        while not self._stop.wait(tick):
            try:
                synced, idle_since = self._tick(synced, idle_since)
            except Exception:
                if self._store.closed:
                    return
                log.exception("time skipper error")
            with self._ticked:
                self._ticks += 1
                self._ticked.notify_all()

    def wait_checks(self, count: int, *, timeout: float) -> bool:
        """Wait until the skipper has made ``count`` more checks (or ``timeout`` real seconds
        passed); True if it has. A test waits so to see what the skipper did not do."""
        with self._ticked:
            target = self._ticks + count
            return self._ticked.wait_for(lambda: self._ticks >= target, timeout)

    def _tick(self, synced: float, idle_since: int | None) -> tuple[float, int | None]:
        requests_idle, changes = self._requests_idle()
        if requests_idle and self._tasks_idle():
            target = self._deadlines.next_due(excluding=_NOT_JUMPED_TO)
            if target is None:
                # Nothing to jump to: the clock stands still and owes the real time since it
                # last moved (paid at the next move, as if it had run all along).
                return synced, None
            if idle_since is None or idle_since != changes:
                return synced, changes  # the first idle check: the next one confirms it
            now_real = time.monotonic()
            self._move(max(target - self.clock.now(), now_real - synced), jump=True)
            return now_real, None
        now_real = time.monotonic()
        if now_real - synced >= self.step:
            self._move(now_real - synced, jump=False)
            return now_real, None
        return synced, None

    def _move(self, seconds: float, *, jump: bool) -> None:
        if jump:
            self.jumps += 1
            log.debug("time skip: %.3f s", seconds)
        self.clock.advance(max(seconds, 0.0))  # fires the deadlines due, in this thread
        if jump:
            with self._lock:
                self._changed()  # what fired is news: give clients the grace period again
