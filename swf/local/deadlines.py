"""Durable deadlines: every timeout, timer and retention purge is a row with a due time.

Operations schedule and cancel rows inside their transaction::

    deadlines.schedule(tx, "activity", task_token, due)
    deadlines.cancel(tx, "activity", task_token)

Each kind has one handler, given to :meth:`Deadlines.start` in a table (kind -> handler).
Firing takes the due rows in due order; each fires in its own transaction that deletes the row and
calls ``handler(tx, key, due)``. A handler that raises is logged, its transaction rolled back,
and the row dropped (so one bad row cannot wedge the scheduler); a row of a kind without a
handler is dropped too.

Who fires:
- with a clock that has ``subscribe`` (the :class:`~swf.local.clock.ManualClock`), the clock's
  ``advance``/``set`` fire everything due synchronously, before they return;
- otherwise a scheduler thread sleeps until the next due time (woken early when an earlier row is
  scheduled);
- a row scheduled already due fires right after the scheduling transaction commits, in that
  thread (deterministic with a manual clock);
- overdue rows fire at :meth:`Deadlines.start` (so a restart resumes everything).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Mapping

from swf.local.clock import Clock
from swf.local.store import Store, Transaction

__all__ = ["SCHEMA", "DeadlineHandler", "Deadlines"]

log = logging.getLogger("swf.local.deadlines")

SCHEMA = """
CREATE TABLE IF NOT EXISTS deadlines (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    due REAL NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX IF NOT EXISTS deadlines_due ON deadlines (due)
"""

#: What fires a deadline: ``handler(tx, key, due)``, in the transaction that removed its row.
DeadlineHandler = Callable[[Transaction, str, float], None]

_MAX_SLEEP = 60.0


class Deadlines:
    """The deadline table and its scheduler."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self._handlers: dict[str, DeadlineHandler] | None = None
        self._fire_lock = threading.RLock()
        self._local = threading.local()
        self._wake = threading.Condition()
        self._stopping = False
        self._kicked = False
        # The due time the scheduler thread sleeps until (None while it is busy): a newly
        # scheduled row wakes it only when it is due earlier than that.
        self._sleeping_until: float | None = None
        self._thread: threading.Thread | None = None
        with store.transaction() as tx:
            tx.executescript(SCHEMA)

    # -- inside operations -------------------------------------------------------------------

    def schedule(self, tx: Transaction, kind: str, key: str, due: float) -> None:
        """Schedule (or move) the deadline ``(kind, key)`` at ``due`` (epoch seconds)."""
        tx.execute(
            "INSERT INTO deadlines (kind, key, due) VALUES (?, ?, ?) "
            "ON CONFLICT (kind, key) DO UPDATE SET due = excluded.due",
            (kind, key, float(due)),
        )
        tx.after_commit(lambda: self._scheduled(float(due)))

    def cancel(self, tx: Transaction, kind: str, key: str) -> None:
        """Remove the deadline ``(kind, key)`` if it exists."""
        tx.execute("DELETE FROM deadlines WHERE kind = ? AND key = ?", (kind, key))

    def due_of(self, tx: Transaction, kind: str, key: str) -> float | None:
        """The due time of ``(kind, key)``, or None if no such deadline."""
        due = tx.scalar("SELECT due FROM deadlines WHERE kind = ? AND key = ?", (kind, key))
        return None if due is None else float(due)

    def next_due(self, *, excluding: Collection[str] = ()) -> float | None:
        """The earliest due time of all deadlines (but those of the kinds ``excluding``), or
        None if there is none."""
        marks = ", ".join("?" for _ in excluding)
        where = f" WHERE kind NOT IN ({marks})" if excluding else ""
        with self.store.transaction() as tx:
            due = tx.scalar(f"SELECT MIN(due) FROM deadlines{where}", tuple(excluding))
        return None if due is None else float(due)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self, handlers: Mapping[str, DeadlineHandler]) -> None:
        """Take the handler of each kind, fire overdue rows, then fire as time passes."""
        self._handlers = dict(handlers)
        self._stopping = False
        self.fire_due()
        subscribe = getattr(self.clock, "subscribe", None)
        if subscribe is not None:
            subscribe(self._on_clock)
        else:
            self._thread = threading.Thread(
                target=self._run, name="swf-local-deadlines", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        """Stop firing (rows stay in the table for the next start)."""
        unsubscribe = getattr(self.clock, "unsubscribe", None)
        if unsubscribe is not None:
            unsubscribe(self._on_clock)
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        with self._fire_lock:  # let a firing in progress finish
            self._handlers = None

    # -- firing ------------------------------------------------------------------------------

    def fire_due(self) -> int:
        """Fire every deadline due at the clock's current time; returns how many fired."""
        if getattr(self._local, "firing", False):
            return 0  # the outer loop in this thread picks new rows up
        fired = 0
        with self._fire_lock:
            self._local.firing = True
            try:
                while self._handlers is not None and not self.store.closed:
                    if not self._fire_one():
                        break
                    fired += 1
            finally:
                self._local.firing = False
        return fired

    def _fire_one(self) -> bool:
        now = self.clock.now()
        failed: tuple[str, str] | None = None
        try:
            with self.store.transaction() as tx:
                row = tx.one(
                    "SELECT kind, key, due FROM deadlines WHERE due <= ? "
                    "ORDER BY due, kind, key LIMIT 1",
                    (now,),
                )
                if row is None:
                    return False
                kind, key, due = row["kind"], row["key"], float(row["due"])
                tx.execute("DELETE FROM deadlines WHERE kind = ? AND key = ?", (kind, key))
                failed = (kind, key)
                handler = self._handlers.get(kind) if self._handlers is not None else None
                if handler is None:
                    log.warning("no handler for deadline kind %r (key %r): dropped", kind, key)
                else:
                    log.debug("firing deadline %s %s due %s", kind, key, due)
                    handler(tx, key, due)
            failed = None  # only once committed: a failing before-commit hook is the handler's too
        except Exception:
            if failed is None:
                raise
            log.exception("deadline handler %s for %r failed: row dropped", *failed)
            with self.store.transaction() as tx:
                tx.execute("DELETE FROM deadlines WHERE kind = ? AND key = ?", failed)
        return True

    def _on_clock(self, now: float) -> None:
        self.fire_due()

    def _scheduled(self, due: float) -> None:
        if due <= self.clock.now():
            self.fire_due()
        with self._wake:
            if self._sleeping_until is None or due < self._sleeping_until:
                self._kicked = True
                self._wake.notify_all()

    def _run(self) -> None:
        while True:
            with self._wake:
                if self._stopping:
                    return
                self._kicked = False
                self._sleeping_until = None
            try:
                self.fire_due()
                next_due = self.next_due()
            except Exception:
                log.exception("deadline scheduler error")
                next_due = None
            with self._wake:
                if self._stopping:
                    return
                if self._kicked:
                    continue
                now = self.clock.now()
                delay = _MAX_SLEEP if next_due is None else min(next_due - now, _MAX_SLEEP)
                if delay > 0:
                    self._sleeping_until = now + delay
                    self._wake.wait(timeout=delay)
                    self._sleeping_until = None
