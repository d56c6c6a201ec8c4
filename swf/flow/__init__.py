"""Workflows as code: ``run()`` methods re-run deterministically against SWF's history.

::

    from swf.flow import Workflow, activity

    @activity(start_to_close=60, retry=3)
    def charge(order): ...

    class Order(Workflow):
        def run(self, order):
            receipt = self.submit(charge, order).result()
            self.sleep(3600)
            return receipt

    Worker("shop", workflows=[Order], activities=[charge]).start()
    Order.start({"sku": "TEA-42"}, domain="shop").result()

- :class:`Workflow`: ``submit`` (activities and child workflows) returning :class:`Future`,
  :func:`wait`, ``map``, ``sleep`` / ``timer``, ``wait_signal`` / ``signal``, ``now``,
  ``side_effect``, ``version``, ``continue_as_new``; cancellation arrives as
  :class:`Cancelled`.
- :func:`activity`: a plain function as an activity (with a :class:`RetryPolicy`);
  :func:`activity_context` for heartbeats and cancellation inside it.
- :class:`Worker` runs the deciders and activity workers; :meth:`Workflow.start` returns a
  :class:`WorkflowHandle`.
- :func:`replay` checks code against recorded histories (:class:`NonDeterminismError`).
"""

from __future__ import annotations

from swf.flow._actors import ActivityContext, activity_context
from swf.flow.activity import Activity, ActivityOptions, activity
from swf.flow.converter import Converter, JSONConverter
from swf.flow.engine import DEFAULT_VERSION, WorkflowInstance
from swf.flow.errors import (
    ActivityFailed,
    ActivityTimedOut,
    Cancelled,
    ChildWorkflowFailed,
    FlowError,
    NonDeterminismError,
    PayloadError,
    ScheduleFailed,
    WorkflowFailed,
)
from swf.flow.futures import (
    ALL_COMPLETED,
    FIRST_COMPLETED,
    FIRST_EXCEPTION,
    DoneAndNotDone,
    Future,
    wait,
)
from swf.flow.handle import WorkflowHandle
from swf.flow.replay import replay
from swf.flow.retry import RetryPolicy
from swf.flow.worker import Worker
from swf.flow.workflow import ChildOptions, Workflow

__all__ = [
    "ALL_COMPLETED",
    "DEFAULT_VERSION",
    "FIRST_COMPLETED",
    "FIRST_EXCEPTION",
    "Activity",
    "ActivityContext",
    "ActivityFailed",
    "ActivityOptions",
    "ActivityTimedOut",
    "Cancelled",
    "ChildOptions",
    "ChildWorkflowFailed",
    "Converter",
    "DoneAndNotDone",
    "FlowError",
    "Future",
    "JSONConverter",
    "NonDeterminismError",
    "PayloadError",
    "RetryPolicy",
    "ScheduleFailed",
    "Worker",
    "Workflow",
    "WorkflowFailed",
    "WorkflowHandle",
    "WorkflowInstance",
    "activity",
    "activity_context",
    "replay",
    "wait",
]
