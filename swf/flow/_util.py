"""Small helpers shared by the modules of :mod:`swf.flow`: durations and safe ids."""

from __future__ import annotations

import hashlib
import math
from datetime import timedelta
from typing import Any

from swf.constants import Limits
from swf.exceptions import ValidationError

__all__ = ["Duration", "fit_id", "optional_timeout", "seconds_of"]

Duration = timedelta | int | float
"""A duration: a :class:`~datetime.timedelta` or a number of seconds."""


def seconds_of(value: Any, *, what: str) -> int:
    """A duration as whole seconds, rounded up (SWF counts time-outs and timers in whole
    seconds)."""
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    else:
        raise ValidationError(f"{what} must be seconds or a timedelta, not {value!r}")
    if math.isnan(seconds) or math.isinf(seconds) or seconds < 0:
        raise ValidationError(f"{what} must be zero or more seconds, not {value!r}")
    whole = math.ceil(seconds)
    if whole > 99_999_999:
        raise ValidationError(f"{what} must be at most 99,999,999 seconds, not {value!r}")
    return whole


def optional_timeout(value: Any, *, what: str) -> timedelta | None:
    """A time-out option: ``None`` (SWF's ``NONE``, no time-out) or a positive duration."""
    if value is None:
        return None
    seconds = seconds_of(value, what=what)
    if seconds == 0:
        raise ValidationError(f"{what} must be positive (or None for no time-out)")
    return timedelta(seconds=seconds)


def fit_id(text: str, maximum: int = Limits.NAME_LENGTH) -> str:
    """An id cut to ``maximum`` characters, the end replaced by a hash of the whole (stable)."""
    if len(text) <= maximum:
        return text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return f"{text[: maximum - 17]}-{digest}"
