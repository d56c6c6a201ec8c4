"""What a decider's poll returns, :class:`DecisionTask`, and :func:`fit` for what responses send.

A decision task keeps the task token (what every response needs) and the task's identifiers
as value objects of :mod:`swf.history` (``WorkflowExecutionRef``, ``WorkflowTypeRef``). An
activity worker's poll returns a :class:`swf.models.ActivityTask`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from swf.history.events import WorkflowExecutionRef, WorkflowTypeRef

if TYPE_CHECKING:
    from swf.history import History
    from swf.history.events import Event

__all__ = ["DecisionTask", "fit"]


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
