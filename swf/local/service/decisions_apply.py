"""SWF Local: the 13 decisions of RespondDecisionTaskCompleted.

Each decision records its success event(s) or its ``*Failed`` event with a cause; a failed
decision is not an API error. A failure event asks for a new decision task (the decider has to
learn about it), as do the outcomes that arrive later (timers firing, children closing, ...).
"""

from __future__ import annotations

from typing import Any, ClassVar

from swf.local.service.executions_util import (
    OPEN_ACTIVITIES_LIMIT,
    OPEN_CHILDREN_LIMIT,
    OPEN_TIMERS_LIMIT,
    WorkflowConfigUndefined,
    decision_attributes_key,
    duration_seconds,
    one,
    priority_value,
    resolve_workflow_config,
)

_Base: Any = object

#: Activity timeouts: decision member, activity-type default, cause when neither is given.
_ACTIVITY_DEFAULTS = (
    (
        "scheduleToCloseTimeout",
        "defaultTaskScheduleToCloseTimeout",
        "DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED",
    ),
    (
        "scheduleToStartTimeout",
        "defaultTaskScheduleToStartTimeout",
        "DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED",
    ),
    (
        "startToCloseTimeout",
        "defaultTaskStartToCloseTimeout",
        "DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED",
    ),
    ("heartbeatTimeout", "defaultTaskHeartbeatTimeout", "DEFAULT_HEARTBEAT_TIMEOUT_UNDEFINED"),
)


