"""SWF Local reliability: kill -9 under load (nothing acknowledged lost, nothing delivered
twice, every workflow completes), kill -9 part-way through a batch of time-outs, 32 pollers
racing for 1,000 tasks, answers racing their own time-outs, deadlines due while the server is
down, malformed and random well-shaped requests (a fault each, never a 500).

Bounded for CI (~11 s in all); ``benchmarks/local_reliability.py`` runs the long versions
(several crash cycles, 10,000 tasks, thousands of generated requests).
"""

from __future__ import annotations

import http.client
import threading
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from swf.local import LocalSWF, ManualClock
from tools.local import malformed, races, random_requests, served, workload
from tools.local.wire import raw_call

START = 1_800_000_000.0


def _timed_out_activities(audit: workload.Audit) -> set[tuple[str, str]]:
    """(runId, activityId) of every ActivityTaskTimedOut (START_TO_CLOSE) in the histories."""
    found: set[tuple[str, str]] = set()
    for run_id, events in audit.histories.items():
        activity_of = {
            event["eventId"]: event["activityTaskScheduledEventAttributes"]["activityId"]
            for event in events
            if event["eventType"] == "ActivityTaskScheduled"
        }
        for event in events:
            if event["eventType"] == "ActivityTaskTimedOut":
                attrs = event["activityTaskTimedOutEventAttributes"]
                assert attrs["timeoutType"] == "START_TO_CLOSE"
                found.add((run_id, activity_of[attrs["scheduledEventId"]]))
    return found


def test_kill_9_under_load_loses_no_acknowledged_call_and_every_workflow_completes(
    tmp_path: Path,
) -> None:
    db = served.db_file(tmp_path)
    ledger = workload.Ledger()
    server = served.ServedProcess(db).start()
    try:
        served.register(served.make_client(server.endpoint_url))
        # Workers never answer every 25th task (as if they died with it): started, unanswered.
        load = workload.Load(server.endpoint_url, ledger, max_starts=600, abandon_every=25).start()
        # Kill mid-load, once work flows in every role (a bound, not a timing assertion).
        assert served.wait_until(
            lambda: len(ledger.started) >= 250 and len(ledger.activities_completed) >= 180,
            timeout=60,
        )
        clock_before = server.clock_now()
        server.kill()
        load.join()
        acknowledged_before = ledger.acknowledged()
        assert ledger.abandoned and ledger.signals

        server = served.ServedProcess(db).start()
        client = served.make_client(server.endpoint_url)
        before = workload.audit(client, ledger)
        assert before.lost == []
        assert before.duplicates == []
        assert _timed_out_activities(before) == set()
        # Tasks started before the crash and never answered time out (START_TO_CLOSE) once the
        # server's clock passes their deadline; then the deciders schedule new attempts.
        server.clock_set(max(clock_before, server.clock_now()) + 10 * served.ACTIVITY_TIMEOUT)
        load = workload.Load(server.endpoint_url, ledger, starters=0, signallers=0).start()
        try:
            assert served.wait_until(lambda: workload.count_open(client) == 0, timeout=60)
        finally:
            load.stop()
        after = workload.audit(client, ledger)
    finally:
        server.stop()

    assert after.lost == []
    assert after.duplicates == []
    assert acknowledged_before > 0
    assert set(ledger.abandoned) <= _timed_out_activities(after)
    assert set(ledger.started.values()) <= set(after.executions)
    assert after.closed == len(after.executions) >= len(ledger.started)
    for run_id, events in after.histories.items():
        kinds = [event["eventType"] for event in events]
        assert kinds[-1] == "WorkflowExecutionCompleted", run_id
        assert kinds.count("ActivityTaskCompleted") == 1, run_id


