"""Decisions that reach other executions: signal one, request its cancellation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from swf.decisions._base import Decision, Payload
from swf.wire import compact

__all__ = ["RequestCancelExternalWorkflowExecution", "SignalExternalWorkflowExecution"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SignalExternalWorkflowExecution(Decision):
    """Signal another execution (its open run when ``run_id`` is ``None``)."""

    DECISION_TYPE: ClassVar[str] = "SignalExternalWorkflowExecution"

    workflow_id: str
    signal_name: str
    run_id: str | None = None
    input: Payload = None
    control: Payload = None

    def __post_init__(self) -> None:
        self._identifier("workflow_id", self.workflow_id)
        self._identifier("signal_name", self.signal_name)
        self._run_id("run_id", self.run_id)
        self._payload("input", self.input)
        self._payload("control", self.control)

    def attributes(self) -> dict[str, Any]:
        """The ``signalExternalWorkflowExecutionDecisionAttributes`` dict."""
        return compact(
            workflowId=self.workflow_id,
            runId=self.run_id,
            signalName=self.signal_name,
            input=self.input,
            control=self.control,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestCancelExternalWorkflowExecution(Decision):
    """Ask another execution to cancel itself (its open run when ``run_id`` is ``None``)."""

    DECISION_TYPE: ClassVar[str] = "RequestCancelExternalWorkflowExecution"

    workflow_id: str
    run_id: str | None = None
    control: Payload = None

    def __post_init__(self) -> None:
        self._identifier("workflow_id", self.workflow_id)
        self._run_id("run_id", self.run_id)
        self._payload("control", self.control)

    def attributes(self) -> dict[str, Any]:
        """The ``requestCancelExternalWorkflowExecutionDecisionAttributes`` dict."""
        return compact(workflowId=self.workflow_id, runId=self.run_id, control=self.control)
