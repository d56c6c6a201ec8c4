"""Activity tasks of SWF Local (table ``activity_tasks``).

Scheduled by the ScheduleActivityTask decision; each goes to exactly one poller, higher priority
first, first in within a priority; closed by the worker's answer (completed, failed, canceled),
by a cancel request before it was started, by a time-out, or with its execution. A task's four
time-outs (schedule-to-start, schedule-to-close, start-to-close, heartbeat) share one deadline
row (kind ``activity``), due at the earliest pending one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from swf.local.deadlines import DeadlineHandler, Deadlines
from swf.local.faults import UnknownResourceFault
from swf.local.service._decision_tasks import DecisionTasks
from swf.local.service._events import EventLog
from swf.local.service._executions import Executions
from swf.local.service._polls import LongPolls
from swf.local.service._wire import duration_seconds, new_id, priority_value
from swf.local.store import Row, Transaction

__all__ = ["DEADLINE", "ActivityTasks"]

log = logging.getLogger("swf.local.service")

#: The deadline kind of activity tasks (keyed by task token).
DEADLINE = "activity"


def pending_timeouts(task: Row) -> list[tuple[float, str]]:
    """The pending timeouts of an activity task: ``(due, timeoutType)``, earliest first.

    ``NONE`` timeouts are left out: they could not fire before the execution closes.
    """
    pending: list[tuple[float, str]] = []

    def add(since: float | None, duration: str, timeout_type: str) -> None:
        if since is not None and duration != "NONE":
            pending.append((since + duration_seconds(duration), timeout_type))

    if task["state"] == "scheduled":
        add(task["scheduled"], task["schedule_to_start"], "SCHEDULE_TO_START")
    add(task["scheduled"], task["schedule_to_close"], "SCHEDULE_TO_CLOSE")
    if task["state"] == "started":
        add(task["started"], task["start_to_close"], "START_TO_CLOSE")
        add(task["heartbeat_at"], task["heartbeat"], "HEARTBEAT")
    pending.sort()
    return pending


class ActivityTasks:
    """Schedule, claim, heartbeat, close and time out activity tasks."""

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS activity_tasks (
        seq INTEGER PRIMARY KEY,
        token TEXT NOT NULL UNIQUE,
        run_id TEXT NOT NULL,
        activity_id TEXT NOT NULL,
        domain TEXT NOT NULL,
        workflow_id TEXT NOT NULL,
        task_list TEXT NOT NULL,
        priority INTEGER NOT NULL,
        state TEXT NOT NULL,
        scheduled_event_id INTEGER NOT NULL,
        started_event_id INTEGER NOT NULL,
        type_name TEXT NOT NULL,
        type_version TEXT NOT NULL,
        input TEXT,
        schedule_to_start TEXT NOT NULL,
        schedule_to_close TEXT NOT NULL,
        start_to_close TEXT NOT NULL,
        heartbeat TEXT NOT NULL,
        scheduled REAL NOT NULL,
        started REAL,
        heartbeat_at REAL,
        details TEXT,
        cancel_requested INTEGER NOT NULL DEFAULT 0,
        cancel_event_id INTEGER,
        UNIQUE (run_id, activity_id)
    );
    CREATE INDEX IF NOT EXISTS activity_tasks_queue
        ON activity_tasks (domain, task_list, state, priority DESC, seq)
    """

    def __init__(
        self,
        *,
        now: Callable[[], float],
        events: EventLog,
        executions: Executions,
        decision_tasks: DecisionTasks,
        deadlines: Deadlines,
        polls: LongPolls,
    ) -> None:
        self._now = now
        self._events = events
        self._executions = executions
        self._decision_tasks = decision_tasks
        self._deadlines = deadlines
        self._polls = polls

    def deadline_handlers(self) -> dict[str, DeadlineHandler]:
        """The deadline kind of activity tasks and what fires it."""
        return {DEADLINE: self._timed_out}

    def _schedule_deadline(self, tx: Transaction, task: Row) -> None:
        """(Re)schedule the one deadline row of an activity task at its earliest timeout."""
        pending = pending_timeouts(task)
        if pending:
            self._deadlines.schedule(tx, DEADLINE, task["token"], pending[0][0])
        else:
            self._deadlines.cancel(tx, DEADLINE, task["token"])

    # -- scheduling ----------------------------------------------------------------------------

    def in_use(self, tx: Transaction, run_id: str, activity_id: str) -> bool:
        """True if ``run_id`` has an open activity task ``activity_id``."""
        return (
            tx.one(
                "SELECT 1 FROM activity_tasks WHERE run_id = ? AND activity_id = ?",
                (run_id, activity_id),
            )
            is not None
        )

    def open_count(self, tx: Transaction, run_id: str) -> int:
        """Open (scheduled or started) activity tasks of ``run_id``."""
        count: int = tx.scalar("SELECT COUNT(*) FROM activity_tasks WHERE run_id = ?", (run_id,))
        return count

    def schedule(
        self,
        tx: Transaction,
        exe: Row,
        *,
        activity_type: dict[str, str],
        activity_id: str,
        task_list: str,
        priority: str | None,
        timeouts: dict[str, str],
        input: str | None,
        control: str | None,
        completed: int,
    ) -> None:
        """Record ActivityTaskScheduled and queue the task (``timeouts``: the four resolved
        ``*Timeout`` members of the decision)."""
        run_id = exe["run_id"]
        scheduled = self._events.append(
            tx,
            run_id,
            "ActivityTaskScheduled",
            {
                "activityType": activity_type,
                "activityId": activity_id,
                "input": input,
                "control": control,
                "scheduleToStartTimeout": timeouts["scheduleToStartTimeout"],
                "scheduleToCloseTimeout": timeouts["scheduleToCloseTimeout"],
                "startToCloseTimeout": timeouts["startToCloseTimeout"],
                "taskList": {"name": task_list},
                "taskPriority": priority,
                "decisionTaskCompletedEventId": completed,
                "heartbeatTimeout": timeouts["heartbeatTimeout"],
            },
        )
        token = new_id()
        now = self._now()
        tx.execute(
            "INSERT INTO activity_tasks (token, run_id, activity_id, domain, workflow_id, "
            "task_list, priority, state, scheduled_event_id, started_event_id, type_name, "
            "type_version, input, schedule_to_start, schedule_to_close, start_to_close, "
            "heartbeat, scheduled) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                token,
                run_id,
                activity_id,
                exe["domain"],
                exe["workflow_id"],
                task_list,
                priority_value(priority),
                scheduled,
                activity_type["name"],
                activity_type["version"],
                input,
                timeouts["scheduleToStartTimeout"],
                timeouts["scheduleToCloseTimeout"],
                timeouts["startToCloseTimeout"],
                timeouts["heartbeatTimeout"],
                now,
            ),
        )
        self._executions.set_latest_activity(tx, run_id, now)
        self._schedule_deadline(
            tx,
            {
                "token": token,
                "state": "scheduled",
                "scheduled": now,
                "schedule_to_start": timeouts["scheduleToStartTimeout"],
                "schedule_to_close": timeouts["scheduleToCloseTimeout"],
            },
        )
        domain = exe["domain"]
        tx.after_commit(lambda: self._polls.task_scheduled(domain, "activity", task_list))

    def request_cancel(
        self, tx: Transaction, run_id: str, activity_id: str, *, completed: int
    ) -> bool:
        """The RequestCancelActivityTask decision: record ActivityTaskCancelRequested; a task
        not started yet is canceled at once, a started one learns it at its next heartbeat.
        False (nothing recorded) if ``run_id`` has no open task ``activity_id``."""
        task = tx.one(
            "SELECT * FROM activity_tasks WHERE run_id = ? AND activity_id = ?",
            (run_id, activity_id),
        )
        if task is None:
            return False
        requested = self._events.append(
            tx,
            run_id,
            "ActivityTaskCancelRequested",
            {"decisionTaskCompletedEventId": completed, "activityId": activity_id},
        )
        if task["state"] == "scheduled":
            self._close(
                tx,
                task,
                "ActivityTaskCanceled",
                {
                    "scheduledEventId": task["scheduled_event_id"],
                    "startedEventId": 0,
                    "latestCancelRequestedEventId": requested,
                },
            )
        else:
            tx.execute(
                "UPDATE activity_tasks SET cancel_requested = 1, cancel_event_id = ? "
                "WHERE token = ?",
                (requested, task["token"]),
            )
        return True

    # -- polling -------------------------------------------------------------------------------

    def claim(
        self, tx: Transaction, domain: str, task_list: str, *, identity: str | None
    ) -> dict[str, Any] | None:
        """Start the next scheduled activity task of a task list and answer the poll with it;
        None if there is none."""
        task = tx.one(
            "SELECT * FROM activity_tasks WHERE domain = ? AND task_list = ? "
            "AND state = 'scheduled' ORDER BY priority DESC, seq LIMIT 1",
            (domain, task_list),
        )
        if task is None:
            return None
        started = self._events.append(
            tx,
            task["run_id"],
            "ActivityTaskStarted",
            {"identity": identity, "scheduledEventId": task["scheduled_event_id"]},
        )
        now = self._now()
        tx.execute(
            "UPDATE activity_tasks SET state = 'started', started_event_id = ?, started = ?, "
            "heartbeat_at = ? WHERE seq = ?",
            (started, now, now, task["seq"]),
        )
        task.update(state="started", started=now, heartbeat_at=now)
        self._schedule_deadline(tx, task)
        log.debug("activity task %s... started by %s", task["token"][:8], identity)
        body: dict[str, Any] = {
            "taskToken": task["token"],
            "activityId": task["activity_id"],
            "startedEventId": started,
            "workflowExecution": {"workflowId": task["workflow_id"], "runId": task["run_id"]},
            "activityType": {"name": task["type_name"], "version": task["type_version"]},
        }
        if task["input"] is not None:
            body["input"] = task["input"]
        return body

    # -- the worker's answers ------------------------------------------------------------------

    def _started(self, tx: Transaction, token: str) -> Row:
        task = tx.one(
            "SELECT * FROM activity_tasks WHERE token = ? AND state = 'started'", (token,)
        )
        if task is None:
            raise UnknownResourceFault(f"Unknown activity task, taskToken={token}")
        return task

    def _close(
        self, tx: Transaction, task: Row, event_type: str, attributes: dict[str, Any]
    ) -> None:
        """Record the closing event of an activity task, forget the task, ask the decider."""
        self._events.append(tx, task["run_id"], event_type, attributes)
        tx.execute("DELETE FROM activity_tasks WHERE token = ?", (task["token"],))
        self._deadlines.cancel(tx, DEADLINE, task["token"])
        self._decision_tasks.need(tx, task["run_id"])

    def respond(
        self, tx: Transaction, token: str, event_type: str, members: dict[str, Any]
    ) -> None:
        """The worker's answer for the started task ``token`` (UnknownResourceFault if there
        is none): ``event_type`` (ActivityTaskCompleted, ...Failed, ...Canceled) with
        ``members`` and the task's event ids."""
        task = self._started(tx, token)
        attributes = {
            **members,
            "scheduledEventId": task["scheduled_event_id"],
            "startedEventId": task["started_event_id"],
        }
        if event_type == "ActivityTaskCanceled":
            attributes["latestCancelRequestedEventId"] = task["cancel_event_id"]
        self._close(tx, task, event_type, attributes)

    def heartbeat(self, tx: Transaction, token: str, details: str | None) -> bool:
        """A heartbeat of the started task ``token``: restarts its heartbeat timeout, keeps
        ``details``; returns whether a cancellation was requested."""
        task = self._started(tx, token)
        if details is not None:
            tx.execute("UPDATE activity_tasks SET details = ? WHERE token = ?", (details, token))
        now = self._now()
        tx.execute("UPDATE activity_tasks SET heartbeat_at = ? WHERE token = ?", (now, token))
        if task["heartbeat"] != "NONE":
            task["heartbeat_at"] = now
            self._schedule_deadline(tx, task)
        return bool(task["cancel_requested"])

    # -- the rest ------------------------------------------------------------------------------

    def drop_all(self, tx: Transaction, run_id: str) -> None:
        """Forget the open activity tasks of ``run_id`` (its execution closed)."""
        for token in tx.all("SELECT token FROM activity_tasks WHERE run_id = ?", (run_id,)):
            self._deadlines.cancel(tx, DEADLINE, token["token"])
        tx.execute("DELETE FROM activity_tasks WHERE run_id = ?", (run_id,))

    def any_started(self, tx: Transaction) -> bool:
        """True while any activity task, in any domain, is started (a worker works on it)."""
        return tx.one("SELECT 1 FROM activity_tasks WHERE state = 'started' LIMIT 1") is not None

    def scheduled_task_lists(self, tx: Transaction) -> list[tuple[str, str]]:
        """The ``(domain, task list)`` pairs with a scheduled (not yet started) activity task."""
        rows = tx.all(
            "SELECT DISTINCT domain, task_list FROM activity_tasks WHERE state = 'scheduled'"
        )
        return [(row["domain"], row["task_list"]) for row in rows]

    def any_open(self, tx: Transaction) -> bool:
        """True while any activity task, in any domain, is scheduled (a poll could take it) or
        started (a worker works on it)."""
        return tx.one("SELECT 1 FROM activity_tasks LIMIT 1") is not None

    def pending_count(self, tx: Transaction, domain: str, task_list: str) -> int:
        """Scheduled (not yet started) activity tasks of a task list."""
        count: int = tx.scalar(
            "SELECT COUNT(*) FROM activity_tasks WHERE domain = ? AND task_list = ? "
            "AND state = 'scheduled'",
            (domain, task_list),
        )
        return count

    def give_back(self, tx: Transaction, token: str) -> bool:
        """Time out the started task ``token`` at once (START_TO_CLOSE): its poll's answer could
        not be delivered, so the decider hears of it now rather than after the timeout. False
        if no such task is started."""
        task = tx.one(
            "SELECT * FROM activity_tasks WHERE token = ? AND state = 'started'", (token,)
        )
        if task is None:
            return False
        self._close(
            tx,
            task,
            "ActivityTaskTimedOut",
            {
                "timeoutType": "START_TO_CLOSE",
                "scheduledEventId": task["scheduled_event_id"],
                "startedEventId": task["started_event_id"],
                "details": task["details"],
            },
        )
        return True

    def _timed_out(self, tx: Transaction, key: str, due: float) -> None:
        """The earliest pending timeout of an activity task is due: ActivityTaskTimedOut with
        its type (and the last heartbeat details), and the decider is asked."""
        task = tx.one("SELECT * FROM activity_tasks WHERE token = ?", (key,))
        if task is None:
            return
        pending = pending_timeouts(task)
        if not pending or pending[0][0] > due + 1e-6:
            self._schedule_deadline(tx, task)  # moved meanwhile: wait for the new due
            return
        self._close(
            tx,
            task,
            "ActivityTaskTimedOut",
            {
                "timeoutType": pending[0][1],
                "scheduledEventId": task["scheduled_event_id"],
                "startedEventId": task["started_event_id"],
                "details": task["details"],
            },
        )
