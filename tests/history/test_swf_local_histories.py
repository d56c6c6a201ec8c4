"""Histories SWF Local produces parse into typed events and compile to the expected states.

47 of the 54 event types appear (not the 6 Lambda ones nor RecordMarkerFailed, which SWF
Local never produces).

A small set of executions runs on SWF Local over real HTTP (fixtures of the ``swf.testing``
plugin) with decisions made by :mod:`swf.decisions` builders; time moves on the manual clock.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from swf.decisions import (
    CancelTimer,
    CancelWorkflowExecution,
    CompleteWorkflowExecution,
    ContinueAsNewWorkflowExecution,
    Decision,
    DecisionCollection,
    FailWorkflowExecution,
    RecordMarker,
    RequestCancelActivityTask,
    RequestCancelExternalWorkflowExecution,
    ScheduleActivityTask,
    ScheduleLambdaFunction,
    SignalExternalWorkflowExecution,
    StartChildWorkflowExecution,
    StartTimer,
)
from swf.history import (
    EVENT_TYPES,
    ActivityState,
    ChildWorkflowState,
    ExternalState,
    History,
    MarkerState,
    TimerState,
    UnknownEvent,
)

DOMAIN = "history-tests"
WORKFLOW = ("wf", "1")
ACTIVITY = ("act", "1")


class _Run:
    """Thin helpers over a boto3 client bound to SWF Local."""

    def __init__(self, client: Any) -> None:
        self.client = client
        client.register_domain(name=DOMAIN, workflowExecutionRetentionPeriodInDays="1")
        client.register_workflow_type(
            domain=DOMAIN,
            name=WORKFLOW[0],
            version=WORKFLOW[1],
            defaultTaskStartToCloseTimeout="30",
            defaultExecutionStartToCloseTimeout="3600",
            defaultTaskList={"name": "deciders"},
            defaultChildPolicy="TERMINATE",
        )
        client.register_activity_type(
            domain=DOMAIN,
            name=ACTIVITY[0],
            version=ACTIVITY[1],
            defaultTaskList={"name": "activities"},
            defaultTaskScheduleToStartTimeout="NONE",
            defaultTaskScheduleToCloseTimeout="NONE",
            defaultTaskStartToCloseTimeout="NONE",
            defaultTaskHeartbeatTimeout="NONE",
        )
        self.runs: dict[str, str] = {}

    def start(self, workflow_id: str, task_list: str, **options: Any) -> None:
        response = self.client.start_workflow_execution(
            domain=DOMAIN,
            workflowId=workflow_id,
            workflowType={"name": WORKFLOW[0], "version": WORKFLOW[1]},
            taskList={"name": task_list},
            input=f"input of {workflow_id}",
            **options,
        )
        self.runs[workflow_id] = response["runId"]

    def poll(self, task_list: str) -> dict[str, Any]:
        task = self.client.poll_for_decision_task(domain=DOMAIN, taskList={"name": task_list})
        assert task.get("taskToken"), f"no decision task on {task_list}"
        return task

    def respond(self, task: dict[str, Any], decisions: list[Decision]) -> None:
        self.client.respond_decision_task_completed(
            taskToken=task["taskToken"], decisions=DecisionCollection(decisions).to_api()
        )

    def decide(self, task_list: str, decisions: list[Decision]) -> None:
        self.respond(self.poll(task_list), decisions)

    def decide_each(self, task_list: str, decisions: dict[str, list[Decision]]) -> None:
        """Answer one decision task of each listed workflow id, whatever the order."""
        for _ in decisions:
            task = self.poll(task_list)
            self.respond(task, decisions[task["workflowExecution"]["workflowId"]])

    def work(self) -> dict[str, Any]:
        task = self.client.poll_for_activity_task(domain=DOMAIN, taskList={"name": "activities"})
        assert task.get("taskToken")
        return task

    def history(self, workflow_id: str, run_id: str | None = None) -> History:
        pages = self.client.get_paginator("get_workflow_execution_history").paginate(
            domain=DOMAIN,
            execution={"workflowId": workflow_id, "runId": run_id or self.runs[workflow_id]},
            PaginationConfig={"PageSize": 7},
        )
        return History.from_pages(pages)


def test_histories_from_swf_local_parse_and_compile(swf_client: Any, swf_clock: Any) -> None:
    run = _Run(swf_client)
    run.start("other", "others")
    run.start("parent", "deciders")
    parent_decisions: list[Decision] = [
        ScheduleActivityTask(activity_id="a-ok", activity_type=ACTIVITY, input="1"),
        ScheduleActivityTask(activity_id="a-fail", activity_type=ACTIVITY),
        ScheduleActivityTask(
            activity_id="a-late",
            activity_type=ACTIVITY,
            schedule_to_start_timeout=timedelta(seconds=10),
        ),
        ScheduleActivityTask(activity_id="a-cancel", activity_type=ACTIVITY),
        ScheduleActivityTask(activity_id="a-bad", activity_type=("nope", "1")),
        StartTimer(timer_id="t-fire", start_to_fire_timeout=timedelta(seconds=60)),
        StartTimer(timer_id="t-cancel", start_to_fire_timeout=timedelta(hours=1)),
        StartTimer(timer_id="t-fire", start_to_fire_timeout=timedelta(seconds=5)),
        CancelTimer(timer_id="ghost"),
        RecordMarker(marker_name="m", details="d"),
        StartChildWorkflowExecution(
            workflow_id="child", workflow_type=WORKFLOW, task_list="children"
        ),
        StartChildWorkflowExecution(workflow_id="orphan", workflow_type=("nope", "1")),
        *(
            StartChildWorkflowExecution(
                workflow_id=child, workflow_type=WORKFLOW, task_list="children"
            )
            for child in ("c-fail", "c-cancel", "c-term")
        ),
        StartChildWorkflowExecution(
            workflow_id="c-slow",
            workflow_type=WORKFLOW,
            task_list="children",
            execution_start_to_close_timeout=timedelta(seconds=50),
        ),
        SignalExternalWorkflowExecution(workflow_id="other", signal_name="hi", input="x"),
        SignalExternalWorkflowExecution(workflow_id="ghost", signal_name="hi"),
        RequestCancelExternalWorkflowExecution(workflow_id="other"),
        RequestCancelExternalWorkflowExecution(workflow_id="ghost"),
        RequestCancelActivityTask(activity_id="ghost"),
        ScheduleLambdaFunction(function_id="f", function_name="fn"),
    ]
    run.decide("deciders", parent_decisions)

    ok = run.work()
    swf_client.respond_activity_task_completed(taskToken=ok["taskToken"], result="done")
    failing = run.work()
    swf_client.respond_activity_task_failed(
        taskToken=failing["taskToken"], reason="boom", details="trace"
    )
    run.decide_each(
        "children",
        {
            "child": [CompleteWorkflowExecution(result="child-done")],
            "c-fail": [FailWorkflowExecution(reason="child-boom")],
            "c-cancel": [CancelWorkflowExecution()],
            "c-term": [],
            "c-slow": [],
        },
    )
    swf_client.terminate_workflow_execution(domain=DOMAIN, workflowId="c-term")
    swf_client.signal_workflow_execution(
        domain=DOMAIN, workflowId="parent", signalName="poke", input="p"
    )
    swf_clock.advance(timedelta(seconds=60))  # t-fire fires, a-late and c-slow time out

    run.decide(
        "deciders",
        [RequestCancelActivityTask(activity_id="a-cancel"), CancelTimer(timer_id="t-cancel")],
    )
    task = run.poll("deciders")  # started, then left to time out
    swf_clock.advance(timedelta(seconds=31))
    task = run.poll("deciders")
    swf_client.signal_workflow_execution(domain=DOMAIN, workflowId="parent", signalName="late")
    run.respond(task, [CompleteWorkflowExecution(result="too early")])  # UNHANDLED_DECISION
    run.decide("deciders", [CompleteWorkflowExecution(result="all done")])

    def refused_then_accepted(task_list: str, workflow_id: str, decision: Decision) -> None:
        task = run.poll(task_list)
        swf_client.signal_workflow_execution(
            domain=DOMAIN, workflowId=workflow_id, signalName="meanwhile"
        )
        run.respond(task, [decision])  # UNHANDLED_DECISION: a new event arrived meanwhile
        run.decide(task_list, [decision])

    refused_then_accepted("others", "other", CancelWorkflowExecution(details="as asked"))
    run.start("failer", "f")
    refused_then_accepted("f", "failer", FailWorkflowExecution(reason="r", details="d"))
    run.start("renewer", "r")
    refused_then_accepted("r", "renewer", ContinueAsNewWorkflowExecution(input="again"))
    run.start("terminated", "t")
    swf_client.terminate_workflow_execution(domain=DOMAIN, workflowId="terminated", reason="op")
    run.start("slow", "s", executionStartToCloseTimeout="100")
    swf_clock.advance(timedelta(seconds=101))

    histories = {workflow_id: run.history(workflow_id) for workflow_id in run.runs}
    histories["child"] = run.history("child", histories["parent"].child_workflows["child"].run_id)
    seen: set[str] = set()
    for history in histories.values():
        assert [e.id for e in history] == list(range(1, len(history) + 1))
        for event in history:
            assert not isinstance(event, UnknownEvent), event
            assert type(event) is EVENT_TYPES[event.raw["eventType"]]
            seen.add(event.type)
    never_from_swf_local = {  # SWF Local runs no Lambda task and never refuses a marker
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "LambdaFunctionCompleted",
        "LambdaFunctionFailed",
        "LambdaFunctionTimedOut",
        "StartLambdaFunctionFailed",
        "RecordMarkerFailed",
    }
    assert set(EVENT_TYPES) - never_from_swf_local - seen == set()
    assert len(seen) == 47

    parent = histories["parent"]
    activities = parent.activities
    assert (activities["a-ok"].state, activities["a-ok"].result) == (
        ActivityState.COMPLETED,
        "done",
    )
    assert (
        activities["a-fail"].state,
        activities["a-fail"].reason,
        activities["a-fail"].details,
    ) == (ActivityState.FAILED, "boom", "trace")
    assert (activities["a-late"].state, activities["a-late"].timeout_type) == (
        ActivityState.TIMED_OUT,
        "SCHEDULE_TO_START",
    )
    assert activities["a-cancel"].state is ActivityState.CANCELED
    assert activities["a-cancel"].cancel_requested
    assert (activities["a-bad"].state, activities["a-bad"].cause) == (
        ActivityState.SCHEDULE_FAILED,
        "ACTIVITY_TYPE_DOES_NOT_EXIST",
    )
    assert parent.timers["t-fire"].state is TimerState.FIRED
    assert parent.timers["t-cancel"].state is TimerState.CANCELED
    assert "ghost" not in parent.timers  # CancelTimerFailed: TIMER_ID_UNKNOWN
    failures = {(e.type, e.attributes.get("cause")) for e in parent.failed_decisions}
    assert ("CancelTimerFailed", "TIMER_ID_UNKNOWN") in failures
    assert ("StartTimerFailed", "TIMER_ID_ALREADY_IN_USE") in failures
    assert ("ScheduleLambdaFunctionFailed", "LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION") in failures
    assert [m.state for m in parent.markers["m"]] == [MarkerState.RECORDED]
    child = parent.child_workflows["child"]
    assert (child.state, child.result) == (ChildWorkflowState.COMPLETED, "child-done")
    assert parent.child_workflows["orphan"].state is ChildWorkflowState.START_FAILED
    assert {
        c: parent.child_workflows[c].state for c in ("c-fail", "c-cancel", "c-term", "c-slow")
    } == {
        "c-fail": ChildWorkflowState.FAILED,
        "c-cancel": ChildWorkflowState.CANCELED,
        "c-term": ChildWorkflowState.TERMINATED,
        "c-slow": ChildWorkflowState.TIMED_OUT,
    }
    assert parent.child_workflows["c-fail"].reason == "child-boom"
    signals = {s.workflow_id: s.state for s in parent.external_signals.values()}
    assert signals == {"other": ExternalState.DELIVERED, "ghost": ExternalState.FAILED}
    cancels = {r.workflow_id: r.state for r in parent.external_cancel_requests.values()}
    assert cancels == {"other": ExternalState.DELIVERED, "ghost": ExternalState.FAILED}
    assert [s.input for s in parent.signals["poke"]] == ["p"]
    assert parent.execution.decision_task_timeouts == 1
    assert parent.close_status == "COMPLETED" and parent.execution.result == "all done"
    assert ("CompleteWorkflowExecutionFailed", "UNHANDLED_DECISION") in failures

    other = histories["other"]
    assert other.execution.cancel_requested and other.close_status == "CANCELED"
    assert [s.input for s in other.signals["hi"]] == ["x"]
    assert histories["child"].execution.parent == ("parent", run.runs["parent"])
    assert histories["failer"].close_status == "FAILED"
    assert histories["renewer"].close_status == "CONTINUED_AS_NEW"
    assert histories["terminated"].close_status == "TERMINATED"
    assert histories["slow"].close_status == "TIMED_OUT"


def test_a_history_extended_from_successive_decision_tasks_equals_the_fetched_one(
    swf_client: Any,
) -> None:
    run = _Run(swf_client)
    run.start("incremental", "inc")
    history = History()
    added: list[int] = []
    for round_number in range(4):
        pages = []
        task = swf_client.poll_for_decision_task(
            domain=DOMAIN, taskList={"name": "inc"}, maximumPageSize=3
        )
        pages.append(task)
        while pages[-1].get("nextPageToken"):
            pages.append(
                swf_client.poll_for_decision_task(
                    domain=DOMAIN,
                    taskList={"name": "inc"},
                    maximumPageSize=3,
                    nextPageToken=pages[-1]["nextPageToken"],
                )
            )
        added.append(sum(history.extend(page["events"]) for page in pages))
        assert history[-1].id == task["startedEventId"]
        assert history.execution.decision_task_started_event_id == task["startedEventId"]
        markers: list[Decision] = [RecordMarker(marker_name="round", details=str(round_number))] * 3
        if round_number == 3:
            run.respond(task, [*markers, CompleteWorkflowExecution(result="done")])
        else:
            run.respond(task, markers)
            swf_client.signal_workflow_execution(
                domain=DOMAIN, workflowId="incremental", signalName="next"
            )
    # every task brought the whole history again; only the new events were added
    assert added == [3, 7, 7, 7]
    assert [m.details for m in history.markers["round"]] == ["0"] * 3 + ["1"] * 3 + ["2"] * 3
    fetched = run.history("incremental")
    assert list(history) == list(fetched)[: len(history)]
    assert fetched.close_status == "COMPLETED"
