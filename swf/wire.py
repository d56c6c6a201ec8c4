"""Conversions between Python values and SWF's wire values, with local validation.

SWF speaks durations as strings of whole seconds (at most 8 characters) or ``"NONE"``, and
timestamps as epoch seconds. The client speaks :class:`~datetime.timedelta` (``None`` for
``NONE``) and aware UTC :class:`~datetime.datetime`. These helpers are the only places that
convert between the two, and they check SWF's limits so that bad input fails before a request.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

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
]

NONE = "NONE"
"""SWF's spelling of "no time-out"."""

_MAX_DURATION_SECONDS = 99_999_999  # 8 characters
_FORBIDDEN = re.compile(r"[:/|\x00-\x1f\x7f-\x9f]")


def duration_to_wire(value: timedelta | int | str | None, *, what: str) -> str:
    """A duration as SWF wants it: whole seconds as a string, or ``"NONE"`` for ``None``.

    Accepts a :class:`timedelta`, a number of seconds, or a string SWF would accept.

    >>> duration_to_wire(timedelta(minutes=5), what="timeout")
    '300'
    >>> duration_to_wire(None, what="timeout")
    'NONE'
    """
    if value is None:
        return NONE
    if isinstance(value, str):
        if value == NONE:
            return NONE
        if not value.isdigit():
            raise ValidationError(f"{what} must be a number of seconds or 'NONE', not {value!r}")
        seconds = int(value)
    elif isinstance(value, timedelta):
        total = value.total_seconds()
        if total != int(total):
            raise ValidationError(f"{what} must be whole seconds, not {value}")
        seconds = int(total)
    elif isinstance(value, int) and not isinstance(value, bool):
        seconds = value
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


def check_payload(value: str | None, *, what: str, maximum: int = Limits.PAYLOAD_LENGTH) -> None:
    """Refuse an input, result, details or control string longer than SWF allows."""
    check_length(value, what=what, maximum=maximum)


# -- lists and look-ups: page sizes, and what does not exist -------------------------------
# The querysets' and the models' shared rules for reading SWF's lists and describing one thing.

__all__ += ["MAX_PAGE_SIZE", "check_page_size", "does_not_exist"]

MAX_PAGE_SIZE = 1000
"""The largest ``maximumPageSize`` SWF takes (also its default)."""

E = TypeVar("E", bound=DoesNotExistError)


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


def does_not_exist(cls: type[E], message: str, error: DoesNotExistError) -> E:
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
