"""SWF Local: many deciders and workers at once keep every history consistent."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from tests.local.support import LocalEnvironment, decision, schedule

WORKFLOWS = 12
STEPS = 3


def _decider(env: LocalEnvironment, done: threading.Event, errors: list[BaseException]) -> None:
    try:
        while not done.is_set():
            task = env.client.poll_for_decision_task(domain="d", taskList={"name": "dl"})
            if "taskToken" not in task:
                continue
            completed = sum(e["eventType"] == "ActivityTaskCompleted" for e in task["events"])
            signals = sum(e["eventType"] == "WorkflowExecutionSignaled" for e in task["events"])
            if completed >= STEPS and signals >= 1:
                decisions = [decision("CompleteWorkflowExecution", result=str(completed))]
            elif completed < STEPS and not any(
                e["eventType"] == "ActivityTaskScheduled"
                and e["activityTaskScheduledEventAttributes"]["activityId"] == f"s{completed}"
                for e in task["events"]
            ):
                decisions = [schedule(f"s{completed}")]
            else:
                decisions = []
            env.client.respond_decision_task_completed(
                taskToken=task["taskToken"], decisions=decisions
            )
    except BaseException as error:  # reported by the test below
        errors.append(error)


def _worker(
    env: LocalEnvironment, done: threading.Event, seen: list[str], errors: list[BaseException]
) -> None:
    try:
        while not done.is_set():
            task = env.client.poll_for_activity_task(domain="d", taskList={"name": "al"})
            if "taskToken" not in task:
                continue
            seen.append(task["taskToken"])
            env.client.record_activity_task_heartbeat(taskToken=task["taskToken"])
            env.client.respond_activity_task_completed(taskToken=task["taskToken"])
    except BaseException as error:  # reported by the test below
        errors.append(error)


def test_concurrent_deciders_workers_and_signals_keep_histories_consistent(
    env: LocalEnvironment,
) -> None:
    done = threading.Event()
    errors: list[BaseException] = []
    seen: list[str] = []
    threads = [threading.Thread(target=_decider, args=(env, done, errors)) for _ in range(3)]
    threads += [threading.Thread(target=_worker, args=(env, done, seen, errors)) for _ in range(3)]
    for thread in threads:
        thread.start()
    runs = {f"w{index}": env.start(f"w{index}") for index in range(WORKFLOWS)}
    for workflow_id in runs:
        env.client.signal_workflow_execution(domain="d", workflowId=workflow_id, signalName="go")
    try:
        for _ in range(2000):
            closed = env.client.count_closed_workflow_executions(
                domain="d", startTimeFilter={"oldestDate": 0}
            )["count"]
            if closed == WORKFLOWS or errors:
                break
            threading.Event().wait(0.01)
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=30)
    assert not errors, errors
    assert len(seen) == len(set(seen)) == WORKFLOWS * STEPS  # each task to one worker, once
    for workflow_id, run_id in runs.items():
        events: list[dict[str, Any]] = env.history(workflow_id, run_id)
        assert [e["eventId"] for e in events] == list(range(1, len(events) + 1))
        kinds = Counter(e["eventType"] for e in events)
        assert kinds["ActivityTaskScheduled"] == kinds["ActivityTaskCompleted"] == STEPS
        assert kinds["WorkflowExecutionCompleted"] == 1
        assert kinds["DecisionTaskScheduled"] == kinds["DecisionTaskStarted"]
        assert kinds["DecisionTaskStarted"] == kinds["DecisionTaskCompleted"]
        open_tasks = 0
        for event in events:  # never two decision tasks open at once
            if event["eventType"] == "DecisionTaskScheduled":
                open_tasks += 1
                assert open_tasks == 1
            elif event["eventType"] in ("DecisionTaskCompleted", "DecisionTaskTimedOut"):
                open_tasks -= 1
        assert events[-1]["eventType"] == "WorkflowExecutionCompleted"
