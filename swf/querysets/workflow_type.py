"""The :class:`WorkflowTypeQuerySet`: the workflow types of a domain."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, TypedDict

from swf.constants import ChildPolicy, RegistrationStatus
from swf.models.workflow_type import WorkflowType
from swf.querysets.base import TypeQuerySet

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["WorkflowTypeOptions", "WorkflowTypeQuerySet"]


class WorkflowTypeOptions(TypedDict, total=False):
    """The keyword options of :class:`~swf.models.WorkflowType`, for ``create``."""

    status: RegistrationStatus | str
    description: str | None
    task_list: str | None
    child_policy: ChildPolicy | str | None
    execution_timeout: timedelta | int | str | None
    decision_tasks_timeout: timedelta | int | str | None
    task_priority: int | str | None
    lambda_role: str | None


class WorkflowTypeQuerySet(TypeQuerySet[WorkflowType]):
    """The workflow types of a domain (REGISTERED ones unless filtered otherwise).

    >>> qs = WorkflowTypeQuerySet("orders")
    >>> qs.get("ProcessOrder", "1.0")  # doctest: +SKIP
    WorkflowType('ProcessOrder', '1.0')
    >>> qs.filter(status=DEPRECATED)  # doctest: +SKIP
    [WorkflowType('ProcessOrder', '0.9')]
    """

    _model = WorkflowType
    _kind = "Workflow"
    _key = "workflowType"

    def create(
        self, name: str, version: str, **options: Unpack[WorkflowTypeOptions]
    ) -> WorkflowType:
        """Register a workflow type (options as for :class:`~swf.models.WorkflowType`).

        :raises swf.exceptions.TypeAlreadyExistsFault: that name and version exist already.
        """
        return self._create(name, version, options)

    def get_or_create(
        self, name: str, version: str, **options: Unpack[WorkflowTypeOptions]
    ) -> WorkflowType:
        """The workflow type, registered first (with ``options``) if it does not exist.

        Safe when several processes race to register it.
        """
        return self._get_or_create(name, version, options)
