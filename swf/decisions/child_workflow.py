"""The StartChildWorkflowExecution decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from swf.constants import ChildPolicy
from swf.decisions._base import Decision, Duration, Payload, TypeLike
from swf.wire import compact, priority_to_wire, task_list_to_wire, type_to_wire

__all__ = ["StartChildWorkflowExecution"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StartChildWorkflowExecution(Decision):
    """Start a child execution; its events (``ChildWorkflowExecution*``) land in this history.

    Options left as ``None`` come from the child workflow type's defaults.
    """

    DECISION_TYPE: ClassVar[str] = "StartChildWorkflowExecution"

    workflow_id: str
    workflow_type: TypeLike
    input: Payload = None
    control: Payload = None
    execution_start_to_close_timeout: Duration = None
    task_list: str | None = None
    task_priority: int | None = None
    task_start_to_close_timeout: Duration = None
    child_policy: ChildPolicy | str | None = None
    tag_list: Sequence[str] | None = None
    lambda_role: str | None = None

    def __post_init__(self) -> None:
        self._identifier("workflow_id", self.workflow_id)
        self._type("workflow_type", self.workflow_type)
        self._payload("input", self.input)
        self._payload("control", self.control)
        self._task_list("task_list", self.task_list)
        self._priority("task_priority", self.task_priority)
        self._child_policy("child_policy", self.child_policy)
        self._tags("tag_list", self.tag_list)
        self._lambda_role("lambda_role", self.lambda_role)
        self.attributes()  # checks the durations

    def attributes(self) -> dict[str, Any]:
        """The ``startChildWorkflowExecutionDecisionAttributes`` dict."""
        return compact(
            workflowType=type_to_wire(self.workflow_type),
            workflowId=self.workflow_id,
            control=self.control,
            input=self.input,
            executionStartToCloseTimeout=self._duration(
                "execution_start_to_close_timeout", self.execution_start_to_close_timeout
            ),
            taskList=task_list_to_wire(self.task_list),
            taskPriority=priority_to_wire(self.task_priority),
            taskStartToCloseTimeout=self._duration(
                "task_start_to_close_timeout", self.task_start_to_close_timeout
            ),
            childPolicy=None if self.child_policy is None else str(self.child_policy),
            tagList=None if self.tag_list is None else list(self.tag_list),
            lambdaRole=self.lambda_role,
        )
