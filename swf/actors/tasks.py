"""What the actors' polls return: :class:`DecisionTask` and :class:`ActivityTask`.

Both keep the task token (what every response needs) and the task's identifiers as value
objects of :mod:`swf.history` (``WorkflowExecutionRef``, ``WorkflowTypeRef``,
``ActivityTypeRef``). An :class:`ActivityTask` also carries the state of its heartbeats:
whether SWF asked to cancel it, and whether SWF forgot it (timed out or closed).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from swf.constants import Limits
from swf.history.events import ActivityTypeRef, WorkflowExecutionRef, WorkflowTypeRef
from swf.wire import check_length

if TYPE_CHECKING:
    from swf import models
    from swf.core import Connection
    from swf.history import History
    from swf.history.events import Event

__all__ = [
    "ActivityTask",
    "ActivityTaskCanceledError",
    "DecisionTask",
    "fit",
]


def fit(text: str | None, maximum: int, *, keep: str = "end") -> str | None:
    """``text`` cut to ``maximum`` characters, visibly marked when shortened.

    ``keep="end"`` keeps the tail (the useful part of a traceback), ``"start"`` the head. The
    marker says how many characters were dropped.

    >>> fit("abcdefghij" * 10, 40, keep="start")
    'abcdefghijabcde... [truncated 85 chars]'
    """
    if text is None or len(text) <= maximum:
        return text
    # The marker names how many characters were dropped; sizing it for len(text) digits is an
    # upper bound, so the result always fits.
    longest = len(_marker(len(text), keep))
    keep_len = max(0, maximum - longest)
    dropped = len(text) - keep_len
    if keep == "start":
        return (text[:keep_len] + _marker(dropped, keep))[:maximum]
    return (_marker(dropped, keep) + text[len(text) - keep_len :])[:maximum]


def _marker(dropped: int, keep: str) -> str:
    if keep == "start":
        return f"... [truncated {dropped} chars]"
    return f"[truncated {dropped} chars] ..."


@dataclass(eq=False)
class DecisionTask:
    """A decision task: the execution's whole history and where the previous decision stood.

    ``history`` holds every event of the execution up to ``started_event_id`` (all pages).
    Events after ``previous_started_event_id`` are the new ones since the last decision task
    that was completed (:attr:`new_events`).
    """

    token: str
    """The task token, for :meth:`swf.actors.Decider.complete`."""
    workflow_execution: WorkflowExecutionRef
    """``(workflow_id, run_id)`` of the execution to decide for."""
    workflow_type: WorkflowTypeRef
    """``(name, version)`` of its workflow type."""
    history: History
    """Every event so far, as :class:`swf.history.History`. A decider shares it between the
    tasks of one run: a later task of the run extends it (events after ``started_event_id``
    then appear here too)."""
    previous_started_event_id: int
    """The ``DecisionTaskStarted`` event id of the previous decision task completed (0: none)."""
    started_event_id: int
    """The ``DecisionTaskStarted`` event id of this task."""
    execution_context: str | None = None
    """Set it in :meth:`~swf.actors.Decider.decide` to send an execution context with the
    decisions (at most 32,768 characters)."""

    @property
    def workflow_id(self) -> str:
        """The execution's workflow id."""
        return self.workflow_execution.workflow_id

    @property
    def run_id(self) -> str:
        """The execution's run id."""
        return self.workflow_execution.run_id

    @property
    def new_events(self) -> list[Event]:
        """The events after ``previous_started_event_id`` up to this task's
        ``started_event_id``: what happened since last time.

        Bounded above because a decider shares one :class:`~swf.history.History` between the
        tasks of a run: a later task extends it, and an older task must not see that.
        """
        last = self.started_event_id or float("inf")
        return [
            event for event in self.history if self.previous_started_event_id < event.id <= last
        ]

    def __repr__(self) -> str:
        return (
            f"<DecisionTask {self.workflow_type.name}/{self.workflow_type.version} "
            f"{self.workflow_id} started={self.started_event_id}>"
        )


class ActivityTaskCanceledError(Exception):
    """Raise it from :meth:`ActivityWorker.process` to report the task canceled.

    The worker answers ``RespondActivityTaskCanceled`` with ``details``. Raise it after
    :attr:`ActivityTask.cancel_requested` became true (cooperative cancellation), or whenever
    the task cannot go on and should be reported canceled rather than failed.
    """

    def __init__(self, details: str | None = None) -> None:
        super().__init__(details or "activity task canceled")
        self.details = details


