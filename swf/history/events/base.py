"""The :class:`Event` base class, the family base classes and the small value objects events carry.

Every concrete event class is a frozen, slotted dataclass named exactly after its SWF
``eventType``. Its type is a class constant (:attr:`Event.EVENT_TYPE`), never state stored on
the class by a factory, so parsing one event can never rename another. The key of its
attributes follows from the type by SWF's rule (:func:`swf.wire.event_attributes_key`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar, NamedTuple

from swf.exceptions import ValidationError
from swf.wire import datetime_from_wire, duration_from_wire, event_attributes_key

__all__ = [
    "ActivityTaskEvent",
    "ActivityTypeRef",
    "ChildWorkflowExecutionEvent",
    "DecisionTaskEvent",
    "Event",
    "ExternalWorkflowExecutionEvent",
    "LambdaFunctionEvent",
    "MarkerEvent",
    "TimerEvent",
    "UnknownEvent",
    "WorkflowExecutionEvent",
    "WorkflowExecutionRef",
    "WorkflowTypeRef",
]


class WorkflowTypeRef(NamedTuple):
    """A workflow type as events name it: ``(name, version)``; equal to the plain tuple."""

    name: str
    version: str

    def to_api(self) -> dict[str, str]:
        """The wire form, ``{"name": ..., "version": ...}``."""
        return {"name": self.name, "version": self.version}


class ActivityTypeRef(NamedTuple):
    """An activity type as events name it: ``(name, version)``; equal to the plain tuple."""

    name: str
    version: str

    def to_api(self) -> dict[str, str]:
        """The wire form, ``{"name": ..., "version": ...}``."""
        return {"name": self.name, "version": self.version}


class WorkflowExecutionRef(NamedTuple):
    """A workflow execution as events name it: ``(workflow_id, run_id)``, in that order."""

    workflow_id: str
    run_id: str

    def to_api(self) -> dict[str, str]:
        """The wire form, ``{"workflowId": ..., "runId": ...}``."""
        return {"workflowId": self.workflow_id, "runId": self.run_id}


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One event of a workflow execution's history.

    :ivar id: the event id, 1 for the first event of an execution, increasing by one.
    :ivar timestamp: when the event happened, an aware UTC datetime.
    :ivar raw: the event exactly as received (the API dict), kept for round trips and for
        attributes a newer SWF may add.

    Subclasses add their attributes in snake_case (``activity_id``, ``scheduled_event_id``,
    ``task_list`` as a plain name, durations as :class:`~datetime.timedelta` or ``None``).
    """

    EVENT_TYPE: ClassVar[str] = ""
    """The exact SWF ``eventType`` of the class."""
    ATTRIBUTES_KEY: ClassVar[str] = ""
    """The key of the event's attributes in the API dict, e.g.
    ``"activityTaskScheduledEventAttributes"``: set from :attr:`EVENT_TYPE` by SWF's rule
    when a subclass names its type without naming the key."""

    id: int
    timestamp: datetime
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __init_subclass__(cls) -> None:
        # No super() call: object's does nothing, and the zero-argument form breaks in
        # slotted dataclasses (their __class__ cell names the class before slots were added).
        if "EVENT_TYPE" in cls.__dict__ and "ATTRIBUTES_KEY" not in cls.__dict__:
            cls.ATTRIBUTES_KEY = event_attributes_key(cls.EVENT_TYPE)

    @property
    def type(self) -> str:
        """The SWF event type, e.g. ``"ActivityTaskScheduled"``."""
        return self.EVENT_TYPE

    @property
    def attributes(self) -> Mapping[str, Any]:
        """The raw ``<eventType>EventAttributes`` dict (camelCase, as on the wire)."""
        value = self.raw.get(self.ATTRIBUTES_KEY)
        return value if isinstance(value, Mapping) else {}

    @classmethod
    def from_attributes(
        cls, id: int, timestamp: datetime, raw: Mapping[str, Any], a: Mapping[str, Any]
    ) -> Event:
        """Build the event from its id, timestamp, raw dict and raw attributes dict."""
        raise NotImplementedError(f"{cls.__name__} is not a concrete event class")


@dataclass(frozen=True, slots=True, kw_only=True)
class UnknownEvent(Event):
    """An event whose type this version of :mod:`swf` does not know.

    Parsing never fails on a new event type: it becomes an ``UnknownEvent`` that keeps its
    type name and raw attributes.
    """

    event_type: str

    @property
    def type(self) -> str:
        """The event type as received."""
        return self.event_type

    @property
    def attributes(self) -> Mapping[str, Any]:
        """The raw attributes dict, found by SWF's ``<lowerCamelType>EventAttributes`` rule."""
        value = self.raw.get(event_attributes_key(self.event_type))
        if isinstance(value, Mapping):
            return value
        for name, value in self.raw.items():
            if name.endswith("EventAttributes") and isinstance(value, Mapping):
                return value
        return {}


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkflowExecutionEvent(Event):
    """Base of events about the execution itself (start, close, cancel request, signal)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionTaskEvent(Event):
    """Base of decision task events."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivityTaskEvent(Event):
    """Base of activity task events."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TimerEvent(Event):
    """Base of timer events."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkerEvent(Event):
    """Base of marker events."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChildWorkflowExecutionEvent(Event):
    """Base of child workflow execution events."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ExternalWorkflowExecutionEvent(Event):
    """Base of events about signals and cancel requests sent to other executions."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LambdaFunctionEvent(Event):
    """Base of AWS Lambda task events."""


# Converters used by the generated ``from_attributes`` methods (wire value -> Python value).


def timestamp(value: Any) -> datetime:
    """An event timestamp: a datetime (botocore's), epoch seconds, or an ISO 8601 string."""
    if isinstance(value, datetime):
        tz = value.tzinfo
        if tz is timezone.utc:
            return value
        if tz is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(f"not a timestamp: {value!r}") from None
    try:
        result = datetime_from_wire(value)
    except (TypeError, ValueError):
        raise ValidationError(f"not a timestamp: {value!r}") from None
    if result is None:
        raise ValidationError("an event needs an eventTimestamp")
    return result


def required_duration(value: str) -> timedelta:
    """A duration SWF always gives (a timer's start-to-fire time-out)."""
    result = duration_from_wire(value)
    if result is None:
        raise ValidationError(f"expected a number of seconds, not {value!r}")
    return result


def workflow_type(value: Mapping[str, str]) -> WorkflowTypeRef:
    """A workflow type from its wire form."""
    return WorkflowTypeRef(value["name"], value["version"])


def optional_workflow_type(value: Mapping[str, str] | None) -> WorkflowTypeRef | None:
    """A workflow type from its wire form, or ``None``."""
    return None if value is None else WorkflowTypeRef(value["name"], value["version"])


def activity_type(value: Mapping[str, str]) -> ActivityTypeRef:
    """An activity type from its wire form."""
    return ActivityTypeRef(value["name"], value["version"])


def execution(value: Mapping[str, str]) -> WorkflowExecutionRef:
    """A workflow execution from its wire form."""
    return WorkflowExecutionRef(value["workflowId"], value["runId"])


def optional_execution(value: Mapping[str, str] | None) -> WorkflowExecutionRef | None:
    """A workflow execution from its wire form, or ``None``."""
    return None if value is None else WorkflowExecutionRef(value["workflowId"], value["runId"])
