"""LocalSWF: SWF Local running in this process, on a port of its own.

::

    from swf.local import LocalSWF, ManualClock

    with LocalSWF(clock=ManualClock()) as local:          # port 0: a free port
        client = boto3.client("swf", endpoint_url=local.endpoint_url, region_name="us-east-1",
                              aws_access_key_id="x", aws_secret_access_key="x")
        client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
        local.clock.advance(60)                            # timeouts due by then have fired

The database is one SQLite file (``db_path``; None: a private temporary file removed at stop).
Starting again on the same file resumes everything, including pending deadlines.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping
from types import TracebackType

from swf.local.auth import SigV4Verifier
from swf.local.clock import Clock, ManualClock, SystemClock
from swf.local.connections import IDLE_TIMEOUT, REQUEST_TIMEOUT, HTTPServer
from swf.local.deadlines import Deadlines
from swf.local.protocol import Dispatcher, Request, Response
from swf.local.service import Service, load_manual_clock, save_manual_clock
from swf.local.skipper import READ_ONLY_PREFIXES, TimeSkipper
from swf.local.store import Store
from swf.local.waiters import Waiters

__all__ = ["DEFAULT_POLL_HOLD", "LocalSWF"]

log = logging.getLogger("swf.local.server")

#: How long a poll waits for a task before answering empty (seconds of real time): just under
#: botocore's read timeout of 70 s that clients must set for pollers.
DEFAULT_POLL_HOLD = 60.0


class LocalSWF:
    """SWF Local, served over HTTP from background threads of this process.

    ``clock`` defaults to the system clock. ``poll_hold`` is the long-poll hold time in real
    seconds. ``require_auth`` with ``credentials`` (access key id -> secret) makes it verify SigV4
    signatures. ``clock_control`` enables the ``/_local/clock`` endpoint (manual clocks only).
    ``time_skipping`` makes the clock (a ManualClock, made if none is given) run at real speed
    and jump to the next deadline whenever nothing is runnable (:mod:`swf.local.skipper`).
    ``idle_timeout`` closes a keep-alive connection after that many seconds without a request;
    ``request_timeout`` closes one whose request takes longer to arrive (or answer to leave).
    """

    def __init__(
        self,
        db_path: str | os.PathLike[str] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Clock | None = None,
        *,
        poll_hold: float = DEFAULT_POLL_HOLD,
        require_auth: bool = False,
        credentials: Mapping[str, str] | None = None,
        clock_control: bool = False,
        time_skipping: bool = False,
        region: str = "us-east-1",
        account_id: str = "000000000000",
        idle_timeout: float = IDLE_TIMEOUT,
        request_timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        if require_auth and not credentials:
            raise ValueError("require_auth needs credentials (access key id -> secret key)")
        if time_skipping and clock is None:
            clock = ManualClock()
        if time_skipping and not isinstance(clock, ManualClock):
            raise ValueError("time_skipping needs a ManualClock")
        if clock_control and not isinstance(clock, ManualClock):
            raise ValueError("clock_control needs a ManualClock")
        self.db_path = None if db_path is None else os.fspath(db_path)
        self.host = host
        self.port = port
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.poll_hold = poll_hold
        self.require_auth = require_auth
        self.credentials = dict(credentials or {})
        self.clock_control = clock_control
        self.time_skipping = time_skipping
        self.region = region
        self.account_id = account_id
        self.idle_timeout = idle_timeout
        self.request_timeout = request_timeout
        self._service: Service | None = None
        self._store: Store | None = None
        self._deadlines: Deadlines | None = None
        self._waiters: Waiters | None = None
        self._http: HTTPServer | None = None
        self._skipper: TimeSkipper | None = None
        self._lock = threading.Lock()
        self._clock_subscriber: Callable[[float], None] | None = None

    @property
    def skipper(self) -> TimeSkipper | None:
        """The running time skipper (None without ``time_skipping`` or when stopped)."""
        return self._skipper

    @property
    def service(self) -> Service:
        """The running service object (raises if not started)."""
        if self._service is None:
            raise RuntimeError("SWF Local is not started")
        return self._service

    @property
    def endpoint_url(self) -> str:
        """``http://HOST:PORT`` of the running server."""
        if self._http is None:
            raise RuntimeError("SWF Local is not started")
        host = self._http.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self._http.port}"

    @property
    def running(self) -> bool:
        """True between :meth:`start` and :meth:`stop`."""
        return self._http is not None

    def start(self) -> LocalSWF:
        """Open the database, fire overdue deadlines, and start serving; returns self."""
        with self._lock:
            if self._http is not None:
                return self
            store = Store(self.db_path)
            try:
                deadlines = Deadlines(store, self.clock)
                waiters = Waiters()
                service = Service(
                    store,
                    self.clock,
                    deadlines=deadlines,
                    waiters=waiters,
                    poll_hold=self.poll_hold,
                    region=self.region,
                    account_id=self.account_id,
                )
                authenticate = SigV4Verifier(self.credentials) if self.require_auth else None
                dispatcher = Dispatcher(
                    service,
                    authenticate=authenticate,
                    clock=self.clock if self.clock_control else None,
                    release=lambda kind, token: release_undelivered(service, kind, token),
                )
                skipper = None
                app: Callable[[Request], Response] = dispatcher
                if self.time_skipping:
                    assert isinstance(self.clock, ManualClock)
                    skipper = TimeSkipper(
                        self.clock,
                        store=store,
                        service=service,
                        deadlines=deadlines,
                        waiters=waiters,
                    )
                    app = _counting_requests(dispatcher, skipper)
                http = HTTPServer(
                    app,
                    self.host,
                    self.port,
                    idle_timeout=self.idle_timeout,
                    request_timeout=self.request_timeout,
                )
                if isinstance(self.clock, ManualClock):
                    self._resume_manual_clock(store, self.clock)
                deadlines.start(service.deadline_handlers())
            except BaseException:
                store.close()
                raise
            self._store, self._deadlines, self._waiters = store, deadlines, waiters
            self._service, self._http, self._skipper = service, http, skipper
            http.start()
            self.port = http.port
            if skipper is not None:
                skipper.start()
        log.info("SWF Local listening on %s (db %s)", self.endpoint_url, store.path)
        return self

    def _resume_manual_clock(self, store: Store, clock: ManualClock) -> None:
        """Never let a manual clock run backwards across restarts.

        The clock's time is kept in the database on every move; at start the clock is set to
        that time when it is later than the clock's own start (the wall clock for
        ``swf local serve --manual-clock``), so a restart resumes at max(wall clock, the
        latest time the database has seen).
        """
        with store.transaction() as tx:
            saved = load_manual_clock(tx)
        if saved is not None and saved > clock.now():
            clock.set(saved)

        def persist(now: float) -> None:
            if store.closed:
                return
            with store.transaction() as tx:
                save_manual_clock(tx, now)

        persist(clock.now())
        clock.subscribe(persist)
        self._clock_subscriber = persist

    def stop(self) -> None:
        """Stop serving: wake long polls, finish in-flight requests, close the database."""
        with self._lock:
            http, waiters, deadlines, store = (
                self._http,
                self._waiters,
                self._deadlines,
                self._store,
            )
            if http is None:
                return
            assert waiters is not None and deadlines is not None and store is not None
            if self._skipper is not None:
                self._skipper.stop()
                self._skipper = None
            waiters.close()
            if self._clock_subscriber is not None and isinstance(self.clock, ManualClock):
                self.clock.unsubscribe(self._clock_subscriber)
                self._clock_subscriber = None
            http.stop()
            deadlines.stop()
            store.close()
            self._http = self._service = self._store = None
            self._deadlines = self._waiters = None
        log.info("SWF Local stopped")

    def __enter__(self) -> LocalSWF:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.endpoint_url if self._http is not None else "stopped"
        return f"<LocalSWF {where}>"


def _counting_requests(
    app: Callable[[Request], Response], skipper: TimeSkipper
) -> Callable[[Request], Response]:
    """``app``, telling ``skipper`` when each request that may change something begins and
    ends (read-only ones, Describe, List, Count, Get, change nothing and are not counted)."""

    def serve(request: Request) -> Response:
        operation = request.headers.get("x-amz-target", "").rpartition(".")[2]
        if operation.startswith(READ_ONLY_PREFIXES):
            return app(request)
        skipper.request_started()
        try:
            return app(request)
        finally:
            skipper.request_ended()

    return serve


def release_undelivered(service: Service, kind: str, token: str) -> None:
    """Give back a task claimed by a poll whose answer could not be delivered (see
    :meth:`Service.release_undelivered`), with a log line for the operator."""
    if service.release_undelivered(kind, token):
        log.warning(
            "%s task %s... was claimed by a poll whose answer could not be delivered: timed out "
            "at once",
            kind,
            token[:8],
        )
