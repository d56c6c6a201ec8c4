""":class:`RetryPolicy`: how an activity is tried again, waiting with SWF timers.

::

    @activity(retry=RetryPolicy(maximum_attempts=5, initial_interval=timedelta(seconds=10)))
    def charge(order): ...

After attempt ``n`` fails (and the error is retryable), the workflow starts an SWF timer of
``min(initial_interval * backoff ** (n - 1), maximum_interval)`` and schedules attempt
``n + 1`` when it fires: the waits are in the history (``TimerStarted`` / ``TimerFired``), never
a sleep in the decider. ``retry=3`` is ``RetryPolicy(maximum_attempts=3)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from swf.exceptions import ValidationError
from swf.flow._util import seconds_of
from swf.flow.errors import ActivityFailed, ActivityTimedOut

__all__ = ["RetryPolicy", "retry_policy"]

RetryOn = tuple[type[BaseException], ...] | Callable[[BaseException], bool]


@dataclass(frozen=True)
class RetryPolicy:
    """Retries of an activity, each after an SWF timer.

    :param maximum_attempts: attempts in all, the first included (``None``: no limit).
    :param initial_interval: the wait before the second attempt (whole seconds; 0: none).
    :param backoff: how much each wait grows (``>= 1``).
    :param maximum_interval: the longest wait (``None``: no cap).
    :param retry_on: the failures to retry: exception classes (default
        :class:`~swf.flow.ActivityFailed` and :class:`~swf.flow.ActivityTimedOut`), or a
        predicate ``retry_on(error) -> bool``. A refused schedule
        (:class:`~swf.flow.ScheduleFailed`) and a cancel are never retried.
    """

    maximum_attempts: int | None = 3
    initial_interval: timedelta | int | float = timedelta(seconds=1)
    backoff: float = 2.0
    maximum_interval: timedelta | int | float | None = None
    retry_on: RetryOn = field(default=(ActivityFailed, ActivityTimedOut))

    def __post_init__(self) -> None:
        attempts = self.maximum_attempts
        if attempts is not None and (
            not isinstance(attempts, int) or isinstance(attempts, bool) or attempts < 1
        ):
            raise ValidationError(f"maximum_attempts must be an int >= 1 or None, not {attempts!r}")
        seconds_of(self.initial_interval, what="initial_interval")
        if self.maximum_interval is not None:
            seconds_of(self.maximum_interval, what="maximum_interval")
        if not isinstance(self.backoff, (int, float)) or isinstance(self.backoff, bool):
            raise ValidationError(f"backoff must be a number >= 1, not {self.backoff!r}")
        if self.backoff < 1:
            raise ValidationError(f"backoff must be >= 1, not {self.backoff!r}")
        retry_on = self.retry_on
        if isinstance(retry_on, tuple):
            if not all(isinstance(c, type) and issubclass(c, BaseException) for c in retry_on):
                raise ValidationError("retry_on must hold exception classes")
        elif not callable(retry_on):
            raise ValidationError(
                f"retry_on must be a tuple of exception classes or a predicate, not {retry_on!r}"
            )

    def should_retry(self, error: BaseException, attempt: int) -> bool:
        """Whether attempt ``attempt`` (1-based), which failed with ``error``, is retried."""
        if self.maximum_attempts is not None and attempt >= self.maximum_attempts:
            return False
        if not isinstance(error, (ActivityFailed, ActivityTimedOut)):
            return False
        retry_on = self.retry_on
        if isinstance(retry_on, tuple):
            return isinstance(error, retry_on)
        return bool(retry_on(error))

    def interval(self, attempt: int) -> int:
        """Whole seconds to wait after attempt ``attempt`` (1-based) failed."""
        initial = seconds_of(self.initial_interval, what="initial_interval")
        wait = initial * self.backoff ** min(attempt - 1, 64)
        if self.maximum_interval is not None:
            wait = min(wait, seconds_of(self.maximum_interval, what="maximum_interval"))
        return seconds_of(min(wait, 99_999_999), what="retry interval")


def retry_policy(value: Any) -> RetryPolicy | None:
    """``None``, a :class:`RetryPolicy`, or an int of maximum attempts, as a policy."""
    if value is None or isinstance(value, RetryPolicy):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return RetryPolicy(maximum_attempts=value)
    raise ValidationError(f"retry must be a RetryPolicy, an int or None, not {value!r}")
