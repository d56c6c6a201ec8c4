"""Registering the types of workflows and activities, idempotently.

The defaults registered are the classes' and functions' own options; :mod:`swf.flow` sends
every option with each decision anyway, so a type registered earlier with other defaults
behaves the same.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from swf.exceptions import TypeAlreadyExistsFault
from swf.models import ActivityType, Domain, WorkflowType

if TYPE_CHECKING:
    from swf.core import Connection
    from swf.flow.activity import Activity
    from swf.flow.workflow import Workflow

__all__ = ["register_activity", "register_workflow"]

log = logging.getLogger(__name__)


def register_workflow(
    workflow: type[Workflow], domain: Domain | str, *, connection: Connection | None = None
) -> bool:
    """Register the workflow's type unless it exists; ``True`` when it was registered now."""
    model = WorkflowType(
        domain,
        workflow.name,
        workflow.version,
        description=workflow.description,
        task_list=workflow.task_list,
        child_policy=workflow.child_policy,
        execution_timeout=workflow.execution_timeout,
        decision_tasks_timeout=workflow.decision_tasks_timeout,
        connection=connection,
    )
    return _save(model)


def register_activity(
    activity: Activity[..., Any], domain: Domain | str, *, connection: Connection | None = None
) -> bool:
    """Register the activity's type unless it exists; ``True`` when it was registered now."""
    options = activity.scheduling
    model = ActivityType(
        domain,
        activity.name,
        activity.version,
        description=activity.description,
        task_list=options.task_list,
        task_priority=options.task_priority,
        task_heartbeat_timeout=options.heartbeat,
        task_schedule_to_close_timeout=options.schedule_to_close,
        task_schedule_to_start_timeout=options.schedule_to_start,
        task_start_to_close_timeout=options.start_to_close,
        connection=connection,
    )
    return _save(model)


def _save(model: WorkflowType | ActivityType) -> bool:
    try:
        model.save()
    except TypeAlreadyExistsFault:
        return False
    log.info("registered %r in domain %s", model, model.domain.name)
    return True
