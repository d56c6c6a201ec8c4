"""The :class:`ActivityWorker`: poll activity tasks, run them, report how they ended.

::

    from swf.actors import ActivityWorker, activity_context

    class Resizer(ActivityWorker):
        def process(self, task):                       # task: the frozen ActivityTask
            context = activity_context()               # its heartbeats and cancellation
            for chunk in chunks(task.input):
                context.raise_if_cancel_requested()    # cooperative cancellation
                resize(chunk)
            return "done"                              # -> RespondActivityTaskCompleted

    Resizer("my-domain", "resize").start()

What the loop reports for each task:

- ``process`` returns: ``RespondActivityTaskCompleted`` with the value as result (a string as
  is, ``None`` for no result, anything else as JSON);
- it returns what cannot be sent (not JSON-serializable, NaN or infinity, over 32,768
  characters): ``RespondActivityTaskFailed`` with reason ``unusable result: ...``, never a
  truncated result;
- it raises :class:`~swf.actors.ActivityTaskCanceledError`: ``RespondActivityTaskCanceled``;
- it raises anything else: ``RespondActivityTaskFailed`` with ``"<Type>: <message>"`` as
  reason and the traceback as details, each cut to SWF's limits (256 and 32,768 characters)
  with a visible ``[truncated N chars]`` mark;
- SWF forgot the task meanwhile (heartbeat or response answered ``UnknownResourceFault``:
  it timed out, or its execution closed): the outcome is dropped with a log line.

While ``process`` runs, a thread (one per worker, for every task in hand) heartbeats: at
``heartbeat_interval``, or by default a third of the activity type's default heartbeat
timeout (at most 30 s; 30 s when it has none or it cannot be read). Heartbeats tell the
task's :class:`~swf.actors.ActivityContext` about cancel requests. A decider may schedule a
task with a shorter heartbeat timeout than its type's default, which the worker cannot see:
give such workers ``heartbeat_interval``.
"""

from __future__ import annotations

import logging
import threading
import traceback
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from swf.actors._context import ActivityContext, ActivityTaskCanceledError, SendHeartbeat, current
from swf.actors._heartbeat import DEFAULT_INTERVAL, Heartbeats, Interval, interval_for
from swf.actors._tasks import fit
from swf.actors.base import Actor
from swf.actors.retry import DEFAULT_BACKOFF, Backoff, is_transient
from swf.constants import Limits
from swf.exceptions import UnknownResourceFault, ValidationError
from swf.history.events import ActivityTypeRef
from swf.models.activity_task import ActivityTask
from swf.wire import (
    check_identifier,
    check_length,
    check_payload,
    duration_from_wire,
    payload_to_wire,
)

if TYPE_CHECKING:
    from swf.core import Connection
    from swf.models import Domain

__all__ = ["ActivityWorker"]

log = logging.getLogger(__name__)


