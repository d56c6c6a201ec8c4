"""Races SWF Local must win: answers racing their own time-outs, kill -9 while time-outs fire.

- :func:`answers_racing_timeouts`: tasks answered while the clock passes their time-out;
- :func:`kill_while_firing`: kill -9 part-way through a batch of time-outs.
"""

from __future__ import annotations

import http.client
import os
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from tools.local.served import (
    ACTIVITY_TIMEOUT,
    DECISION_TIMEOUT,
    DOMAIN,
    ServedProcess,
    make_client,
    register,
    wait_until,
)
from tools.local.workload import decide, history

__all__ = ["FiringOutcome", "RaceOutcome", "answers_racing_timeouts", "kill_while_firing"]


@dataclass
class RaceOutcome:
    """What happened to ``tasks`` answered by threads while the clock passed their time-out."""

    activities_acknowledged: int  # activity tasks whose completion was acknowledged
    decisions_acknowledged: int  # decision tasks whose completion was acknowledged
    faults: Counter[str]  # faults the answers that lost got, by code
    problems: list[str]


def answers_racing_timeouts(local: Any, clock: Any, tasks: int, *, threads: int = 4) -> RaceOutcome:
    """``tasks`` workflows each with a started activity task; ``threads`` clients complete them
    while the manual clock jumps past START_TO_CLOSE once a third are done. Then the same with
    decision tasks (each would complete its workflow). Checks: every task closed exactly once
    (completed xor timed out); every acknowledged answer is in the history; every answer that
    lost to the time-out got UnknownResourceFault; a timed-out decision task was rescheduled."""
    client = make_client(local.endpoint_url)
    runs: dict[str, str] = {}
    for index in range(tasks):
        workflow_id = f"race-timeout{index}"
        runs[workflow_id] = client.start_workflow_execution(
            domain=DOMAIN, workflowId=workflow_id, workflowType={"name": "wf", "version": "1"}
        )["runId"]
    for _ in range(tasks):
        task = client.poll_for_decision_task(domain=DOMAIN, taskList={"name": "dl"})
        client.respond_decision_task_completed(
            taskToken=task["taskToken"], decisions=decide(task["events"])
        )
    clients = [make_client(local.endpoint_url) for _ in range(threads)]
    acknowledged: set[str] = set()
    faults: Counter[str] = Counter()
    problems: list[str] = []

    def race(work: list[tuple[str, str, dict[str, Any]]], timeout: int) -> None:
        lock = threading.Lock()
        queue = iter(work)
        done = threading.Event()

        def answer(own: Any) -> None:
            while True:
                with lock:
                    item = next(queue, None)
                if item is None:
                    return
                run_id, operation, arguments = item
                try:
                    getattr(own, operation)(**arguments)
                except ClientError as error:
                    with lock:
                        faults[str(error.response["Error"]["Code"])] += 1
                    continue
                except BaseException as error:  # reported by the caller
                    problems.append(repr(error))
                    continue
                with lock:
                    acknowledged.add(run_id)
                    if len(acknowledged) >= len(work) // 3:
                        done.set()

        workers = [threading.Thread(target=answer, args=(own,)) for own in clients]
        for worker in workers:
            worker.start()
        done.wait(60)
        clock.advance(timeout + 1)
        for worker in workers:
            worker.join(60)

    activity_work: list[tuple[str, str, dict[str, Any]]] = []
    for _ in range(tasks):
        task = client.poll_for_activity_task(domain=DOMAIN, taskList={"name": "al"})
        token = task["taskToken"]
        activity_work.append(
            (
                task["workflowExecution"]["runId"],
                "respond_activity_task_completed",
                {"taskToken": token, "result": "r"},
            )
        )
    race(activity_work, ACTIVITY_TIMEOUT)
    for workflow_id, run_id in runs.items():
        kinds = [event["eventType"] for event in history(client, workflow_id, run_id)]
        closes = kinds.count("ActivityTaskCompleted") + kinds.count("ActivityTaskTimedOut")
        if closes != 1 or (run_id in acknowledged) != ("ActivityTaskCompleted" in kinds):
            problems.append(f"activity of {workflow_id}: acked={run_id in acknowledged} {kinds}")
    activities_acknowledged = len(acknowledged)
    acknowledged.clear()

    decision_work: list[tuple[str, str, dict[str, Any]]] = []
    for _ in range(tasks):
        task = client.poll_for_decision_task(domain=DOMAIN, taskList={"name": "dl"})
        token, decisions = task["taskToken"], decide(task["events"])
        decision_work.append(
            (
                task["workflowExecution"]["runId"],
                "respond_decision_task_completed",
                {"taskToken": token, "decisions": decisions},
            )
        )
    race(decision_work, DECISION_TIMEOUT)
    for workflow_id, run_id in runs.items():
        kinds = [event["eventType"] for event in history(client, workflow_id, run_id)]
        second = kinds[kinds.index("DecisionTaskStarted", kinds.index("DecisionTaskCompleted")) :]
        completed, timed_out = second.count("DecisionTaskCompleted"), "DecisionTaskTimedOut"
        if run_id in acknowledged:
            ok = completed == 1 and timed_out not in second
        else:
            ok = completed == 0 and timed_out in second and kinds[-1] == "DecisionTaskScheduled"
        if not ok:
            problems.append(f"decision of {workflow_id}: acked={run_id in acknowledged} {kinds}")
    return RaceOutcome(activities_acknowledged, len(acknowledged), faults, problems)


