"""Every use :mod:`swf.flow` makes of the actors' activity-task and heartbeat API, in one place.

:mod:`swf.actors` is getting its own ``ActivityContext`` (``.task``, ``heartbeat()``,
``cancel_requested``, ``closed``, ``heartbeat_details``, ``wait_for_cancel_request()``,
``raise_if_cancel_requested()``) and ``activity_context()``, set by the worker around
``process``. Until then this module provides the same surface over today's
:class:`~swf.actors.ActivityTask`; once it lands, this module shrinks to re-exports and the
rest of :mod:`swf.flow` does not change.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from swf.actors import ActivityTask, ActivityTaskCanceledError, ActivityWorker
from swf.actors.heartbeat import Interval, interval_for
from swf.actors.tasks import fit

__all__ = [
    "ActivityContext",
    "ActivityTask",
    "ActivityTaskCanceledError",
    "ActivityWorkerBase",
    "activity_context",
    "fit",
]


class ActivityContext:
    """The live side of the activity task in hand: heartbeats and cancellation.

    Get it with :func:`swf.flow.activity_context` inside an activity function run by a worker.
    """

    __slots__ = ("_task",)

    def __init__(self, task: ActivityTask) -> None:
        self._task = task

    def __repr__(self) -> str:
        return f"<ActivityContext of {self._task!r}>"

    @property
    def task(self) -> ActivityTask:
        """The task: ``activity_id``, ``activity_type``, ``workflow_execution``, ``input``..."""
        return self._task

    @property
    def cancel_requested(self) -> bool:
        """True once a heartbeat learned that the workflow asked to cancel this task."""
        return self._task.cancel_requested

    @property
    def closed(self) -> bool:
        """True once SWF no longer knows the task (timed out, or its execution closed): a
        result would be dropped."""
        return self._task.closed

    @property
    def heartbeat_details(self) -> str | None:
        """What automatic heartbeats send as details (set it to report progress)."""
        return self._task.heartbeat_details

    @heartbeat_details.setter
    def heartbeat_details(self, value: str | None) -> None:
        self._task.heartbeat_details = value

    def heartbeat(self, details: str | None = None) -> bool:
        """Send a heartbeat now; returns :attr:`cancel_requested`."""
        return self._task.heartbeat(details)

    def wait_for_cancel_request(self, timeout: float | timedelta | None = None) -> bool:
        """Block until a cancel request arrives or the task closes (up to ``timeout``);
        returns :attr:`cancel_requested`."""
        return self._task.wait_for_cancel_request(timeout)

    def raise_if_cancel_requested(self, details: str | None = None) -> None:
        """Raise the cancellation (reported to SWF as ``RespondActivityTaskCanceled``) if
        one was requested."""
        self._task.raise_if_cancel_requested(details)


_current: ContextVar[ActivityContext | None] = ContextVar("swf_flow_activity_context", default=None)


def activity_context() -> ActivityContext:
    """The context of the activity task this code runs for.

    :raises RuntimeError: outside an activity run by a worker.
    """
    context = _current.get()
    if context is None:
        raise RuntimeError(
            "activity_context() is only available inside an activity run by a worker"
        )
    return context


class ActivityWorkerBase(ActivityWorker):
    """An :class:`~swf.actors.ActivityWorker` whose subclasses implement
    :meth:`run_task` with the context set, and may know each task's heartbeat time-out."""

    def process(self, task: ActivityTask) -> Any:
        """Run :meth:`run_task` with :func:`activity_context` set."""
        with running(task) as context:
            return self.run_task(context)

    def run_task(self, context: ActivityContext) -> Any:
        """Do the task's work; the return value is reported as its result."""
        raise NotImplementedError

    def heartbeat_timeout_of(self, task: ActivityTask) -> timedelta | bool | None:
        """The task's heartbeat time-out if known (``None``: none), ``False`` if unknown."""
        return False

    def _interval_getter(self, task: ActivityTask) -> Interval:
        timeout = self.heartbeat_timeout_of(task)
        if timeout is False or timeout is True or self.heartbeat_interval is not None:
            return super()._interval_getter(task)
        return interval_for(timeout)


@contextmanager
def running(task: ActivityTask) -> Iterator[ActivityContext]:
    """Set the activity context for ``task`` while the block runs."""
    context = ActivityContext(task)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
