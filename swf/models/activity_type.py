"""The :class:`ActivityType` model."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from swf.constants import REGISTERED, RegistrationStatus
from swf.core import Connection
from swf.models.base import Model, SettingsOverrides, duration
from swf.models.domain import Domain
from swf.models.registered_type import RegisteredType
from swf.wire import duration_to_wire

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["ActivityType"]

_TIMEOUTS = (
    ("task_heartbeat_timeout", "defaultTaskHeartbeatTimeout"),
    ("task_schedule_to_close_timeout", "defaultTaskScheduleToCloseTimeout"),
    ("task_schedule_to_start_timeout", "defaultTaskScheduleToStartTimeout"),
    ("task_start_to_close_timeout", "defaultTaskStartToCloseTimeout"),
)


class ActivityType(RegisteredType):
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

    _kind = "Activity"

    task_heartbeat_timeout: timedelta | None
    """The default heartbeat time-out."""
    task_schedule_to_close_timeout: timedelta | None
    """The default schedule-to-close time-out."""
    task_schedule_to_start_timeout: timedelta | None
    """The default schedule-to-start time-out."""
    task_start_to_close_timeout: timedelta | None
    """The default start-to-close time-out."""

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
        self._freeze()

    # -- wire ----------------------------------------------------------------------------

    @classmethod
    def _defaults_from_api(cls, configuration: Mapping[str, Any]) -> dict[str, Any]:
        return {attr: configuration.get(key) for attr, key in _TIMEOUTS}

    def _defaults_to_api(self) -> dict[str, Any]:
        # A time-out left as None is registered as NONE (no time-out).
        return {key: duration_to_wire(getattr(self, attr), what=attr) for attr, key in _TIMEOUTS}
