"""The :class:`WorkflowType` model."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from swf.constants import REGISTERED, ChildPolicy, ExecutionStatus, RegistrationStatus
from swf.core import Connection
from swf.exceptions import ValidationError
from swf.models.base import (
    Model,
    SettingsOverrides,
    child_policy,
    duration,
    optional_wire,
    payload,
    priority,
    role_arn,
    task_list_name,
)
from swf.models.domain import Domain
from swf.models.registered_type import RegisteredType
from swf.wire import check_identifier, duration_to_wire

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from swf.models.workflow_execution import WorkflowExecution

__all__ = ["WorkflowType"]


class WorkflowType(RegisteredType):
    """A workflow type: a name and version registered in a domain, with execution defaults.

    Nothing is sent to SWF until :meth:`save`. Time-outs are :class:`~datetime.timedelta`
    (or whole seconds); ``None`` means SWF's ``NONE`` (no time-out), except for
    ``execution_timeout`` where ``None`` means "no default" (SWF refuses ``NONE`` there).

    >>> WorkflowType("orders", "ProcessOrder", "1.0", task_list="deciders")
    WorkflowType('ProcessOrder', '1.0')

    :param domain: a :class:`Domain` or a domain name.
    :param name: the type's name (1 to 256 characters).
    :param version: the type's version (1 to 64 characters).
    :param status: REGISTERED or DEPRECATED.
    :param description: up to 1024 characters.
    :param task_list: the default decision task list.
    :param child_policy: the default :class:`~swf.constants.ChildPolicy`.
    :param execution_timeout: the default execution start-to-close time-out.
    :param decision_tasks_timeout: the default decision task start-to-close time-out.
    :param task_priority: the default task priority.
    :param lambda_role: the default IAM role for Lambda tasks.
    :param creation_date: when SWF registered it (information, not compared).
    :param deprecation_date: when SWF deprecated it (information, not compared).
    """

    class DoesNotExist(Model.DoesNotExist):
        """No such workflow type."""

    _fields = (
        "domain",
        "name",
        "version",
        "status",
        "description",
        "task_list",
        "child_policy",
        "execution_timeout",
        "decision_tasks_timeout",
        "task_priority",
        "lambda_role",
    )
    _synced_fields = _fields[3:]

    _kind = "Workflow"

    child_policy: ChildPolicy | None
    """The default child policy."""
    execution_timeout: timedelta | None
    """The default execution start-to-close time-out."""
    decision_tasks_timeout: timedelta | None
    """The default decision task start-to-close time-out."""
    lambda_role: str | None
    """The default IAM role for Lambda tasks."""

    def __init__(
        self,
        domain: Domain | str,
        name: str,
        version: str,
        *,
        status: RegistrationStatus | str = REGISTERED,
        description: str | None = None,
        task_list: str | None = None,
        child_policy: ChildPolicy | str | None = None,
        execution_timeout: timedelta | int | str | None = None,
        decision_tasks_timeout: timedelta | int | str | None = None,
        task_priority: int | str | None = None,
        lambda_role: str | None = None,
        creation_date: datetime | None = None,
        deprecation_date: datetime | None = None,
        connection: Connection | None = None,
        **overrides: Unpack[SettingsOverrides],
    ) -> None:
        super().__init__(
            domain,
            name,
            version,
            status=status,
            description=description,
            task_list=task_list,
            task_priority=task_priority,
            creation_date=creation_date,
            deprecation_date=deprecation_date,
            connection=connection,
            overrides=overrides,
        )
        self.child_policy = _child_policy(child_policy)
        self.execution_timeout = _execution_timeout(execution_timeout)
        self.decision_tasks_timeout = duration(
            decision_tasks_timeout, what="decision_tasks_timeout"
        )
        self.lambda_role = role_arn(lambda_role)
        self._freeze()

    # -- wire ----------------------------------------------------------------------------

    @classmethod
    def _defaults_from_api(cls, configuration: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "child_policy": configuration.get("defaultChildPolicy"),
            "execution_timeout": configuration.get("defaultExecutionStartToCloseTimeout"),
            "decision_tasks_timeout": configuration.get("defaultTaskStartToCloseTimeout"),
            "lambda_role": configuration.get("defaultLambdaRole"),
        }

    def _defaults_to_api(self) -> dict[str, Any]:
        params: dict[str, Any] = {
            "defaultTaskStartToCloseTimeout": duration_to_wire(
                self.decision_tasks_timeout, what="decision_tasks_timeout"
            ),
        }
        optional_wire(params, "defaultChildPolicy", _wire(self.child_policy))
        if self.execution_timeout is not None:  # SWF refuses NONE here: no default instead
            _check_not_zero(self.execution_timeout)
            params["defaultExecutionStartToCloseTimeout"] = duration_to_wire(
                self.execution_timeout, what="execution_timeout"
            )
        optional_wire(params, "defaultLambdaRole", self.lambda_role)
        return params

    # -- executions ----------------------------------------------------------------------

    def start_execution(
        self,
        workflow_id: str | None = None,
        task_list: str | None = None,
        child_policy: ChildPolicy | str | None = None,
        execution_timeout: timedelta | int | str | None = None,
        input: Any = None,
        tag_list: Iterable[str] | None = None,
        decision_tasks_timeout: timedelta | int | str | None = None,
        *,
        task_priority: int | str | None = None,
        lambda_role: str | None = None,
    ) -> WorkflowExecution:
        """Start an execution of this type; returns it (with its run id).

        Arguments left as ``None`` take the type's defaults.

        :param workflow_id: the execution's workflow id (a random UUID when omitted).
        :param input: the execution's input, by the payload rule
            (:func:`swf.wire.payload_to_wire`): a string as it is, anything else as JSON.
        :param tag_list: up to 5 tags, each up to 256 characters.
        :raises swf.exceptions.WorkflowExecutionAlreadyStartedFault: an open execution has
            that workflow id.
        :raises swf.exceptions.DefaultUndefinedFault: a setting was neither given nor a default.
        """
        from swf.models.workflow_execution import WorkflowExecution, tag_tuple

        if workflow_id is None:
            workflow_id = str(uuid.uuid4())
        check_identifier(workflow_id, what="workflow_id")
        tags = tag_tuple(tag_list)
        input = payload(input, what="input")
        role_arn(lambda_role)
        task_list = task_list_name(task_list)
        policy = _child_policy(child_policy)
        timeout = _execution_timeout(execution_timeout)
        if timeout is not None:
            _check_not_zero(timeout)
        task_timeout = (
            None
            if decision_tasks_timeout is None
            else duration_to_wire(decision_tasks_timeout, what="decision_tasks_timeout")
        )
        prio = priority(task_priority)
        params: dict[str, Any] = {
            "domain": self.domain.name,
            "workflowId": workflow_id,
            "workflowType": self.to_api(),
        }
        if task_list is not None:
            params["taskList"] = {"name": task_list}
        optional_wire(params, "childPolicy", _wire(policy))
        if timeout is not None:
            params["executionStartToCloseTimeout"] = duration_to_wire(
                timeout, what="execution_timeout"
            )
        optional_wire(params, "input", input)
        if tags:
            params["tagList"] = list(tags)
        optional_wire(params, "taskStartToCloseTimeout", task_timeout)
        if prio is not None:
            params["taskPriority"] = str(prio)
        optional_wire(params, "lambdaRole", lambda_role)
        response = self.connection.call("StartWorkflowExecution", **params)
        return WorkflowExecution(
            self.domain,
            workflow_id,
            response["runId"],
            workflow_type=self,
            status=ExecutionStatus.OPEN,
            tag_list=tags,
            task_list=task_list,
            child_policy=policy,
            execution_timeout=timeout,
            decision_tasks_timeout=None if task_timeout == "NONE" else task_timeout,
            task_priority=prio,
            lambda_role=lambda_role,
            input=input,
            connection=self.connection,
        )


def _execution_timeout(value: timedelta | int | str | None) -> timedelta | None:
    """An execution's start-to-close time-out: ``None`` is "not given" (the type's default,
    or no default); SWF refuses ``NONE`` for it."""
    if isinstance(value, str) and value.strip().upper() == "NONE":
        raise ValidationError(
            "execution_timeout may not be NONE: SWF needs a duration for an execution "
            "(leave it None to use the type's default)"
        )
    return duration(value, what="execution_timeout")


def _check_not_zero(timeout: timedelta) -> None:
    if not timeout:
        raise ValidationError(
            "execution_timeout must be at least 1 second: an execution with a time-out of 0 "
            "times out as soon as it starts"
        )


def _child_policy(value: ChildPolicy | str | None) -> ChildPolicy | None:
    return child_policy(value)


def _wire(value: ChildPolicy | None) -> str | None:
    return None if value is None else str(value)
