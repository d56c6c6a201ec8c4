"""A workflow run offline: a HistoryBuilder plays SWF, the engine decides.

Every decision task is decided twice: by a fresh :class:`WorkflowInstance` given the whole
history (the full replay a decider does today) and by one live instance given only the new
events (the sticky path). Both must give the same decisions; the decisions are then recorded
in the history the way SWF records them.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from swf.decisions import Decision
from swf.flow import Workflow, replay
from swf.flow.converter import DEFAULT_CONVERTER, encode_arguments
from swf.flow.engine import WorkflowInstance
from swf.history import History, HistoryBuilder


class Sim:
    """Drives one run of ``workflow`` with a HistoryBuilder."""

    def __init__(
        self,
        workflow: type[Workflow],
        *args: Any,
        workflow_id: str = "wf-1",
        sticky: bool = True,
        **kwargs: Any,
    ) -> None:
        self.workflow = workflow
        self.workflow_id = workflow_id
        self.builder = HistoryBuilder(workflow_id=workflow_id)
        self.builder.workflow_started(
            workflow_type=(workflow.name, workflow.version),
            input=encode_arguments(workflow.converter, args, kwargs, what="input"),
        )
        self.live = WorkflowInstance(workflow, workflow_id=workflow_id, run_id="run-id")
        self.sticky = sticky
        self.applied = 0
        self.answers: list[list[dict[str, Any]]] = []

    # -- deciding ---------------------------------------------------------------------------

    def decide(self, *, record: bool = True) -> list[dict[str, Any]]:
        """One decision task: scheduled, started, decided (both ways), completed, recorded."""
        self.builder.decision_task_scheduled().decision_task_started()
        events = self.builder.events
        full = WorkflowInstance(self.workflow, workflow_id=self.workflow_id, run_id="run-id")
        try:
            decisions = full.apply(events)
        finally:
            full.evict()
        wire = [d.to_api() for d in decisions]
        if self.sticky:
            live = [d.to_api() for d in self.live.apply(events[self.applied :])]
            assert live == wire, "sticky and full replay disagree"
        self.applied = len(events)
        self.answers.append(wire)
        if record:
            self.builder.decision_task_completed()
            self.record(decisions)
        return wire

    def time_out_decision(self) -> None:
        """The started decision task times out (its answer is lost)."""
        self.builder.decision_task_timed_out()
        self.live.evict()
        self.live = WorkflowInstance(self.workflow, workflow_id=self.workflow_id, run_id="run-id")
        self.applied = 0

    def record(self, decisions: list[Decision]) -> None:
        """Write the events SWF records for ``decisions``."""
        b = self.builder
        for decision in decisions:
            a = decision.attributes()
            kind = decision.DECISION_TYPE
            if kind == "ScheduleActivityTask":
                b.activity_scheduled(
                    a["activityId"],
                    activity_type=(a["activityType"]["name"], a["activityType"]["version"]),
                    input=a.get("input"),
                )
            elif kind == "StartTimer":
                b.timer_started(
                    a["timerId"],
                    start_to_fire_timeout=timedelta(seconds=int(a["startToFireTimeout"])),
                )
            elif kind == "CancelTimer":
                b.timer_canceled(a["timerId"])
            elif kind == "RecordMarker":
                b.marker_recorded(a["markerName"], details=a.get("details"))
            elif kind == "RequestCancelActivityTask":
                b.activity_cancel_requested(a["activityId"])
            elif kind == "StartChildWorkflowExecution":
                b.child_workflow_initiated(
                    a["workflowId"],
                    workflow_type=(a["workflowType"]["name"], a["workflowType"]["version"]),
                    input=a.get("input"),
                )
                b.child_workflow_started(a["workflowId"])
            elif kind == "SignalExternalWorkflowExecution":
                b.external_signal_initiated(
                    a["workflowId"], signal_name=a["signalName"], input=a.get("input")
                )
                b.external_workflow_signaled(a["workflowId"])
            elif kind == "RequestCancelExternalWorkflowExecution":
                b.external_cancel_initiated(a["workflowId"])
                b.external_workflow_cancel_requested(a["workflowId"])
            elif kind == "CompleteWorkflowExecution":
                b.workflow_completed(result=a.get("result"))
            elif kind == "FailWorkflowExecution":
                b.workflow_failed(reason=a.get("reason"), details=a.get("details"))
            elif kind == "CancelWorkflowExecution":
                b.workflow_canceled(details=a.get("details"))
            elif kind == "ContinueAsNewWorkflowExecution":
                b.workflow_continued_as_new(input=a.get("input"))
            else:  # pragma: no cover
                raise AssertionError(f"the simulator does not record {kind}")

    # -- what happens between decision tasks ---------------------------------------------------

    def complete(self, activity_id: str, value: Any = None) -> Sim:
        self.builder.activity_started(activity_id)
        self.builder.activity_completed(activity_id, result=DEFAULT_CONVERTER.encode(value))
        return self

    def fail(self, activity_id: str, reason: str = "ValueError: boom") -> Sim:
        self.builder.activity_started(activity_id)
        self.builder.activity_failed(activity_id, reason=reason, details="Traceback ...")
        return self

    def time_out(self, activity_id: str, timeout_type: str = "START_TO_CLOSE") -> Sim:
        self.builder.activity_started(activity_id)
        self.builder.activity_timed_out(activity_id, timeout_type=timeout_type)
        return self

    def fire(self, timer_id: str) -> Sim:
        self.builder.timer_fired(timer_id)
        return self

    def signal(self, name: str, value: Any = None) -> Sim:
        self.builder.signaled(name, input=DEFAULT_CONVERTER.encode(value))
        return self

    def cancel_request(self) -> Sim:
        self.builder.workflow_cancel_requested()
        return self

    # -- looking ------------------------------------------------------------------------------

    @property
    def history(self) -> History:
        return self.builder.build()

    @property
    def closing(self) -> Any:
        return self.history.closing_event

    def result(self) -> Any:
        closing = self.closing
        assert closing is not None and closing.type == "WorkflowExecutionCompleted", closing
        return json.loads(closing.result) if closing.result is not None else None

    def replay(self) -> list[Decision]:
        """The finished history replays without divergence."""
        return replay(self.workflow, self.history, workflow_id=self.workflow_id)

    def close(self) -> None:
        self.live.evict()


def types(answer: list[dict[str, Any]]) -> list[str]:
    return [decision["decisionType"] for decision in answer]


def ids(answer: list[dict[str, Any]]) -> list[str]:
    found = []
    for decision in answer:
        attributes = next(v for k, v in decision.items() if k.endswith("Attributes"))
        found.append(
            attributes.get("activityId")
            or attributes.get("timerId")
            or attributes.get("markerName")
            or attributes.get("workflowId")
            or decision["decisionType"]
        )
    return found
