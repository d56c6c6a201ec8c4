"""Deciders and workers running for real against SWF Local: whole workflows, end to end."""

from __future__ import annotations

import json
from typing import Any

from swf.core import Connection
from tests.actors.conftest import (
    ACTIVITY_LIST,
    DOMAIN,
    TASK_LIST,
    closed_event,
    event_types,
    running,
    start_workflow,
)
from tests.actors.sample import EchoWorker, StepsDecider


def test_workflow_of_several_activities_completes_with_every_result(
    registered: Any, connection: Connection
) -> None:
    run_id = start_workflow(registered, "three", {"steps": ["a", "b", "c"]})
    decider = StepsDecider(DOMAIN, TASK_LIST, connection=connection)
    worker = EchoWorker(DOMAIN, ACTIVITY_LIST, connection=connection)
    with running(decider, worker):
        closing = closed_event(registered, "three", run_id)
    assert closing["eventType"] == "WorkflowExecutionCompleted"
    result = closing["workflowExecutionCompletedEventAttributes"]["result"]
    assert json.loads(result) == ["echo:a", "echo:b", "echo:c"]
    assert event_types(registered, "three", run_id).count("ActivityTaskCompleted") == 3
