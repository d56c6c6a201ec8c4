"""Actors the tests run, in this process or in a child started through the ``swf`` command.

:class:`ScenarioDecider` reads the workflow input (JSON) and plays one scenario:

- ``{"steps": [INPUT, ...]}``: activity ``act/1`` once per step, one after the other, with
  INPUT as input; completes with the JSON list of results, fails as soon as a step does not
  complete. With ``"cancel_on": NAME``, a signal NAME asks to cancel the running step;
  ``"heartbeat_timeout": "NONE"`` schedules the steps without one.
- ``{"timer": SECONDS}``: starts timer ``wait``; completes when it fires.
- ``{"signal": NAME}``: completes with the input of the first signal NAME.
- ``{"child": INPUT}``: starts a child ``wf/1`` execution with INPUT; completes with its result.
"""

from __future__ import annotations

import json
import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from swf.actors import (
    ActivityTask,
    ActivityTaskCanceledError,
    ActivityWorker,
    Decider,
    DecisionTask,
    activity_context,
)
from swf.decisions import (
    NO_TIMEOUT,
    CompleteWorkflowExecution,
    Decision,
    FailWorkflowExecution,
    RequestCancelActivityTask,
    ScheduleActivityTask,
    StartChildWorkflowExecution,
    StartTimer,
)
from swf.history.compiled import ActivityState, ChildWorkflowState, TimerState

ACTIVITY = ("act", "1")
WORKFLOW = ("wf", "1")


def fail(reason: str, details: str | None = None) -> list[Decision]:
    return [FailWorkflowExecution(reason=reason[:256], details=details)]


class ScenarioDecider(Decider):
    """Plays the scenario its workflow input names (see the module's doc)."""

    def decide(self, task: DecisionTask) -> list[Decision]:
        history = task.history
        spec = json.loads(history.execution.input or "{}")
        if "timer" in spec:
            timer = history.timers.get("wait")
            if timer is None:
                delay = timedelta(seconds=spec["timer"])
                return [StartTimer(timer_id="wait", start_to_fire_timeout=delay)]
            if timer.state == TimerState.FIRED:
                return [CompleteWorkflowExecution(result="timer fired")]
            return []
        if "signal" in spec:
            received = history.signals.get(spec["signal"])
            if received:
                return [CompleteWorkflowExecution(result=received[0].input)]
            return []
        if "child" in spec:
            child_id = f"{task.workflow_id}-child"
            child = history.child_workflows.get(child_id)
            if child is None:
                return [
                    StartChildWorkflowExecution(
                        workflow_id=child_id,
                        workflow_type=WORKFLOW,
                        input=json.dumps(spec["child"]),
                    )
                ]
            if child.state == ChildWorkflowState.COMPLETED:
                return [CompleteWorkflowExecution(result=child.result)]
            if child.state in (ChildWorkflowState.START_INITIATED, ChildWorkflowState.STARTED):
                return []
            return fail(f"child {child.state}", child.reason)
        return self.steps(task, spec)

    def steps(self, task: DecisionTask, spec: dict[str, Any]) -> list[Decision]:
        history = task.history
        results = []
        for index, step_input in enumerate(spec.get("steps", [])):
            activity = history.activities.get(f"step-{index}")
            if activity is None:
                heartbeat = spec.get("heartbeat_timeout")
                return [
                    ScheduleActivityTask(
                        activity_id=f"step-{index}",
                        activity_type=ACTIVITY,
                        input=step_input,
                        heartbeat_timeout=NO_TIMEOUT if heartbeat == "NONE" else heartbeat,
                    )
                ]
            if activity.state in (ActivityState.SCHEDULED, ActivityState.STARTED):
                cancel_on = spec.get("cancel_on")
                if cancel_on and cancel_on in history.signals and not activity.cancel_requested:
                    return [RequestCancelActivityTask(activity_id=activity.activity_id)]
                return []
            if activity.state != ActivityState.COMPLETED:
                reason = f"step-{index} {activity.state}"
                return fail(reason, activity.reason or activity.details or activity.timeout_type)
            results.append(activity.result)
        return [CompleteWorkflowExecution(result=json.dumps(results))]


class EchoWorker(ActivityWorker):
    """Completes each task with ``echo:<input>``; input ``boom`` raises ValueError."""

    def process(self, task: ActivityTask) -> str:
        if task.input == "boom":
            raise ValueError("boom was asked for")
        return f"echo:{task.input}"


class CancelableWorker(ActivityWorker):
    """Waits for a cancel request (its heartbeats bring it), then reports the task canceled."""

    def process(self, task: ActivityTask) -> str:
        if activity_context().wait_for_cancel_request(timeout=30):
            raise ActivityTaskCanceledError("stopped as asked")
        return "no cancel request came"


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


class StubbornWorker(ActivityWorker):
    """Writes the file named by its input, then ignores stop requests (for 30 s)."""

    def process(self, task: ActivityTask) -> str:
        Path(task.input or "started").write_text(str(os.getpid()))
        time.sleep(30)
        return "too late"


class ExitingWorker(ActivityWorker):
    """Its task code calls sys.exit: the task is failed, then the actor ends (a crash)."""

    def process(self, task: ActivityTask) -> str:
        raise SystemExit(5)
