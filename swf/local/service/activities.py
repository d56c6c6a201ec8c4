"""SWF Local: activity tasks.

PollForActivityTask (long polling; each task goes to exactly one poller, higher priority first,
FIFO within a priority), RespondActivityTaskCompleted / Failed / Canceled,
RecordActivityTaskHeartbeat and CountPendingActivityTasks. Activity tasks are scheduled by the
ScheduleActivityTask decision (decisions_apply.py); their timeouts fire in timeouts.py.
"""

from __future__ import annotations

import logging
from typing import Any

from swf.local.faults import UnknownResourceFault
from swf.local.service.executions import ACTIVITY_DEADLINE
from swf.local.service.executions_util import duration_seconds, one

log = logging.getLogger("swf.local.engine")

_Base: Any = object


class ActivityOps(_Base):
    """Activity tasks: poll, respond, heartbeat, count."""

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

    # -- timeouts --------------------------------------------------------------------------------

    @staticmethod
    def activity_timeouts(task: dict[str, Any]) -> list[tuple[float, str]]:
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

    def schedule_activity_deadline(self, tx: Any, task: dict[str, Any]) -> None:
        """(Re)schedule the one deadline row of an activity task at its earliest timeout."""
        pending = self.activity_timeouts(task)
        if pending:
            self.deadlines.schedule(tx, ACTIVITY_DEADLINE, task["token"], pending[0][0])
        else:
            self.deadlines.cancel(tx, ACTIVITY_DEADLINE, task["token"])

    # -- polling -------------------------------------------------------------------------------

    def poll_for_activity_task(self, params: dict[str, Any]) -> dict[str, Any]:
        """PollForActivityTask."""
        domain = params["domain"]
        task_list = params["taskList"]["name"]
        self.check_name("taskList.name", task_list)
        checked: list[bool] = []

        def claim() -> dict[str, Any] | None:
            first = not checked
            checked.append(True)
            return self._claim_activity_task(first, domain, task_list, params.get("identity"))

        with self.poller(domain, "activity", task_list):
            task = self.long_poll(domain, "activity", task_list, claim)
        if task is None:
            return {"startedEventId": 0}
        return task

    def _claim_activity_task(
        self, check_domain: bool, domain: str, task_list: str, identity: str | None
    ) -> dict[str, Any] | None:
        with self.write() as tx:
            if check_domain:  # on the first attempt only: one transaction less per poll
                self.require_domain(tx, domain)
            task = one(
                tx.execute(
                    "SELECT * FROM activity_tasks WHERE domain = ? AND task_list = ? "
                    "AND state = 'scheduled' ORDER BY priority DESC, seq LIMIT 1",
                    (domain, task_list),
                )
            )
            if task is None:
                return None
            started = self.append_event(
                tx,
                task["run_id"],
                "ActivityTaskStarted",
                {
                    "identity": identity,
                    "scheduledEventId": task["scheduled_event_id"],
                },
            )
            now = self.now()
            tx.execute(
                "UPDATE activity_tasks SET state = 'started', started_event_id = ?, started = ?, "
                "heartbeat_at = ? WHERE seq = ?",
                (started, now, now, task["seq"]),
            )
            token = task["token"]
            task.update(state="started", started=now, heartbeat_at=now)
            self.schedule_activity_deadline(tx, task)
        log.debug("activity task %s started by %s", token, identity)
        body: dict[str, Any] = {
            "taskToken": token,
            "activityId": task["activity_id"],
            "startedEventId": started,
            "workflowExecution": {"workflowId": task["workflow_id"], "runId": task["run_id"]},
            "activityType": {"name": task["type_name"], "version": task["type_version"]},
        }
        if task["input"] is not None:
            body["input"] = task["input"]
        return body

    # -- closing -------------------------------------------------------------------------------

    def started_activity_task(self, tx: Any, token: str) -> dict[str, Any]:
        """The started (open) activity task of ``token``; UnknownResourceFault otherwise."""
        task = one(
            tx.execute(
                "SELECT * FROM activity_tasks WHERE token = ? AND state = 'started'", (token,)
            )
        )
        if task is None:
            raise UnknownResourceFault(f"Unknown activity task, taskToken={token}")
        return task

    def close_activity_task(
        self, tx: Any, task: dict[str, Any], event_type: str, attributes: dict[str, Any]
    ) -> int:
        """Record the closing event of an activity task, forget the task, ask the decider."""
        event_id: int = self.append_event(tx, task["run_id"], event_type, attributes)
        tx.execute("DELETE FROM activity_tasks WHERE token = ?", (task["token"],))
        self.deadlines.cancel(tx, ACTIVITY_DEADLINE, task["token"])
        self.need_decision(tx, task["run_id"])
        return event_id

    def respond_activity_task_completed(self, params: dict[str, Any]) -> dict[str, Any]:
        """RespondActivityTaskCompleted."""
        with self.write() as tx:
            task = self.started_activity_task(tx, params["taskToken"])
            self.close_activity_task(
                tx,
                task,
                "ActivityTaskCompleted",
                {
                    "result": params.get("result"),
                    "scheduledEventId": task["scheduled_event_id"],
                    "startedEventId": task["started_event_id"],
                },
            )
        return {}

    def respond_activity_task_failed(self, params: dict[str, Any]) -> dict[str, Any]:
        """RespondActivityTaskFailed."""
        with self.write() as tx:
            task = self.started_activity_task(tx, params["taskToken"])
            self.close_activity_task(
                tx,
                task,
                "ActivityTaskFailed",
                {
                    "reason": params.get("reason"),
                    "details": params.get("details"),
                    "scheduledEventId": task["scheduled_event_id"],
                    "startedEventId": task["started_event_id"],
                },
            )
        return {}

    def respond_activity_task_canceled(self, params: dict[str, Any]) -> dict[str, Any]:
        """RespondActivityTaskCanceled (accepted whether or not a cancel was requested)."""
        with self.write() as tx:
            task = self.started_activity_task(tx, params["taskToken"])
            self.close_activity_task(
                tx,
                task,
                "ActivityTaskCanceled",
                {
                    "details": params.get("details"),
                    "scheduledEventId": task["scheduled_event_id"],
                    "startedEventId": task["started_event_id"],
                    "latestCancelRequestedEventId": task["cancel_event_id"],
                },
            )
        return {}

    def record_activity_task_heartbeat(self, params: dict[str, Any]) -> dict[str, Any]:
        """RecordActivityTaskHeartbeat: restarts the heartbeat timeout, keeps the details."""
        with self.write() as tx:
            task = self.started_activity_task(tx, params["taskToken"])
            if params.get("details") is not None:
                tx.execute(
                    "UPDATE activity_tasks SET details = ? WHERE token = ?",
                    (params["details"], task["token"]),
                )
            now = self.now()
            tx.execute(
                "UPDATE activity_tasks SET heartbeat_at = ? WHERE token = ?", (now, task["token"])
            )
            if task["heartbeat"] != "NONE":
                task["heartbeat_at"] = now
                self.schedule_activity_deadline(tx, task)
        return {"cancelRequested": bool(task["cancel_requested"])}

    def count_pending_activity_tasks(self, params: dict[str, Any]) -> dict[str, Any]:
        """CountPendingActivityTasks: scheduled, not yet started, activity tasks."""
        with self.store.transaction() as tx:
            self.require_domain(tx, params["domain"])
            count = tx.execute(
                "SELECT COUNT(*) FROM activity_tasks WHERE domain = ? AND task_list = ? "
                "AND state = 'scheduled'",
                (params["domain"], params["taskList"]["name"]),
            ).fetchone()[0]
        return {"count": count, "truncated": False}
