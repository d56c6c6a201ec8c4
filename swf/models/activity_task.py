"""The :class:`ActivityTask` model: an activity task handed to a worker by a poll."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from swf.constants import Limits
from swf.core import Connection
from swf.exceptions import ValidationError
from swf.models.activity_type import ActivityType
from swf.models.base import Model, SettingsOverrides, payload, task_list_name
from swf.models.domain import Domain, as_domain, connection_for
from swf.models.workflow_execution import WorkflowExecution
from swf.wire import check_identifier, check_length

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

__all__ = ["ActivityTask"]


class ActivityTask(Model):
    """An activity task as ``PollForActivityTask`` returned it.

    A plain value: SWF cannot describe a task, so it has no sync properties; the worker
    answers it through its ``task_token`` (see :mod:`swf.actors`).

    :param domain: the domain it was polled from.
    :param task_list: the task list it was polled from (``None`` if unknown).
    :param task_token: the opaque token to answer the task with.
    :param activity_id: the id the decider gave the activity.
    :param started_event_id: the id of its ``ActivityTaskStarted`` event.
    :param workflow_execution: the execution it belongs to.
    :param activity_type: its activity type.
    :param input: its input.
    """

    _fields = (
        "domain",
        "task_list",
        "task_token",
        "activity_id",
        "started_event_id",
        "workflow_execution",
        "activity_type",
        "input",
    )

    domain: Domain
    task_list: str | None
    task_token: str
    activity_id: str
    started_event_id: int
    workflow_execution: WorkflowExecution
    activity_type: ActivityType
    input: str | None

    def __init__(
        self,
        domain: Domain | str,
        task_list: str | None,
        task_token: str,
        activity_id: str,
        started_event_id: int,
        workflow_execution: WorkflowExecution,
        activity_type: ActivityType,
        input: str | None = None,
        *,
        connection: Connection | None = None,
        **overrides: Unpack[SettingsOverrides],
    ) -> None:
        super().__init__(**connection_for(domain, connection, overrides))
        self.domain = as_domain(domain, connection=self.connection)
        self.task_list = task_list_name(task_list)
        check_length(task_token, what="task_token", maximum=Limits.TASK_TOKEN_LENGTH, minimum=1)
        self.task_token = task_token
        self.activity_id = check_identifier(activity_id, what="activity_id")
        if not isinstance(started_event_id, int) or isinstance(started_event_id, bool):
            raise ValidationError("started_event_id must be an int")
        self.started_event_id = started_event_id
        if not isinstance(workflow_execution, WorkflowExecution):
            raise ValidationError("workflow_execution must be a WorkflowExecution")
        self.workflow_execution = workflow_execution
        if not isinstance(activity_type, ActivityType):
            raise ValidationError("activity_type must be an ActivityType")
        self.activity_type = activity_type
        self.input = payload(input, what="input")
        self._freeze()

    def __repr__(self) -> str:
        return f"ActivityTask({self.activity_id!r}, {self.activity_type!r})"

    def _identity(self) -> tuple[Any, ...]:
        return (self.domain.name, self.task_token)

    def _compared(self, name: str) -> Any:
        value = getattr(self, name)
        if isinstance(value, Model):
            return value._key()
        return value

    @classmethod
    def from_api(
        cls,
        domain: Domain | str,
        response: Mapping[str, Any],
        *,
        task_list: str | None = None,
        connection: Connection | None = None,
    ) -> Self:
        """An activity task from a ``PollForActivityTask`` response that holds one."""
        if not response.get("taskToken"):
            raise ValidationError("the poll returned no task (no taskToken)")
        domain = as_domain(domain, connection=connection or Connection())
        execution = response["workflowExecution"]
        activity_type = response["activityType"]
        return cls(
            domain,
            task_list,
            response["taskToken"],
            response["activityId"],
            int(response["startedEventId"]),
            WorkflowExecution(
                domain, execution["workflowId"], execution["runId"], connection=connection
            ),
            ActivityType(
                domain, activity_type["name"], activity_type["version"], connection=connection
            ),
            response.get("input"),
            connection=connection,
        )

    # An activity task cannot be described: it has no upstream version.
    def _describe(self) -> dict[str, Any]:
        raise NotImplementedError("SWF cannot describe an activity task")
