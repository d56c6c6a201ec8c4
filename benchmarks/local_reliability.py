"""SWF Local reliability, the long versions of tests/local/test_reliability.py.

Run from the repository root:
``v/bin/python benchmarks/local_reliability.py [--seconds 40] [--cycles 4] [--tasks 10000]
[--pollers 32] [--malformed 5000] [--noise 1000] [--random 3000] [--timeout-race 1000]
[--firing 2000]``

1. Crash cycles: ``swf local serve --manual-clock`` in a subprocess; starters, deciders and
   workers (boto3, threads) run a one-activity workflow; every ``seconds / cycles`` the server is
   killed with SIGKILL and restarted on the same database. After each restart: every
   acknowledged call (start, decision, activity completion) is still there, no task was
   delivered twice; the clock is moved past the START_TO_CLOSE time-outs of tasks that were
   out at the kill (and of the tasks workers abandon on purpose, one in 25). At the end the load
   runs without starters until every workflow is closed.
2. Race: ``pollers`` threads, each with its own boto3 client, poll ``tasks`` activity tasks
   scheduled beforehand (in-process LocalSWF); each task must be claimed exactly once.
3. Malformed requests: ``malformed`` bodies breaking the input shapes (one to three of the
   single-member mutations of tools/local/malformed.py combined) plus ``noise`` bodies
   with random bytes; each must get a 400 fault (a shape fault for the former), never a 500,
   and a full workflow must still run afterwards.
4. Well-shaped requests with random contents (``random``): every member valid for its shape,
   values random (often names the server knows); a third answer real decision tasks with one to
   three random decisions. Every answer must be 200 or a typed 400 fault, never a 500.
5. Answers racing their own time-outs (``timeout-race``): threads complete started activity
   (then decision) tasks while the manual clock jumps past START_TO_CLOSE; each task must close
   exactly once, every acknowledged answer must be in the history.
6. kill -9 while firing (``firing``): that many started activity tasks, the clock set past their
   START_TO_CLOSE in one call, the server killed as soon as the first time-out is visible; after
   a restart and the same clock move each must have timed out exactly once (3 rounds).

Loopback only; bounded in count and time. Exits 1 if an invariant is broken.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import logging
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from swf.local import LocalSWF, ManualClock
from tools.local import races, random_requests, served, workload
from tools.local.malformed import SHAPE_FAULTS, byte_noise, malformed_requests
from tools.local.wire import raw_call


def crash_cycles(seconds: float, cycles: int) -> bool:
    """Load with ``cycles`` kill -9 / restart rounds; prints the ledger; True if all held."""
    print(f"== crash: {seconds:g} s of load, {cycles} kill -9 / restart cycles")
    ok = True
    ledger = workload.Ledger()
    counter = itertools.count()
    with tempfile.TemporaryDirectory() as directory:
        db = served.db_file(Path(directory))
        server = served.ServedProcess(db).start()
        try:
            served.register(served.make_client(server.endpoint_url))
            clock_high = server.clock_now()
            began = time.monotonic()
            recovered = 0
            for cycle in range(1, cycles + 1):
                load = workload.Load(
                    server.endpoint_url,
                    ledger,
                    deciders=3,
                    workers=4,
                    abandon_every=25,
                    next_workflow=lambda: next(counter),
                ).start()
                time.sleep(seconds / cycles)  # real load time between kills
                server.kill()
                load.join()
                acknowledged = ledger.acknowledged()
                server = served.ServedProcess(db).start()
                client = served.make_client(server.endpoint_url)
                audit = workload.audit(client, ledger)
                open_now = workload.count_open(client)
                clock_high = server.clock_set(
                    max(clock_high, server.clock_now()) + 10 * served.ACTIVITY_TIMEOUT
                )
                timed_out = _timeouts(workload.audit(client, ledger)) - _timeouts(audit)
                recovered += timed_out
                print(
                    f"  cycle {cycle}: acknowledged so far {acknowledged}, "
                    f"executions {len(audit.executions)} ({open_now} open at restart), "
                    f"lost {len(audit.lost)}, duplicates {len(audit.duplicates)}, "
                    f"tasks timed out after restart {timed_out}"
                )
                for problem in audit.lost + audit.duplicates:
                    ok = False
                    print("    PROBLEM:", problem)
            load = workload.Load(
                server.endpoint_url, ledger, starters=0, signallers=0, deciders=3, workers=4
            ).start()
            try:
                drained = served.wait_until(lambda: workload.count_open(client) == 0, timeout=300)
            finally:
                load.stop()
            elapsed = time.monotonic() - began
            final = workload.audit(client, ledger)
        finally:
            server.stop()
    completed = sum(
        1
        for events in final.histories.values()
        if events[-1]["eventType"] == "WorkflowExecutionCompleted"
        and sum(e["eventType"] == "ActivityTaskCompleted" for e in events) == 1
    )
    ok = ok and drained and not final.lost and not final.duplicates
    ok = ok and completed == final.closed == len(final.executions)
    print(
        f"  total {elapsed:.1f} s: calls acknowledged {ledger.acknowledged()} "
        f"(starts {len(ledger.started)}, signals {len(ledger.signals)}, "
        f"decisions {len(ledger.decisions_completed)}, "
        f"activity completions {len(ledger.activities_completed)}); "
        f"activity tasks delivered {len(ledger.activity_deliveries)}, "
        f"decision tasks delivered {len(ledger.decision_deliveries)}, "
        f"abandoned on purpose {len(ledger.abandoned)}; "
        f"tasks recovered by time-outs {recovered}"
    )
    print(
        f"  lost {len(final.lost)}, duplicates {len(final.duplicates)}, "
        f"workflows completed {final.closed} of {len(final.executions)} "
        f"(acknowledged starts {len(ledger.started)}); "
        f"client-side errors {dict(sorted(ledger.errors.items()))}"
    )
    for problem in final.lost + final.duplicates:
        print("    PROBLEM:", problem)
    return ok


def _timeouts(audit: workload.Audit) -> int:
    return sum(
        1
        for events in audit.histories.values()
        for event in events
        if event["eventType"] in ("ActivityTaskTimedOut", "DecisionTaskTimedOut")
    )


def race(tasks: int, pollers: int) -> bool:
    """``pollers`` threads claim ``tasks`` activity tasks; True if each was claimed once."""
    print(f"== race: {pollers} pollers, {tasks} activity tasks (in-process LocalSWF)")
    per_run = 100
    runs = -(-tasks // per_run)
    with (
        tempfile.TemporaryDirectory() as directory,
        LocalSWF(served.db_file(Path(directory)), clock=ManualClock(), poll_hold=0.5) as local,
    ):
        client = served.make_client(local.endpoint_url)
        served.register(client)
        expected: set[tuple[str, str]] = set()
        run_ids: dict[str, str] = {}
        for index in range(runs):
            workflow_id = f"race{index}"
            run_ids[workflow_id] = client.start_workflow_execution(
                domain=served.DOMAIN,
                workflowId=workflow_id,
                workflowType={"name": "wf", "version": "1"},
            )["runId"]
            task = client.poll_for_decision_task(domain=served.DOMAIN, taskList={"name": "dl"})
            count = min(per_run, tasks - index * per_run)
            ids = [f"r{index}-{n}" for n in range(count)]
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
            expected |= {(run_ids[workflow_id], activity_id) for activity_id in ids}
        clients = [served.make_client(local.endpoint_url) for _ in range(pollers)]
        claims: list[tuple[str, str, str]] = []
        last_claim = [0.0]
        lock = threading.Lock()
        barrier = threading.Barrier(pollers + 1)
        errors: list[BaseException] = []

        def poll(poller: Any, identity: str) -> None:
            try:
                barrier.wait()
                while True:
                    task = poller.poll_for_activity_task(
                        domain=served.DOMAIN, taskList={"name": "al"}, identity=identity
                    )
                    if not task.get("taskToken"):
                        return
                    with lock:
                        claims.append(
                            (task["workflowExecution"]["runId"], task["activityId"], identity)
                        )
                        last_claim[0] = time.monotonic()
            except BaseException as error:
                errors.append(error)

        threads = [
            threading.Thread(target=poll, args=(c, f"p{n}"), daemon=True)
            for n, c in enumerate(clients)
        ]
        for thread in threads:
            thread.start()
        barrier.wait()
        began = time.monotonic()
        for thread in threads:
            thread.join(600)
        elapsed = max(last_claim[0] - began, 1e-9)  # to the last claim (not the empty polls)
        started: Counter[tuple[str, int]] = Counter()
        for workflow_id, run_id in run_ids.items():
            for event in workload.history(client, workflow_id, run_id):
                if event["eventType"] == "ActivityTaskStarted":
                    scheduled = event["activityTaskStartedEventAttributes"]["scheduledEventId"]
                    started[(run_id, scheduled)] += 1
        pending = client.count_pending_activity_tasks(
            domain=served.DOMAIN, taskList={"name": "al"}
        )["count"]
    claimed = Counter((run_id, activity_id) for run_id, activity_id, _ in claims)
    duplicates = sum(n - 1 for n in claimed.values() if n > 1)
    per_poller = Counter(identity for _, _, identity in claims)
    ok = (
        not errors
        and len(claims) == tasks
        and set(claimed) == expected
        and duplicates == 0
        and pending == 0
        and len(started) == tasks
        and set(started.values()) == {1}
    )
    print(
        f"  claimed {len(claims)} of {tasks}, distinct {len(claimed)}, duplicates {duplicates}, "
        f"missing {len(expected - set(claimed))}, still pending {pending}, "
        f"ActivityTaskStarted once each: {set(started.values()) == {1}}, errors {len(errors)}"
    )
    print(
        f"  {elapsed:.2f} s, {len(claims) / elapsed:.0f} claims/s; tasks per poller "
        f"min {min(per_poller.values(), default=0)} max {max(per_poller.values(), default=0)} "
        f"over {len(per_poller)} pollers"
    )
    return ok


def malformed(count: int, noise: int) -> bool:
    """``count`` shape-breaking bodies and ``noise`` byte-noise bodies; True if every answer was
    a proper 400 fault and the server still runs a workflow."""
    print(f"== malformed: {count} shape-breaking requests + {noise} byte-noise requests")
    faults: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    problems: list[str] = []
    with LocalSWF(clock=ManualClock(), poll_hold=0.2) as local:
        url = local.endpoint_url
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
        operations: Counter[str] = Counter()
        began = time.monotonic()
        try:
            for operation, label, body in malformed_requests(count, seed=2026):
                operations[operation] += 1
                response = raw_call(url, operation, body, connection=connection)
                statuses[response.status] += 1
                fault = response.json().get("__type") if response.status == 400 else None
                faults[str(fault)] += 1
                if fault not in SHAPE_FAULTS:
                    problems.append(f"{operation} {label}: {response.status} {response.body!r}")
            for operation, text in byte_noise(noise, seed=2026):
                response = raw_call(url, operation, text, connection=connection)
                statuses[response.status] += 1
                if response.status == 200:
                    faults["(200: noise landed in a value)"] += 1
                    continue
                fault = response.json().get("__type", "") if response.status < 500 else None
                faults[str(fault)] += 1
                if response.status >= 500 or not fault or "#" not in fault:
                    problems.append(f"{operation} noise: {response.status} {response.body!r}")
        finally:
            connection.close()
        elapsed = time.monotonic() - began
        healthy = _one_workflow(url)
    total = count + noise
    print(
        f"  {total} requests in {elapsed:.1f} s over {len(operations)} operations; "
        f"HTTP statuses {dict(sorted(statuses.items()))}; 5xx: "
        f"{sum(n for s, n in statuses.items() if s >= 500)}"
    )
    for fault, n in faults.most_common():
        print(f"    {n:6d}  {fault}")
    print(f"  a full workflow afterwards: {'completed' if healthy else 'FAILED'}")
    for problem in problems[:20]:
        print("    PROBLEM:", problem)
    return healthy and not problems


def well_shaped(count: int) -> bool:
    """``count`` requests that pass the shapes with random contents (a third of them random
    decisions on real decision tasks); True if none got a 5xx or an untyped fault."""
    print(f"== well-shaped random requests: {count} (one in three answers a real decision task)")
    with (
        tempfile.TemporaryDirectory() as directory,
        LocalSWF(served.db_file(Path(directory)), clock=ManualClock(), poll_hold=0.0) as local,
    ):
        served.register(served.make_client(local.endpoint_url))
        began = time.monotonic()
        tally = random_requests.well_shaped_requests(local.endpoint_url, count, seed=2026)
        elapsed = time.monotonic() - began
        healthy = _one_workflow(local.endpoint_url, domain="health")
    print(
        f"  {elapsed:.1f} s; HTTP statuses {dict(sorted(tally.statuses.items()))}; 5xx: "
        f"{sum(n for s, n in tally.statuses.items() if s >= 500)}"
    )
    for fault, n in tally.faults.most_common():
        print(f"    {n:6d}  {fault}")
    print(f"  a full workflow afterwards: {'completed' if healthy else 'FAILED'}")
    for problem in tally.problems[:20]:
        print("    PROBLEM:", problem)
    return healthy and not tally.problems


def timeout_race(tasks: int) -> bool:
    """Answers racing their own START_TO_CLOSE time-outs; True if every task closed once."""
    print(f"== answers racing their time-outs: {tasks} activity tasks, then {tasks} decision tasks")
    clock = ManualClock()
    with (
        tempfile.TemporaryDirectory() as directory,
        LocalSWF(served.db_file(Path(directory)), clock=clock, poll_hold=0.2) as local,
    ):
        served.register(served.make_client(local.endpoint_url))
        outcome = races.answers_racing_timeouts(local, clock, tasks, threads=8)
    print(
        f"  acknowledged: {outcome.activities_acknowledged} activity, "
        f"{outcome.decisions_acknowledged} decision answers; lost to the time-out: "
        f"{dict(outcome.faults)}; tasks closed more or less than once: {len(outcome.problems)}"
    )
    for problem in outcome.problems[:20]:
        print("    PROBLEM:", problem)
    answered = outcome.activities_acknowledged + outcome.decisions_acknowledged
    return (
        not outcome.problems
        and set(outcome.faults) <= {"UnknownResourceFault"}
        and answered + sum(outcome.faults.values()) == 2 * tasks
    )


def kill_while_firing(tasks: int, rounds: int) -> bool:
    """kill -9 part-way through a batch of ``tasks`` time-outs, ``rounds`` times; True if each
    time-out fired exactly once after the restart."""
    print(f"== kill -9 while firing: {rounds} rounds of {tasks} START_TO_CLOSE time-outs")
    ok = True
    for round_ in range(1, rounds + 1):
        with tempfile.TemporaryDirectory() as directory:
            outcome = races.kill_while_firing(served.db_file(Path(directory)), tasks)
        print(
            f"  round {round_}: {outcome.fired_before_kill} of {tasks} had fired at the kill; "
            f"after restart problems {len(outcome.problems)}"
        )
        for problem in outcome.problems[:10]:
            print("    PROBLEM:", problem)
        ok = ok and not outcome.problems
    return ok


def _one_workflow(url: str, *, domain: str = served.DOMAIN) -> bool:
    """Run one workflow to completion in a fresh ``domain`` (registered here)."""
    client = served.make_client(url)
    served.register(client, domain)
    run_id = client.start_workflow_execution(
        domain=domain, workflowId="healthy", workflowType={"name": "wf", "version": "1"}
    )["runId"]
    for step in range(2):
        task = client.poll_for_decision_task(domain=domain, taskList={"name": "dl"})
        client.respond_decision_task_completed(
            taskToken=task["taskToken"], decisions=workload.decide(task["events"])
        )
        if step == 0:
            activity = client.poll_for_activity_task(domain=domain, taskList={"name": "al"})
            client.respond_activity_task_completed(taskToken=activity["taskToken"], result="ok")
    info = client.describe_workflow_execution(
        domain=domain, execution={"workflowId": "healthy", "runId": run_id}
    )["executionInfo"]
    return info.get("closeStatus") == "COMPLETED"


def main() -> int:
    """Run the three parts; 0 if every invariant held."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=40.0, help="load time (crash part)")
    parser.add_argument("--cycles", type=int, default=4, help="kill -9 / restart cycles")
    parser.add_argument("--tasks", type=int, default=10_000, help="activity tasks to race for")
    parser.add_argument("--pollers", type=int, default=32, help="racing pollers")
    parser.add_argument("--malformed", type=int, default=5_000, help="shape-breaking requests")
    parser.add_argument("--noise", type=int, default=1_000, help="byte-noise requests")
    parser.add_argument(
        "--random", type=int, default=3_000, help="well-shaped requests with random contents"
    )
    parser.add_argument(
        "--timeout-race", type=int, default=1_000, help="tasks answered while timing out"
    )
    parser.add_argument(
        "--firing", type=int, default=2_000, help="time-outs in a batch killed while firing"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)  # the in-process server's logs stay quiet
    results = {
        "crash": crash_cycles(min(args.seconds, 600.0), max(1, min(args.cycles, 50))),
        "race": race(min(args.tasks, 100_000), max(1, min(args.pollers, 256))),
        "malformed": malformed(min(args.malformed, 100_000), min(args.noise, 100_000)),
        "well-shaped": well_shaped(min(args.random, 100_000)),
        "timeout race": timeout_race(max(3, min(args.timeout_race, 20_000))),
        "kill while firing": kill_while_firing(max(1, min(args.firing, 20_000)), 3),
    }
    print("== summary: " + ", ".join(f"{k} {'ok' if v else 'FAILED'}" for k, v in results.items()))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
