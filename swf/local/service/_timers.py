"""Timers of SWF Local (table ``timers``): started by the StartTimer decision, fired by their
deadline (kind ``timer``, key ``<runId>|<timerId>``), canceled by CancelTimer or with their
execution."""

from __future__ import annotations

from collections.abc import Callable

from swf.local.deadlines import DeadlineHandler, Deadlines
from swf.local.service._decision_tasks import DecisionTasks
from swf.local.service._events import EventLog
from swf.local.service._wire import duration_seconds
from swf.local.store import Transaction

__all__ = ["DEADLINE", "Timers"]

#: The deadline kind of timers.
DEADLINE = "timer"


def _key(run_id: str, timer_id: str) -> str:
    return f"{run_id}|{timer_id}"


class Timers:
    """Start, cancel and fire timers."""

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS timers (
        run_id TEXT NOT NULL,
        timer_id TEXT NOT NULL,
        started_event_id INTEGER NOT NULL,
        control TEXT,
        PRIMARY KEY (run_id, timer_id)
    ) WITHOUT ROWID
    """

    def __init__(
        self,
        *,
        now: Callable[[], float],
        events: EventLog,
        decision_tasks: DecisionTasks,
        deadlines: Deadlines,
    ) -> None:
        self._now = now
        self._events = events
        self._decision_tasks = decision_tasks
        self._deadlines = deadlines

    def deadline_handlers(self) -> dict[str, DeadlineHandler]:
        """The deadline kind of timers and what fires it."""
        return {DEADLINE: self._fired}

    def started_event_id(self, tx: Transaction, run_id: str, timer_id: str) -> int | None:
        """The TimerStarted event of the open timer ``timer_id`` of ``run_id``, or None."""
        event_id: int | None = tx.scalar(
            "SELECT started_event_id FROM timers WHERE run_id = ? AND timer_id = ?",
            (run_id, timer_id),
        )
        return event_id

    def open_count(self, tx: Transaction, run_id: str) -> int:
        """Open timers of ``run_id``."""
        count: int = tx.scalar("SELECT COUNT(*) FROM timers WHERE run_id = ?", (run_id,))
        return count

    def start(
        self,
        tx: Transaction,
        run_id: str,
        timer_id: str,
        *,
        start_to_fire: str,
        control: str | None,
        completed: int,
    ) -> None:
        """Record TimerStarted and set the timer's deadline."""
        started = self._events.append(
            tx,
            run_id,
            "TimerStarted",
            {
                "timerId": timer_id,
                "control": control,
                "startToFireTimeout": start_to_fire,
                "decisionTaskCompletedEventId": completed,
            },
        )
        tx.execute(
            "INSERT INTO timers (run_id, timer_id, started_event_id, control) VALUES (?, ?, ?, ?)",
            (run_id, timer_id, started, control),
        )
        self._deadlines.schedule(
            tx, DEADLINE, _key(run_id, timer_id), self._now() + duration_seconds(start_to_fire)
        )

    def cancel(
        self, tx: Transaction, run_id: str, timer_id: str, *, started_event_id: int, completed: int
    ) -> None:
        """Record TimerCanceled for an open timer and forget it."""
        self._events.append(
            tx,
            run_id,
            "TimerCanceled",
            {
                "timerId": timer_id,
                "startedEventId": started_event_id,
                "decisionTaskCompletedEventId": completed,
            },
        )
        self._delete(tx, run_id, timer_id)

    def _delete(self, tx: Transaction, run_id: str, timer_id: str) -> None:
        tx.execute("DELETE FROM timers WHERE run_id = ? AND timer_id = ?", (run_id, timer_id))
        self._deadlines.cancel(tx, DEADLINE, _key(run_id, timer_id))

    def drop_all(self, tx: Transaction, run_id: str) -> None:
        """Forget the open timers of ``run_id`` (its execution closed)."""
        for timer in tx.all("SELECT timer_id FROM timers WHERE run_id = ?", (run_id,)):
            self._deadlines.cancel(tx, DEADLINE, _key(run_id, timer["timer_id"]))
        tx.execute("DELETE FROM timers WHERE run_id = ?", (run_id,))

    def _fired(self, tx: Transaction, key: str, due: float) -> None:
        """A timer fired: TimerFired, and the decider is asked."""
        run_id, timer_id = key.split("|", 1)
        started = self.started_event_id(tx, run_id, timer_id)
        if started is None:
            return
        self._events.append(
            tx, run_id, "TimerFired", {"timerId": timer_id, "startedEventId": started}
        )
        tx.execute("DELETE FROM timers WHERE run_id = ? AND timer_id = ?", (run_id, timer_id))
        self._decision_tasks.need(tx, run_id)
