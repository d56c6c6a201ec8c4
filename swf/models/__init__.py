"""Models: immutable values over SWF's domains, types, executions and activity tasks.

A model is local until :meth:`~swf.models.base.Model.save`; ``exists``, ``is_synced``,
``changes`` and ``upstream()`` compare it with SWF::

    >>> from swf.models import Domain
    >>> domain = Domain("orders", retention_period=7)
    >>> domain.save()  # doctest: +SKIP
    >>> domain.is_synced  # doctest: +SKIP
    True
"""

from __future__ import annotations

from swf.models.activity_task import ActivityTask
from swf.models.activity_type import ActivityType
from swf.models.base import Difference, Model, ModelDiff
from swf.models.domain import Domain
from swf.models.workflow_execution import OpenCounts, WorkflowExecution
from swf.models.workflow_type import WorkflowType

__all__ = [
    "ActivityTask",
    "ActivityType",
    "Difference",
    "Domain",
    "Model",
    "ModelDiff",
    "OpenCounts",
    "WorkflowExecution",
    "WorkflowType",
]
