"""The live side of a running activity task: :class:`ActivityContext` and :func:`activity_context`.

The task itself is a frozen value (:class:`~swf.models.ActivityTask`, what SWF sent). What
changes while it runs lives here: the details heartbeats send, whether SWF asked to cancel the
task, and whether SWF still knows it. The worker makes one context per task and sets it as the
current context of the thread that runs :meth:`~swf.actors.ActivityWorker.process`; task code
reaches it with :func:`activity_context`.

A context owns its state and changes it only from the answers of its heartbeats; the worker
gives it the function that sends one (``send_heartbeat(details) -> cancel requested``, which
raises :class:`~swf.exceptions.UnknownResourceFault` when SWF no longer knows the task).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from swf.constants import Limits
from swf.exceptions import UnknownResourceFault, ValidationError
from swf.models.activity_task import ActivityTask
from swf.wire import check_length

__all__ = [
    "ActivityContext",
    "ActivityTaskCanceledError",
    "activity_context",
    "current",
]

log = logging.getLogger("swf.actors.worker")

SendHeartbeat = Callable[[str | None], bool]
"""Sends one heartbeat with the given details; returns SWF's ``cancelRequested``."""

_current: ContextVar[ActivityContext | None] = ContextVar("swf_activity_context", default=None)


class ActivityTaskCanceledError(Exception):
    """Raise it from :meth:`~swf.actors.ActivityWorker.process` to report the task canceled.

    The worker answers ``RespondActivityTaskCanceled`` with ``details``. Raise it after
    :attr:`ActivityContext.cancel_requested` became true (cooperative cancellation: see
    :meth:`ActivityContext.raise_if_cancel_requested`), or whenever the task cannot go on and
    should be reported canceled rather than failed.
    """

    def __init__(self, details: str | None = None) -> None:
        super().__init__(details or "activity task canceled")
        self.details = details


class ActivityContext:
    """The live context of one running activity task: its heartbeats and cancellation.

    The worker builds it around :meth:`~swf.actors.ActivityWorker.process`; task code gets it
    from :func:`activity_context`::

        from swf.actors import ActivityWorker, activity_context

        class Resizer(ActivityWorker):
            def process(self, task):
                context = activity_context()
                for done, chunk in enumerate(chunks(task.input)):
                    context.raise_if_cancel_requested()     # cooperative cancellation
                    resize(chunk)
                    context.heartbeat_details = f"{done + 1} chunks"  # sent by heartbeats
                return "done"

    While the task runs, the worker heartbeats for it in the background;
    :attr:`cancel_requested` turns true when SWF answers one with a cancel request, and
    :attr:`closed` when SWF no longer knows the task (it timed out or its execution closed:
    a result would be dropped).

    :param task: the task this is the context of.
    :param send_heartbeat: sends one heartbeat (``details -> cancel requested``, raising
        :class:`~swf.exceptions.UnknownResourceFault` when SWF no longer knows the task).
        Without it, :meth:`heartbeat` raises :class:`RuntimeError`.
    """

    def __init__(self, task: ActivityTask, *, send_heartbeat: SendHeartbeat | None = None) -> None:
        if not isinstance(task, ActivityTask):
            raise ValidationError(f"task must be an ActivityTask, not {type(task).__name__}")
        self._task = task
        self._send = send_heartbeat
        self._changed = threading.Condition()
        self._details: str | None = None
        self._cancel_requested = False
        self._closed = False

    @property
    def task(self) -> ActivityTask:
        """The task, as SWF sent it."""
        return self._task

    @property
    def heartbeat_details(self) -> str | None:
        """What heartbeats send as ``details`` (set it to report progress).

        Setting it to what SWF would refuse (not a string, over 2,048 characters) raises
        :class:`~swf.exceptions.ValidationError`.
        """
        return self._details

    @heartbeat_details.setter
    def heartbeat_details(self, details: str | None) -> None:
        check_length(details, what="details", maximum=Limits.HEARTBEAT_DETAILS_LENGTH)
        self._details = details

    @property
    def cancel_requested(self) -> bool:
        """True once a heartbeat learned that the decider asked to cancel this task."""
        return self._cancel_requested

    @property
    def closed(self) -> bool:
        """True once SWF answered that it no longer knows this task (timed out or closed)."""
        return self._closed

    def heartbeat(self, details: str | None = None) -> bool:
        """Send a heartbeat now (``details`` also become :attr:`heartbeat_details`).

        Returns :attr:`cancel_requested`. Errors of the call are logged, never raised: a
        heartbeat that fails must not fail the task. ``details`` that SWF would refuse (not a
        string, longer than 2,048 characters) raise :class:`~swf.exceptions.ValidationError`.
        """
        if details is not None:
            self.heartbeat_details = details
        if self._send is None:
            raise RuntimeError(f"{self!r} was not made by a worker; it cannot heartbeat")
        try:
            cancel_requested = self._send(self._details)
        except UnknownResourceFault as error:
            self._mark_closed(error)
        except Exception as error:
            log.warning("%r: heartbeat failed (next one at the next tick): %s", self._task, error)
        else:
            if cancel_requested:
                self._mark_cancel_requested()
        return self._cancel_requested

    def wait_for_cancel_request(self, timeout: float | timedelta | None = None) -> bool:
        """Block until a cancel request arrives or the task closes, up to ``timeout``.

        Returns :attr:`cancel_requested`. Useful in task code that waits for something else.
        """
        seconds = timeout.total_seconds() if isinstance(timeout, timedelta) else timeout
        with self._changed:
            self._changed.wait_for(lambda: self._cancel_requested or self._closed, seconds)
        return self._cancel_requested

    def raise_if_cancel_requested(self, details: str | None = None) -> None:
        """Raise :class:`ActivityTaskCanceledError` (with ``details``) if a cancel request
        arrived."""
        if self._cancel_requested:
            raise ActivityTaskCanceledError(details)

    def __repr__(self) -> str:
        state = " closed" if self._closed else " cancel requested" if self._cancel_requested else ""
        return f"<ActivityContext of {self._task!r}{state}>"

    def _mark_cancel_requested(self) -> None:
        with self._changed:
            if self._cancel_requested:
                return
            self._cancel_requested = True
            self._changed.notify_all()
        log.info("%r: cancel requested", self._task)

    def _mark_closed(self, error: Exception) -> None:
        with self._changed:
            if self._closed:
                return
            self._closed = True
            # wakes code waiting for a cancel request: none will come any more
            self._changed.notify_all()
        log.warning("%r: heartbeat refused, the task timed out or closed: %s", self._task, error)


def activity_context() -> ActivityContext:
    """The context of the activity task being processed in this thread.

    The worker sets it around :meth:`~swf.actors.ActivityWorker.process`; threads that task
    code starts do not inherit it (pass the context to them).

    :raises RuntimeError: outside the processing of an activity task.
    """
    context = _current.get()
    if context is None:
        raise RuntimeError(
            "activity_context() was called outside an activity task: it is set only while an "
            "ActivityWorker runs process(task), in the thread that runs it"
        )
    return context


@contextmanager
def current(context: ActivityContext) -> Iterator[ActivityContext]:
    """Make ``context`` the current activity context for the block (what the worker does)."""
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
