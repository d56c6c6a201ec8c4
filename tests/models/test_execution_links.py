"""WorkflowExecution.links(): parent, continue-as-new neighbours and children, from the history."""

from __future__ import annotations

from typing import Any

from swf.core import Connection
from swf.history import HistoryBuilder
from swf.models import Domain, WorkflowExecution, WorkflowType


def test_links_name_the_parent_the_neighbour_runs_and_each_started_child() -> None:
    history = (
        HistoryBuilder()
        .workflow_started(
            workflow_type=("order", "1"),
            continued_execution_run_id="run-0",
            parent_workflow_execution=("batch", "run-b"),
            parent_initiated_event_id=7,
        )
        .decision_task()
        .child_workflow_initiated("kid-1")
        .child_workflow_started("kid-1", run_id="k1")
        .child_workflow_initiated("kid-2")
        .start_child_workflow_failed("kid-2")
        .decision_task()
        .workflow_continued_as_new(new_execution_run_id="run-2")
        .build()
    )
    execution = WorkflowExecution("shop", "order-1", "run-1", endpoint_url="http://127.0.0.1:9")
    links = execution.links(history)
    assert links.parent == WorkflowExecution("shop", "batch", "run-b")
    assert links.continued_from == WorkflowExecution("shop", "order-1", "run-0")
    assert links.continued_as == WorkflowExecution("shop", "order-1", "run-2")
    assert links.children == (WorkflowExecution("shop", "kid-1", "k1"),)  # kid-2 never ran
    assert links.parent is not None and links.parent.connection is execution.connection


def test_links_read_the_history_when_none_is_given(
    swf_connection: Connection, swf_client: Any
) -> None:
    domain = Domain("shop", connection=swf_connection)
    domain.save()
    WorkflowType(
        domain, "order", "1", task_list="d", execution_timeout=3600, child_policy="TERMINATE"
    ).save()
    started = WorkflowType(domain, "order", "1").start_execution("order-1")
    task = swf_client.poll_for_decision_task(domain="shop", taskList={"name": "d"})
    swf_client.respond_decision_task_completed(
        taskToken=task["taskToken"],
        decisions=[
            {
                "decisionType": "ContinueAsNewWorkflowExecution",
                "continueAsNewWorkflowExecutionDecisionAttributes": {},
            }
        ],
    )
    links = started.links()
    assert links.continued_as is not None and links.continued_as.run_id != started.run_id
    assert links.continued_as.links().continued_from == started
    assert links.parent is None and links.children == ()