# -- kill -9 while deadlines fire ------------------------------------------------------------------


@dataclass
class FiringOutcome:
    """What :func:`kill_while_firing` saw."""

    tasks: int
    fired_before_kill: int  # time-outs in the histories right after the restart
    problems: list[str]  # executions whose time-out is missing, doubled or left no decision task


def _timed_out_count(client: Any, runs: dict[str, str]) -> tuple[int, list[str]]:
    fired, problems = 0, []
    for workflow_id, run_id in runs.items():
        kinds = [event["eventType"] for event in history(client, workflow_id, run_id)]
        count = kinds.count("ActivityTaskTimedOut")
        fired += count
        if count > 1 or (count and kinds[-2:] != ["ActivityTaskTimedOut", "DecisionTaskScheduled"]):
            problems.append(f"{workflow_id}: {kinds}")
    return fired, problems


def kill_while_firing(db_path: str | os.PathLike[str], tasks: int) -> FiringOutcome:
    """``tasks`` started activity tasks in ``swf local serve --manual-clock``; the clock is set
    past their START_TO_CLOSE in one call, and the server is SIGKILLed as soon as the first
    time-out is visible (so, usually, part-way through the batch). After a restart on the same
    file and the same clock move, each task must have timed out exactly once, each followed by
    a decision task."""
    server = ServedProcess(db_path, poll_hold=0.2).start()
    try:
        client = make_client(server.endpoint_url)
        register(client)
        runs = {}
        for index in range(tasks):
            workflow_id = f"firing{index}"
            runs[workflow_id] = client.start_workflow_execution(
                domain=DOMAIN, workflowId=workflow_id, workflowType={"name": "wf", "version": "1"}
            )["runId"]
        for _ in range(tasks):
            task = client.poll_for_decision_task(domain=DOMAIN, taskList={"name": "dl"})
            client.respond_decision_task_completed(
                taskToken=task["taskToken"], decisions=decide(task["events"])
            )
        for _ in range(tasks):
            assert client.poll_for_activity_task(domain=DOMAIN, taskList={"name": "al"})[
                "taskToken"
            ]
        due = server.clock_now() + ACTIVITY_TIMEOUT + 1
        firing = server

        def advance() -> None:
            try:
                firing.clock_set(due)
            except (OSError, http.client.HTTPException):
                pass  # the server died under it

        thread = threading.Thread(target=advance)
        thread.start()
        first = next(iter(runs))
        assert wait_until(
            lambda: any(
                event["eventType"] == "ActivityTaskTimedOut"
                for event in history(client, first, runs[first])
            ),
            timeout=60,
            interval=0.001,
        )
        server.kill()
        thread.join(60)
        server = ServedProcess(db_path, poll_hold=0.2).start()
        client = make_client(server.endpoint_url)
        fired_before, problems = _timed_out_count(client, runs)
        server.clock_set(due)  # the rest fires now
        fired, more = _timed_out_count(client, runs)
        problems += more
        if fired != tasks:
            problems.append(f"{fired} time-outs for {tasks} tasks")
        pending = client.count_pending_decision_tasks(domain=DOMAIN, taskList={"name": "dl"})
        if pending["count"] != tasks:
            problems.append(f"{pending['count']} decision tasks pending for {tasks} executions")
        return FiringOutcome(tasks, fired_before, problems)
    finally:
        server.stop()
