"""SWF Local: decision tasks.

PollForDecisionTask (long polling; the history is paged, later pages come from polling again
with the ``nextPageToken``), RespondDecisionTaskCompleted (the decisions are validated as a batch
and applied in order, atomically with DecisionTaskCompleted) and CountPendingDecisionTasks.
An execution has at most one open (scheduled or started) decision task.
"""

from __future__ import annotations

import logging
from typing import Any

from swf.local.faults import UnknownResourceFault, ValidationException
from swf.local.service.base import ServiceBase
from swf.local.service.decisions_apply import DecisionApplyOps
from swf.local.service.executions_util import (
    DECISION_TOKEN_LIFETIME,
    MAX_DECISIONS,
    check_duration,
    decision_attributes_key,
    decode_token,
    one,
    page_size,
)

log = logging.getLogger("swf.local.engine")

#: Decisions whose attributes structure is required (the others have only optional members).
_ATTRIBUTES_REQUIRED = frozenset(
    {
        "ScheduleActivityTask",
        "RequestCancelActivityTask",
        "RecordMarker",
        "StartTimer",
        "CancelTimer",
        "SignalExternalWorkflowExecution",
        "RequestCancelExternalWorkflowExecution",
        "StartChildWorkflowExecution",
        "ScheduleLambdaFunction",
    }
)

#: Decision members holding names or ids under SWF's naming rule (ServiceBase.check_name).
_NAMED_MEMBERS = ("activityId", "timerId", "markerName", "workflowId", "signalName")

#: Decisions that close the execution: at most one, and last.
CLOSING_DECISIONS = frozenset(
    {
        "CompleteWorkflowExecution",
        "FailWorkflowExecution",
        "CancelWorkflowExecution",
        "ContinueAsNewWorkflowExecution",
    }
)


def validate_decisions(decisions: list[dict[str, Any]]) -> None:
    """Check a decision batch as a whole before any of it applies (ValidationException)."""
    if len(decisions) > MAX_DECISIONS:
        raise ValidationException(
            f"Too many decisions: {len(decisions)} (at most {MAX_DECISIONS} per task)"
        )
    for index, decision in enumerate(decisions):
        decision_type = decision["decisionType"]
        key = decision_attributes_key(decision_type)
        if decision_type in _ATTRIBUTES_REQUIRED and key not in decision:
            raise ValidationException(
                f"decisions.{index + 1}.member.{key} is required for a {decision_type} decision"
            )
        for other in decision:
            if other.endswith("DecisionAttributes") and other != key:
                raise ValidationException(
                    f"decisions.{index + 1}.member.{other} does not belong to a "
                    f"{decision_type} decision"
                )
        if decision_type in CLOSING_DECISIONS and index != len(decisions) - 1:
            raise ValidationException(
                f"A {decision_type} decision must be the last decision of the task"
            )
        attributes = decision.get(key) or {}
        for member in (
            "scheduleToCloseTimeout",
            "scheduleToStartTimeout",
            "startToCloseTimeout",
            "heartbeatTimeout",
            "executionStartToCloseTimeout",
            "taskStartToCloseTimeout",
        ):
            check_duration(attributes.get(member), member)
        if decision_type == "StartTimer":
            value = attributes["startToFireTimeout"]
            if not (value.isascii() and value.isdigit()):
                raise ValidationException(f"Invalid startToFireTimeout: {value!r} (whole seconds)")
        where = f"decisions.{index + 1}.member.{key}"
        for member in _NAMED_MEMBERS:
            if isinstance(attributes.get(member), str):
                ServiceBase.check_name(f"{where}.{member}", attributes[member])
        if isinstance(attributes.get("taskList"), dict):
            ServiceBase.check_name(f"{where}.taskList.name", attributes["taskList"]["name"])


