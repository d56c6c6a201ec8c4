"""Conversions between Python values and SWF's wire values, with local validation.

SWF speaks durations as strings of whole seconds (at most 8 characters) or ``"NONE"``, and
timestamps as epoch seconds. The client speaks :class:`~datetime.timedelta` (``None`` for
``NONE``) and aware UTC :class:`~datetime.datetime`. These helpers are the only places that
convert between the two, and they check SWF's limits so that bad input fails before a request.

The client's other wire rules live here too, once: where an event's or a decision's
attributes are (:func:`event_attributes_key`), enum values (:func:`enum_value`), and the
wrapped forms of types, task lists and priorities (:func:`type_to_wire`,
:func:`task_list_to_wire`, :func:`priority_to_wire` and their inverses). SWF Local keeps its
own copies on purpose: it never imports the client.
"""

from __future__ import annotations

import enum
import json
import math
import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol, TypeVar

from swf.constants import Limits
from swf.exceptions import DoesNotExistError, UnknownResourceFault, ValidationError

__all__ = [
    "NONE",
    "check_identifier",
    "check_length",
    "check_payload",
    "datetime_from_wire",
    "datetime_to_wire",
    "duration_from_wire",
    "duration_to_wire",
    "payload_to_wire",
]

NONE = "NONE"
"""SWF's spelling of "no time-out"."""

_MAX_DURATION_SECONDS = 99_999_999  # 8 characters
_FORBIDDEN = re.compile(r"[:/|\x00-\x1f\x7f-\x9f]")


def duration_to_wire(
    value: timedelta | int | float | str | None, *, what: str, allow_none: bool = True
) -> str:
    """A duration as SWF wants it: whole seconds as a string, or ``"NONE"`` for ``None``.

    The one rule for durations in the client: a :class:`timedelta` or a number of seconds
    (``30``, ``30.0``; whole seconds only), or ``"NONE"`` / ``None`` for "no time-out" where
    SWF accepts it. With ``allow_none=False`` (a timer's delay, an execution's start-to-close
    timeout on start) ``NONE`` is refused, naming ``what``.

    >>> duration_to_wire(timedelta(minutes=5), what="timeout")
    '300'
    >>> duration_to_wire(90, what="timeout")
    '90'
    >>> duration_to_wire(None, what="timeout")
    'NONE'
    """
    if value is None or value == NONE:
        if not allow_none:
            raise ValidationError(f"{what} must be a duration: SWF does not accept NONE here")
        return NONE
    if isinstance(value, str):
        if not value.isdigit():
            raise ValidationError(f"{what} must be a number of seconds or 'NONE', not {value!r}")
        seconds = int(value)
    elif isinstance(value, timedelta):
        total = value.total_seconds()
        if total != int(total):
            raise ValidationError(f"{what} must be whole seconds, not {value}")
        seconds = int(total)
    elif isinstance(value, bool):
        raise ValidationError(f"{what} must be a timedelta or a number of seconds, not bool")
    elif isinstance(value, int):
        seconds = value
    elif isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise ValidationError(f"{what} must be whole seconds, not {value!r}")
        seconds = int(value)
    else:
        raise ValidationError(
            f"{what} must be a timedelta, a number of seconds or None, not {type(value).__name__}"
        )
    if seconds < 0 or seconds > _MAX_DURATION_SECONDS:
        raise ValidationError(f"{what} must be between 0 and {_MAX_DURATION_SECONDS} seconds")
    return str(seconds)


def duration_from_wire(value: str | None) -> timedelta | None:
    """A wire duration as a :class:`timedelta`; ``None`` for ``"NONE"`` or a missing value."""
    if value is None or value == NONE:
        return None
    return timedelta(seconds=int(value))


