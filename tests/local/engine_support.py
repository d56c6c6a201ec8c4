"""Helpers of the SWF Local engine tests: a server on port 0 with a manual clock, a boto3
client, raw JSON calls checked against botocore's output shapes (tests/local/shape_check.py),
and small drivers."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

import boto3
import botocore.config
import pytest
from botocore.exceptions import ClientError

from swf.local import LocalSWF, ManualClock
from tests.local.shape_check import assert_output_shape

START = 1_800_000_000.0


def fault_code(error: pytest.ExceptionInfo[ClientError]) -> str:
    """The fault code of a ClientError."""
    return str(error.value.response["Error"]["Code"])


@dataclass
class Engine:
    """A running SWF Local, its manual clock and a boto3 client."""

    local: LocalSWF
    clock: ManualClock
    client: Any

    # -- raw calls ---------------------------------------------------------------------------

    def raw(self, operation: str, body: dict[str, Any]) -> dict[str, Any]:
        """Call ``operation`` with a JSON body, check the answer against its output shape."""
        request = urllib.request.Request(
            self.local.endpoint_url + "/",
            data=json.dumps(body).encode(),
            headers={
                "X-Amz-Target": f"SimpleWorkflowService.{operation}",
                "Content-Type": "application/x-amz-json-1.0",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            payload = response.read()
        result: dict[str, Any] = json.loads(payload) if payload.strip() else {}
        empty_poll = operation.startswith("PollFor") and "taskToken" not in result
        if not empty_poll:
            assert_output_shape(operation, result, raw=True)
        return result

    def raw_fault(self, operation: str, body: dict[str, Any]) -> str:
        """Call ``operation`` expecting a fault; returns its code (the part after ``#``)."""
        try:
            self.raw(operation, body)
        except urllib.error.HTTPError as error:
            assert error.code == 400
            fault = json.loads(error.read())
            return str(fault["__type"]).split("#")[-1]
        raise AssertionError(f"{operation} succeeded")

    # -- set-up --------------------------------------------------------------------------------

    def register(self, domain: str = "d", *, retention: str = "1") -> None:
        """A domain with a workflow type ``wf/1`` and an activity type ``act/1``, both with
        every default."""
        self.client.register_domain(name=domain, workflowExecutionRetentionPeriodInDays=retention)
        self.client.register_workflow_type(
            domain=domain,
            name="wf",
            version="1",
            defaultTaskList={"name": "dl"},
            defaultTaskStartToCloseTimeout="30",
            defaultExecutionStartToCloseTimeout="3600",
            defaultChildPolicy="TERMINATE",
        )
        self.client.register_activity_type(
            domain=domain,
            name="act",
            version="1",
            defaultTaskList={"name": "al"},
            defaultTaskStartToCloseTimeout="60",
            defaultTaskScheduleToStartTimeout="100",
            defaultTaskScheduleToCloseTimeout="300",
            defaultTaskHeartbeatTimeout="NONE",
        )

    def start(self, workflow_id: str = "w", domain: str = "d", **options: Any) -> str:
        """Start a ``wf/1`` execution; returns its runId."""
        run_id: str = self.client.start_workflow_execution(
            domain=domain,
            workflowId=workflow_id,
            workflowType={"name": "wf", "version": "1"},
            **options,
        )["runId"]
        return run_id

    # -- driving -------------------------------------------------------------------------------

    def poll_decision(self, task_list: str = "dl", domain: str = "d", **options: Any) -> Any:
        """One decision task (asserts there is one)."""
        task = self.client.poll_for_decision_task(
            domain=domain, taskList={"name": task_list}, identity="decider", **options
        )
        assert "taskToken" in task, "no decision task"
        return task

    def decide(
        self,
        decisions: list[dict[str, Any]],
        task_list: str = "dl",
        domain: str = "d",
        **options: Any,
    ) -> Any:
        """Poll a decision task and answer it with ``decisions``; returns the task."""
        task = self.poll_decision(task_list, domain)
        self.client.respond_decision_task_completed(
            taskToken=task["taskToken"], decisions=decisions, **options
        )
        return task

    def poll_activity(self, task_list: str = "al", domain: str = "d") -> Any:
        """One activity task (asserts there is one)."""
        task = self.client.poll_for_activity_task(
            domain=domain, taskList={"name": task_list}, identity="worker"
        )
        assert "taskToken" in task, "no activity task"
        return task

    def history(self, workflow_id: str, run_id: str, domain: str = "d") -> list[dict[str, Any]]:
        """Every event of an execution (raw JSON, shape-checked)."""
        events: list[dict[str, Any]] = []
        token = None
        while True:
            body: dict[str, Any] = {
                "domain": domain,
                "execution": {"workflowId": workflow_id, "runId": run_id},
            }
            if token:
                body["nextPageToken"] = token
            page = self.raw("GetWorkflowExecutionHistory", body)
            events += page["events"]
            token = page.get("nextPageToken")
            if not token:
                return events

    def types(self, workflow_id: str, run_id: str, domain: str = "d") -> list[str]:
        """The event types of an execution's history."""
        return [event["eventType"] for event in self.history(workflow_id, run_id, domain)]

    def last(
        self, workflow_id: str, run_id: str, event_type: str, domain: str = "d"
    ) -> dict[str, Any]:
        """The attributes of the last event of ``event_type``."""
        for event in reversed(self.history(workflow_id, run_id, domain)):
            if event["eventType"] == event_type:
                attributes: dict[str, Any] = event[
                    event_type[0].lower() + event_type[1:] + "EventAttributes"
                ]
                return attributes
        raise AssertionError(f"no {event_type} event")

    def describe(self, workflow_id: str, run_id: str, domain: str = "d") -> dict[str, Any]:
        """DescribeWorkflowExecution, raw and shape-checked."""
        return self.raw(
            "DescribeWorkflowExecution",
            {"domain": domain, "execution": {"workflowId": workflow_id, "runId": run_id}},
        )


def schedule(activity_id: str, **attributes: Any) -> dict[str, Any]:
    """A ScheduleActivityTask decision for ``act/1``."""
    return {
        "decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {
            "activityType": {"name": "act", "version": "1"},
            "activityId": activity_id,
            **attributes,
        },
    }


def decision(decision_type: str, **attributes: Any) -> dict[str, Any]:
    """A decision of ``decision_type`` with ``attributes``."""
    key = decision_type[0].lower() + decision_type[1:] + "DecisionAttributes"
    return {"decisionType": decision_type, key: attributes}


def make_engine(
    db_path: str | None = None, clock: ManualClock | None = None, poll_hold: float = 0.2
) -> tuple[LocalSWF, ManualClock, Any]:
    """A started LocalSWF with a manual clock, and a boto3 client bound to it."""
    clock = clock or ManualClock(START)
    local = LocalSWF(db_path, clock=clock, poll_hold=poll_hold).start()
    client = boto3.client(
        "swf",
        endpoint_url=local.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=botocore.config.Config(read_timeout=70, retries={"max_attempts": 0}),
    )
    return local, clock, client


@pytest.fixture
def engine(local_swf: LocalSWF, clock: ManualClock, swf_client: Any) -> Engine:
    """INFRA's ``local_swf`` (temporary db, manual clock, short poll hold) and ``swf_client``,
    the clock set to ``START`` and the domain ``d`` registered with ``wf/1`` and ``act/1``."""
    clock.set(START)
    env = Engine(local_swf, clock, swf_client)
    env.register()
    return env
