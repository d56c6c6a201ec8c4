"""Decision tasks of SWF Local (table ``decision_tasks``).

An execution has at most one open decision task, ``scheduled`` or ``started``. Events a decider
must see schedule one (:meth:`DecisionTasks.need`): none open, one is scheduled; one scheduled,
the event is batched into it; one started, another is scheduled when it completes. A poll takes
the highest priority first, first in within a priority, and gets the history in pages (later
pages come from polling again with the ``nextPageToken``, valid 60 seconds).

Deadlines: ``decision_start_to_close`` (a started task not completed in time) and
``decision_schedule_to_start`` (a task on an override task list not taken in time); either
records DecisionTaskTimedOut and schedules a new task.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from swf.local.deadlines import DeadlineHandler, Deadlines
from swf.local.faults import UnknownResourceFault, ValidationException
from swf.local.service._events import EventLog
from swf.local.service._executions import Executions, execution_ref, workflow_type_ref
from swf.local.service._pages import (
    DECISION_TASK_TOKEN_LIFETIME,
    decode_token,
    encode_token,
    scope_of,
)
from swf.local.service._polls import LongPolls
from swf.local.service._wire import duration_seconds, new_id, priority_value
from swf.local.store import Row, Transaction

__all__ = ["SCHEDULE_TO_START", "START_TO_CLOSE", "DecisionTasks"]

log = logging.getLogger("swf.local.service")

#: Deadline kinds of decision tasks (keyed by task token).
START_TO_CLOSE = "decision_start_to_close"
SCHEDULE_TO_START = "decision_schedule_to_start"

#: What a page token of a decision task's history continues (its position says the rest).
_PAGE_SCOPE = scope_of("PollForDecisionTask")
_PAGE_MEMBERS = ("t", "r", "s", "p", "o", "a")


class DecisionTasks:
    """Schedule, claim, complete and time out decision tasks."""

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS decision_tasks (
        seq INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL UNIQUE,
        domain TEXT NOT NULL,
        task_list TEXT NOT NULL,
        priority INTEGER NOT NULL,
        state TEXT NOT NULL,
        scheduled_event_id INTEGER NOT NULL,
        started_event_id INTEGER NOT NULL,
        token TEXT NOT NULL UNIQUE,
        scheduled REAL NOT NULL
    );
    CREATE INDEX IF NOT EXISTS decision_tasks_queue
        ON decision_tasks (domain, task_list, state, priority DESC, seq)
    """

    def __init__(
        self,
        *,
        now: Callable[[], float],
        events: EventLog,
        executions: Executions,
        deadlines: Deadlines,
        polls: LongPolls,
    ) -> None:
        self._now = now
        self._events = events
        self._executions = executions
        self._deadlines = deadlines
        self._polls = polls

    def deadline_handlers(self) -> dict[str, DeadlineHandler]:
        """The deadline kinds of decision tasks and what fires them."""
        return {
            START_TO_CLOSE: self._start_to_close_timed_out,
            SCHEDULE_TO_START: self._schedule_to_start_timed_out,
        }

    # -- scheduling ----------------------------------------------------------------------------

    def need(self, tx: Transaction, run_id: str) -> None:
        """An event that a decider must see was recorded: make sure a decision task comes."""
        if not self._executions.is_open(tx, run_id):
            return
        state = tx.scalar("SELECT state FROM decision_tasks WHERE run_id = ?", (run_id,))
        if state is None:
            self.schedule(tx, run_id)
        elif state == "started":
            self._executions.set_decision_needed(tx, run_id, True)

    def schedule(self, tx: Transaction, run_id: str) -> None:
        """Record DecisionTaskScheduled and queue the task on its task list."""
        exe = self._executions.get(tx, run_id)
        assert exe is not None
        task_list = exe["decision_task_list"] or exe["task_list"]
        schedule_to_start = exe["decision_task_list_timeout"] if exe["decision_task_list"] else None
        event_id = self._events.append(
            tx,
            run_id,
            "DecisionTaskScheduled",
            {
                "taskList": {"name": task_list},
                "taskPriority": exe["task_priority"],
                "startToCloseTimeout": exe["task_timeout"],
                "scheduleToStartTimeout": schedule_to_start,
            },
        )
        token = new_id()
        tx.execute(
            "INSERT INTO decision_tasks (run_id, domain, task_list, priority, state, "
            "scheduled_event_id, started_event_id, token, scheduled) "
            "VALUES (?, ?, ?, ?, 'scheduled', ?, 0, ?, ?)",
            (
                run_id,
                exe["domain"],
                task_list,
                priority_value(exe["task_priority"]),
                event_id,
                token,
                self._now(),
            ),
        )
        self._executions.set_decision_needed(tx, run_id, False)
        self._schedule_timeout(tx, SCHEDULE_TO_START, token, schedule_to_start)
        domain = exe["domain"]
        tx.after_commit(lambda: self._polls.task_scheduled(domain, "decision", task_list))

    def _schedule_timeout(
        self, tx: Transaction, kind: str, token: str, duration: str | None
    ) -> None:
        # NONE schedules nothing: it means one year, and an execution ends within a year of
        # its start, so such a timeout could never fire before the execution has closed.
        if duration is None or duration == "NONE":
            return
        self._deadlines.schedule(tx, kind, token, self._now() + duration_seconds(duration))

    def drop(self, tx: Transaction, run_id: str) -> None:
        """Remove the decision task of ``run_id`` (if any) and its deadlines."""
        token = tx.scalar("SELECT token FROM decision_tasks WHERE run_id = ?", (run_id,))
        if token is not None:
            self._delete(tx, run_id, token)

    def _delete(self, tx: Transaction, run_id: str, token: str) -> None:
        tx.execute("DELETE FROM decision_tasks WHERE run_id = ?", (run_id,))
        self._deadlines.cancel(tx, START_TO_CLOSE, token)
        self._deadlines.cancel(tx, SCHEDULE_TO_START, token)

    # -- polling -------------------------------------------------------------------------------

    def claim(
        self,
        tx: Transaction,
        domain: str,
        task_list: str,
        *,
        identity: str | None,
        size: int,
        reverse: bool,
        from_previous: bool,
    ) -> dict[str, Any] | None:
        """Start the next scheduled decision task of a task list and answer the poll with its
        first history page; None if there is none."""
        task = tx.one(
            "SELECT * FROM decision_tasks WHERE domain = ? AND task_list = ? "
            "AND state = 'scheduled' ORDER BY priority DESC, seq LIMIT 1",
            (domain, task_list),
        )
        if task is None:
            return None
        run_id = task["run_id"]
        started = self._events.append(
            tx,
            run_id,
            "DecisionTaskStarted",
            {"identity": identity, "scheduledEventId": task["scheduled_event_id"]},
        )
        tx.execute(
            "UPDATE decision_tasks SET state = 'started', started_event_id = ? WHERE seq = ?",
            (started, task["seq"]),
        )
        self._deadlines.cancel(tx, SCHEDULE_TO_START, task["token"])
        exe = self._executions.get(tx, run_id)
        assert exe is not None
        self._schedule_timeout(tx, START_TO_CLOSE, task["token"], exe["task_timeout"])
        previous = int(exe["prev_started"])
        after = 0
        if from_previous and previous and not reverse:
            # Events stamped at or after the previous DecisionTaskStarted.
            after = (self._events.first_at_or_after(tx, run_id, previous) or 1) - 1
        position = {
            "t": task["token"],
            "r": run_id,
            "s": started,
            "p": previous,
            "o": reverse,
            "a": after,
        }
        log.debug("decision task %s... started by %s", task["token"][:8], identity)
        return self._page(tx, exe, position, size)

    def next_page(self, tx: Transaction, page_token: str, size: int) -> dict[str, Any]:
        """A later history page of a decision task (PollForDecisionTask with a token)."""
        position = decode_token(
            page_token, _PAGE_SCOPE, now=self._now(), lifetime=DECISION_TASK_TOKEN_LIFETIME
        )
        if not (isinstance(position, dict) and all(key in position for key in _PAGE_MEMBERS)):
            raise ValidationException("Invalid nextPageToken")
        exe = self._executions.get(tx, position["r"])
        if exe is None:
            raise UnknownResourceFault("Unknown execution of the decision task")
        return self._page(tx, exe, position, size)

    def _page(
        self, tx: Transaction, exe: Row, position: dict[str, Any], size: int
    ) -> dict[str, Any]:
        events, after = self._events.page(
            tx,
            exe["run_id"],
            after=int(position["a"]),
            upto=int(position["s"]),
            reverse=bool(position["o"]),
            size=size,
        )
        body: dict[str, Any] = {
            "taskToken": position["t"],
            "startedEventId": position["s"],
            "workflowExecution": execution_ref(exe),
            "workflowType": workflow_type_ref(exe),
            "events": events,
            "previousStartedEventId": position["p"],
        }
        if after is not None:
            body["nextPageToken"] = encode_token(
                _PAGE_SCOPE, {**position, "a": after}, issued=self._now()
            )
        return body

    # -- completing ----------------------------------------------------------------------------

    def complete(
        self,
        tx: Transaction,
        token: str,
        *,
        context: str | None,
        task_list: dict[str, Any] | None,
        task_list_timeout: str | None,
    ) -> tuple[str, int, bool]:
        """Record DecisionTaskCompleted for the started task ``token`` (UnknownResourceFault
        if there is none); returns the run id, the event's id, and whether events arrived
        while the task was worked on (then a closing decision fails: UNHANDLED_DECISION)."""
        task = tx.one(
            "SELECT * FROM decision_tasks WHERE token = ? AND state = 'started'", (token,)
        )
        if task is None:
            raise UnknownResourceFault(f"Unknown decision task, taskToken={token}")
        run_id = task["run_id"]
        exe = self._executions.get(tx, run_id)
        assert exe is not None
        completed = self._events.append(
            tx,
            run_id,
            "DecisionTaskCompleted",
            {
                "executionContext": context,
                "scheduledEventId": task["scheduled_event_id"],
                "startedEventId": task["started_event_id"],
                "taskList": task_list,
                "taskListScheduleToStartTimeout": task_list_timeout,
            },
        )
        self._executions.decision_completed(
            tx,
            run_id,
            started_event_id=task["started_event_id"],
            context=context,
            task_list=task_list["name"] if task_list else None,
            task_list_timeout=task_list_timeout,
        )
        self._deadlines.cancel(tx, START_TO_CLOSE, task["token"])
        return run_id, completed, bool(exe["decision_needed"])

    def finish(self, tx: Transaction, run_id: str) -> None:
        """After a completed task's decisions: forget the task, and schedule the next one if
        events came meanwhile (nothing to do when the decisions closed the execution)."""
        exe = self._executions.get(tx, run_id)
        assert exe is not None
        if exe["status"] == "OPEN":
            tx.execute("DELETE FROM decision_tasks WHERE run_id = ?", (run_id,))
            if exe["decision_needed"]:
                self.schedule(tx, run_id)

    # -- counting ------------------------------------------------------------------------------

    def pending_count(self, tx: Transaction, domain: str, task_list: str) -> int:
        """Scheduled (not yet started) decision tasks of a task list."""
        count: int = tx.scalar(
            "SELECT COUNT(*) FROM decision_tasks WHERE domain = ? AND task_list = ? "
            "AND state = 'scheduled'",
            (domain, task_list),
        )
        return count

    def any_started(self, tx: Transaction) -> bool:
        """True while any decision task, in any domain, is started (a decider works on it)."""
        return tx.one("SELECT 1 FROM decision_tasks WHERE state = 'started' LIMIT 1") is not None

    def scheduled_task_lists(self, tx: Transaction) -> list[tuple[str, str]]:
        """The ``(domain, task list)`` pairs with a scheduled (not yet started) decision task."""
        rows = tx.all(
            "SELECT DISTINCT domain, task_list FROM decision_tasks WHERE state = 'scheduled'"
        )
        return [(row["domain"], row["task_list"]) for row in rows]

    def any_open(self, tx: Transaction) -> bool:
        """True while any decision task, in any domain, is scheduled (a poll could take it) or
        started (a decider works on it)."""
        return tx.one("SELECT 1 FROM decision_tasks LIMIT 1") is not None

    def open_count(self, tx: Transaction, run_id: str) -> int:
        """Open (scheduled or started) decision tasks of ``run_id``: 0 or 1."""
        count: int = tx.scalar("SELECT COUNT(*) FROM decision_tasks WHERE run_id = ?", (run_id,))
        return count

    # -- time-outs -----------------------------------------------------------------------------

    def _timed_out(self, tx: Transaction, task: Row, timeout_type: str) -> None:
        run_id = task["run_id"]
        self._events.append(
            tx,
            run_id,
            "DecisionTaskTimedOut",
            {
                "timeoutType": timeout_type,
                "scheduledEventId": task["scheduled_event_id"],
                "startedEventId": task["started_event_id"],
            },
        )
        self._delete(tx, run_id, task["token"])
        # A temporary task list override ends with the first timed-out task.
        self._executions.end_temporary_task_list(tx, run_id)
        self.schedule(tx, run_id)

    def give_back(self, tx: Transaction, token: str) -> bool:
        """Time out the started task ``token`` at once (START_TO_CLOSE): its poll's answer could
        not be delivered, so the execution goes on now rather than after the timeout. False if
        no such task is started."""
        task = tx.one(
            "SELECT * FROM decision_tasks WHERE token = ? AND state = 'started'", (token,)
        )
        if task is None:
            return False
        self._timed_out(tx, task, "START_TO_CLOSE")
        return True

    def _start_to_close_timed_out(self, tx: Transaction, key: str, due: float) -> None:
        """A started decision task was not completed in time: DecisionTaskTimedOut, a new task."""
        task = tx.one("SELECT * FROM decision_tasks WHERE token = ? AND state = 'started'", (key,))
        if task is not None:
            self._timed_out(tx, task, "START_TO_CLOSE")

    def _schedule_to_start_timed_out(self, tx: Transaction, key: str, due: float) -> None:
        """A decision task on an override task list was not taken in time."""
        task = tx.one(
            "SELECT * FROM decision_tasks WHERE token = ? AND state = 'scheduled'", (key,)
        )
        if task is not None:
            self._timed_out(tx, task, "SCHEDULE_TO_START")
