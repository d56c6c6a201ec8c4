"""The :class:`ActivityTypeQuerySet`: the activity types of a domain."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, TypedDict

from swf.constants import RegistrationStatus
from swf.models.activity_type import ActivityType
from swf.querysets.base import TypeQuerySet

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["ActivityTypeOptions", "ActivityTypeQuerySet"]


class ActivityTypeOptions(TypedDict, total=False):
    """The keyword options of :class:`~swf.models.ActivityType`, for ``create``."""

    status: RegistrationStatus | str
    description: str | None
    task_list: str | None
    task_priority: int | str | None
    task_heartbeat_timeout: timedelta | int | str | None
    task_schedule_to_close_timeout: timedelta | int | str | None
    task_schedule_to_start_timeout: timedelta | int | str | None
    task_start_to_close_timeout: timedelta | int | str | None


class ActivityTypeQuerySet(TypeQuerySet[ActivityType]):
    """The activity types of a domain (REGISTERED ones unless filtered otherwise).

    Every page is read (the ancestor read only the first).

    >>> ActivityTypeQuerySet("orders").get("ChargeCard", "1.0")  # doctest: +SKIP
    ActivityType('ChargeCard', '1.0')
    """

    _model = ActivityType
    _kind = "Activity"
    _key = "activityType"

    def create(
        self, name: str, version: str, **options: Unpack[ActivityTypeOptions]
    ) -> ActivityType:
        """Register an activity type (options as for :class:`~swf.models.ActivityType`).

        :raises swf.exceptions.TypeAlreadyExistsFault: that name and version exist already.
        """
        return self._create(name, version, options)

    def get_or_create(
        self, name: str, version: str, **options: Unpack[ActivityTypeOptions]
    ) -> ActivityType:
        """The activity type, registered first (with ``options``) if it does not exist.

        Safe when several processes race to register it.
        """
        return self._get_or_create(name, version, options)
