"""Decisions about activity tasks: schedule one, request its cancellation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from swf.decisions._base import Decision, Duration, Payload, TypeLike
from swf.wire import compact, priority_to_wire, task_list_to_wire, type_to_wire

__all__ = ["RequestCancelActivityTask", "ScheduleActivityTask"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleActivityTask(Decision):
    """Schedule an activity task.

    >>> ScheduleActivityTask(activity_id="resize-1", activity_type=("resize", "1"),
    ...                      input='{"w": 100}').to_api()["decisionType"]
    'ScheduleActivityTask'

    Options left as ``None`` are not sent: SWF uses the activity type's defaults (and records
    ``ScheduleActivityTaskFailed`` with a ``DEFAULT_*_UNDEFINED`` cause when there is none).
    """

    DECISION_TYPE: ClassVar[str] = "ScheduleActivityTask"

    activity_id: str
    activity_type: TypeLike
    input: Payload = None
    control: Payload = None
    task_list: str | None = None
    task_priority: int | None = None
    schedule_to_close_timeout: Duration = None
    schedule_to_start_timeout: Duration = None
    start_to_close_timeout: Duration = None
    heartbeat_timeout: Duration = None

    def __post_init__(self) -> None:
        self._identifier("activity_id", self.activity_id)
        self._type("activity_type", self.activity_type)
        self._payload("input", self.input)
        self._payload("control", self.control)
        self._task_list("task_list", self.task_list)
        self._priority("task_priority", self.task_priority)
        self.attributes()  # checks the durations

    def attributes(self) -> dict[str, Any]:
        """The ``scheduleActivityTaskDecisionAttributes`` dict."""
        return compact(
            activityType=type_to_wire(self.activity_type),
            activityId=self.activity_id,
            control=self.control,
            input=self.input,
            scheduleToCloseTimeout=self._duration(
                "schedule_to_close_timeout", self.schedule_to_close_timeout
            ),
            taskList=task_list_to_wire(self.task_list),
            taskPriority=priority_to_wire(self.task_priority),
            scheduleToStartTimeout=self._duration(
                "schedule_to_start_timeout", self.schedule_to_start_timeout
            ),
            startToCloseTimeout=self._duration(
                "start_to_close_timeout", self.start_to_close_timeout
            ),
            heartbeatTimeout=self._duration("heartbeat_timeout", self.heartbeat_timeout),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestCancelActivityTask(Decision):
    """Ask for an activity task to be canceled (a started task learns it when it heartbeats)."""

    DECISION_TYPE: ClassVar[str] = "RequestCancelActivityTask"

    activity_id: str

    def __post_init__(self) -> None:
        self._identifier("activity_id", self.activity_id)

    def attributes(self) -> dict[str, Any]:
        """The ``requestCancelActivityTaskDecisionAttributes`` dict."""
        return {"activityId": self.activity_id}
