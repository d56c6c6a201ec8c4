"""SWF Local: StartWorkflowExecution, DescribeWorkflowExecution, GetWorkflowExecutionHistory, signals, cancel requests, termination, the event history and close helpers."""

from __future__ import annotations


class ExecutionOps:
    """Mixin of the SWF Local service implementing StartWorkflowExecution, DescribeWorkflowExecution, GetWorkflowExecutionHistory, signals, cancel requests, termination, the event history and close helpers."""
