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

Time moves only when a test moves it: nothing sleeps for real waiting on a timeout.
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
    "swf_local",
    "swf_poll_hold",
]

#: Long-poll hold of the test server (seconds of real time).
TEST_POLL_HOLD = 0.3


@pytest.fixture
def swf_poll_hold() -> float:
    """Seconds an empty poll is held by the test server (override to change)."""
    return TEST_POLL_HOLD


@pytest.fixture
def swf_local(tmp_path: Path, swf_poll_hold: float) -> Iterator[LocalSWF]:
    """A started SWF Local on a free port: fresh database, ManualClock, short poll hold."""
    from swf.local import LocalSWF, ManualClock

    server = LocalSWF(tmp_path / "swf-local.sqlite3", clock=ManualClock(), poll_hold=swf_poll_hold)
    with server:
        yield server


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

    return boto3.client(
        "swf",
        endpoint_url=swf_endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(read_timeout=70, connect_timeout=5, retries={"max_attempts": 1}),
    )


@pytest.fixture
def swf_connection(swf_endpoint_url: str) -> Connection:
    """A :class:`swf.core.Connection` to ``swf_local``, for models, querysets and actors."""
    from swf.core import Connection

    return Connection(
        endpoint_url=swf_endpoint_url,
        region="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
