"""The event log of SWF Local: every execution's history (table ``events``).

Event ids count from 1 in each history. The 25,000-event limit is a hook of the transaction: an
event past the limit (other than a closing one) registers a before-commit hook that calls the
handler given to :meth:`EventLog.on_limit_reached` (the lifecycle terminates the execution with
EVENT_LIMIT_EXCEEDED), once all of the operation's events are in.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from swf.local.service._wire import CLOSE_EVENTS, Limits, compact, make_event
from swf.local.store import Transaction

__all__ = ["EventLog", "LimitHandler"]

_CLOSE_EVENT_TYPES = frozenset(CLOSE_EVENTS.values())

#: Called as ``handler(tx, run_id)`` before ``tx`` commits when a history passed the limit.
LimitHandler = Callable[[Transaction, str], None]


class EventLog:
    """Append to and read the histories of executions."""

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS events (
        run_id TEXT NOT NULL,
        event_id INTEGER NOT NULL,
        event_type TEXT NOT NULL,
        timestamp REAL NOT NULL,
        attributes TEXT NOT NULL,
        PRIMARY KEY (run_id, event_id)
    ) WITHOUT ROWID
    """

    def __init__(self, *, now: Callable[[], float], limits: Limits) -> None:
        self._now = now
        self._limits = limits
        self._limit_handler: LimitHandler | None = None

    def on_limit_reached(self, handler: LimitHandler) -> None:
        """Set what happens to an execution whose history reached the limit."""
        self._limit_handler = handler

    def append(
        self, tx: Transaction, run_id: str, event_type: str, attributes: dict[str, Any]
    ) -> int:
        """Append an event to the history of ``run_id`` (``None`` attributes are left out);
        returns its event id."""
        event_id: int = tx.scalar(
            "INSERT INTO events (run_id, event_id, event_type, timestamp, attributes) "
            "SELECT ?, COALESCE(MAX(event_id), 0) + 1, ?, ?, ? FROM events WHERE run_id = ? "
            "RETURNING event_id",
            (
                run_id,
                event_type,
                self._now(),
                json.dumps(compact(attributes), separators=(",", ":")),
                run_id,
            ),
        )
        if event_id >= self._limits.events and event_type not in _CLOSE_EVENT_TYPES:
            handler = self._limit_handler
            if handler is not None:
                tx.before_commit(("event limit", run_id), lambda: handler(tx, run_id))
        return event_id

    def page(
        self,
        tx: Transaction,
        run_id: str,
        *,
        after: int,
        upto: int | None,
        reverse: bool,
        size: int,
    ) -> tuple[list[dict[str, Any]], int | None]:
        """Up to ``size`` events of ``run_id`` (as the wire carries them) past the cursor
        ``after`` and up to the event ``upto``, and the cursor of the next page (None on the
        last page). Ascending: ids above ``after``; reverse: ids below it, 0 meaning the end."""
        top = upto if upto is not None else 2**62
        if reverse:
            rows = tx.all(
                "SELECT event_id, event_type, timestamp, attributes FROM events "
                "WHERE run_id = ? AND event_id < ? AND event_id <= ? "
                "ORDER BY event_id DESC LIMIT ?",
                (run_id, after if after else top + 1, top, size + 1),
            )
        else:
            rows = tx.all(
                "SELECT event_id, event_type, timestamp, attributes FROM events "
                "WHERE run_id = ? AND event_id > ? AND event_id <= ? "
                "ORDER BY event_id LIMIT ?",
                (run_id, after, top, size + 1),
            )
        events = [
            make_event(int(r["event_id"]), r["event_type"], float(r["timestamp"]), r["attributes"])
            for r in rows[:size]
        ]
        return events, (events[-1]["eventId"] if len(rows) > size else None)

    def first_at_or_after(self, tx: Transaction, run_id: str, event_id: int) -> int | None:
        """The first event of ``run_id`` stamped at or after the time of event ``event_id``."""
        first: int | None = tx.scalar(
            "SELECT MIN(event_id) FROM events WHERE run_id = ? AND timestamp >= "
            "(SELECT timestamp FROM events WHERE run_id = ? AND event_id = ?)",
            (run_id, run_id, event_id),
        )
        return first

    def purge(self, tx: Transaction, run_id: str) -> None:
        """Forget the history of ``run_id``."""
        tx.execute("DELETE FROM events WHERE run_id = ?", (run_id,))
