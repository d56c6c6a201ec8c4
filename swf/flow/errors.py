"""The exceptions of :mod:`swf.flow`: typed failures raised from futures and handles.

Inside a workflow, ``future.result()`` raises what happened to the work it stands for:

- :class:`ActivityFailed` (the activity raised: ``reason``, ``details``),
- :class:`ActivityTimedOut` (``timeout_type``: ``START_TO_CLOSE``, ``HEARTBEAT`` ...),
- :class:`ChildWorkflowFailed` (a child workflow failed, timed out or was terminated),
- :class:`ScheduleFailed` (SWF refused the decision: ``cause``, e.g.
  ``ACTIVITY_TYPE_DOES_NOT_EXIST``),
- :class:`Cancelled` (the activity, timer or child was canceled; also what ``run()`` receives
  at its next suspension once the execution was asked to cancel).

Outside, :meth:`WorkflowHandle.result() <swf.flow.WorkflowHandle.result>` raises
:class:`WorkflowFailed` (or :class:`Cancelled`) for an execution that did not complete.
:class:`NonDeterminismError` says the code no longer matches an execution's history.
"""

from __future__ import annotations

from swf.exceptions import SWFError, ValidationError

__all__ = [
    "ActivityFailed",
    "ActivityTimedOut",
    "Cancelled",
    "ChildWorkflowFailed",
    "FlowError",
    "NonDeterminismError",
    "PayloadError",
    "ScheduleFailed",
    "WorkflowFailed",
]


class FlowError(SWFError):
    """Root of the exceptions of :mod:`swf.flow`."""


class ActivityFailed(FlowError):
    """The activity task failed: its code raised (``reason`` is ``"Type: message"``, ``details``
    the traceback, as :class:`swf.actors.ActivityWorker` reports them).

    :ivar activity_id: the id of the (last) attempt.
    :ivar attempt: which attempt this was (1 for the first).
    """

    def __init__(
        self,
        reason: str | None,
        details: str | None = None,
        *,
        activity_id: str = "",
        attempt: int = 1,
    ) -> None:
        super().__init__(f"activity {activity_id} failed: {reason or '(no reason)'}")
        self.reason = reason
        self.details = details
        self.activity_id = activity_id
        self.attempt = attempt


class ActivityTimedOut(FlowError):
    """The activity task timed out; ``timeout_type`` says which time-out
    (``START_TO_CLOSE``, ``SCHEDULE_TO_START``, ``SCHEDULE_TO_CLOSE``, ``HEARTBEAT``) and
    ``details`` holds the last heartbeat's details."""

    def __init__(
        self,
        timeout_type: str,
        details: str | None = None,
        *,
        activity_id: str = "",
        attempt: int = 1,
    ) -> None:
        super().__init__(f"activity {activity_id} timed out ({timeout_type})")
        self.timeout_type = timeout_type
        self.details = details
        self.activity_id = activity_id
        self.attempt = attempt


class ScheduleFailed(FlowError):
    """SWF refused to schedule something (its ``*Failed`` event); ``cause`` is SWF's cause,
    e.g. ``ACTIVITY_TYPE_DOES_NOT_EXIST``, ``WORKFLOW_ALREADY_RUNNING``,
    ``TIMER_ID_ALREADY_IN_USE``."""

    def __init__(self, cause: str, *, what: str = "") -> None:
        super().__init__(f"SWF refused {what or 'the decision'}: {cause}")
        self.cause = cause
        self.what = what


class Cancelled(FlowError):
    """Canceled: the activity, timer or child workflow a future stood for, or (raised inside
    ``run()`` at its next suspension) the workflow execution itself.

    A workflow that lets it escape ``run()`` closes as canceled; one that catches it may clean
    up (schedule work, wait for it) and return or raise as it likes.
    """

    def __init__(self, details: str | None = None) -> None:
        super().__init__(details or "canceled")
        self.details = details


class WorkflowFailed(FlowError):
    """A workflow execution closed without completing.

    :ivar close_status: ``FAILED``, ``TIMED_OUT`` or ``TERMINATED``.
    :ivar reason: the failure's or termination's reason.
    :ivar details: its details (a failure's traceback).
    :ivar timeout_type: for ``TIMED_OUT``, which time-out.
    :ivar workflow_id: the execution's workflow id; ``run_id`` its run.
    """

    def __init__(
        self,
        close_status: str,
        *,
        reason: str | None = None,
        details: str | None = None,
        timeout_type: str | None = None,
        workflow_id: str = "",
        run_id: str | None = None,
    ) -> None:
        what = reason or timeout_type or ""
        super().__init__(
            f"workflow {workflow_id} {close_status.lower().replace('_', ' ')}"
            + (f": {what}" if what else "")
        )
        self.close_status = close_status
        self.reason = reason
        self.details = details
        self.timeout_type = timeout_type
        self.workflow_id = workflow_id
        self.run_id = run_id


class ChildWorkflowFailed(WorkflowFailed):
    """A child workflow failed, timed out or was terminated (a canceled child raises
    :class:`Cancelled`)."""


class NonDeterminismError(FlowError):
    """The workflow code no longer does what the history recorded.

    Replaying the history, the code scheduled something other than what the history holds at
    that position (or nothing where the history has something). The decision task is not
    answered: it times out and is retried, so deploying code that matches (or guards the
    change with :meth:`Workflow.version() <swf.flow.Workflow.version>`) lets the execution
    go on.

    :ivar event_id: the event where code and history part.
    :ivar history: what the history has there.
    :ivar code: what the code did.
    """

    def __init__(self, message: str, *, event_id: int, history: str, code: str) -> None:
        super().__init__(message)
        self.event_id = event_id
        self.history = history
        self.code = code


class PayloadError(ValidationError):
    """A value cannot be sent to SWF: the converter cannot encode it, or the encoded text is
    longer than SWF allows (32,768 characters for inputs and results). Never truncated."""