class DecisionApplyOps(_Base):
    """Applying decisions (mixed into the service through DecisionOps)."""

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS timers (
        run_id TEXT NOT NULL,
        timer_id TEXT NOT NULL,
        started_event_id INTEGER NOT NULL,
        control TEXT,
        PRIMARY KEY (run_id, timer_id)
    ) WITHOUT ROWID
    """

    def apply_decision(
        self, tx: Any, run_id: str, decision: dict[str, Any], *, completed: int, unhandled: bool
    ) -> None:
        """Apply one decision of a task whose DecisionTaskCompleted event is ``completed``.

        ``unhandled``: events arrived while the task was being worked on, so a closing
        decision fails with UNHANDLED_DECISION.
        """
        exe = self.execution(tx, run_id)
        if exe is None or exe["status"] != "OPEN":
            return
        decision_type = decision["decisionType"]
        attributes = decision.get(decision_attributes_key(decision_type)) or {}
        handler = getattr(self, f"_decide_{decision_type}")
        handler(tx, exe, attributes, completed, unhandled)

    def _failed(self, tx: Any, run_id: str, event_type: str, attributes: dict[str, Any]) -> None:
        self.append_event(tx, run_id, event_type, attributes)
        self.need_decision(tx, run_id)

    # -- activities ------------------------------------------------------------------------------

    def _decide_ScheduleActivityTask(
        self, tx: Any, exe: dict[str, Any], attrs: dict[str, Any], completed: int, _: bool
    ) -> None:
        run_id = exe["run_id"]
        activity_type = {
            "name": attrs["activityType"]["name"],
            "version": attrs["activityType"]["version"],
        }
        activity_id = attrs["activityId"]

        def fail(cause: str) -> None:
            self._failed(
                tx,
                run_id,
                "ScheduleActivityTaskFailed",
                {
                    "activityType": activity_type,
                    "activityId": activity_id,
                    "cause": cause,
                    "decisionTaskCompletedEventId": completed,
                },
            )

        type_row = self.get_type(
            tx, "activity", exe["domain"], activity_type["name"], activity_type["version"]
        )
        if type_row is None:
            return fail("ACTIVITY_TYPE_DOES_NOT_EXIST")
        if type_row["status"] != "REGISTERED":
            return fail("ACTIVITY_TYPE_DEPRECATED")
        if one(
            tx.execute(
                "SELECT 1 AS x FROM activity_tasks WHERE run_id = ? AND activity_id = ?",
                (run_id, activity_id),
            )
        ):
            return fail("ACTIVITY_ID_ALREADY_IN_USE")
        open_count = tx.execute(
            "SELECT COUNT(*) FROM activity_tasks WHERE run_id = ?", (run_id,)
        ).fetchone()[0]
        if open_count >= OPEN_ACTIVITIES_LIMIT:
            return fail("OPEN_ACTIVITIES_LIMIT_EXCEEDED")
        defaults = self.type_defaults(type_row)
        task_list = attrs.get("taskList") or defaults.get("defaultTaskList")
        if not task_list:
            return fail("DEFAULT_TASK_LIST_UNDEFINED")
        timeouts: dict[str, str] = {}
        for member, default_key, cause in _ACTIVITY_DEFAULTS:
            value = attrs.get(member) or defaults.get(default_key)
            if value is None:
                return fail(cause)
            timeouts[member] = value
        priority = attrs.get("taskPriority") or defaults.get("defaultTaskPriority")
        scheduled = self.append_event(
            tx,
            run_id,
            "ActivityTaskScheduled",
            {
                "activityType": activity_type,
                "activityId": activity_id,
                "input": attrs.get("input"),
                "control": attrs.get("control"),
                "scheduleToStartTimeout": timeouts["scheduleToStartTimeout"],
                "scheduleToCloseTimeout": timeouts["scheduleToCloseTimeout"],
                "startToCloseTimeout": timeouts["startToCloseTimeout"],
                "taskList": {"name": task_list["name"]},
                "taskPriority": priority,
                "decisionTaskCompletedEventId": completed,
                "heartbeatTimeout": timeouts["heartbeatTimeout"],
            },
        )
        token = self.new_id()
        now = self.now()
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
                task_list["name"],
                priority_value(priority),
                scheduled,
                activity_type["name"],
                activity_type["version"],
                attrs.get("input"),
                timeouts["scheduleToStartTimeout"],
                timeouts["scheduleToCloseTimeout"],
                timeouts["startToCloseTimeout"],
                timeouts["heartbeatTimeout"],
                now,
            ),
        )
        tx.execute("UPDATE executions SET latest_activity = ? WHERE run_id = ?", (now, run_id))
        self.schedule_activity_deadline(
            tx,
            {
                "token": token,
                "state": "scheduled",
                "scheduled": now,
                "schedule_to_start": timeouts["scheduleToStartTimeout"],
                "schedule_to_close": timeouts["scheduleToCloseTimeout"],
            },
        )
        domain, name = exe["domain"], task_list["name"]
        tx.after_commit(lambda: self.task_scheduled(domain, "activity", name))
        return None

    def _decide_RequestCancelActivityTask(
        self, tx: Any, exe: dict[str, Any], attrs: dict[str, Any], completed: int, _: bool
    ) -> None:
        run_id = exe["run_id"]
        activity_id = attrs["activityId"]
        task = one(
            tx.execute(
                "SELECT * FROM activity_tasks WHERE run_id = ? AND activity_id = ?",
                (run_id, activity_id),
            )
        )
        if task is None:
            self._failed(
                tx,
                run_id,
                "RequestCancelActivityTaskFailed",
                {
                    "activityId": activity_id,
                    "cause": "ACTIVITY_ID_UNKNOWN",
                    "decisionTaskCompletedEventId": completed,
                },
            )
            return
        requested = self.append_event(
            tx,
            run_id,
            "ActivityTaskCancelRequested",
            {
                "decisionTaskCompletedEventId": completed,
                "activityId": activity_id,
            },
        )
        if task["state"] == "scheduled":
            # Not taken by a worker yet: the service cancels it at once.
            self.close_activity_task(
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

    # -- closing decisions -------------------------------------------------------------------

    # Complete, Fail and Cancel: the close status each gives, and the decision's members its
    # closing event carries.
    _CLOSINGS: ClassVar[dict[str, tuple[str, tuple[str, ...]]]] = {
        "CompleteWorkflowExecution": ("COMPLETED", ("result",)),
        "FailWorkflowExecution": ("FAILED", ("reason", "details")),
        "CancelWorkflowExecution": ("CANCELED", ("details",)),
    }

    def _close_by_decision(
        self,
        decision_type: str,
        tx: Any,
        exe: dict[str, Any],
        attrs: dict[str, Any],
        completed: int,
        unhandled: bool,
    ) -> None:
        if unhandled:
            self._failed(
                tx,
                exe["run_id"],
                f"{decision_type}Failed",
                {
                    "cause": "UNHANDLED_DECISION",
                    "decisionTaskCompletedEventId": completed,
                },
            )
            return
        status, members = self._CLOSINGS[decision_type]
        attributes = {member: attrs.get(member) for member in members}
        attributes["decisionTaskCompletedEventId"] = completed
        self.close_execution(tx, exe, status, attributes)

    def _decide_CompleteWorkflowExecution(self, *args: Any) -> None:
        self._close_by_decision("CompleteWorkflowExecution", *args)

    def _decide_FailWorkflowExecution(self, *args: Any) -> None:
        self._close_by_decision("FailWorkflowExecution", *args)

    def _decide_CancelWorkflowExecution(self, *args: Any) -> None:
        self._close_by_decision("CancelWorkflowExecution", *args)

    def _decide_ContinueAsNewWorkflowExecution(
        self,
        tx: Any,
        exe: dict[str, Any],
        attrs: dict[str, Any],
        completed: int,
        unhandled: bool,
    ) -> None:
        run_id = exe["run_id"]

        def fail(cause: str) -> None:
            self._failed(
                tx,
                run_id,
                "ContinueAsNewWorkflowExecutionFailed",
                {
                    "cause": cause,
                    "decisionTaskCompletedEventId": completed,
                },
            )

        if unhandled:
            return fail("UNHANDLED_DECISION")
        workflow_type = {
            "name": exe["type_name"],
            "version": attrs.get("workflowTypeVersion") or exe["type_version"],
        }
        type_row = self.get_type(
            tx, "workflow", exe["domain"], workflow_type["name"], workflow_type["version"]
        )
        if type_row is None:
            return fail("WORKFLOW_TYPE_DOES_NOT_EXIST")
        if type_row["status"] != "REGISTERED":
            return fail("WORKFLOW_TYPE_DEPRECATED")
        try:
            config = resolve_workflow_config(self.type_defaults(type_row), attrs)
        except WorkflowConfigUndefined as undefined:
            return fail(undefined.cause)
        new_run_id = self.new_id()
        tags = list(attrs.get("tagList") or [])
        self.close_execution(
            tx,
            exe,
            "CONTINUED_AS_NEW",
            {
                "input": attrs.get("input"),
                "decisionTaskCompletedEventId": completed,
                "newExecutionRunId": new_run_id,
                "executionStartToCloseTimeout": config["executionStartToCloseTimeout"],
                "taskList": {"name": config["taskList"]["name"]},
                "taskPriority": config.get("taskPriority"),
                "taskStartToCloseTimeout": config["taskStartToCloseTimeout"],
                "childPolicy": config["childPolicy"],
                "tagList": tags or None,
                "workflowType": workflow_type,
                "lambdaRole": config.get("lambdaRole"),
            },
        )
        parent = None
        if exe["parent_run_id"]:
            parent = {
                "run_id": exe["parent_run_id"],
                "workflow_id": exe["parent_workflow_id"],
                "initiated_event_id": exe["parent_initiated_event_id"],
                "started_event_id": exe["parent_started_event_id"],
            }
        self.start_execution(
            tx,
            domain=exe["domain"],
            workflow_id=exe["workflow_id"],
            workflow_type=workflow_type,
            config=config,
            input=attrs.get("input"),
            tags=tags,
            parent=parent,
            continued_from=run_id,
            run_id=new_run_id,
        )
        return None

    # -- markers and timers ------------------------------------------------------------------

    def _decide_RecordMarker(
        self, tx: Any, exe: dict[str, Any], attrs: dict[str, Any], completed: int, _: bool
    ) -> None:
        self.append_event(
            tx,
            exe["run_id"],
            "MarkerRecorded",
            {
                "markerName": attrs["markerName"],
                "details": attrs.get("details"),
                "decisionTaskCompletedEventId": completed,
            },
        )

    def _decide_StartTimer(
        self, tx: Any, exe: dict[str, Any], attrs: dict[str, Any], completed: int, _: bool
    ) -> None:
        run_id = exe["run_id"]
        timer_id = attrs["timerId"]

        def fail(cause: str) -> None:
            self._failed(
                tx,
                run_id,
                "StartTimerFailed",
                {
                    "timerId": timer_id,
                    "cause": cause,
                    "decisionTaskCompletedEventId": completed,
                },
            )

        if one(
            tx.execute(
                "SELECT 1 AS x FROM timers WHERE run_id = ? AND timer_id = ?", (run_id, timer_id)
            )
        ):
            return fail("TIMER_ID_ALREADY_IN_USE")
        open_count = tx.execute(
            "SELECT COUNT(*) FROM timers WHERE run_id = ?", (run_id,)
        ).fetchone()[0]
        if open_count >= OPEN_TIMERS_LIMIT:
            return fail("OPEN_TIMERS_LIMIT_EXCEEDED")
        started = self.append_event(
            tx,
            run_id,
            "TimerStarted",
            {
                "timerId": timer_id,
                "control": attrs.get("control"),
                "startToFireTimeout": attrs["startToFireTimeout"],
                "decisionTaskCompletedEventId": completed,
            },
        )
        tx.execute(
            "INSERT INTO timers (run_id, timer_id, started_event_id, control) VALUES (?, ?, ?, ?)",
            (run_id, timer_id, started, attrs.get("control")),
        )
        self.deadlines.schedule(
            tx,
            "timer",
            f"{run_id}|{timer_id}",
            self.now() + duration_seconds(attrs["startToFireTimeout"]),
        )
        return None

    def _decide_CancelTimer(
        self, tx: Any, exe: dict[str, Any], attrs: dict[str, Any], completed: int, _: bool
    ) -> None:
        run_id = exe["run_id"]
        timer_id = attrs["timerId"]
        timer = one(
            tx.execute(
                "SELECT started_event_id FROM timers WHERE run_id = ? AND timer_id = ?",
                (run_id, timer_id),
            )
        )
        if timer is None:
            self._failed(
                tx,
                run_id,
                "CancelTimerFailed",
                {
                    "timerId": timer_id,
                    "cause": "TIMER_ID_UNKNOWN",
                    "decisionTaskCompletedEventId": completed,
                },
            )
            return
        self.append_event(
            tx,
            run_id,
            "TimerCanceled",
            {
                "timerId": timer_id,
                "startedEventId": timer["started_event_id"],
                "decisionTaskCompletedEventId": completed,
            },
        )
        tx.execute("DELETE FROM timers WHERE run_id = ? AND timer_id = ?", (run_id, timer_id))
        self.deadlines.cancel(tx, "timer", f"{run_id}|{timer_id}")

    # -- other executions --------------------------------------------------------------------

    def _external_target(
        self, tx: Any, exe: dict[str, Any], workflow_id: str, run_id: str | None
    ) -> dict[str, Any] | None:
        if run_id:
            target = one(
                tx.execute(
                    "SELECT * FROM executions WHERE run_id = ? AND domain = ? AND workflow_id = ?",
                    (run_id, exe["domain"], workflow_id),
                )
            )
        else:
            target = self.open_execution(tx, exe["domain"], workflow_id)
        if target is None or target["status"] != "OPEN":
            return None
        return target

    def _decide_SignalExternalWorkflowExecution(
        self, tx: Any, exe: dict[str, Any], attrs: dict[str, Any], completed: int, _: bool
    ) -> None:
        run_id = exe["run_id"]
        initiated = self.append_event(
            tx,
            run_id,
            "SignalExternalWorkflowExecutionInitiated",
            {
                "workflowId": attrs["workflowId"],
                "runId": attrs.get("runId"),
                "signalName": attrs["signalName"],
                "input": attrs.get("input"),
                "decisionTaskCompletedEventId": completed,
                "control": attrs.get("control"),
            },
        )
        target = self._external_target(tx, exe, attrs["workflowId"], attrs.get("runId"))
        if target is None:
            self._failed(
                tx,
                run_id,
                "SignalExternalWorkflowExecutionFailed",
                {
                    "workflowId": attrs["workflowId"],
                    "runId": attrs.get("runId"),
                    "cause": "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
                    "initiatedEventId": initiated,
                    "decisionTaskCompletedEventId": completed,
                    "control": attrs.get("control"),
                },
            )
            return
        self.append_event(
            tx,
            target["run_id"],
            "WorkflowExecutionSignaled",
            {
                "signalName": attrs["signalName"],
                "input": attrs.get("input"),
                "externalWorkflowExecution": self.execution_ref(exe),
                "externalInitiatedEventId": initiated,
            },
        )
        self.need_decision(tx, target["run_id"])
        self.append_event(
            tx,
            run_id,
            "ExternalWorkflowExecutionSignaled",
            {
                "workflowExecution": self.execution_ref(target),
                "initiatedEventId": initiated,
            },
        )
        self.need_decision(tx, run_id)

    def _decide_RequestCancelExternalWorkflowExecution(
        self, tx: Any, exe: dict[str, Any], attrs: dict[str, Any], completed: int, _: bool
    ) -> None:
        run_id = exe["run_id"]
        initiated = self.append_event(
            tx,
            run_id,
            "RequestCancelExternalWorkflowExecutionInitiated",
            {
                "workflowId": attrs["workflowId"],
                "runId": attrs.get("runId"),
                "decisionTaskCompletedEventId": completed,
                "control": attrs.get("control"),
            },
        )
        target = self._external_target(tx, exe, attrs["workflowId"], attrs.get("runId"))
        if target is None:
            self._failed(
                tx,
                run_id,
                "RequestCancelExternalWorkflowExecutionFailed",
                {
                    "workflowId": attrs["workflowId"],
                    "runId": attrs.get("runId"),
                    "cause": "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
                    "initiatedEventId": initiated,
                    "decisionTaskCompletedEventId": completed,
                    "control": attrs.get("control"),
                },
            )
            return
        self.record_cancel_request(
            tx,
            target["run_id"],
            {
                "externalWorkflowExecution": self.execution_ref(exe),
                "externalInitiatedEventId": initiated,
            },
        )
        self.append_event(
            tx,
            run_id,
            "ExternalWorkflowExecutionCancelRequested",
            {
                "workflowExecution": self.execution_ref(target),
                "initiatedEventId": initiated,
            },
        )
        self.need_decision(tx, run_id)

    def _decide_StartChildWorkflowExecution(
        self, tx: Any, exe: dict[str, Any], attrs: dict[str, Any], completed: int, _: bool
    ) -> None:
        run_id = exe["run_id"]
        workflow_type = {
            "name": attrs["workflowType"]["name"],
            "version": attrs["workflowType"]["version"],
        }
        workflow_id = attrs["workflowId"]

        def fail(cause: str, initiated: int = 0) -> None:
            self._failed(
                tx,
                run_id,
                "StartChildWorkflowExecutionFailed",
                {
                    "workflowType": workflow_type,
                    "cause": cause,
                    "workflowId": workflow_id,
                    "initiatedEventId": initiated,
                    "decisionTaskCompletedEventId": completed,
                    "control": attrs.get("control"),
                },
            )

        type_row = self.get_type(
            tx, "workflow", exe["domain"], workflow_type["name"], workflow_type["version"]
        )
        if type_row is None:
            return fail("WORKFLOW_TYPE_DOES_NOT_EXIST")
        if type_row["status"] != "REGISTERED":
            return fail("WORKFLOW_TYPE_DEPRECATED")
        open_children = tx.execute(
            "SELECT COUNT(*) FROM executions WHERE parent_run_id = ? AND status = 'OPEN'",
            (run_id,),
        ).fetchone()[0]
        if open_children >= OPEN_CHILDREN_LIMIT:
            return fail("OPEN_CHILDREN_LIMIT_EXCEEDED")
        if self.open_executions_full(tx, exe["domain"]):
            return fail("OPEN_WORKFLOWS_LIMIT_EXCEEDED")
        try:
            config = resolve_workflow_config(self.type_defaults(type_row), attrs)
        except WorkflowConfigUndefined as undefined:
            return fail(undefined.cause)
        tags = list(attrs.get("tagList") or [])
        initiated = self.append_event(
            tx,
            run_id,
            "StartChildWorkflowExecutionInitiated",
            {
                "workflowId": workflow_id,
                "workflowType": workflow_type,
                "control": attrs.get("control"),
                "input": attrs.get("input"),
                "executionStartToCloseTimeout": config["executionStartToCloseTimeout"],
                "taskList": {"name": config["taskList"]["name"]},
                "taskPriority": config.get("taskPriority"),
                "decisionTaskCompletedEventId": completed,
                "childPolicy": config["childPolicy"],
                "taskStartToCloseTimeout": config["taskStartToCloseTimeout"],
                "tagList": tags or None,
                "lambdaRole": config.get("lambdaRole"),
            },
        )
        if self.open_execution(tx, exe["domain"], workflow_id) is not None:
            return fail("WORKFLOW_ALREADY_RUNNING", initiated)
        child_run_id = self.start_execution(
            tx,
            domain=exe["domain"],
            workflow_id=workflow_id,
            workflow_type=workflow_type,
            config=config,
            input=attrs.get("input"),
            tags=tags,
            parent={
                "run_id": run_id,
                "workflow_id": exe["workflow_id"],
                "initiated_event_id": initiated,
            },
        )
        started = self.append_event(
            tx,
            run_id,
            "ChildWorkflowExecutionStarted",
            {
                "workflowExecution": {"workflowId": workflow_id, "runId": child_run_id},
                "workflowType": workflow_type,
                "initiatedEventId": initiated,
            },
        )
        tx.execute(
            "UPDATE executions SET parent_started_event_id = ? WHERE run_id = ?",
            (started, child_run_id),
        )
        self.need_decision(tx, run_id)
        return None

    # -- Lambda ------------------------------------------------------------------------------

    def _decide_ScheduleLambdaFunction(
        self, tx: Any, exe: dict[str, Any], attrs: dict[str, Any], completed: int, _: bool
    ) -> None:
        # SWF Local runs no Lambda functions: the region "has no Lambda service".
        self._failed(
            tx,
            exe["run_id"],
            "ScheduleLambdaFunctionFailed",
            {
                "id": attrs["id"],
                "name": attrs["name"],
                "cause": "LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION",
                "decisionTaskCompletedEventId": completed,
            },
        )