class DecisionOps(DecisionApplyOps):
    """Decision tasks: poll, respond, count."""

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

    # -- polling -------------------------------------------------------------------------------

    def poll_for_decision_task(self, params: dict[str, Any]) -> dict[str, Any]:
        """PollForDecisionTask."""
        domain = params["domain"]
        task_list = params["taskList"]["name"]
        self.check_name("taskList.name", task_list)
        size = page_size(params.get("maximumPageSize"))
        reverse = bool(params.get("reverseOrder"))
        if params.get("nextPageToken"):
            return self._decision_task_page(params["nextPageToken"], size)
        checked: list[bool] = []

        def claim() -> dict[str, Any] | None:
            first = not checked
            checked.append(True)
            return self._claim_decision_task(
                first,
                domain,
                task_list,
                params.get("identity"),
                size,
                reverse,
                bool(params.get("startAtPreviousStartedEvent")),
            )

        with self.poller(domain, "decision", task_list):
            task = self.long_poll(domain, "decision", task_list, claim)
        if task is None:
            return {"previousStartedEventId": 0, "startedEventId": 0}
        return task

    def _claim_decision_task(
        self,
        check_domain: bool,
        domain: str,
        task_list: str,
        identity: str | None,
        size: int,
        reverse: bool,
        from_previous: bool,
    ) -> dict[str, Any] | None:
        with self.write() as tx:
            if check_domain:  # on the first attempt only: one transaction less per poll
                self.require_domain(tx, domain)
            task = one(
                tx.execute(
                    "SELECT * FROM decision_tasks WHERE domain = ? AND task_list = ? "
                    "AND state = 'scheduled' ORDER BY priority DESC, seq LIMIT 1",
                    (domain, task_list),
                )
            )
            if task is None:
                return None
            run_id = task["run_id"]
            started = self.append_event(
                tx,
                run_id,
                "DecisionTaskStarted",
                {
                    "identity": identity,
                    "scheduledEventId": task["scheduled_event_id"],
                },
            )
            tx.execute(
                "UPDATE decision_tasks SET state = 'started', started_event_id = ? WHERE seq = ?",
                (started, task["seq"]),
            )
            self.deadlines.cancel(tx, "decision_schedule_to_start", task["token"])
            exe = self.execution(tx, run_id)
            assert exe is not None
            self.schedule_timeout(tx, "decision_start_to_close", task["token"], exe["task_timeout"])
            previous = int(exe["prev_started"])
            after = 0
            if from_previous and previous and not reverse:
                # Events stamped at or after the previous DecisionTaskStarted.
                after = (
                    tx.execute(
                        "SELECT MIN(event_id) FROM events WHERE run_id = ? AND timestamp >= "
                        "(SELECT timestamp FROM events WHERE run_id = ? AND event_id = ?)",
                        (run_id, run_id, previous),
                    ).fetchone()[0]
                    or 1
                ) - 1
            base = {
                "k": "decision",
                "t": task["token"],
                "r": run_id,
                "s": started,
                "p": previous,
                "o": reverse,
            }
            events, next_token = self.event_page(
                tx,
                run_id,
                upto=started,
                reverse=reverse,
                size=size,
                after=after,
                token_base=base,
            )
        log.debug("decision task %s started by %s", task["token"], identity)
        return self._decision_task_body(base, exe, events, next_token)

    @staticmethod
    def _decision_task_body(
        base: dict[str, Any],
        exe: dict[str, Any],
        events: list[dict[str, Any]],
        next_token: str | None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "taskToken": base["t"],
            "startedEventId": base["s"],
            "workflowExecution": {"workflowId": exe["workflow_id"], "runId": exe["run_id"]},
            "workflowType": {"name": exe["type_name"], "version": exe["type_version"]},
            "events": events,
            "previousStartedEventId": base["p"],
        }
        if next_token:
            body["nextPageToken"] = next_token
        return body

    def _decision_task_page(self, page_token: str, size: int) -> dict[str, Any]:
        base = decode_token(
            page_token, kind="decision", now=self.now(), lifetime=DECISION_TOKEN_LIFETIME
        )
        after = int(base.pop("a"))
        with self.store.transaction() as tx:
            exe = self.execution(tx, base["r"])
            if exe is None:
                raise UnknownResourceFault("Unknown execution of the decision task")
            events, next_token = self.event_page(
                tx,
                base["r"],
                upto=int(base["s"]),
                reverse=bool(base["o"]),
                size=size,
                after=after,
                token_base=base,
            )
        return self._decision_task_body(base, exe, events, next_token)

    # -- completing ----------------------------------------------------------------------------

    def started_decision_task(self, tx: Any, token: str) -> dict[str, Any]:
        """The started decision task of ``token``; UnknownResourceFault otherwise."""
        task = one(
            tx.execute(
                "SELECT * FROM decision_tasks WHERE token = ? AND state = 'started'", (token,)
            )
        )
        if task is None:
            raise UnknownResourceFault(f"Unknown decision task, taskToken={token}")
        return task

    def respond_decision_task_completed(self, params: dict[str, Any]) -> dict[str, Any]:
        """RespondDecisionTaskCompleted."""
        decisions = list(params.get("decisions") or [])
        validate_decisions(decisions)
        override = params.get("taskList")
        if override:
            self.check_name("taskList.name", override["name"])
        override_timeout = params.get("taskListScheduleToStartTimeout")
        check_duration(override_timeout, "taskListScheduleToStartTimeout")
        with self.write() as tx:
            task = self.started_decision_task(tx, params["taskToken"])
            run_id = task["run_id"]
            exe = self.execution(tx, run_id)
            assert exe is not None
            unhandled = bool(exe["decision_needed"])
            completed = self.append_event(
                tx,
                run_id,
                "DecisionTaskCompleted",
                {
                    "executionContext": params.get("executionContext"),
                    "scheduledEventId": task["scheduled_event_id"],
                    "startedEventId": task["started_event_id"],
                    "taskList": override,
                    "taskListScheduleToStartTimeout": override_timeout,
                },
            )
            tx.execute(
                "UPDATE executions SET prev_started = ?, "
                "latest_context = COALESCE(?, latest_context) WHERE run_id = ?",
                (task["started_event_id"], params.get("executionContext"), run_id),
            )
            if override:
                tx.execute(
                    "UPDATE executions SET decision_task_list = ?, "
                    "decision_task_list_timeout = ? WHERE run_id = ?",
                    (override["name"], override_timeout, run_id),
                )
            self.deadlines.cancel(tx, "decision_start_to_close", task["token"])
            for decision in decisions:
                self.apply_decision(tx, run_id, decision, completed=completed, unhandled=unhandled)
            exe = self.execution(tx, run_id)
            assert exe is not None
            if exe["status"] == "OPEN":
                tx.execute("DELETE FROM decision_tasks WHERE run_id = ?", (run_id,))
                if exe["decision_needed"]:
                    self.schedule_decision_task(tx, run_id)
        return {}

    # -- counting ------------------------------------------------------------------------------

    def count_pending_decision_tasks(self, params: dict[str, Any]) -> dict[str, Any]:
        """CountPendingDecisionTasks: scheduled, not yet started, decision tasks."""
        with self.store.transaction() as tx:
            self.require_domain(tx, params["domain"])
            count = tx.execute(
                "SELECT COUNT(*) FROM decision_tasks WHERE domain = ? AND task_list = ? "
                "AND state = 'scheduled'",
                (params["domain"], params["taskList"]["name"]),
            ).fetchone()[0]
        return {"count": count, "truncated": False}
