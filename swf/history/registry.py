"""The registry of event classes by exact SWF event type, and :func:`parse_event`.

Lookup is by the exact ``eventType`` string (never a prefix or substring), and an unknown type
becomes an :class:`~swf.history.events.UnknownEvent` instead of an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from swf.exceptions import ValidationError
from swf.history.events import EVENT_CLASSES, Event, UnknownEvent
from swf.history.events.base import timestamp as _timestamp

__all__ = ["EVENT_TYPES", "event_class", "parse_event", "register_event_class"]

EVENT_TYPES: dict[str, type[Event]] = {cls.EVENT_TYPE: cls for cls in EVENT_CLASSES}
"""Event class by exact SWF event type."""


def event_class(event_type: str) -> type[Event]:
    """The class for an SWF event type (exact name); :class:`UnknownEvent` if it is unknown.

    >>> event_class("TimerFired").__name__
    'TimerFired'
    """
    return EVENT_TYPES.get(event_type, UnknownEvent)


def register_event_class(cls: type[Event]) -> type[Event]:
    """Register ``cls`` for its :attr:`~Event.EVENT_TYPE` (a type SWF added after this release).

    Usable as a class decorator. Replacing one of the built-in classes is refused.
    """
    name = cls.EVENT_TYPE
    if not isinstance(name, str) or not name or not isinstance(cls.ATTRIBUTES_KEY, str):
        raise ValidationError(
            f"{cls.__name__} must set EVENT_TYPE and ATTRIBUTES_KEY as ClassVar[str] strings"
        )
    if any(known.EVENT_TYPE == name for known in EVENT_CLASSES):
        raise ValidationError(f"{name} is a built-in event type; it cannot be replaced")
    EVENT_TYPES[name] = cls
    return cls


def parse_event(raw: Mapping[str, Any]) -> Event:
    """The event for one API dict (an element of a history page's ``events``).

    :raises ValidationError: when the dict is not an event (no ``eventType``, ``eventId`` or
        ``eventTimestamp``) or a known event type lacks an attribute SWF always sends.
    """
    try:
        event_type = raw["eventType"]
        event_id = raw["eventId"]
        when = raw["eventTimestamp"]
    except (KeyError, TypeError) as error:
        raise ValidationError(f"not an SWF history event (missing {error}): {raw!r:.200}") from None
    cls = EVENT_TYPES.get(event_type)
    if cls is None:
        return UnknownEvent(
            id=int(event_id), timestamp=_timestamp(when), raw=raw, event_type=str(event_type)
        )
    attributes = raw.get(cls.ATTRIBUTES_KEY)
    try:
        return cls.from_attributes(int(event_id), _timestamp(when), raw, attributes or {})
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, ValidationError):
            raise
        raise ValidationError(
            f"malformed {event_type} event {event_id}: {type(error).__name__} {error}"
        ) from None
