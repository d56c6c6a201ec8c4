"""pytest plugin of simple-workflow: SWF Local in your tests, on a clock you move by hand.

Installed with the package (entry point ``pytest11: swf``), so the fixtures are simply there::

    from datetime import timedelta

    def test_reminder_fires_after_one_day(swf_client, swf_clock):
        swf_client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
        ...
        swf_clock.advance(timedelta(days=1))   # timers and timeouts due by then have fired
        ...

Fixtures (all function-scoped: every test gets a fresh, empty service):

``swf_local``
    A started :class:`swf.local.LocalSWF` on a free loopback port, with a fresh temporary
    database, a :class:`swf.local.ManualClock` and a short long-poll hold (``swf_poll_hold``,
    0.3 s), so a poll with nothing to take answers empty quickly. Stopped after the test.
``swf_clock``
    Its :class:`~swf.local.ManualClock`: ``advance(seconds | timedelta)``, ``set(when)``,
    ``now()``. Deadlines due after a move have fired before ``advance`` returns.
``swf_endpoint_url``
    ``http://127.0.0.1:PORT`` of that server (for ``AWS_ENDPOINT_URL_SWF`` or any SWF client).
``swf_client``
    A boto3 ``swf`` client bound to it: region us-east-1, dummy credentials,
    ``read_timeout=70`` (long polls) and no retries.
``swf_connection``
    A :class:`swf.core.Connection` bound to it: pass ``connection=swf_connection`` to models,
    querysets and actors (``Decider("d", "tl", connection=swf_connection)``).
``swf_poll_hold``
    The poll hold in seconds (0.3); override this fixture in your conftest to change it.
``swf_flow``
    A :class:`swf.testing.flow.FlowEnvironment` for :mod:`swf.flow` workflows: ``swf_local``
    with time skipping on, a registered domain (``swf_flow.domain``), and
    ``swf_flow.worker(workflows=[...], activities=[...])`` to run a Worker while a block runs,
    so ``MyWorkflow.start(..., domain=swf_flow.domain).result()`` crosses day-long timers in
    milliseconds.
``swf_time_skipping``
    False (True when the test uses ``swf_flow``): time moves only when the test moves it.
    Override this fixture to return True (or mark a test ``@pytest.mark.swf_time_skipping``)
    to run ``swf_local`` with time skipping:
    its clock follows real time while anything is runnable and jumps to the next deadline
    whenever nothing is, so a decider and a worker in threads cross a 30-day timer at once
    (see the "Time skipping" section of SWF Local's documentation).
``swf_use_local_settings``
    True: while a test uses ``swf_local``, the library's default settings point at it
    (:func:`swf.settings.isolated`: endpoint, region and dummy credentials; the environment
    and ``~/.swf`` are not read), so models, querysets and actors built without
    ``connection=`` talk to SWF Local and a test cannot reach Amazon SWF by accident.
    Override this fixture to return False to keep the machine's settings.

Time moves only when a test moves it (or, with ``swf_time_skipping``, by itself when nothing is
runnable): nothing sleeps for real waiting on a timeout.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from swf.core import Connection
    from swf.local import LocalSWF, ManualClock

__all__ = [
    "swf_client",
    "swf_clock",
    "swf_connection",
    "swf_endpoint_url",
    "swf_flow",
    "swf_local",
    "swf_poll_hold",
    "swf_time_skipping",
    "swf_use_local_settings",
]

#: Long-poll hold of the test server (seconds of real time).
TEST_POLL_HOLD = 0.3
#: Region and credentials the test server is reached with (it does not check signatures).
TEST_REGION = "us-east-1"
TEST_CREDENTIALS = ("testing", "testing")


@pytest.fixture
def swf_poll_hold() -> float:
    """Seconds an empty poll is held by the test server (override to change)."""
    return TEST_POLL_HOLD


def pytest_configure(config: pytest.Config) -> None:
    """Register the plugin's marker."""
    config.addinivalue_line(
        "markers", "swf_time_skipping: run swf_local with time skipping (see swf_time_skipping)"
    )


@pytest.fixture
def swf_time_skipping(request: pytest.FixtureRequest) -> bool:
    """Whether ``swf_local`` skips idle time by itself: False, or True for a test marked
    ``@pytest.mark.swf_time_skipping`` (override to change)."""
    marked = request.node.get_closest_marker("swf_time_skipping") is not None
    return marked or "swf_flow" in request.fixturenames


@pytest.fixture
def swf_use_local_settings() -> bool:
    """Whether the library's default settings point at ``swf_local`` during the test (True).

    Override it in a ``conftest.py`` to return False and keep the machine's own settings.
    """
    return True


@pytest.fixture
def swf_local(
    tmp_path: Path, swf_poll_hold: float, swf_use_local_settings: bool, swf_time_skipping: bool
) -> Iterator[LocalSWF]:
    """A started SWF Local on a free port: fresh database, ManualClock, short poll hold, and
    time skipping if ``swf_time_skipping``.

    While it runs, the library's default settings point at it (see ``swf_use_local_settings``).
    """
    from swf import core, settings
    from swf.local import LocalSWF, ManualClock

    server = LocalSWF(
        tmp_path / "swf-local.sqlite3",
        clock=ManualClock(),
        poll_hold=swf_poll_hold,
        time_skipping=swf_time_skipping,
    )
    with server:
        if not swf_use_local_settings:
            yield server
            return
        key_id, secret = TEST_CREDENTIALS
        try:
            with settings.isolated(
                endpoint_url=server.endpoint_url,
                region=TEST_REGION,
                aws_access_key_id=key_id,
                aws_secret_access_key=secret,
            ):
                yield server
        finally:
            # Clients of a server that is gone would only hold dead connections.
            core.clear_clients(endpoint_url=server.endpoint_url)


@pytest.fixture
def swf_clock(swf_local: LocalSWF) -> ManualClock:
    """The ManualClock of ``swf_local``."""
    from swf.local import ManualClock

    clock = swf_local.clock
    assert isinstance(clock, ManualClock)
    return clock


@pytest.fixture
def swf_endpoint_url(swf_local: LocalSWF) -> str:
    """The endpoint URL of ``swf_local``."""
    return swf_local.endpoint_url


@pytest.fixture
def swf_client(swf_endpoint_url: str) -> Any:
    """A boto3 SWF client bound to ``swf_local`` (dummy credentials, no retries)."""
    import boto3
    from botocore.config import Config

    key_id, secret = TEST_CREDENTIALS
    return boto3.client(
        "swf",
        endpoint_url=swf_endpoint_url,
        region_name=TEST_REGION,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        config=Config(read_timeout=70, connect_timeout=5, retries={"max_attempts": 1}),
    )


@pytest.fixture
def swf_connection(swf_endpoint_url: str) -> Connection:
    """A :class:`swf.core.Connection` to ``swf_local``, for models, querysets and actors."""
    from swf.core import Connection

    key_id, secret = TEST_CREDENTIALS
    return Connection(
        endpoint_url=swf_endpoint_url,
        region=TEST_REGION,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
    )


@pytest.fixture
def swf_flow(swf_local: LocalSWF, swf_connection: Connection) -> Iterator[Any]:
    """``swf.flow`` workflows on ``swf_local`` with time skipping, in a registered domain."""
    from swf.testing.flow import FlowEnvironment

    environment = FlowEnvironment(swf_local, swf_connection)
    try:
        yield environment
    finally:
        environment.close()
