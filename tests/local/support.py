"""Helpers of the SWF Local tests: a server on port 0 with a manual clock and a boto3 client
(:class:`LocalEnvironment`), raw JSON calls checked against botocore's output shapes
(tests/local/shape_check.py), small drivers and decision builders, and a driver of one kind of
type (:class:`TypeCalls`). The fixtures built on them are in conftest.py."""

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

#: The manual clock's time when a test starts (epoch seconds).
START = 1_800_000_000.0
#: Deadlines fired by the test-only kinds of the ``fired`` fixture: (kind, key, due).
Fired = list[tuple[str, str, float]]

#: Seconds of real time a test waits for something that must happen: a bound for a failure
#: (a hang), never a timing assertion.
FAILURE_BOUND = 10.0


def fault_code(error: pytest.ExceptionInfo[ClientError]) -> str:
    """The fault code of a ClientError."""
    return str(error.value.response["Error"]["Code"])


@dataclass
class LocalEnvironment:
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


def make_local(
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


class TypeCalls:
    """Calls one kind of type through boto3 ("activity" or "workflow") in the domain ``d``,
    checking each answer against its output shape."""

    def __init__(self, client: Any, kind: str) -> None:
        self.client = client
        self.kind = kind
        self.label = "ActivityType" if kind == "activity" else "WorkflowType"
        self.key = "activityType" if kind == "activity" else "workflowType"
        self.snake = "activity_type" if kind == "activity" else "workflow_type"

    def call(self, verb: str, **kwargs: Any) -> dict[str, Any]:
        """``<verb>_<kind>_type(**kwargs)``, shape-checked."""
        response: dict[str, Any] = getattr(self.client, f"{verb}_{self.snake}")(**kwargs)
        operation = verb.capitalize() + self.label
        assert_output_shape(operation, response)
        return response

    def register(self, name: str, version: str = "1", **extra: Any) -> dict[str, Any]:
        """Register the type ``name``/``version`` with ``extra`` members."""
        return self.call("register", domain="d", name=name, version=version, **extra)

    def ref(self, name: str, version: str = "1") -> dict[str, Any]:
        """The ``activityType``/``workflowType`` member naming a type."""
        return {self.key: {"name": name, "version": version}}

    def describe(self, name: str, version: str = "1") -> dict[str, Any]:
        """Describe*Type."""
        return self.call("describe", domain="d", **self.ref(name, version))

    def deprecate(self, name: str, version: str = "1") -> dict[str, Any]:
        """Deprecate*Type."""
        return self.call("deprecate", domain="d", **self.ref(name, version))

    def undeprecate(self, name: str, version: str = "1") -> dict[str, Any]:
        """Undeprecate*Type."""
        return self.call("undeprecate", domain="d", **self.ref(name, version))

    def delete(self, name: str, version: str = "1") -> dict[str, Any]:
        """Delete*Type."""
        return self.call("delete", domain="d", **self.ref(name, version))

    def list(self, status: str = "REGISTERED", **extra: Any) -> dict[str, Any]:
        """List*Types in ``status``, shape-checked."""
        plural = "activity_types" if self.kind == "activity" else "workflow_types"
        response: dict[str, Any] = getattr(self.client, f"list_{plural}")(
            domain="d", registrationStatus=status, **extra
        )
        assert_output_shape("List" + self.label + "s", response)
        return response

    def names(self, response: dict[str, Any]) -> list[tuple[str, str]]:
        """(name, version) of each type of a List*Types answer."""
        return [(t[self.key]["name"], t[self.key]["version"]) for t in response["typeInfos"]]
