"""Requests that pass SWF Local's input shapes but carry random contents: every answer must be
a result or a fault, never a 500 (:func:`well_shaped_requests`)."""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from swf.local import shapes
from tools.local.served import DOMAIN, make_client
from tools.local.wire import raw_call

__all__ = ["Tally", "random_decision", "random_value", "well_shaped_requests"]


_STRINGS = (
    "x",
    "rel",
    "wf",
    "act",
    "1",
    "dl",
    "al",
    "NONE",
    "0",
    "-1",
    "99999999",
    "abc",
    "a:b",
    "arn",
    " edge",
    "\u00e9t\u00e9",
    "\x07",
    "TERMINATE",
    "REQUEST_CANCEL",
)
_DURATIONS = ("0", "1", "30", "NONE", "-1", "abc", "99999999", "", "1.5", " 5")
_TIMESTAMPS = (0, 1, -1, 1_000_000_000, 1_800_000_000.5, 10**12, 253_402_300_800, 1e300)


def _string(
    spec: dict[str, Any], member: str, rng: random.Random, known: dict[str, list[str]]
) -> str:
    low, high = spec.get("min", 0), spec.get("max", 64)
    if "enum" in spec:
        return rng.choice(spec["enum"])
    if member in known and rng.random() < 0.8:
        value = str(rng.choice(known[member]))
    elif member.endswith("Timeout") or member.endswith("Period") or "InDays" in member:
        value = rng.choice(_DURATIONS)
    else:
        value = rng.choice(_STRINGS)
    if len(value) > high:
        value = value[:high]
    return value + "y" * max(low - len(value), 0)


def random_value(
    shape_name: str,
    rng: random.Random,
    known: dict[str, list[str]],
    *,
    member: str = "",
    depth: int = 0,
) -> Any:
    """A value valid for ``shape_name``'s own constraints (types, lengths, enums, ranges) whose
    contents are random: often names the server knows (``known``, by member name), often not."""
    spec = shapes.shape(shape_name)
    kind = spec["type"]
    if kind == "string":
        return _string(spec, member, rng, known)
    if kind in ("integer", "long"):
        low, high = spec.get("min", 0), spec.get("max", 2000)
        return rng.choice([low, high, rng.randint(low, high)])
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "timestamp":
        return rng.choice(_TIMESTAMPS)
    if kind == "list":
        low, high = spec.get("min", 0), min(spec.get("max", 3), 3)
        size = rng.randint(low, max(low, high)) if depth < 4 else low
        item = spec["member"]["shape"]
        return [random_value(item, rng, known, member=member, depth=depth + 1) for _ in range(size)]
    assert kind == "structure", kind
    result: dict[str, Any] = {}
    required = set(spec.get("required", ()))
    for name, member_spec in spec["members"].items():
        if name in required or (depth < 4 and rng.random() < 0.5):
            result[name] = random_value(
                member_spec["shape"], rng, known, member=name, depth=depth + 1
            )
    return result


def random_decision(rng: random.Random, known: dict[str, list[str]]) -> dict[str, Any]:
    """A Decision with a random type and (mostly) that type's attributes, random contents."""
    members = shapes.shape("Decision")["members"]
    decision_type = rng.choice(shapes.shape("DecisionType")["enum"])
    decision: dict[str, Any] = {"decisionType": decision_type}
    key = decision_type[0].lower() + decision_type[1:] + "DecisionAttributes"
    if rng.random() < 0.1:
        key = rng.choice([name for name in members if name != "decisionType"])
    if rng.random() < 0.95:
        decision[key] = random_value(members[key]["shape"], rng, known)
    return decision


@dataclass
class Tally:
    """HTTP statuses and fault types of a run of requests, and the answers that were wrong."""

    statuses: Counter[int] = field(default_factory=Counter)
    faults: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def record(self, label: str, status: int, body: bytes) -> None:
        """Count one answer; a 5xx, or a 4xx without a ``namespace#Code`` type, is a problem."""
        self.statuses[status] += 1
        if status == 200:
            return
        try:
            fault = str(json.loads(body).get("__type", ""))
        except ValueError:
            fault = ""
        self.faults[fault or "(no __type)"] += 1
        if status >= 500 or "#" not in fault:
            self.problems.append(f"{label}: HTTP {status} {body[:300]!r}")


#: Operations the well-shaped run leaves out: they would retire the domain or types it uses.
_RETIRING = ("Deprecate", "Delete")


def well_shaped_requests(endpoint_url: str, count: int, *, seed: int = 0) -> Tally:
    """``count`` requests that pass the input shapes but carry random contents, on a server with
    ``register`` done: one in three answers a real decision task with one to three random
    decisions (then reads the history back and takes an activity task if there is one), the
    others call a random operation (except polls and the deprecate/delete ones) with a random
    body, naming the task tokens taken so far most of the time. Every answer must be 200 or a
    fault. Use a server with poll hold 0: the activity poll often finds nothing."""
    rng = random.Random(seed)
    client = make_client(endpoint_url)
    known: dict[str, list[str]] = {
        "domain": [DOMAIN],
        "name": ["wf", "act", DOMAIN, "al", "dl"],
        "version": ["1"],
        "workflowId": [],
        "runId": [],
        "taskToken": [],
    }
    operations = [
        name
        for name in shapes.operation_names()
        if not name.startswith(_RETIRING) and not name.startswith("PollFor")
    ]
    tally = Tally()
    for index in range(count):
        if index % 3:
            operation = rng.choice(operations)
            body = random_value(shapes.input_shape(operation) or "", rng, known)
            response = raw_call(endpoint_url, operation, body)
            tally.record(f"{operation} {json.dumps(body)[:300]}", response.status, response.body)
            continue
        workflow_id = f"random{seed}-{index}"
        run_id = client.start_workflow_execution(
            domain=DOMAIN, workflowId=workflow_id, workflowType={"name": "wf", "version": "1"}
        )["runId"]
        known["workflowId"].append(workflow_id)
        known["runId"].append(run_id)
        task = client.poll_for_decision_task(domain=DOMAIN, taskList={"name": "dl"})
        if not task.get("taskToken"):
            continue
        known["taskToken"].append(task["taskToken"])
        decisions = [random_decision(rng, known) for _ in range(rng.randint(1, 3))]
        body = {"taskToken": task["taskToken"], "decisions": decisions}
        response = raw_call(endpoint_url, "RespondDecisionTaskCompleted", body)
        tally.record(f"decisions {json.dumps(decisions)[:300]}", response.status, response.body)
        if response.status != 200:  # close the task (unless it timed out already: a random
            # child or continue-as-new may have taskStartToCloseTimeout "0")
            closing = raw_call(
                endpoint_url,
                "RespondDecisionTaskCompleted",
                {"taskToken": task["taskToken"], "decisions": []},
            )
            tally.record("closing decision task", closing.status, closing.body)
        read = raw_call(
            endpoint_url,
            "GetWorkflowExecutionHistory",
            {"domain": DOMAIN, "execution": task["workflowExecution"]},
        )
        tally.record(f"history after {json.dumps(decisions)[:300]}", read.status, read.body)
        if read.status != 200:
            tally.problems.append(f"history unreadable after {json.dumps(decisions)[:300]}")
        activity = client.poll_for_activity_task(domain=DOMAIN, taskList={"name": "al"})
        if activity.get("taskToken"):  # random responds and heartbeats may now name it
            known["taskToken"].append(activity["taskToken"])
    return tally
