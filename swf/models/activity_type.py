"""The :class:`ActivityType` model."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from swf.constants import REGISTERED, Limits, RegistrationStatus
from swf.core import Connection
from swf.models.base import (
    Model,
    SettingsOverrides,
    duration,
    optional_wire,
    priority,
    registration_status,
    task_list_name,
)
from swf.models.domain import Domain, as_domain, connection_for
from swf.wire import check_identifier, check_length, datetime_from_wire, duration_to_wire

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

__all__ = ["ActivityType"]

_TIMEOUTS = (
    ("task_heartbeat_timeout", "defaultTaskHeartbeatTimeout"),
    ("task_schedule_to_close_timeout", "defaultTaskScheduleToCloseTimeout"),
    ("task_schedule_to_start_timeout", "defaultTaskScheduleToStartTimeout"),
    ("task_start_to_close_timeout", "defaultTaskStartToCloseTimeout"),
)


class ActivityType(Model):
    """An activity type: a name and version registered in a domain, with task defaults.

    Nothing is sent to SWF until :meth:`save`. Time-outs are :class:`~datetime.timedelta`
    (or whole seconds); ``None`` means SWF's ``NONE`` (no time-out), which is what
    :meth:`save` registers for a time-out left as ``None``.

    >>> ActivityType("orders", "ChargeCard", "1.0", task_start_to_close_timeout=300)
    ActivityType('ChargeCard', '1.0')

    :param domain: a :class:`Domain` or a domain name.
    :param name: the type's name (1 to 256 characters).
    :param version: the type's version (1 to 64 characters).
    :param status: REGISTERED or DEPRECATED.
    :param description: up to 1024 characters.
    :param task_list: the default activity task list.
    :param task_priority: the default task priority.
    :param task_heartbeat_timeout: the default heartbeat time-out.
    :param task_schedule_to_close_timeout: the default schedule-to-close time-out.
    :param task_schedule_to_start_timeout: the default schedule-to-start time-out.
    :param task_start_to_close_timeout: the default start-to-close time-out.
    :param creation_date: when SWF registered it (information, not compared).
    :param deprecation_date: when SWF deprecated it (information, not compared).
    """

    class DoesNotExist(Model.DoesNotExist):
        """No such activity type."""

    _fields = (
        "domain",
        "name",
        "version",
        "status",
        "description",
        "task_list",
        "task_priority",
        "task_heartbeat_timeout",
        "task_schedule_to_close_timeout",
        "task_schedule_to_start_timeout",
        "task_start_to_close_timeout",
    )
    _synced_fields = _fields[3:]

    domain: Domain
    name: str
    version: str
    status: RegistrationStatus
    description: str | None
    task_list: str | None
    task_priority: int | None
    task_heartbeat_timeout: timedelta | None
    task_schedule_to_close_timeout: timedelta | None
    task_schedule_to_start_timeout: timedelta | None
    task_start_to_close_timeout: timedelta | None
    creation_date: datetime | None
    deprecation_date: datetime | None

    def __init__(
        self,
        domain: Domain | str,
        name: str,
        version: str,
        *,
        status: RegistrationStatus | str = REGISTERED,
        description: str | None = None,
        task_list: str | None = None,
        task_priority: int | str | None = None,
        task_heartbeat_timeout: timedelta | int | str | None = None,
        task_schedule_to_close_timeout: timedelta | int | str | None = None,
        task_schedule_to_start_timeout: timedelta | int | str | None = None,
        task_start_to_close_timeout: timedelta | int | str | None = None,
        creation_date: datetime | None = None,
        deprecation_date: datetime | None = None,
        connection: Connection | None = None,
        **overrides: Unpack[SettingsOverrides],
    ) -> None:
        super().__init__(**connection_for(domain, connection, overrides))
        self.domain = as_domain(domain, connection=self.connection)
        self.name = check_identifier(name, what="activity type name")
        self.version = check_identifier(
            version, what="activity type version", maximum=Limits.VERSION_LENGTH
        )
        self.status = registration_status(status)
        check_length(description, what="description", maximum=Limits.DESCRIPTION_LENGTH)
        self.description = description or None  # SWF does not keep an empty one
        self.task_list = task_list_name(task_list)
        self.task_priority = priority(task_priority)
        self.task_heartbeat_timeout = duration(
            task_heartbeat_timeout, what="task_heartbeat_timeout"
        )
        self.task_schedule_to_close_timeout = duration(
            task_schedule_to_close_timeout, what="task_schedule_to_close_timeout"
        )
        self.task_schedule_to_start_timeout = duration(
            task_schedule_to_start_timeout, what="task_schedule_to_start_timeout"
        )
        self.task_start_to_close_timeout = duration(
            task_start_to_close_timeout, what="task_start_to_close_timeout"
        )
        self.creation_date = datetime_from_wire(creation_date)
        self.deprecation_date = datetime_from_wire(deprecation_date)
        self._freeze()

    def __repr__(self) -> str:
        return f"ActivityType({self.name!r}, {self.version!r})"

    def _identity(self) -> tuple[Any, ...]:
        return (self.domain.name, self.name, self.version)

    def _init_arguments(self) -> dict[str, Any]:
        return {
            **super()._init_arguments(),
            "creation_date": self.creation_date,
            "deprecation_date": self.deprecation_date,
        }

    # -- wire ----------------------------------------------------------------------------

    @classmethod
    def from_api(
        cls,
        domain: Domain | str,
        detail: Mapping[str, Any],
        *,
        connection: Connection | None = None,
    ) -> Self:
        """An activity type from a ``DescribeActivityType`` response."""
        info = detail["typeInfo"]
        configuration = detail.get("configuration") or {}
        default_task_list = configuration.get("defaultTaskList") or {}
        return cls(
            domain,
            info["activityType"]["name"],
            info["activityType"]["version"],
            status=info["status"],
            description=info.get("description"),
            task_list=default_task_list.get("name"),
            task_priority=configuration.get("defaultTaskPriority"),
            creation_date=info.get("creationDate"),
            deprecation_date=info.get("deprecationDate"),
            connection=connection,
            **{attr: configuration.get(key) for attr, key in _TIMEOUTS},
        )

    def to_api(self) -> dict[str, str]:
        """The ``activityType`` structure naming this type."""
        return {"name": self.name, "version": self.version}

    def _describe(self) -> dict[str, Any]:
        return self.connection.call(
            "DescribeActivityType", domain=self.domain.name, activityType=self.to_api()
        )

    def _from_description(self, response: dict[str, Any]) -> Self:
        return self.from_api(self.domain, response, connection=self.connection)

    # -- changes -------------------------------------------------------------------------

    def save(self) -> None:
        """Register the type (then deprecate it if its status is DEPRECATED).

        :raises swf.exceptions.TypeAlreadyExistsFault: that name and version exist already.
        """
        params: dict[str, Any] = {
            "domain": self.domain.name,
            "name": self.name,
            "version": self.version,
        }
        for attr, key in _TIMEOUTS:
            params[key] = duration_to_wire(getattr(self, attr), what=attr)
        optional_wire(params, "description", self.description)
        if self.task_list is not None:
            params["defaultTaskList"] = {"name": self.task_list}
        if self.task_priority is not None:
            params["defaultTaskPriority"] = str(self.task_priority)
        self.connection.call("RegisterActivityType", **params)
        if self.status == RegistrationStatus.DEPRECATED:
            self.connection.call(
                "DeprecateActivityType", domain=self.domain.name, activityType=self.to_api()
            )

    def deprecate(self) -> ActivityType:
        """Deprecate the type in SWF; returns the model with status DEPRECATED."""
        self.connection.call(
            "DeprecateActivityType", domain=self.domain.name, activityType=self.to_api()
        )
        return self.replace(status=RegistrationStatus.DEPRECATED)

    def undeprecate(self) -> ActivityType:
        """Undeprecate the type in SWF; returns the model with status REGISTERED."""
        self.connection.call(
            "UndeprecateActivityType", domain=self.domain.name, activityType=self.to_api()
        )
        return self.replace(status=RegistrationStatus.REGISTERED, deprecation_date=None)

    def delete(self) -> None:
        """Delete the type from SWF, deprecating it first when it is still registered."""
        upstream = self.upstream()
        if upstream.status == RegistrationStatus.REGISTERED:
            upstream.deprecate()
        self.connection.call(
            "DeleteActivityType", domain=self.domain.name, activityType=self.to_api()
        )
