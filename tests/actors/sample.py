"""Actors the tests run, in this process or in a child started through the ``swf`` command.

Workflow input is JSON: ``{"steps": [INPUT, ...]}`` runs activity ``act/1`` once per step, one
after the other, with INPUT as the task's input; the execution completes with the JSON list of
results, or fails as soon as a step does not complete.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from swf.actors import (
    ActivityTask,
    ActivityWorker,
    Decider,
    DecisionTask,
)
from swf.history.compiled import ActivityState

ACTIVITY = {"name": "act", "version": "1"}


def schedule(activity_id: str, task_input: str | None, **extra: Any) -> dict[str, Any]:
    """A ScheduleActivityTask decision for ``act/1`` (type defaults for the rest)."""
    attributes: dict[str, Any] = {"activityId": activity_id, "activityType": ACTIVITY, **extra}
    if task_input is not None:
        attributes["input"] = task_input
    return {
        "decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": attributes,
    }


def complete_workflow(result: str) -> dict[str, Any]:
    return {
        "decisionType": "CompleteWorkflowExecution",
        "completeWorkflowExecutionDecisionAttributes": {"result": result},
    }


def fail_workflow(reason: str, details: str | None = None) -> dict[str, Any]:
    attributes = {"reason": reason[:256]}
    if details:
        attributes["details"] = details
    return {
        "decisionType": "FailWorkflowExecution",
        "failWorkflowExecutionDecisionAttributes": attributes,
    }


class StepsDecider(Decider):
    """Runs the workflow input's steps one after another (see the module's doc)."""

    def decide(self, task: DecisionTask) -> list[dict[str, Any]]:
        history = task.history
        steps = json.loads(history.execution.input or "{}").get("steps", [])
        results = []
        for index, step_input in enumerate(steps):
            activity = history.activities.get(f"step-{index}")
            if activity is None:
                return [schedule(f"step-{index}", step_input)]
            if activity.state in (ActivityState.SCHEDULED, ActivityState.STARTED):
                return []
            if activity.state != ActivityState.COMPLETED:
                return [fail_workflow(f"step-{index} {activity.state}", activity.reason)]
            results.append(activity.result)
        return [complete_workflow(json.dumps(results))]


class EchoWorker(ActivityWorker):
    """Completes each task with ``echo:<input>``; input ``boom`` raises ValueError."""

    def process(self, task: ActivityTask) -> str:
        if task.input == "boom":
            raise ValueError("boom was asked for")
        return f"echo:{task.input}"


class SlowWorker(ActivityWorker):
    """Writes the file named by its input, then works until told to stop; then completes.

    The test that sends SIGTERM waits for the file, so it knows the task is in hand.
    """

    def process(self, task: ActivityTask) -> str:
        Path(task.input or "started").write_text(str(os.getpid()))
        deadline = time.monotonic() + 30
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(0.01)
        return "finished after stop" if self.stopping else "never stopped"
