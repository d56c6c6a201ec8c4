"""Querysets: lazy, chainable access to what SWF holds, like Django managers.

>>> from swf.querysets import DomainQuerySet, WorkflowTypeQuerySet
>>> domain = DomainQuerySet().get("orders")  # doctest: +SKIP
>>> WorkflowTypeQuerySet(domain).all()  # doctest: +SKIP
[WorkflowType('ProcessOrder', '1.0')]
"""

from __future__ import annotations

from swf.querysets.activity_type import ActivityTypeQuerySet
from swf.querysets.base import Page, QuerySet
from swf.querysets.domain import DomainQuery, DomainQuerySet
from swf.querysets.history import HistoryQuerySet
from swf.querysets.workflow_execution import WorkflowExecutionQuerySet
from swf.querysets.workflow_type import WorkflowTypeQuerySet

__all__ = [
    "ActivityTypeQuerySet",
    "DomainQuery",
    "DomainQuerySet",
    "HistoryQuerySet",
    "Page",
    "QuerySet",
    "WorkflowExecutionQuerySet",
    "WorkflowTypeQuerySet",
]
