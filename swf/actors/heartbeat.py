"""Automatic heartbeats: a background thread per running activity task.

While :meth:`swf.actors.ActivityWorker.process` runs, a :class:`Heartbeater` calls
``RecordActivityTaskHeartbeat`` every ``interval`` seconds (real time, :func:`time.monotonic`
through an event wait). It never raises into the worker: a failed heartbeat is logged and
tried again at the next tick; ``UnknownResourceFault`` (the task timed out, or its execution
closed) marks the task :attr:`~swf.actors.ActivityTask.closed` and ends the thread; a
``cancelRequested`` answer marks it :attr:`~swf.actors.ActivityTask.cancel_requested`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from swf.actors.tasks import ActivityTask

__all__ = ["DEFAULT_INTERVAL", "MINIMUM_INTERVAL", "Heartbeater", "interval_for"]

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = timedelta(seconds=30)
"""The interval when the heartbeat timeout is unknown or ``NONE`` (heartbeats still carry
cancel requests), and the longest automatic interval."""

MINIMUM_INTERVAL = timedelta(milliseconds=10)
"""No automatic heartbeat interval is shorter than this."""


def interval_for(heartbeat_timeout: timedelta | None) -> timedelta:
    """The automatic interval for a heartbeat timeout: a third of it, at most 30 s.

    >>> interval_for(timedelta(seconds=60))
    datetime.timedelta(seconds=20)
    >>> interval_for(None)
    datetime.timedelta(seconds=30)
    """
    if heartbeat_timeout is None or heartbeat_timeout <= timedelta(0):
        return DEFAULT_INTERVAL
    return max(MINIMUM_INTERVAL, min(DEFAULT_INTERVAL, heartbeat_timeout / 3))


class Heartbeater:
    """Heartbeats for one task, from a daemon thread, until :meth:`stop` or the task closes.

    ``beat(task)`` sends one heartbeat and handles its errors (the worker's
    ``_beat``); ``interval`` is a :class:`timedelta` or a callable computing it in the thread
    (so a lookup of the activity type's timeout stays off the task's critical path).

    Use it as a context manager around the task's processing::

        with Heartbeater(task, beat=worker._beat, interval=timedelta(seconds=10)):
            result = worker.process(task)
    """

    def __init__(
        self,
        task: ActivityTask,
        *,
        beat: Callable[[ActivityTask], bool],
        interval: timedelta | Callable[[], timedelta],
    ) -> None:
        self.task = task
        self._beat = beat
        self._interval = interval
        self._done = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"heartbeat-{task.activity_id}"[:64], daemon=True
        )

    def start(self) -> Heartbeater:
        """Start the thread; returns self."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop heartbeating and wait for a heartbeat in flight to end."""
        self._done.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join()

    def __enter__(self) -> Heartbeater:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _resolve_interval(self) -> float:
        interval = self._interval
        if callable(interval):
            try:
                interval = interval()
            except Exception:
                log.exception("cannot compute the heartbeat interval of %r", self.task)
                interval = DEFAULT_INTERVAL
        return max(MINIMUM_INTERVAL, interval).total_seconds()

    def _run(self) -> None:
        seconds = self._resolve_interval()
        while not self._done.wait(seconds):
            if self.task.closed:
                return
            try:
                self._beat(self.task)
            except Exception:  # _beat handles SWF's errors; this guards against bugs
                log.exception("heartbeat of %r failed", self.task)
            if self.task.closed:
                return
