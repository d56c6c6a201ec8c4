"""The four decisions that close the execution: complete, fail, cancel, continue as new."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from swf.constants import ChildPolicy, Limits
from swf.decisions._base import Decision, Duration, Payload
from swf.wire import check_identifier, compact, priority_to_wire, task_list_to_wire

__all__ = [
    "CancelWorkflowExecution",
    "CompleteWorkflowExecution",
    "ContinueAsNewWorkflowExecution",
    "FailWorkflowExecution",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class CompleteWorkflowExecution(Decision):
    """Close the execution as completed, with an optional ``result``."""

    DECISION_TYPE: ClassVar[str] = "CompleteWorkflowExecution"
    IS_CLOSING: ClassVar[bool] = True

    result: Payload = None

    def __post_init__(self) -> None:
        self._payload("result", self.result)

    def attributes(self) -> dict[str, Any]:
        """The ``completeWorkflowExecutionDecisionAttributes`` dict."""
        return compact(result=self.result)


@dataclass(frozen=True, slots=True, kw_only=True)
class FailWorkflowExecution(Decision):
    """Close the execution as failed, with a short ``reason`` and longer ``details``."""

    DECISION_TYPE: ClassVar[str] = "FailWorkflowExecution"
    IS_CLOSING: ClassVar[bool] = True

    reason: str | None = None
    details: Payload = None

    def __post_init__(self) -> None:
        self._reason("reason", self.reason)
        self._payload("details", self.details)

    def attributes(self) -> dict[str, Any]:
        """The ``failWorkflowExecutionDecisionAttributes`` dict."""
        return compact(reason=self.reason, details=self.details)


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelWorkflowExecution(Decision):
    """Close the execution as canceled (usually after ``WorkflowExecutionCancelRequested``)."""

    DECISION_TYPE: ClassVar[str] = "CancelWorkflowExecution"
    IS_CLOSING: ClassVar[bool] = True

    details: Payload = None

    def __post_init__(self) -> None:
        self._payload("details", self.details)

    def attributes(self) -> dict[str, Any]:
        """The ``cancelWorkflowExecutionDecisionAttributes`` dict."""
        return compact(details=self.details)


@dataclass(frozen=True, slots=True, kw_only=True)
class ContinueAsNewWorkflowExecution(Decision):
    """Close the execution and start a new run with the same workflow id.

    Options left as ``None`` are taken from the current run or the workflow type's defaults.
    """

    DECISION_TYPE: ClassVar[str] = "ContinueAsNewWorkflowExecution"
    IS_CLOSING: ClassVar[bool] = True

    input: Payload = None
    execution_start_to_close_timeout: Duration = None
    task_list: str | None = None
    task_priority: int | None = None
    task_start_to_close_timeout: Duration = None
    child_policy: ChildPolicy | str | None = None
    tag_list: Sequence[str] | None = None
    workflow_type_version: str | None = None
    lambda_role: str | None = None

    def __post_init__(self) -> None:
        self._payload("input", self.input)
        self._task_list("task_list", self.task_list)
        self._priority("task_priority", self.task_priority)
        self._child_policy("child_policy", self.child_policy)
        self._tags("tag_list", self.tag_list)
        if self.workflow_type_version is not None:
            check_identifier(
                self.workflow_type_version,
                what=self._what("workflow_type_version"),
                maximum=Limits.VERSION_LENGTH,
            )
        self._lambda_role("lambda_role", self.lambda_role)
        self.attributes()  # checks the durations

    def attributes(self) -> dict[str, Any]:
        """The ``continueAsNewWorkflowExecutionDecisionAttributes`` dict."""
        return compact(
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
            workflowTypeVersion=self.workflow_type_version,
            lambdaRole=self.lambda_role,
        )