class ActivityWorker(Actor):
    """Polls activity tasks of one task list and runs :meth:`process` on each.

    :param heartbeat_interval: time between automatic heartbeats; ``None`` (default) derives
        it from the activity type's default heartbeat timeout.
    :param heartbeats: ``False`` turns automatic heartbeats off
        (``activity_context().heartbeat()`` still works from ``process``).

    See :class:`~swf.actors.base.Actor` for the other arguments.
    """

    def __init__(
        self,
        domain: str | Domain,
        task_list: str,
        identity: str | None = None,
        *,
        heartbeat_interval: timedelta | None = None,
        heartbeats: bool = True,
        backoff: Backoff = DEFAULT_BACKOFF,
        connection: Connection | None = None,
        region: str | None = None,
        endpoint_url: str | None = None,
        profile: str | None = None,
    ) -> None:
        super().__init__(
            domain,
            task_list,
            identity,
            backoff=backoff,
            connection=connection,
            region=region,
            endpoint_url=endpoint_url,
            profile=profile,
        )
        if heartbeat_interval is not None and (
            not isinstance(heartbeat_interval, timedelta) or heartbeat_interval <= timedelta(0)
        ):
            raise ValidationError(
                "heartbeat_interval must be a positive timedelta (or heartbeats=False), "
                f"not {heartbeat_interval!r}"
            )
        if not isinstance(heartbeats, bool):
            raise ValidationError(f"heartbeats must be True or False, not {heartbeats!r}")
        self.heartbeat_interval = heartbeat_interval
        self.heartbeats = heartbeats
        self._heartbeats = Heartbeats()
        self._type_timeouts: dict[ActivityTypeRef, timedelta | None] = {}
        self._type_lock = threading.Lock()

    # -- the API of the quickstart ------------------------------------------------------------

    def poll(
        self, task_list: str | None = None, identity: str | None = None
    ) -> ActivityTask | None:
        """Wait for an activity task (up to SWF's long-poll hold, 60 s).

        Returns ``None`` when the poll ended empty. Errors are raised (as
        :mod:`swf.exceptions` classes); the run loop retries them.
        """
        name = check_identifier(task_list or self.task_list, what="task_list")
        response = self.connection.call(
            "PollForActivityTask",
            domain=self.domain,
            taskList={"name": name},
            identity=identity or self.identity,
        )
        if not response.get("taskToken"):
            return None
        return ActivityTask.from_api(response, domain=self.domain, task_list=name)

    def complete(self, task_token: str, result: str | None = None) -> None:
        """Report the task completed (``RespondActivityTaskCompleted``)."""
        check_payload(result, what="result")
        params: dict[str, Any] = {"taskToken": task_token}
        if result is not None:
            params["result"] = result
        self.connection.call("RespondActivityTaskCompleted", **params)

    def fail(self, task_token: str, details: str | None = None, reason: str | None = None) -> None:
        """Report the task failed (``RespondActivityTaskFailed``)."""
        check_payload(details, what="details")
        check_length(reason, what="reason", maximum=Limits.REASON_LENGTH)
        params: dict[str, Any] = {"taskToken": task_token}
        if details is not None:
            params["details"] = details
        if reason is not None:
            params["reason"] = reason
        self.connection.call("RespondActivityTaskFailed", **params)

    def cancel(self, task_token: str, details: str | None = None) -> None:
        """Report the task canceled (``RespondActivityTaskCanceled``)."""
        check_payload(details, what="details")
        params: dict[str, Any] = {"taskToken": task_token}
        if details is not None:
            params["details"] = details
        self.connection.call("RespondActivityTaskCanceled", **params)

    def heartbeat(self, task_token: str, details: str | None = None) -> bool:
        """Record a heartbeat (``RecordActivityTaskHeartbeat``); True if cancel was requested.

        :raises UnknownResourceFault: when the task timed out or its execution closed.
        """
        check_length(details, what="details", maximum=Limits.HEARTBEAT_DETAILS_LENGTH)
        params: dict[str, Any] = {"taskToken": task_token}
        if details is not None:
            params["details"] = details
        response = self.connection.call("RecordActivityTaskHeartbeat", **params)
        return bool(response.get("cancelRequested"))

    # -- hook ------------------------------------------------------------------------------------

    def process(self, task: ActivityTask) -> Any:
        """Do the work of ``task`` and return its result (see the module's doc for outcomes).

        Subclasses implement it; the base class raises :class:`NotImplementedError` (which
        fails the task). Heartbeats and cancel requests are on the task's
        :class:`~swf.actors.ActivityContext`, :func:`~swf.actors.activity_context` in here.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement process(task)")

    # -- the loop --------------------------------------------------------------------------------

    def run_once(self) -> bool:
        """Poll once; process and report the task received. True when a task was handled."""
        task = self._poll_call("PollForActivityTask", self.poll)
        if task is None:
            return False
        self.handle(task)
        return True

    def handle(self, task: ActivityTask) -> bool:
        """Run :meth:`process` on ``task`` with heartbeats and report the outcome.

        Returns True when SWF took the report. Never raises an :class:`Exception`; a
        ``KeyboardInterrupt`` or ``SystemExit`` inside ``process`` fails the task (reason
        ``interrupted: ...``) and is then raised again, ending the loop.
        """
        finished = threading.Event()
        context = ActivityContext(task, send_heartbeat=self._heartbeat_sender(task, finished))
        if self.heartbeats:
            self._heartbeats.add(context, self._interval_getter(task))
        interrupted: BaseException | None = None
        try:
            with current(context):
                outcome = self._outcome(task)
        except BaseException as error:  # KeyboardInterrupt, SystemExit: report, re-raise
            interrupted = error
            outcome = ("fail", {"reason": fit(f"interrupted: {error!r}", 256)})
        finally:
            self._heartbeats.remove(context)
            finished.set()
        reported = self._report(context, outcome)
        if interrupted is not None:
            raise interrupted
        return reported

    def _outcome(self, task: ActivityTask) -> tuple[str, dict[str, Any]]:
        try:
            value = self.process(task)
        except ActivityTaskCanceledError as canceled:
            log.info("%r canceled by its code", task)
            return "cancel", {"details": fit(canceled.details, Limits.PAYLOAD_LENGTH)}
        except Exception as error:
            log.warning("%r failed: %s: %s", task, type(error).__name__, error, exc_info=True)
            return "fail", {
                "reason": fit(
                    f"{type(error).__name__}: {error}", Limits.REASON_LENGTH, keep="start"
                ),
                "details": fit(traceback.format_exc(), Limits.PAYLOAD_LENGTH),
            }
        try:
            result = _result_text(value)
        except (TypeError, ValueError) as error:
            log.error("%r: its result cannot be sent: %s", task, error)
            return "fail", {
                "reason": fit(f"unusable result: {error}", Limits.REASON_LENGTH, keep="start"),
                "details": fit(repr(value), Limits.PAYLOAD_LENGTH, keep="start"),
            }
        return "complete", {"result": result}

    def _report(self, context: ActivityContext, outcome: tuple[str, dict[str, Any]]) -> bool:
        kind, arguments = outcome
        task = context.task
        if context.closed:
            log.warning(
                "%r: SWF no longer knows the task (timed out or closed); %s dropped", task, kind
            )
            return False
        log.debug("%r: %s", task, _OUTCOME_WORDS.get(kind, kind))
        if kind == "complete":
            return self._respond_call(
                f"RespondActivityTaskCompleted for {task!r}",
                lambda: self.complete(task.token, **arguments),
            )
        if kind == "cancel":
            return self._respond_call(
                f"RespondActivityTaskCanceled for {task!r}",
                lambda: self.cancel(task.token, **arguments),
            )
        return self._respond_call(
            f"RespondActivityTaskFailed for {task!r}",
            lambda: self.fail(task.token, **arguments),
        )

    # -- heartbeats ------------------------------------------------------------------------------

    def _heartbeat_sender(self, task: ActivityTask, finished: threading.Event) -> SendHeartbeat:
        """How ``task``'s context sends a heartbeat (its context handles the errors)."""

        def send(details: str | None) -> bool:
            try:
                return self.heartbeat(task.token, details)
            except UnknownResourceFault:
                if finished.is_set():  # a heartbeat that crossed the task's own report
                    return False
                raise

        return send

    def _interval_getter(self, task: ActivityTask) -> Interval:
        if self.heartbeat_interval is not None:
            return self.heartbeat_interval
        return lambda: interval_for(self._type_heartbeat_timeout(task.activity_type))

    def _type_heartbeat_timeout(self, activity_type: ActivityTypeRef) -> timedelta | None:
        """The type's default heartbeat timeout (DescribeActivityType, once per type)."""
        with self._type_lock:
            if activity_type in self._type_timeouts:
                return self._type_timeouts[activity_type]
        try:
            response = self.connection.call(
                "DescribeActivityType", domain=self.domain, activityType=activity_type.to_api()
            )
            configuration = response.get("configuration") or {}
            timeout = duration_from_wire(configuration.get("defaultTaskHeartbeatTimeout"))
        except Exception as error:
            log.warning(
                "cannot read the heartbeat timeout of %s/%s (heartbeats every %s): %s",
                activity_type.name,
                activity_type.version,
                DEFAULT_INTERVAL,
                error,
            )
            if is_transient(error):
                return None  # asked again for the next task
            timeout = None  # remembered: one lookup (and one warning) per type
        with self._type_lock:
            self._type_timeouts[activity_type] = timeout
        return timeout


_OUTCOME_WORDS = {"complete": "completed", "cancel": "canceled", "fail": "failed"}


def _result_text(value: Any) -> str | None:
    return payload_to_wire(value, what="result")
