"""Test helpers for :mod:`swf.flow` code: :class:`ActivityEnvironment` runs an activity function
with a test :class:`~swf.flow.ActivityContext`, no worker and no SWF.

::

    from swf.flow.testing import ActivityEnvironment

    def test_resize_reports_progress_and_stops_when_canceled():
        env = ActivityEnvironment(cancel_after=2)      # SWF asks to cancel at the 2nd heartbeat
        with pytest.raises(ActivityTaskCanceledError):   # from swf.actors
            env.run(resize, ["a.png", "b.png", "c.png"])
        assert env.heartbeats == ["1 done", "2 done"]

Inside the call, :func:`swf.flow.activity_context` returns the environment's context: its
heartbeats are recorded (:attr:`ActivityEnvironment.heartbeats`) instead of sent, and their
answer says a cancel was requested once :meth:`ActivityEnvironment.cancel` was called (or
from the ``cancel_after``-th heartbeat on). :meth:`ActivityEnvironment.time_out` makes the
next heartbeat find the task gone, as SWF answers once a task timed out.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from swf.exceptions import UnknownResourceFault, ValidationError
from swf.flow._actors import ActivityContext, ActivityTask, current
from swf.flow.activity import Activity
from swf.flow.converter import DEFAULT_CONVERTER, encode_arguments
from swf.history.events import ActivityTypeRef, WorkflowExecutionRef

__all__ = ["ActivityEnvironment"]


class ActivityEnvironment:
    """Runs activity functions with a test context (see the module's docstring).

    :param cancel_after: the heartbeat (1: the first) from which SWF answers that a cancel was
        requested (``None``: only after :meth:`cancel`).
    :param workflow_id: the workflow id the task says it belongs to.
    :param run_id: its run id.
    """

    def __init__(
        self,
        *,
        cancel_after: int | None = None,
        workflow_id: str = "test-workflow",
        run_id: str = "test-run",
    ) -> None:
        if cancel_after is not None and (
            not isinstance(cancel_after, int) or isinstance(cancel_after, bool) or cancel_after < 1
        ):
            raise ValidationError(f"cancel_after must be an int >= 1, not {cancel_after!r}")
        self.cancel_after = cancel_after
        self.workflow_id = workflow_id
        self.run_id = run_id
        self.heartbeats: list[str | None] = []
        """The details of every heartbeat sent so far, in order (across runs)."""
        self.context: ActivityContext | None = None
        """The context of the latest :meth:`run`."""
        self._lock = threading.Lock()
        self._cancel = False
        self._timed_out = False
        self._count = 0

    def run(
        self, function: Activity[..., Any] | Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Any:
        """Call ``function(*args, **kwargs)`` (an ``@activity`` or a plain function) with a
        fresh test context current; its return value (its exceptions are raised as they are)."""
        if isinstance(function, Activity):
            name, version, converter = function.name, function.version, function.converter
            call: Callable[..., Any] = function.function
            task_list = function.task_list
        elif callable(function):
            name = getattr(function, "__name__", "activity")
            version, converter, call, task_list = "1", DEFAULT_CONVERTER, function, "activities"
        else:
            raise ValidationError(f"not an activity or a function: {function!r}")
        self._count += 1
        task = ActivityTask(
            token=f"test-token-{self._count}",
            activity_id=f"{name}-{self._count}",
            activity_type=ActivityTypeRef(name, version),
            workflow_execution=WorkflowExecutionRef(self.workflow_id, self.run_id),
            started_event_id=0,
            input=encode_arguments(converter, args, kwargs, what=f"the input of {name}"),
            domain="test",
            task_list=task_list,
        )
        context = self.context = ActivityContext(task, send_heartbeat=self._heartbeat)
        if self._cancel:
            context._mark_cancel_requested()
        with current(context):
            return call(*args, **kwargs)

    def cancel(self) -> None:
        """SWF has a cancel request for the task: the next heartbeat answers so. Thread-safe
        (call it from another thread while the activity runs)."""
        with self._lock:
            self._cancel = True

    def time_out(self) -> None:
        """The task timed out: the next heartbeat finds it gone (``context.closed``)."""
        with self._lock:
            self._timed_out = True

    @property
    def cancel_requested(self) -> bool:
        """Whether the latest run's context learned of a cancel request."""
        return self.context is not None and self.context.cancel_requested

    def _heartbeat(self, details: str | None) -> bool:
        with self._lock:
            if self._timed_out:
                raise UnknownResourceFault("Unknown activity task (it timed out)")
            self.heartbeats.append(details)
            if self.cancel_after is not None and len(self.heartbeats) >= self.cancel_after:
                self._cancel = True
            return self._cancel
