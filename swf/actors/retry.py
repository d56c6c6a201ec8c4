"""Retries with exponential backoff for the actors' loops.

botocore already retries throttled and failed requests a few times (standard mode). A poller
must survive longer outages than that without crashing and without hammering SWF, so the
loops wrap each call in :func:`retry_call`: transient errors (throttling, transport failures,
5xx answers) are retried with capped, jittered exponential backoff until the call succeeds or
the actor is told to stop. The waits use :func:`time.monotonic` through a stop event, so a stop
request interrupts a backoff at once.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from swf.exceptions import (
    LimitExceededFault,
    ServiceError,
    ThrottlingException,
    TransportError,
)

__all__ = ["Backoff", "StopRequested", "is_transient", "retry_call"]

log = logging.getLogger(__name__)

T = TypeVar("T")


class StopRequested(Exception):
    """Raised by :func:`retry_call` when the actor was told to stop while it was backing off."""


def is_transient(error: BaseException) -> bool:
    """True for errors worth retrying as they are: throttling, transport failures, 5xx, limits.

    ``LimitExceededFault`` counts as transient because SWF uses it for rate limits (too many
    pollers, too many requests) that pass.
    """
    if isinstance(error, (ThrottlingException, TransportError, LimitExceededFault)):
        return True
    if isinstance(error, ServiceError):
        return error.status is not None and error.status >= 500
    return False


@dataclass(frozen=True)
class Backoff:
    """Capped exponential backoff with full jitter.

    The n-th retry (from 0) waits a random time in ``[0, min(maximum, initial * factor**n)]``,
    but at least ``initial / 2``, so retries never spin.

    >>> Backoff(initial=timedelta(seconds=1)).ceiling(3)
    8.0
    """

    initial: timedelta = timedelta(milliseconds=100)
    """The first wait's ceiling."""
    maximum: timedelta = timedelta(seconds=30)
    """No wait is longer than this."""
    factor: float = 2.0
    """How much the ceiling grows with each retry."""

    def ceiling(self, attempt: int) -> float:
        """The longest wait before retry number ``attempt`` (0-based), in seconds."""
        initial = self.initial.total_seconds()
        exponent = min(attempt, 64)
        return float(min(self.maximum.total_seconds(), initial * self.factor**exponent))

    def delay(self, attempt: int) -> float:
        """A jittered wait before retry number ``attempt`` (0-based), in seconds."""
        ceiling = self.ceiling(attempt)
        floor = min(ceiling, self.initial.total_seconds() / 2)
        return random.uniform(floor, ceiling)


DEFAULT_BACKOFF = Backoff()


def retry_call(
    call: Callable[[], T],
    *,
    what: str,
    stop: threading.Event,
    backoff: Backoff = DEFAULT_BACKOFF,
    retry_all: bool = False,
    logger: logging.Logger = log,
) -> T:
    """Run ``call()`` until it returns, retrying transient errors with backoff.

    With ``retry_all`` every :class:`Exception` is retried (the poll loops: a poller must not
    die of a misconfiguration that an operator can fix while it runs); otherwise non-transient
    errors are raised at once. Every retry is logged (transient: WARNING; others: ERROR).

    :raises StopRequested: when ``stop`` is set while waiting to retry.
    """
    attempt = 0
    while True:
        try:
            return call()
        except Exception as error:
            transient = is_transient(error)
            if not (transient or retry_all):
                raise
            wait = backoff.delay(attempt)
            level = logging.WARNING if transient else logging.ERROR
            logger.log(
                level,
                "%s failed (attempt %d): %s; retrying in %.2f s",
                what,
                attempt + 1,
                error,
                wait,
                exc_info=not transient,
            )
            attempt += 1
            deadline = time.monotonic() + wait
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                if stop.wait(remaining):
                    raise StopRequested(what) from error
