"""Every use :mod:`swf.flow` makes of the actors' activity-task and heartbeat API, in one place.

The live side of a running activity (heartbeats, cancellation) is the actors' own
:class:`~swf.actors.ActivityContext`, which the worker sets around ``process``;
:func:`swf.flow.activity_context` is :func:`swf.actors.activity_context`. What flow adds is a
worker base whose subclasses get that context and may know each task's heartbeat time-out.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from swf.actors import (
    ActivityContext,
    ActivityTask,
    ActivityTaskCanceledError,
    ActivityWorker,
    activity_context,
)
from swf.actors._context import current
from swf.actors._heartbeat import Interval, interval_for
from swf.actors._tasks import fit

__all__ = [
    "ActivityContext",
    "ActivityTask",
    "ActivityTaskCanceledError",
    "ActivityWorkerBase",
    "activity_context",
    "current",
    "fit",
]


class ActivityWorkerBase(ActivityWorker):
    """An :class:`~swf.actors.ActivityWorker` whose subclasses implement :meth:`run_task`
    with the task's context, and may know each task's heartbeat time-out."""

    def process(self, task: ActivityTask) -> Any:
        """Run :meth:`run_task` with the context the worker set for ``task``."""
        return self.run_task(activity_context())

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
