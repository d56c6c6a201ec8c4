"""Decisions about timers: start one, cancel one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar

from swf.decisions._base import Decision, Payload
from swf.exceptions import ValidationError
from swf.wire import compact

__all__ = ["CancelTimer", "StartTimer"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StartTimer(Decision):
    """Start a timer that fires (``TimerFired``) after ``start_to_fire_timeout``.

    >>> StartTimer(timer_id="retry-in-5m", start_to_fire_timeout=timedelta(minutes=5)).to_api()
    {'decisionType': 'StartTimer', 'startTimerDecisionAttributes': {'timerId': 'retry-in-5m', \
'startToFireTimeout': '300'}}
    """

    DECISION_TYPE: ClassVar[str] = "StartTimer"

    timer_id: str
    start_to_fire_timeout: timedelta | int | float
    """A :class:`~datetime.timedelta` or a number of seconds (whole; ``NONE`` is refused)."""
    control: Payload = None

    def __post_init__(self) -> None:
        self._identifier("timer_id", self.timer_id)
        if self.start_to_fire_timeout is None:
            raise ValidationError(
                f"{self._what('start_to_fire_timeout')} is required (SWF does not accept NONE)"
            )
        self._duration("start_to_fire_timeout", self.start_to_fire_timeout, allow_none=False)
        self._payload("control", self.control)

    def attributes(self) -> dict[str, Any]:
        """The ``startTimerDecisionAttributes`` dict."""
        return compact(
            timerId=self.timer_id,
            control=self.control,
            startToFireTimeout=self._duration(
                "start_to_fire_timeout", self.start_to_fire_timeout, allow_none=False
            ),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelTimer(Decision):
    """Cancel a started timer (``TimerCanceled``)."""

    DECISION_TYPE: ClassVar[str] = "CancelTimer"

    timer_id: str

    def __post_init__(self) -> None:
        self._identifier("timer_id", self.timer_id)

    def attributes(self) -> dict[str, Any]:
        """The ``cancelTimerDecisionAttributes`` dict."""
        return {"timerId": self.timer_id}
