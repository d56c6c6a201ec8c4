"""SWF Local: deadline handlers of the engine (timeouts, timers, retention).

The deadline scheduler (swf/local/deadlines.py) calls ``on_deadline_<kind>(tx, key, due)`` in a
transaction that has already deleted the deadline row. Every handler checks that what it would
time out is still in the state the deadline was set for (a closed task or execution leaves
nothing to do).
"""

from __future__ import annotations

import logging
from typing import Any

from swf.local.service.executions_util import one

log = logging.getLogger("swf.local.engine")

_Base: Any = object


class TimeoutOps(_Base):
    """Deadline handlers: decision and activity task timeouts, timers, execution timeout,
    retention purge."""

    # -- decision tasks ------------------------------------------------------------------------

    def _decision_timed_out(self, tx: Any, task: dict[str, Any], timeout_type: str) -> None:
        run_id = task["run_id"]
        self.append_event(
            tx,
            run_id,
            "DecisionTaskTimedOut",
            {
                "timeoutType": timeout_type,
                "scheduledEventId": task["scheduled_event_id"],
                "startedEventId": task["started_event_id"],
            },
        )
        tx.execute("DELETE FROM decision_tasks WHERE run_id = ?", (run_id,))
        self.deadlines.cancel(tx, "decision_start_to_close", task["token"])
        self.deadlines.cancel(tx, "decision_schedule_to_start", task["token"])
        # A temporary task list override ends with the first timed-out task.
        tx.execute(
            "UPDATE executions SET decision_task_list = NULL, decision_task_list_timeout = NULL "
            "WHERE run_id = ? AND decision_task_list_timeout IS NOT NULL",
            (run_id,),
        )
        self.schedule_decision_task(tx, run_id)
        self.enforce_event_limit(tx)

    def on_deadline_decision_start_to_close(self, tx: Any, key: str, due: float) -> None:
        """A started decision task was not completed in time: DecisionTaskTimedOut, a new task."""
        task = one(
            tx.execute("SELECT * FROM decision_tasks WHERE token = ? AND state = 'started'", (key,))
        )
        if task is not None:
            self._decision_timed_out(tx, task, "START_TO_CLOSE")

    def on_deadline_decision_schedule_to_start(self, tx: Any, key: str, due: float) -> None:
        """A decision task on an override task list was not taken in time."""
        task = one(
            tx.execute(
                "SELECT * FROM decision_tasks WHERE token = ? AND state = 'scheduled'", (key,)
            )
        )
        if task is not None:
            self._decision_timed_out(tx, task, "SCHEDULE_TO_START")

    # -- activity tasks ------------------------------------------------------------------------

    def on_deadline_activity(self, tx: Any, key: str, due: float) -> None:
        """The earliest pending timeout of an activity task is due: ActivityTaskTimedOut with
        its type (and the last heartbeat details), and the decider is asked."""
        task = one(tx.execute("SELECT * FROM activity_tasks WHERE token = ?", (key,)))
        if task is None:
            return
        pending = self.activity_timeouts(task)
        if not pending or pending[0][0] > due + 1e-6:
            self.schedule_activity_deadline(tx, task)  # moved meanwhile: wait for the new due
            return
        self.close_activity_task(
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
        self.enforce_event_limit(tx)

    # -- timers --------------------------------------------------------------------------------

    def on_deadline_timer(self, tx: Any, key: str, due: float) -> None:
        """A timer fired: TimerFired, and the decider is asked."""
        run_id, timer_id = key.split("|", 1)
        timer = one(
            tx.execute(
                "SELECT started_event_id FROM timers WHERE run_id = ? AND timer_id = ?",
                (run_id, timer_id),
            )
        )
        if timer is None:
            return
        self.append_event(
            tx,
            run_id,
            "TimerFired",
            {
                "timerId": timer_id,
                "startedEventId": timer["started_event_id"],
            },
        )
        tx.execute("DELETE FROM timers WHERE run_id = ? AND timer_id = ?", (run_id, timer_id))
        self.need_decision(tx, run_id)
        self.enforce_event_limit(tx)

    # -- executions ----------------------------------------------------------------------------

    def on_deadline_execution_start_to_close(self, tx: Any, key: str, due: float) -> None:
        """The execution ran out of time: WorkflowExecutionTimedOut, the child policy applies."""
        exe = self.execution(tx, key)
        if exe is None or exe["status"] != "OPEN":
            return
        self.close_execution(
            tx,
            exe,
            "TIMED_OUT",
            {
                "timeoutType": "START_TO_CLOSE",
                "childPolicy": exe["child_policy"],
            },
            child_policy=exe["child_policy"],
        )
        self.enforce_event_limit(tx)

    def on_deadline_retention(self, tx: Any, key: str, due: float) -> None:
        """The retention period of a closed execution is over: forget it."""
        self.purge_execution(tx, key)
