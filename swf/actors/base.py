"""The :class:`Actor` base: a poll loop on one domain and task list, with a graceful stop.

An actor's :meth:`~Actor.start` runs its loop in the calling thread until :meth:`~Actor.stop`
is called (from another thread or a signal handler). A stop lets the task in hand finish and
report; a poll already waiting at SWF is allowed to return, and a task it brings is processed
too (abandoning it would leave it to time out), so a stop takes at most one long poll
(60 s on Amazon SWF) plus the task in hand. Against SWF Local (an ``http://`` endpoint on this
machine) the poll is ended at once instead: the actor polls on a connection of its own
(:mod:`swf.actors.poll_line`) and a stop closes it, which SWF Local answers by releasing the
poll without a task. :meth:`~Actor.stop` with ``now=True`` also
abandons retries of responses; the task in hand still runs to its end unless its code watches
:attr:`Actor.stopping`.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from typing import TYPE_CHECKING, Any

from swf.actors.poll_line import PollAbandoned, PollLine, install
from swf.actors.retry import DEFAULT_BACKOFF, Backoff, StopRequested, retry_call
from swf.core import CONNECT_TIMEOUT, READ_TIMEOUT, ConnectedSWFObject, Connection
from swf.exceptions import UnknownResourceFault, ValidationError
from swf.wire import check_identifier, check_length, check_page_size

if TYPE_CHECKING:
    from collections.abc import Callable

    from swf.models import Domain

__all__ = ["Actor", "default_identity", "page_size"]

log = logging.getLogger(__name__)

_IDENTITY_LENGTH = 256


def page_size(value: int | None, *, what: str = "maximum_page_size") -> int | None:
    """A history page size: ``None`` (SWF's default, 1000) or an int from 1 to 1000 (the
    client's one rule, :func:`swf.wire.check_page_size`)."""
    return check_page_size(value, what=what)


def default_identity() -> str:
    """``<hostname>-<pid>-<thread name>``, cut to SWF's 256 characters."""
    name = f"{socket.gethostname()}-{os.getpid()}-{threading.current_thread().name}"
    return name[:_IDENTITY_LENGTH]


class Actor(ConnectedSWFObject):
    """Something that polls one task list of one domain: a decider or an activity worker.

    :param domain: the domain's name, or a :class:`swf.models.Domain` (whose connection is
        used unless ``connection=`` is given).
    :param task_list: the task list to poll.
    :param identity: recorded by SWF in the ``*TaskStarted`` events; defaults to
        ``<hostname>-<pid>-<thread>``.
    :param backoff: how retries of failed calls are spaced.
    :param connection: the :class:`~swf.core.Connection` to use; or ``region=``,
        ``endpoint_url=``, ``profile=`` for a connection of its own (credentials come from
        :mod:`swf.settings` and boto3's chain).

    Subclasses implement :meth:`run_once`; :meth:`start` calls it until stopped.
    """

    def __init__(
        self,
        domain: str | Domain,
        task_list: str,
        identity: str | None = None,
        *,
        backoff: Backoff = DEFAULT_BACKOFF,
        connection: Connection | None = None,
        region: str | None = None,
        endpoint_url: str | None = None,
        profile: str | None = None,
    ) -> None:
        if not isinstance(domain, str):
            name = getattr(domain, "name", None)
            if not isinstance(name, str):
                raise ValidationError(
                    f"domain must be a name or a swf.models.Domain, not {type(domain).__name__}"
                )
            if connection is None and region is None and endpoint_url is None and not profile:
                connection = getattr(domain, "connection", None)
            domain = name
        super().__init__(
            connection=connection, region=region, endpoint_url=endpoint_url, profile=profile
        )
        self.domain: str = check_identifier(domain, what="domain")
        self.task_list: str = check_identifier(task_list, what="task_list")
        if identity is not None:
            check_length(identity, what="identity", maximum=_IDENTITY_LENGTH)
        self._identity = identity
        if not isinstance(backoff, Backoff):
            raise ValidationError(f"backoff must be a Backoff, not {type(backoff).__name__}")
        self.backoff = backoff
        self._stop = threading.Event()
        self._abort = threading.Event()
        self._running = threading.Event()
        self._poll_line: PollLine | None = None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.domain}/{self.task_list}>"

    @property
    def identity(self) -> str:
        """The identity sent with polls (computed in the polling thread when not given)."""
        if self._identity is None:
            self._identity = default_identity()
        return self._identity

    # -- life cycle ------------------------------------------------------------------------------

    @property
    def stopping(self) -> bool:
        """True once :meth:`stop` was called: long-running task code may watch it."""
        return self._stop.is_set()

    @property
    def running(self) -> bool:
        """True while :meth:`start`'s loop runs."""
        return self._running.is_set()

    def start(self) -> None:
        """Poll and process tasks in this thread until :meth:`stop` is called.

        No exception escapes the loop: failed calls are retried with backoff and logged, and
        errors of the task code are reported to SWF. It returns after a stop, once the task in
        hand (if any) has finished and been reported. Exceptions that are not
        :class:`Exception` (``KeyboardInterrupt``, ``SystemExit``) are not caught.
        """
        if self._running.is_set():
            raise RuntimeError(f"{self!r} is already running")
        self._running.set()
        log.info("%r started (identity %s)", self, self.identity)
        try:
            while not self._stop.is_set():
                try:
                    self.run_once()
                except StopRequested:
                    break
                except Exception:
                    # run_once handles errors itself; this is the last line of defence so that
                    # a bug in a hook or here cannot kill the poller.
                    log.exception("%r: unexpected error in the loop; going on", self)
                    try:
                        self._wait(self.backoff.delay(3))
                    except StopRequested:
                        break
        finally:
            self._running.clear()
            log.info("%r stopped", self)

    def stop(self, *, now: bool = False) -> None:
        """Ask the loop to stop after the task in hand; returns at once (thread-safe).

        Against SWF Local a poll in flight ends at once (its connection is closed); against
        Amazon SWF it is allowed to return. With ``now=True``, responses that fail are not
        retried any more either.
        """
        self._stop.set()
        if now:
            self._abort.set()
        line = self._poll_line
        if line is not None:
            line.abort()

    def run_once(self) -> bool:
        """Poll once and process the task received, if any; True when a task was handled."""
        raise NotImplementedError

    # -- helpers for subclasses ----------------------------------------------------------------

    def _wait(self, seconds: float) -> None:
        if self._stop.wait(seconds):
            raise StopRequested("stop requested")

    def _poll_call(self, what: str, call: Callable[[], Any]) -> Any:
        """A poll: retried (every error) until it answers, or :class:`StopRequested`."""
        if self._stop.is_set():
            raise StopRequested(what)
        line = self._line()
        if line is None:
            return retry_call(
                call, what=what, stop=self._stop, backoff=self.backoff, retry_all=True
            )
        if self._stop.is_set():  # stop() may have run before the line existed
            raise StopRequested(what)

        def on_the_line() -> Any:
            with line.bound():
                return call()

        try:
            return retry_call(
                on_the_line, what=what, stop=self._stop, backoff=self.backoff, retry_all=True
            )
        except PollAbandoned:
            raise StopRequested(what) from None

    def _line(self) -> PollLine | None:
        """The connection of this actor's polls, against SWF Local only (None otherwise)."""
        if self._poll_line is None:
            settings = self.connection.settings
            if not (settings.is_local and (settings.endpoint_url or "").startswith("http://")):
                return None
            install(self.connection.client)
            self._poll_line = PollLine(connect_timeout=CONNECT_TIMEOUT, read_timeout=READ_TIMEOUT)
        return self._poll_line

    def _respond_call(self, what: str, call: Callable[[], Any]) -> bool:
        """A response for a task in hand: retried on transient errors even while stopping.

        Returns False, with a log line, when SWF no longer knows the task (it timed out, was
        canceled, or its execution closed) or when the error is not transient: the result is
        dropped, never raised into the loop.
        """
        try:
            retry_call(call, what=what, stop=self._abort, backoff=self.backoff)
        except UnknownResourceFault as error:
            log.warning("%s: SWF no longer knows the task (timed out or closed): %s", what, error)
            return False
        except StopRequested:
            log.error("%s abandoned: stopped now", what)
            return False
        except Exception:
            log.exception("%s failed; the task is left to time out", what)
            return False
        return True