def test_32_pollers_racing_for_1000_activity_tasks_each_get_a_task_exactly_once(
    tmp_path: Path,
) -> None:
    tasks_per_run, runs, pollers = 100, 10, 32
    with LocalSWF(served.db_file(tmp_path), clock=ManualClock(START), poll_hold=0.2) as local:
        client = served.make_client(local.endpoint_url)
        served.register(client)
        expected: set[tuple[str, str]] = set()
        for index in range(runs):
            run_id = client.start_workflow_execution(
                domain=served.DOMAIN,
                workflowId=f"race{index}",
                workflowType={"name": "wf", "version": "1"},
            )["runId"]
            task = client.poll_for_decision_task(domain=served.DOMAIN, taskList={"name": "dl"})
            ids = [f"r{index}-{n}" for n in range(tasks_per_run)]
            client.respond_decision_task_completed(
                taskToken=task["taskToken"],
                decisions=[
                    {
                        "decisionType": "ScheduleActivityTask",
                        "scheduleActivityTaskDecisionAttributes": {
                            "activityType": {"name": "act", "version": "1"},
                            "activityId": activity_id,
                        },
                    }
                    for activity_id in ids
                ],
            )
            expected |= {(run_id, activity_id) for activity_id in ids}
        clients = [served.make_client(local.endpoint_url) for _ in range(pollers)]
        claims: list[tuple[str, str, str]] = []
        lock = threading.Lock()
        barrier = threading.Barrier(pollers)
        errors: list[BaseException] = []

        def poll(poller: Any, identity: str) -> None:
            try:
                barrier.wait()
                while True:  # every task is already scheduled: an empty poll means none left
                    task = poller.poll_for_activity_task(
                        domain=served.DOMAIN, taskList={"name": "al"}, identity=identity
                    )
                    if not task.get("taskToken"):
                        return
                    claim = (task["workflowExecution"]["runId"], task["activityId"], identity)
                    with lock:
                        claims.append(claim)
            except BaseException as error:  # reported by the main thread
                errors.append(error)

        threads = [threading.Thread(target=poll, args=(c, f"p{n}")) for n, c in enumerate(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert errors == []
        pending = client.count_pending_activity_tasks(domain=served.DOMAIN, taskList={"name": "al"})
        started = Counter[tuple[str, int]]()
        for index in range(runs):
            run_id = next(r for r, a in expected if a == f"r{index}-0")
            for event in workload.history(client, f"race{index}", run_id):
                if event["eventType"] == "ActivityTaskStarted":
                    attrs = event["activityTaskStartedEventAttributes"]
                    started[(run_id, attrs["scheduledEventId"])] += 1

    claimed = Counter((run_id, activity_id) for run_id, activity_id, _ in claims)
    assert len(claims) == runs * tasks_per_run
    assert set(claimed) == expected
    assert max(claimed.values()) == 1
    assert pending["count"] == 0
    assert len(started) == runs * tasks_per_run and set(started.values()) == {1}
    assert len({identity for _, _, identity in claims}) > 1  # more than one poller won tasks


def _arm_deadlines(client: Any) -> dict[str, str]:
    """Two workflows whose deadlines all fall due within 100 s (workflowId -> runId).

    ``sleepy``: a 60 s timer, an activity nobody polls for (schedule-to-start 30 s), and three
    taken by a worker that never answers: start-to-close 50 s; heartbeat 20 s (start-to-close
    90 s); schedule-to-close 40 s (start-to-close 90 s). ``stuck``: its decision
    task is taken and never answered (task start-to-close 30 s), its execution times out at 100 s.
    """
    runs = {}
    runs["sleepy"] = client.start_workflow_execution(
        domain=served.DOMAIN, workflowId="sleepy", workflowType={"name": "wf", "version": "1"}
    )["runId"]
    task = client.poll_for_decision_task(domain=served.DOMAIN, taskList={"name": "dl"})
    activity = {"activityType": {"name": "act", "version": "1"}, "scheduleToCloseTimeout": "NONE"}
    client.respond_decision_task_completed(
        taskToken=task["taskToken"],
        decisions=[
            {
                "decisionType": "StartTimer",
                "startTimerDecisionAttributes": {"timerId": "t", "startToFireTimeout": "60"},
            },
            {
                "decisionType": "ScheduleActivityTask",
                "scheduleActivityTaskDecisionAttributes": {
                    **activity,
                    "activityId": "unclaimed",
                    "taskList": {"name": "nobody-polls-this"},
                    "scheduleToStartTimeout": "30",
                },
            },
            {
                "decisionType": "ScheduleActivityTask",
                "scheduleActivityTaskDecisionAttributes": {
                    **activity,
                    "activityId": "abandoned",
                    "startToCloseTimeout": "50",
                },
            },
            {
                "decisionType": "ScheduleActivityTask",
                "scheduleActivityTaskDecisionAttributes": {
                    **activity,
                    "activityId": "silent",
                    "startToCloseTimeout": "90",
                    "heartbeatTimeout": "20",
                },
            },
            {
                "decisionType": "ScheduleActivityTask",
                "scheduleActivityTaskDecisionAttributes": {
                    **activity,
                    "activityId": "late",
                    "scheduleToCloseTimeout": "40",
                    "startToCloseTimeout": "90",
                },
            },
        ],
    )
    for expected in ("abandoned", "silent", "late"):
        taken = client.poll_for_activity_task(domain=served.DOMAIN, taskList={"name": "al"})
        assert taken["activityId"] == expected
    runs["stuck"] = client.start_workflow_execution(
        domain=served.DOMAIN,
        workflowId="stuck",
        workflowType={"name": "wf", "version": "1"},
        executionStartToCloseTimeout="100",
        taskStartToCloseTimeout="30",
    )["runId"]
    task = client.poll_for_decision_task(domain=served.DOMAIN, taskList={"name": "dl"})
    assert task["workflowExecution"]["workflowId"] == "stuck"
    for workflow_id, run_id in runs.items():
        kinds = {event["eventType"] for event in workload.history(client, workflow_id, run_id)}
        assert not kinds & {"TimerFired", "ActivityTaskTimedOut", "DecisionTaskTimedOut"}
    return runs


def _assert_every_deadline_fired(client: Any, runs: dict[str, str]) -> None:
    events = workload.history(client, "sleepy", runs["sleepy"])
    kinds = [event["eventType"] for event in events]
    assert "TimerFired" in kinds
    timeouts = sorted(
        event["activityTaskTimedOutEventAttributes"]["timeoutType"]
        for event in events
        if event["eventType"] == "ActivityTaskTimedOut"
    )
    assert timeouts == ["HEARTBEAT", "SCHEDULE_TO_CLOSE", "SCHEDULE_TO_START", "START_TO_CLOSE"]
    first_fired = min(kinds.index("TimerFired"), kinds.index("ActivityTaskTimedOut"))
    assert kinds[first_fired + 1] == "DecisionTaskScheduled"  # the decider is asked, once
    assert kinds.count("DecisionTaskScheduled") == 2
    kinds = [event["eventType"] for event in workload.history(client, "stuck", runs["stuck"])]
    assert kinds[-3:] == [
        "DecisionTaskTimedOut",
        "DecisionTaskScheduled",
        "WorkflowExecutionTimedOut",
    ]


def test_deadlines_due_while_stopped_fire_at_restart_without_moving_the_clock(
    tmp_path: Path,
) -> None:
    db = served.db_file(tmp_path)
    with LocalSWF(db, clock=ManualClock(START), poll_hold=0.2) as first:
        client = served.make_client(first.endpoint_url)
        served.register(client)
        runs = _arm_deadlines(client)
    # Down from START to START + 120: every deadline (30 to 100 s) passed meanwhile.
    later = ManualClock(START + 120)
    with LocalSWF(db, clock=later, poll_hold=0.2) as second:
        client = served.make_client(second.endpoint_url)
        _assert_every_deadline_fired(client, runs)
        task = client.poll_for_decision_task(domain=served.DOMAIN, taskList={"name": "dl"})
        assert task["workflowExecution"]["workflowId"] == "sleepy"
        kinds = [event["eventType"] for event in task["events"]]
        assert {"TimerFired", "ActivityTaskTimedOut"} <= set(kinds)
        assert later.now() == START + 120  # nothing moved the clock


def test_deadlines_due_while_killed_fire_when_the_process_restarts(tmp_path: Path) -> None:
    db = served.db_file(tmp_path)
    server = served.ServedProcess(db, poll_hold=0.2).start()
    try:
        # The killed server's clock stands an hour before the wall clock; the restarted one
        # starts at the wall clock, so every deadline fell due while no process was running.
        past = server.clock_set(server.clock_now() - 3600)
        client = served.make_client(server.endpoint_url)
        served.register(client)
        runs = _arm_deadlines(client)
        server.kill()
        server = served.ServedProcess(db, poll_hold=0.2).start()
        client = served.make_client(server.endpoint_url)
        now = server.clock_now()
        assert now > past + 3000
        _assert_every_deadline_fired(client, runs)
        assert server.clock_now() == now  # fired at start, with no call moving the clock
    finally:
        server.stop()


def test_combined_malformed_requests_each_get_a_shape_fault_and_the_server_stays_healthy(
    swf_endpoint_url: str,
) -> None:
    parts = urlsplit(swf_endpoint_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    problems: list[str] = []
    try:
        for operation, label, body in malformed.malformed_requests(800, seed=7):
            response = raw_call(swf_endpoint_url, operation, body, connection=connection)
            fault = response.json().get("__type") if response.status == 400 else None
            if fault not in malformed.SHAPE_FAULTS:
                problems.append(f"{operation} {label}: HTTP {response.status} {response.body!r}")
        for operation, noise in malformed.byte_noise(200, seed=7):
            response = raw_call(swf_endpoint_url, operation, noise, connection=connection)
            if response.status >= 500 or (
                response.status == 400 and "#" not in response.json().get("__type", "")
            ):
                problems.append(f"{operation} {noise!r}: HTTP {response.status} {response.body!r}")
    finally:
        connection.close()
    assert problems == []
    client = served.make_client(swf_endpoint_url)
    served.register(client)  # a full workflow still runs on the same server
    run_id = client.start_workflow_execution(
        domain=served.DOMAIN, workflowId="healthy", workflowType={"name": "wf", "version": "1"}
    )["runId"]
    task = client.poll_for_decision_task(domain=served.DOMAIN, taskList={"name": "dl"})
    client.respond_decision_task_completed(
        taskToken=task["taskToken"], decisions=workload.decide(task["events"])
    )
    activity = client.poll_for_activity_task(domain=served.DOMAIN, taskList={"name": "al"})
    client.respond_activity_task_completed(taskToken=activity["taskToken"], result="ok")
    task = client.poll_for_decision_task(domain=served.DOMAIN, taskList={"name": "dl"})
    client.respond_decision_task_completed(
        taskToken=task["taskToken"], decisions=workload.decide(task["events"])
    )
    info = client.describe_workflow_execution(
        domain=served.DOMAIN, execution={"workflowId": "healthy", "runId": run_id}
    )["executionInfo"]
    assert info.get("closeStatus") == "COMPLETED"


def test_answers_racing_their_own_timeouts_close_each_task_exactly_once(tmp_path: Path) -> None:
    tasks = 120
    clock = ManualClock(START)
    with LocalSWF(served.db_file(tmp_path), clock=clock, poll_hold=0.2) as local:
        served.register(served.make_client(local.endpoint_url))
        outcome = races.answers_racing_timeouts(local, clock, tasks, threads=4)
    assert outcome.problems == []
    assert set(outcome.faults) <= {"UnknownResourceFault"}
    answered = outcome.activities_acknowledged + outcome.decisions_acknowledged
    assert answered + sum(outcome.faults.values()) == 2 * tasks
    assert outcome.activities_acknowledged > 0 and outcome.decisions_acknowledged > 0


def test_well_shaped_requests_with_random_contents_get_a_result_or_a_fault_never_a_500(
    tmp_path: Path,
) -> None:
    with LocalSWF(served.db_file(tmp_path), clock=ManualClock(START), poll_hold=0.0) as local:
        served.register(served.make_client(local.endpoint_url))
        tally = random_requests.well_shaped_requests(local.endpoint_url, 600, seed=11)
        assert tally.problems == []
        assert tally.statuses[200] > 0 and tally.statuses[400] > 0
        still = raw_call(local.endpoint_url, "ListDomains", {"registrationStatus": "REGISTERED"})
        assert still.status == 200


def test_clock_control_rejects_bad_values_with_a_400_fault_and_keeps_the_clock() -> None:
    clock = ManualClock(START)
    with LocalSWF(clock=clock, clock_control=True, poll_hold=0.1) as local:
        parts = urlsplit(local.endpoint_url)
        answers = []
        for body in (
            b'{"advance": "abc"}',
            b'{"advance": -5}',
            b'{"set": null}',
            b'{"advance": [1]}',
            b'{"advance": 1e400}',
        ):
            connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
            try:
                connection.request("POST", "/_local/clock", body=body)
                response = connection.getresponse()
                answers.append((body, response.status, response.read()))
            finally:
                connection.close()
    assert [(body, status) for body, status, _ in answers] == [
        (body, 400) for body, _, _ in answers
    ]
    assert clock.now() == START


def test_kill_9_while_the_clock_fires_a_batch_of_timeouts_each_fires_once_after_restart(
    tmp_path: Path,
) -> None:
    outcome = races.kill_while_firing(served.db_file(tmp_path), 200)
    assert outcome.problems == []
    assert outcome.fired_before_kill >= 1  # the kill came after the first time-out committed