@dataclass(eq=False)
class ActivityTask:
    """An activity task a worker received, and the state its heartbeats learned.

    While :meth:`ActivityWorker.process` runs, a background thread heartbeats for it;
    :attr:`cancel_requested` turns true when SWF answers a heartbeat with a cancel request,
    and :attr:`closed` when SWF no longer knows the task (it timed out or its execution
    closed: a result would be dropped).
    """

    token: str
    """The task token, for the worker's ``complete`` / ``fail`` / ``cancel`` / ``heartbeat``."""
    activity_id: str
    """The id the decider gave the task."""
    activity_type: ActivityTypeRef
    """``(name, version)`` of its activity type."""
    workflow_execution: WorkflowExecutionRef
    """``(workflow_id, run_id)`` of the execution that scheduled it."""
    started_event_id: int
    """The ``ActivityTaskStarted`` event id."""
    input: str | None = None
    """The task's input, as the decider gave it."""
    domain: str | None = None
    """The domain it was polled from."""
    task_list: str | None = None
    """The task list it was polled from."""
    heartbeat_details: str | None = None
    """What automatic heartbeats send as ``details`` (set it to report progress)."""
    _cancel: threading.Event = field(default_factory=threading.Event, repr=False)
    _closed: threading.Event = field(default_factory=threading.Event, repr=False)
    _wake: threading.Event = field(default_factory=threading.Event, repr=False)
    _send_heartbeat: Callable[[ActivityTask], bool] | None = field(default=None, repr=False)
    _finished: bool = field(default=False, repr=False)

    @classmethod
    def from_api(
        cls,
        response: Mapping[str, Any],
        *,
        domain: str | None = None,
        task_list: str | None = None,
        send_heartbeat: Callable[[ActivityTask], bool] | None = None,
    ) -> ActivityTask:
        """The task in a ``PollForActivityTask`` answer that holds one."""
        execution = response["workflowExecution"]
        activity_type = response["activityType"]
        return cls(
            token=response["taskToken"],
            activity_id=response["activityId"],
            activity_type=ActivityTypeRef(activity_type["name"], activity_type["version"]),
            workflow_execution=WorkflowExecutionRef(execution["workflowId"], execution["runId"]),
            started_event_id=int(response.get("startedEventId", 0)),
            input=response.get("input"),
            domain=domain,
            task_list=task_list,
            _send_heartbeat=send_heartbeat,
        )

    @property
    def task_token(self) -> str:
        """The task token (the name :class:`swf.models.ActivityTask` uses)."""
        return self.token

    def to_model(self, *, connection: Connection | None = None) -> models.ActivityTask:
        """This task as an immutable :class:`swf.models.ActivityTask` value."""
        from swf.models import ActivityTask as ActivityTaskModel

        if self.domain is None:
            raise ValueError("this task does not know its domain")
        return ActivityTaskModel.from_api(
            self.domain,
            {
                "taskToken": self.token,
                "activityId": self.activity_id,
                "startedEventId": self.started_event_id,
                "workflowExecution": self.workflow_execution.to_api(),
                "activityType": self.activity_type.to_api(),
                **({"input": self.input} if self.input is not None else {}),
            },
            task_list=self.task_list,
            connection=connection,
        )

    @property
    def cancel_requested(self) -> bool:
        """True once a heartbeat learned that the decider asked to cancel this task."""
        return self._cancel.is_set()

    @property
    def closed(self) -> bool:
        """True once SWF answered that it no longer knows this task (timed out or closed)."""
        return self._closed.is_set()

    def wait_for_cancel_request(self, timeout: float | timedelta | None = None) -> bool:
        """Block until a cancel request arrives or the task closes, up to ``timeout``.

        Returns :attr:`cancel_requested`. Useful in task code that waits for something else.
        """
        seconds = timeout.total_seconds() if isinstance(timeout, timedelta) else timeout
        self._wake.wait(seconds)
        return self.cancel_requested

    def raise_if_cancel_requested(self, details: str | None = None) -> None:
        """Raise :class:`ActivityTaskCanceledError` if a cancel request arrived."""
        if self.cancel_requested:
            raise ActivityTaskCanceledError(details)

    def heartbeat(self, details: str | None = None) -> bool:
        """Send a heartbeat now (``details`` also become :attr:`heartbeat_details`).

        Returns :attr:`cancel_requested`. Errors of the call are logged, never raised: a
        heartbeat that fails must not fail the task. ``details`` that SWF would refuse (not a
        string, longer than 2,048 characters) raise :class:`~swf.exceptions.ValidationError`.
        """
        check_length(details, what="details", maximum=Limits.HEARTBEAT_DETAILS_LENGTH)
        if details is not None:
            self.heartbeat_details = details
        if self._send_heartbeat is None:
            raise RuntimeError("this task was not received by a worker; it cannot heartbeat")
        return self._send_heartbeat(self)

    def _mark_cancel_requested(self) -> None:
        self._cancel.set()
        self._wake.set()

    def _mark_closed(self) -> None:
        self._closed.set()
        # wake up code waiting for a cancel request: none will come any more
        self._wake.set()

    def __repr__(self) -> str:
        return (
            f"<ActivityTask {self.activity_type.name}/{self.activity_type.version} "
            f"{self.activity_id} of {self.workflow_execution.workflow_id}>"
        )