def datetime_from_wire(value: Any) -> datetime | None:
    """A wire timestamp as an aware UTC datetime.

    Accepts the datetime botocore already parsed (naive ones are taken as UTC), epoch seconds,
    or an ISO 8601 string; anything else is a :class:`~swf.exceptions.ValidationError`.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(float(value), tz=timezone.utc)
    if isinstance(value, str):
        try:
            return datetime.fromtimestamp(float(value), tz=timezone.utc)
        except ValueError:
            pass
        try:
            return datetime_from_wire(datetime.fromisoformat(value))
        except ValueError:
            pass
    raise ValidationError(
        f"expected a timestamp (datetime, epoch seconds or ISO 8601), not {value!r}"
    )


def datetime_to_wire(value: datetime, *, what: str) -> datetime:
    """A datetime to send: must be aware (naive datetimes are ambiguous and refused)."""
    if not isinstance(value, datetime):
        raise ValidationError(f"{what} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None:
        raise ValidationError(f"{what} must be timezone-aware (use datetime.now(timezone.utc))")
    return value.astimezone(timezone.utc)


def check_length(value: str | None, *, what: str, maximum: int, minimum: int = 0) -> None:
    """Refuse a string longer than SWF allows (never truncate it silently)."""
    if value is None:
        return
    if not isinstance(value, str):
        raise ValidationError(f"{what} must be a string, not {type(value).__name__}")
    if len(value) > maximum:
        raise ValidationError(f"{what} is {len(value)} characters long; SWF allows {maximum}")
    if len(value) < minimum:
        raise ValidationError(f"{what} must be at least {minimum} character(s) long")


def check_identifier(value: str, *, what: str, maximum: int = Limits.NAME_LENGTH) -> str:
    """Check a name or id against SWF's rules and return it.

    Names are 1 to 256 characters, must not contain ``:``, ``/``, ``|`` or control characters,
    and must not be the literal ``arn``.
    """
    if not isinstance(value, str):
        raise ValidationError(f"{what} must be a string, not {type(value).__name__}")
    check_length(value, what=what, maximum=maximum, minimum=1)
    match = _FORBIDDEN.search(value)
    if match:
        raise ValidationError(f"{what} {value!r} contains {match.group()!r}, which SWF forbids")
    if value.strip() != value:
        raise ValidationError(f"{what} {value!r} starts or ends with whitespace")
    if value == "arn":
        raise ValidationError(f"{what} must not be the literal 'arn'")
    return value


def payload_to_wire(value: Any, *, what: str, maximum: int = Limits.PAYLOAD_LENGTH) -> str | None:
    """The one rule for payloads (inputs, results, details, control, markers) in the client.

    ``None`` stays ``None`` (nothing is sent); a string is sent as it is; anything else is
    encoded as JSON (``NaN`` and infinities refused: other languages cannot read them). The
    result must fit SWF's limit (32,768 characters by default): it is refused, never cut.

    >>> payload_to_wire({"sku": "TEA-42"}, what="input")
    '{"sku": "TEA-42"}'
    >>> payload_to_wire("as is", what="input")
    'as is'
    """
    if value is not None and not isinstance(value, str):
        try:
            value = json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise ValidationError(f"{what} cannot be encoded as JSON: {error}") from None
    check_payload(value, what=what, maximum=maximum)
    return value


def check_payload(value: str | None, *, what: str, maximum: int = Limits.PAYLOAD_LENGTH) -> None:
    """Refuse an input, result, details or control string longer than SWF allows."""
    check_length(value, what=what, maximum=maximum)


# -- where attributes are: SWF's ``<lowerCamel type>...Attributes`` keys ---------------------

__all__ += ["decision_attributes_key", "event_attributes", "event_attributes_key"]


def event_attributes_key(event_type: str) -> str:
    """The key of an event's attributes in a history event: ``<lowerCamel>EventAttributes``.

    >>> event_attributes_key("ActivityTaskScheduled")
    'activityTaskScheduledEventAttributes'
    """
    return event_type[:1].lower() + event_type[1:] + "EventAttributes"


def decision_attributes_key(decision_type: str) -> str:
    """The key of a decision's attributes: ``<lowerCamel>DecisionAttributes``.

    >>> decision_attributes_key("StartTimer")
    'startTimerDecisionAttributes'
    """
    return decision_type[:1].lower() + decision_type[1:] + "DecisionAttributes"


def event_attributes(event: Mapping[str, Any]) -> Mapping[str, Any]:
    """The attributes of a history event as the API gives it (``{}`` when it has none).

    >>> event_attributes({"eventId": 5, "eventType": "TimerFired",
    ...                   "timerFiredEventAttributes": {"timerId": "t"}})
    {'timerId': 't'}
    """
    value = event.get(event_attributes_key(str(event.get("eventType", ""))))
    return value if isinstance(value, Mapping) else {}


# -- enums ------------------------------------------------------------------------------------

__all__ += ["enum_value"]

E = TypeVar("E", bound=enum.Enum)


def enum_value(cls: type[E], value: Any, *, what: str) -> E:
    """``value`` (a member of ``cls`` or its wire string) as a member of ``cls``.

    >>> from swf.constants import ChildPolicy
    >>> enum_value(ChildPolicy, "ABANDON", what="child_policy")
    <ChildPolicy.ABANDON: 'ABANDON'>

    :raises ValidationError: naming ``what`` and the values SWF accepts.
    """
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in cls)
        raise ValidationError(f"{what} must be one of {allowed}, not {value!r}") from None


# -- types, task lists and priorities ---------------------------------------------------------

__all__ += [
    "PRIORITY_MAX",
    "PRIORITY_MIN",
    "compact",
    "priority_from_wire",
    "priority_to_wire",
    "task_list_from_wire",
    "task_list_to_wire",
    "type_to_wire",
]

PRIORITY_MIN = -(2**31)
"""The lowest task priority SWF accepts."""
PRIORITY_MAX = 2**31 - 1
"""The highest task priority SWF accepts."""


class _NamedVersion(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...


def type_to_wire(value: tuple[str, str] | _NamedVersion) -> dict[str, str]:
    """A workflow or activity type as ``{"name": ..., "version": ...}``.

    ``value`` is a ``(name, version)`` pair or has ``name`` and ``version`` (a model, a
    history's ``*TypeRef``).

    >>> type_to_wire(("resize", "1"))
    {'name': 'resize', 'version': '1'}
    """
    if isinstance(value, tuple):
        name, version = value
        return {"name": name, "version": version}
    return {"name": value.name, "version": value.version}


def task_list_to_wire(name: str | None) -> dict[str, str] | None:
    """A task list name as ``{"name": ...}``; ``None`` stays ``None`` (never
    ``{"name": None}``)."""
    return None if name is None else {"name": name}


def task_list_from_wire(value: Mapping[str, str] | None) -> str | None:
    """A task list's name from its wire form ``{"name": ...}``."""
    return None if value is None else value["name"]


def priority_to_wire(value: int | None, *, what: str = "task_priority") -> str | None:
    """A task priority as the string SWF wants, checked against SWF's range.

    >>> priority_to_wire(-5)
    '-5'
    """
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(f"{what} must be an int, not {value!r}")
    if not PRIORITY_MIN <= value <= PRIORITY_MAX:
        raise ValidationError(f"{what} must be between {PRIORITY_MIN} and {PRIORITY_MAX}")
    return str(value)


def priority_from_wire(value: str | None) -> int | None:
    """A task priority from the string SWF sends."""
    return None if value is None else int(value)


def compact(**members: Any) -> dict[str, Any]:
    """The members that are not ``None``: SWF must never receive ``null`` members.

    >>> compact(taskList=None, input="x")
    {'input': 'x'}
    """
    return {key: value for key, value in members.items() if value is not None}


# -- lists and look-ups: page sizes, and what does not exist -------------------------------
# The querysets' and the models' shared rules for reading SWF's lists and describing one thing.

__all__ += ["MAX_PAGE_SIZE", "check_page_size", "does_not_exist"]

MAX_PAGE_SIZE = 1000
"""The largest ``maximumPageSize`` SWF takes (also its default)."""

_Missing = TypeVar("_Missing", bound=DoesNotExistError)


def check_page_size(value: int | None, *, what: str = "page_size") -> int | None:
    """A page size: ``None`` (SWF's default, 1000) or an int from 1 to 1000.

    >>> check_page_size(50)
    50
    """
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_PAGE_SIZE:
        raise ValidationError(
            f"{what} must be an int from 1 to {MAX_PAGE_SIZE} or None, not {value!r}"
        )
    return value


def does_not_exist(cls: type[_Missing], message: str, error: DoesNotExistError) -> _Missing:
    """The ``cls`` (a model's ``DoesNotExist``) to raise, ``from error``, for ``error``.

    ``error`` is SWF's :class:`~swf.exceptions.UnknownResourceFault` or another
    :class:`~swf.exceptions.DoesNotExistError`. An error that is a ``cls`` already is returned
    as it is (it says more than ``message``). Otherwise the new error says ``message``, then
    SWF's own words in parentheses when ``error`` is SWF's fault, and keeps the fault's code,
    operation, request id and HTTP status::

        try:
            response = connection.call("DescribeDomain", name=name)
        except UnknownResourceFault as error:
            raise does_not_exist(Domain.DoesNotExist, f"no domain named {name!r}", error) from error
    """
    if isinstance(error, cls):
        return error
    if isinstance(error, UnknownResourceFault) and error.message:
        message = f"{message} ({error.message})"
    return cls(
        message,
        code=error.code,
        operation=error.operation,
        request_id=error.request_id,
        status=error.status,
    )
