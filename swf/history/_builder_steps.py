"""The builder's steps for child workflows, signals and cancel requests sent to other
executions, and Lambda tasks (see :class:`swf.history.HistoryBuilder`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from swf.exceptions import ValidationError
from swf.history._builder_core import BuilderCore, TypeLike, _duration
from swf.wire import priority_to_wire, type_to_wire

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["ChildAndExternalSteps"]


class ChildAndExternalSteps(BuilderCore):
    """Steps for children, external executions and Lambda tasks."""

    def __init__(self, *, start: datetime, step: timedelta) -> None:
        super().__init__(start=start, step=step)
        # workflow id -> [initiated id, started id, run id, workflow type]
        self._children: dict[str, tuple[int, int, str, dict[str, str]]] = {}
        self._signals: dict[str, tuple[int, str | None]] = {}
        self._cancels: dict[str, tuple[int, str | None]] = {}
        self._lambdas: dict[str, tuple[int, int]] = {}
        self._run_ids = 0

    # -- child workflows ---------------------------------------------------------------------

    def _child(self, workflow_id: str) -> tuple[int, int, str, dict[str, str]]:
        try:
            return self._children[workflow_id]
        except KeyError:
            raise ValidationError(f"child workflow {workflow_id!r} was not initiated") from None

    def child_workflow_initiated(
        self,
        workflow_id: str,
        *,
        workflow_type: TypeLike = ("child", "1"),
        input: str | None = None,
        control: str | None = None,
        task_list: str | None = None,
        task_priority: int | None = None,
        child_policy: str = "TERMINATE",
        execution_start_to_close_timeout: timedelta | None = timedelta(hours=1),
        task_start_to_close_timeout: timedelta | None = timedelta(minutes=5),
        tag_list: Iterable[str] = (),
    ) -> Self:
        """``StartChildWorkflowExecutionInitiated``."""
        tags = list(tag_list)
        wire_type = type_to_wire(workflow_type)
        initiated = self._add(
            "StartChildWorkflowExecutionInitiated",
            workflowId=workflow_id,
            workflowType=wire_type,
            control=control,
            input=input,
            executionStartToCloseTimeout=_duration(execution_start_to_close_timeout, "timeout"),
            taskList={"name": task_list or self._task_list},
            taskPriority=priority_to_wire(task_priority),
            decisionTaskCompletedEventId=self._completed_id(),
            childPolicy=child_policy,
            taskStartToCloseTimeout=_duration(task_start_to_close_timeout, "timeout"),
            tagList=tags or None,
        )
        self._children[workflow_id] = (initiated, 0, "", wire_type)
        return self

    def start_child_workflow_failed(
        self, workflow_id: str, *, cause: str = "WORKFLOW_TYPE_DOES_NOT_EXIST"
    ) -> Self:
        """``StartChildWorkflowExecutionFailed`` for the initiated child."""
        initiated, _, _, wire_type = self._child(workflow_id)
        self._add(
            "StartChildWorkflowExecutionFailed",
            workflowType=wire_type,
            cause=cause,
            workflowId=workflow_id,
            initiatedEventId=initiated,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    def child_workflow_started(self, workflow_id: str, *, run_id: str | None = None) -> Self:
        """``ChildWorkflowExecutionStarted`` (a run id is made up unless given)."""
        initiated, _, _, wire_type = self._child(workflow_id)
        if run_id is None:
            self._run_ids += 1
            run_id = f"child-run-{self._run_ids}"
        started = self._add(
            "ChildWorkflowExecutionStarted",
            workflowExecution={"workflowId": workflow_id, "runId": run_id},
            workflowType=wire_type,
            initiatedEventId=initiated,
        )
        self._children[workflow_id] = (initiated, started, run_id, wire_type)
        return self

    def _child_closed(self, event_type: str, workflow_id: str, **attributes: object) -> Self:
        initiated, started, run_id, wire_type = self._child(workflow_id)
        if not started:
            raise ValidationError(f"child workflow {workflow_id!r} was not started")
        self._add(
            event_type,
            workflowExecution={"workflowId": workflow_id, "runId": run_id},
            workflowType=wire_type,
            initiatedEventId=initiated,
            startedEventId=started,
            **attributes,
        )
        return self

    def child_workflow_completed(self, workflow_id: str, *, result: str | None = None) -> Self:
        """``ChildWorkflowExecutionCompleted``."""
        return self._child_closed("ChildWorkflowExecutionCompleted", workflow_id, result=result)

    def child_workflow_failed(
        self, workflow_id: str, *, reason: str | None = None, details: str | None = None
    ) -> Self:
        """``ChildWorkflowExecutionFailed``."""
        return self._child_closed(
            "ChildWorkflowExecutionFailed", workflow_id, reason=reason, details=details
        )

    def child_workflow_timed_out(self, workflow_id: str) -> Self:
        """``ChildWorkflowExecutionTimedOut`` (start-to-close)."""
        return self._child_closed(
            "ChildWorkflowExecutionTimedOut", workflow_id, timeoutType="START_TO_CLOSE"
        )

    def child_workflow_canceled(self, workflow_id: str, *, details: str | None = None) -> Self:
        """``ChildWorkflowExecutionCanceled``."""
        return self._child_closed("ChildWorkflowExecutionCanceled", workflow_id, details=details)

    def child_workflow_terminated(self, workflow_id: str) -> Self:
        """``ChildWorkflowExecutionTerminated``."""
        return self._child_closed("ChildWorkflowExecutionTerminated", workflow_id)

    # -- signals sent to other executions ----------------------------------------------------

    def external_signal_initiated(
        self,
        workflow_id: str,
        *,
        signal_name: str = "signal",
        run_id: str | None = None,
        input: str | None = None,
        control: str | None = None,
    ) -> Self:
        """``SignalExternalWorkflowExecutionInitiated``."""
        initiated = self._add(
            "SignalExternalWorkflowExecutionInitiated",
            workflowId=workflow_id,
            runId=run_id,
            signalName=signal_name,
            input=input,
            decisionTaskCompletedEventId=self._completed_id(),
            control=control,
        )
        self._signals[workflow_id] = (initiated, run_id)
        return self

    def external_workflow_signaled(self, workflow_id: str, *, run_id: str = "external-run") -> Self:
        """``ExternalWorkflowExecutionSignaled`` for the latest signal sent to ``workflow_id``."""
        initiated, known_run_id = self._external(self._signals, workflow_id, "signaled")
        self._add(
            "ExternalWorkflowExecutionSignaled",
            workflowExecution={"workflowId": workflow_id, "runId": known_run_id or run_id},
            initiatedEventId=initiated,
        )
        return self

    def signal_external_failed(
        self, workflow_id: str, *, cause: str = "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"
    ) -> Self:
        """``SignalExternalWorkflowExecutionFailed``."""
        initiated, run_id = self._external(self._signals, workflow_id, "signaled")
        self._add(
            "SignalExternalWorkflowExecutionFailed",
            workflowId=workflow_id,
            runId=run_id,
            cause=cause,
            initiatedEventId=initiated,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    # -- cancel requests sent to other executions --------------------------------------------

    def external_cancel_initiated(
        self, workflow_id: str, *, run_id: str | None = None, control: str | None = None
    ) -> Self:
        """``RequestCancelExternalWorkflowExecutionInitiated``."""
        initiated = self._add(
            "RequestCancelExternalWorkflowExecutionInitiated",
            workflowId=workflow_id,
            runId=run_id,
            decisionTaskCompletedEventId=self._completed_id(),
            control=control,
        )
        self._cancels[workflow_id] = (initiated, run_id)
        return self

    def external_workflow_cancel_requested(
        self, workflow_id: str, *, run_id: str = "external-run"
    ) -> Self:
        """``ExternalWorkflowExecutionCancelRequested``."""
        initiated, known_run_id = self._external(self._cancels, workflow_id, "asked to cancel")
        self._add(
            "ExternalWorkflowExecutionCancelRequested",
            workflowExecution={"workflowId": workflow_id, "runId": known_run_id or run_id},
            initiatedEventId=initiated,
        )
        return self

    def request_cancel_external_failed(
        self, workflow_id: str, *, cause: str = "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"
    ) -> Self:
        """``RequestCancelExternalWorkflowExecutionFailed``."""
        initiated, run_id = self._external(self._cancels, workflow_id, "asked to cancel")
        self._add(
            "RequestCancelExternalWorkflowExecutionFailed",
            workflowId=workflow_id,
            runId=run_id,
            cause=cause,
            initiatedEventId=initiated,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    @staticmethod
    def _external(
        table: dict[str, tuple[int, str | None]], workflow_id: str, what: str
    ) -> tuple[int, str | None]:
        try:
            return table[workflow_id]
        except KeyError:
            raise ValidationError(f"{workflow_id!r} was never {what}") from None

    # -- Lambda tasks ------------------------------------------------------------------------

    def _lambda(self, function_id: str) -> tuple[int, int]:
        try:
            return self._lambdas[function_id]
        except KeyError:
            raise ValidationError(f"Lambda task {function_id!r} was not scheduled") from None

    def lambda_scheduled(
        self,
        function_id: str,
        *,
        function_name: str = "function",
        input: str | None = None,
        control: str | None = None,
        start_to_close_timeout: timedelta | None = None,
    ) -> Self:
        """``LambdaFunctionScheduled``."""
        scheduled = self._add(
            "LambdaFunctionScheduled",
            id=function_id,
            name=function_name,
            control=control,
            input=input,
            startToCloseTimeout=_duration(start_to_close_timeout, "timeout"),
            decisionTaskCompletedEventId=self._completed_id(),
        )
        self._lambdas[function_id] = (scheduled, 0)
        return self

    def schedule_lambda_failed(
        self,
        function_id: str,
        *,
        function_name: str = "function",
        cause: str = "LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION",
    ) -> Self:
        """``ScheduleLambdaFunctionFailed``."""
        self._add(
            "ScheduleLambdaFunctionFailed",
            id=function_id,
            name=function_name,
            cause=cause,
            decisionTaskCompletedEventId=self._completed_id(),
        )
        return self

    def start_lambda_failed(
        self,
        function_id: str,
        *,
        cause: str = "ASSUME_ROLE_FAILED",
        message: str | None = None,
    ) -> Self:
        """``StartLambdaFunctionFailed``."""
        scheduled, _ = self._lambda(function_id)
        self._add(
            "StartLambdaFunctionFailed", scheduledEventId=scheduled, cause=cause, message=message
        )
        return self

    def lambda_started(self, function_id: str) -> Self:
        """``LambdaFunctionStarted``."""
        scheduled, _ = self._lambda(function_id)
        started = self._add("LambdaFunctionStarted", scheduledEventId=scheduled)
        self._lambdas[function_id] = (scheduled, started)
        return self

    def lambda_completed(self, function_id: str, *, result: str | None = None) -> Self:
        """``LambdaFunctionCompleted``."""
        scheduled, started = self._lambda(function_id)
        self._add(
            "LambdaFunctionCompleted",
            scheduledEventId=scheduled,
            startedEventId=started,
            result=result,
        )
        return self

    def lambda_failed(
        self, function_id: str, *, reason: str | None = None, details: str | None = None
    ) -> Self:
        """``LambdaFunctionFailed``."""
        scheduled, started = self._lambda(function_id)
        self._add(
            "LambdaFunctionFailed",
            scheduledEventId=scheduled,
            startedEventId=started,
            reason=reason,
            details=details,
        )
        return self

    def lambda_timed_out(self, function_id: str) -> Self:
        """``LambdaFunctionTimedOut`` (start-to-close)."""
        scheduled, started = self._lambda(function_id)
        self._add(
            "LambdaFunctionTimedOut",
            scheduledEventId=scheduled,
            startedEventId=started,
            timeoutType="START_TO_CLOSE",
        )
        return self
