"""A fan-out of 1,000 activities on SWF Local: wall time and decider CPU, swf.flow vs simpleflow.

Run: ``.venv/bin/python benchmarks/flow_fanout.py [--activities 1000] [--no-simpleflow]``
(simpleflow 0.36 is in the ``test`` extra).

One in-process SWF Local (system clock, SQLite in a temporary folder) serves both runs, one
after the other. The workflow is the same in both libraries: ``n`` activities
``square(i)`` scheduled at once, then the sum of their results. For each library:

* its **decider** runs alone in a child process (``Worker(workflows=[...]).run()`` for
  ``swf.flow``, ``simpleflow decider.start -N 1`` for simpleflow: a supervisor, a poller, a
  fork per decision task), its **activity worker** in another (two threads for ``swf.flow``,
  ``simpleflow worker.start -N 2``);
* **wall time**: from the StartWorkflowExecution call to the moment the execution is seen
  closed (the benchmark polls DescribeWorkflowExecution every 50 ms);
* **decider CPU**: the user + system time of the decider's process tree (``/proc``: each
  live process's own time and that of the children it has waited for, so simpleflow's
  per-task forks are included) when the execution is seen closed, minus the same at the
  start (imports, registration, the first polls: printed, not counted). It counts all the
  decider does: polls, botocore parsing of the history pages, replay, answers; the activity
  worker is another process, not counted.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from swf.flow import Worker, Workflow, activity

HERE = Path(__file__).resolve().parent
DOMAIN = "bench-fanout"
FLOW_DECISIONS = "bench-fanout-flow-decisions"
FLOW_ACTIVITIES = "bench-fanout-flow-activities"
SF_DECISIONS = "bench-fanout-sf-decisions"
SF_ACTIVITIES = "bench-fanout-sf-activities"
SF_WORKFLOW = "flow_fanout.SimpleflowFanOut"
#: Seconds a run may take before the benchmark gives up.
BOUND = 1800


# --- swf.flow -------------------------------------------------------------------------------


@activity(name="bench-fanout-square", task_list=FLOW_ACTIVITIES, start_to_close=600)
def square(x: int) -> int:
    return x * x


class FlowFanOut(Workflow):
    """The sum of the squares of 0..n-1, the squares computed in parallel."""

    name = "bench-fanout-flow"
    task_list = FLOW_DECISIONS

    def run(self, n: int) -> int:
        return sum(self.map(square, range(n)))


# --- simpleflow 0.36 (imported by its decider and worker as ``flow_fanout``) -----------------

try:
    from simpleflow import Workflow as SimpleflowWorkflow
    from simpleflow import activity as sf_activity
    from simpleflow import futures as sf_futures
except ImportError:  # pragma: no cover - the simpleflow part is skipped
    SimpleflowWorkflow = None
else:

    @sf_activity.with_attributes(
        task_list=SF_ACTIVITIES,
        version="1",
        schedule_to_start_timeout=3600,
        start_to_close_timeout=600,
        schedule_to_close_timeout=7200,
        heartbeat_timeout=3600,
    )
    def sf_square(x: int) -> int:
        return x * x

    class SimpleflowFanOut(SimpleflowWorkflow):  # type: ignore[misc,valid-type]
        """The same fan-out in simpleflow."""

        name = "bench-fanout-sf"
        version = "1"
        task_list = SF_DECISIONS

        def run(self, n: int) -> int:
            squares = self.map(sf_square, range(n))
            sf_futures.wait(*squares)
            return sum(future.result for future in squares)


# --- child processes -----------------------------------------------------------------------


def flow_role(role: str, endpoint_url: str) -> None:
    """Run the swf.flow decider or activity worker until SIGTERM."""
    from swf.core import Connection

    connection = Connection(endpoint_url=endpoint_url)
    if role == "flow-decider":
        worker = Worker(DOMAIN, workflows=[FlowFanOut], connection=connection)
    else:
        worker = Worker(DOMAIN, activities=[square], activity_threads=2, connection=connection)
    raise SystemExit(int(worker.run()))


def environment(endpoint_url: str, folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "AWS_ENDPOINT_URL_SWF": endpoint_url,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "HOME": str(folder),
        "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
        "LOG_LEVEL": "WARNING",
    }


def spawn(arguments: list[str], env: dict[str, str], log: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, *arguments], env=env, stdout=log, stderr=subprocess.STDOUT
    )


def tree_cpu(pid: int) -> float:
    """The CPU seconds of ``pid`` and its live descendants so far (from /proc): the user and
    system time of each, and of the children each has waited for (simpleflow's per-task forks)."""
    parents: dict[int, int] = {}
    seconds: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # after the name: state ppid ...; utime stime cutime cstime are fields 14-17 of the line
        parents[int(entry.name)] = int(fields[1])
        seconds[int(entry.name)] = sum(int(f) for f in fields[11:15]) / tick
    tree = {pid}
    grew = True
    while grew:
        grew = False
        for child, parent in parents.items():
            if parent in tree and child not in tree:
                tree.add(child)
                grew = True
    return sum(seconds.get(p, 0.0) for p in tree)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, wait (a minute at most, then SIGKILL)."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_closed(client: Any, workflow_id: str, run_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline:
        info = client.describe_workflow_execution(
            domain=DOMAIN, execution={"workflowId": workflow_id, "runId": run_id}
        )["executionInfo"]
        if info["executionStatus"] == "CLOSED":
            return info
        time.sleep(0.05)
    raise RuntimeError(f"{workflow_id} did not close within {BOUND} s")


def result_of(client: Any, workflow_id: str, run_id: str) -> Any:
    events = client.get_workflow_execution_history(
        domain=DOMAIN,
        execution={"workflowId": workflow_id, "runId": run_id},
        reverseOrder=True,
        maximumPageSize=1,
    )["events"]
    attributes = events[0].get("workflowExecutionCompletedEventAttributes")
    if attributes is None:
        raise RuntimeError(f"{workflow_id} did not complete: {events[0]}")
    return attributes["result"]


def history_length(client: Any, workflow_id: str, run_id: str) -> int:
    events = client.get_workflow_execution_history(
        domain=DOMAIN,
        execution={"workflowId": workflow_id, "runId": run_id},
        reverseOrder=True,
        maximumPageSize=1,
    )["events"]
    return int(events[0]["eventId"])


def decision_tasks(client: Any, workflow_id: str, run_id: str) -> int:
    count = 0
    token = None
    while True:
        params: dict[str, Any] = {
            "domain": DOMAIN,
            "execution": {"workflowId": workflow_id, "runId": run_id},
            "maximumPageSize": 1000,
        }
        if token:
            params["nextPageToken"] = token
        page = client.get_workflow_execution_history(**params)
        count += sum(1 for e in page["events"] if e["eventType"] == "DecisionTaskCompleted")
        token = page.get("nextPageToken")
        if not token:
            return count


def run_flow(client: Any, endpoint_url: str, folder: Path, n: int) -> dict[str, Any]:
    env = environment(endpoint_url, folder)
    script = str(Path(__file__).resolve())
    with (folder / "flow.log").open("w") as log:
        decider = spawn([script, "--role", "flow-decider", "--endpoint", endpoint_url], env, log)
        worker = spawn([script, "--role", "flow-worker", "--endpoint", endpoint_url], env, log)
        try:
            workflow_id = f"flow-{uuid.uuid4().hex[:8]}"
            time.sleep(2)  # both have registered their types and are polling
            baseline = tree_cpu(decider.pid)  # its start-up: imports, registration
            started = time.perf_counter()
            run_id = client.start_workflow_execution(
                domain=DOMAIN,
                workflowId=workflow_id,
                workflowType={"name": FlowFanOut.name, "version": FlowFanOut.version},
                taskList={"name": FLOW_DECISIONS},
                input=json.dumps({"args": [n]}),
                executionStartToCloseTimeout=str(BOUND),
                taskStartToCloseTimeout="300",
                childPolicy="TERMINATE",
            )["runId"]
            wait_closed(client, workflow_id, run_id)
            wall = time.perf_counter() - started
            cpu = tree_cpu(decider.pid) - baseline
        finally:
            stop(decider)
            stop(worker)
    result = json.loads(result_of(client, workflow_id, run_id))
    return {
        "wall": wall,
        "cpu": cpu,
        "startup": baseline,
        "result": result,
        "events": history_length(client, workflow_id, run_id),
        "tasks": decision_tasks(client, workflow_id, run_id),
    }


def run_simpleflow(client: Any, endpoint_url: str, folder: Path, n: int) -> dict[str, Any]:
    env = environment(endpoint_url, folder)
    sf = ["-m", "simpleflow"]
    with (folder / "simpleflow.log").open("w") as log:
        decider = spawn(
            [*sf, "decider.start", "-d", DOMAIN, "-t", SF_DECISIONS, "-N", "1", SF_WORKFLOW],
            env,
            log,
        )
        worker = spawn(
            [*sf, "worker.start", "-d", DOMAIN, "-t", SF_ACTIVITIES, "-N", "2"], env, log
        )
        try:
            workflow_id = f"sf-{uuid.uuid4().hex[:8]}"
            time.sleep(2)
            baseline = tree_cpu(decider.pid)
            started = time.perf_counter()
            subprocess.run(
                [
                    *(sys.executable, *sf, "workflow.start", "-d", DOMAIN),
                    *("--workflow-id", workflow_id, "--task-list", SF_DECISIONS),
                    *("--execution-timeout", str(BOUND), "--decision-tasks-timeout", "300"),
                    *("--input", json.dumps([n]), SF_WORKFLOW),
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=True,
            )
            opened = client.list_open_workflow_executions(
                domain=DOMAIN,
                startTimeFilter={"oldestDate": 0},
                executionFilter={"workflowId": workflow_id},
            )["executionInfos"]
            if opened:
                run_id = opened[0]["execution"]["runId"]
            else:
                closed = client.list_closed_workflow_executions(
                    domain=DOMAIN,
                    startTimeFilter={"oldestDate": 0},
                    executionFilter={"workflowId": workflow_id},
                )["executionInfos"]
                run_id = closed[0]["execution"]["runId"]
            wait_closed(client, workflow_id, run_id)
            wall = time.perf_counter() - started
            cpu = tree_cpu(decider.pid) - baseline
        finally:
            stop(decider)
            stop(worker)
    result = json.loads(result_of(client, workflow_id, run_id))
    return {
        "wall": wall,
        "cpu": cpu,
        "startup": baseline,
        "result": result,
        "events": history_length(client, workflow_id, run_id),
        "tasks": decision_tasks(client, workflow_id, run_id),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--activities", type=int, default=1000, help="the fan-out's width")
    parser.add_argument("--no-simpleflow", action="store_true", help="measure swf.flow only")
    parser.add_argument("--role", choices=["flow-decider", "flow-worker"], help=argparse.SUPPRESS)
    parser.add_argument("--endpoint", help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args.role:
        flow_role(args.role, args.endpoint)
        return
    if not 1 <= args.activities <= 1000:
        parser.error("--activities must be between 1 and 1000 (SWF's open activities limit)")
    if not args.no_simpleflow and SimpleflowWorkflow is None:
        parser.error("simpleflow is not installed (pip install simpleflow==0.36.0)")

    import boto3

    from swf.local import LocalSWF

    n = args.activities
    expected = sum(i * i for i in range(n))
    with (
        tempfile.TemporaryDirectory() as tmp,
        LocalSWF(Path(tmp) / "swf.sqlite3", poll_hold=1.0) as local,
    ):
        client = boto3.client(
            "swf",
            endpoint_url=local.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        client.register_domain(name=DOMAIN, workflowExecutionRetentionPeriodInDays="1")
        results = {"swf.flow": run_flow(client, local.endpoint_url, Path(tmp), n)}
        if not args.no_simpleflow:
            results["simpleflow 0.36"] = run_simpleflow(client, local.endpoint_url, Path(tmp), n)
    print(f"fan-out of {n} activities on SWF Local (in-process, system clock)\n")
    print(
        "| library | wall s | decider CPU s | decider start-up CPU s (not counted) "
        "| decision tasks | events | result ok |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, r in results.items():
        print(
            f"| {name} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['startup']:.2f} "
            f"| {r['tasks']} | {r['events']} "
            f"| {r['result'] == expected} |"
        )
    if "simpleflow 0.36" in results:
        flow, sf = results["swf.flow"], results["simpleflow 0.36"]
        print(
            f"\nsimpleflow / swf.flow: decider CPU **{sf['cpu'] / flow['cpu']:.1f}x**, "
            f"wall time {sf['wall'] / flow['wall']:.1f}x"
        )


if __name__ == "__main__":
    main()
