"""Clocks for SWF Local: the wall clock, and a manual clock tests move by hand.

Every time SWF Local reads (timestamps, deadlines) comes from a :class:`Clock` passed in, never from
the wall clock directly, so a test can jump hours ahead in a microsecond::

    clock = ManualClock()
    with LocalSWF(clock=clock) as local:
        ...
        clock.advance(timedelta(minutes=5))   # every deadline due by then has fired on return
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "ManualClock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    """What SWF Local needs from a clock: the current time as epoch seconds."""

    def now(self) -> float:
        """Return the current time, in seconds since the epoch (UTC)."""
        ...


class SystemClock:
    """The wall clock (``time.time()``)."""

    def now(self) -> float:
        """Return the wall-clock time in epoch seconds."""
        return time.time()

    def __repr__(self) -> str:
        return "<SystemClock>"


def _to_epoch(when: float | datetime) -> float:
    if isinstance(when, datetime):
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return when.timestamp()
    return float(when)


class ManualClock:
    """A clock that moves only when told to.

    ``start`` is the initial time (epoch seconds or a datetime; naive datetimes are taken as UTC);
    by default the wall-clock time at creation, so timestamps look plausible.

    After :meth:`advance` or :meth:`set`, every subscriber (SWF Local's deadline scheduler) runs
    synchronously, so every deadline that became due has fired before the call returns.
    """

    def __init__(self, start: float | datetime | None = None) -> None:
        self._now = time.time() if start is None else _to_epoch(start)
        self._lock = threading.Lock()
        self._subscribers: list[Callable[[float], None]] = []

    def now(self) -> float:
        """Return the clock's current time in epoch seconds."""
        return self._now

    def advance(self, delta: float | timedelta) -> float:
        """Move the clock forward by ``delta`` (seconds or a timedelta); returns the new time."""
        seconds = delta.total_seconds() if isinstance(delta, timedelta) else float(delta)
        if seconds < 0:
            raise ValueError(f"cannot advance a clock by a negative delta ({seconds} s)")
        with self._lock:
            self._now += seconds
            now = self._now
        self._notify(now)
        return now

    def set(self, when: float | datetime) -> float:
        """Set the clock to ``when`` (epoch seconds or a datetime); returns the new time."""
        with self._lock:
            self._now = _to_epoch(when)
            now = self._now
        self._notify(now)
        return now

    def subscribe(self, callback: Callable[[float], None]) -> None:
        """Call ``callback(now)`` synchronously after every :meth:`advance` or :meth:`set`."""
        with self._lock:
            self._subscribers.append(callback)

    def unsubscribe(self, callback: Callable[[float], None]) -> None:
        """Stop calling ``callback``; unknown callbacks are ignored."""
        with self._lock:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

    def _notify(self, now: float) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            callback(now)

    def datetime(self) -> datetime:
        """The current time as an aware UTC datetime."""
        return datetime.fromtimestamp(self._now, tz=timezone.utc)

    def __repr__(self) -> str:
        return f"<ManualClock {self.datetime().isoformat()}>"
