"""Other SWF clients use SWF Local unmodified.

simpleflow (the most used Python SWF library) drives a whole workflow on SWF Local through its
own boto3 client: register a domain and types, start an execution, decide, work, complete. It
runs in a subprocess: it reads its settings and builds its client at import time.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

import pytest

pytest.importorskip("simpleflow", reason="simpleflow is part of the test extra")

SCRIPT = textwrap.dedent(
    """
    import json

    from simpleflow.swf.mapper.actors import ActivityWorker, Decider
    from simpleflow.swf.mapper.models import ActivityType, Domain, WorkflowType
    from simpleflow.swf.mapper.models.decision import (
        ActivityTaskDecision, WorkflowExecutionDecision)

    domain = Domain("compat", retention_period=1)
    domain.save()
    workflow_type = WorkflowType(domain, "wf", "1", task_list="deciders",
                                 execution_timeout="600", decision_tasks_timeout="30",
                                 child_policy="TERMINATE")
    workflow_type.save()
    activity_type = ActivityType(domain, "double", "1", task_list="workers",
                                 task_heartbeat_timeout="60", task_schedule_to_close_timeout="60",
                                 task_schedule_to_start_timeout="60",
                                 task_start_to_close_timeout="60")
    activity_type.save()
    execution = workflow_type.start_execution(workflow_id="compat-1", input={"n": 21})

    decider = Decider(domain, "deciders")
    task = decider.poll()
    schedule = ActivityTaskDecision("schedule", activity_id="a1", activity_type=activity_type,
                                    input={"n": 21}, task_list="workers")
    decider.complete(task.token, decisions=[schedule])

    worker = ActivityWorker(domain, "workers")
    activity = worker.poll()
    number = json.loads(activity.activity_task.input)["n"]
    worker.complete(activity.task_token, result={"n": number * 2})

    task = decider.poll()
    done = WorkflowExecutionDecision("complete", result={"answer": 42})
    decider.complete(task.token, decisions=[done])
    print(execution.run_id)
    """
)


def test_simpleflow_runs_a_workflow_on_swf_local_unmodified(
    swf_local: Any, swf_client: Any, tmp_path: Any
) -> None:
    environment = {
        "AWS_ENDPOINT_URL_SWF": swf_local.endpoint_url,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "compat",
        "AWS_SECRET_ACCESS_KEY": "compat",
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    run_id = done.stdout.strip().splitlines()[-1]
    described = swf_client.describe_workflow_execution(
        domain="compat", execution={"workflowId": "compat-1", "runId": run_id}
    )
    assert described["executionInfo"]["closeStatus"] == "COMPLETED"
    events = swf_client.get_workflow_execution_history(
        domain="compat", execution={"workflowId": "compat-1", "runId": run_id}
    )["events"]
    completed = [e for e in events if e["eventType"] == "ActivityTaskCompleted"]
    assert [e["activityTaskCompletedEventAttributes"]["result"] for e in completed] == ['{"n":42}']
    closing = events[-1]
    assert closing["eventType"] == "WorkflowExecutionCompleted"
    assert closing["workflowExecutionCompletedEventAttributes"]["result"] == '{"answer":42}'
