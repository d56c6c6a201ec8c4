"""The SWF Local service: one class, one method per operation, assembled from mixins.

INFRA's mixins (domains, types, tags) and ENGINE's (executions, visibility, decisions,
activities, timeouts) sit on :class:`~swf.local.service.base.ServiceBase`.
"""

from __future__ import annotations

from swf.local.service.activities import ActivityOps
from swf.local.service.base import ServiceBase
from swf.local.service.decisions import DecisionOps
from swf.local.service.domains import DomainOps
from swf.local.service.executions import ExecutionOps
from swf.local.service.tags import TagOps
from swf.local.service.timeouts import TimeoutOps
from swf.local.service.types import TypeOps
from swf.local.service.visibility import VisibilityOps

__all__ = ["Service", "ServiceBase"]


class Service(
    DomainOps,
    TypeOps,
    TagOps,
    ExecutionOps,
    VisibilityOps,
    DecisionOps,
    ActivityOps,
    TimeoutOps,
    ServiceBase,
):
    """The whole SWF Local service (see :class:`ServiceBase` for its constructor)."""
