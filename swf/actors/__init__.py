"""Actors: the decider and activity worker base classes, and a runner for them.

- :class:`Decider`: polls decision tasks (with their whole history) and answers them with the
  decisions its :meth:`~Decider.decide` returns;
- :class:`ActivityWorker`: polls activity tasks, runs :meth:`~ActivityWorker.process` with
  automatic heartbeats, and reports them completed, failed or canceled;
- :class:`ActivityTask`: an activity task as SWF sent it, a frozen value (the same class as
  :class:`swf.models.ActivityTask`); :class:`ActivityContext`: the live side of a running
  task (heartbeats, cancel requests), which task code gets from :func:`activity_context`;
- :class:`Runner`: runs several actors in threads or processes until SIGINT/SIGTERM, letting
  the tasks in hand finish.

Every loop survives throttling, transport errors and its own task code's errors: failed calls
are retried with backoff (:mod:`swf.actors.retry`), and nothing escapes a loop but a stop.
"""

from __future__ import annotations

from swf.actors._context import ActivityContext, ActivityTaskCanceledError, activity_context
from swf.actors._tasks import DecisionTask
from swf.actors.base import Actor
from swf.actors.decider import Decider
from swf.actors.retry import Backoff
from swf.actors.runner import ExitStatus, Runner
from swf.actors.worker import ActivityWorker
from swf.models.activity_task import ActivityTask

__all__ = [
    "ActivityContext",
    "ActivityTask",
    "ActivityTaskCanceledError",
    "ActivityWorker",
    "Actor",
    "Backoff",
    "Decider",
    "DecisionTask",
    "ExitStatus",
    "Runner",
    "activity_context",
]
