"""The backends the model and queryset integration tests run against.

One suite, parametrised over ``backend``: ``"local"`` is SWF Local (a fresh server per
test, with a manual clock), ``"moto"`` is moto's server (one per module; tests keep apart by
unique names). A test of an operation moto lacks calls :meth:`Backend.requires`, which skips
it on moto naming the operation. The fixtures themselves (``backend``, ``connection``,
``moto_endpoint_url``) are declared in ``tests/conftest.py``, over :func:`serve_moto` and
:func:`backend_for`.
"""

from __future__ import annotations

import itertools
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from swf.core import Connection, _snake

_counter = itertools.count()


def moto_lacks(operation: str) -> bool:
    """Whether moto's SWF server has no handler for ``operation``."""
    from moto.swf.responses import SWFResponse

    return not hasattr(SWFResponse, _snake(operation))


@dataclass
class Backend:
    """An SWF endpoint and what a test needs to know about it."""

    name: str
    endpoint_url: str
    clock: Any = None
    """SWF Local's ManualClock (``None`` on moto)."""
    prefix: str = field(default_factory=lambda: uuid.uuid4().hex[:8])

    def connect(self) -> Connection:
        """A new connection to this backend (another client, with its own settings)."""
        return Connection(
            endpoint_url=self.endpoint_url,
            region="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    @property
    def connection(self) -> Connection:
        """The test's connection (one per test)."""
        if not hasattr(self, "_connection"):
            self._connection = self.connect()
        return self._connection

    def name_for(self, what: str) -> str:
        """A name unique to this test run (moto's state is shared by a module's tests)."""
        return f"{what}-{self.prefix}-{next(_counter)}"

    def requires(self, *operations: str) -> None:
        """Skip on moto when it lacks one of ``operations``."""
        if self.name == "moto":
            for operation in operations:
                if moto_lacks(operation):
                    pytest.skip(f"moto's server does not implement {operation}")

    @property
    def pages(self) -> bool:
        """Whether the backend pages its lists (moto returns everything, or truncates
        executions to maximumPageSize without a next page token)."""
        return self.name == "local"

    def page_size(self, size: int) -> int | None:
        """``size`` where the backend pages; ``None`` (its default) where it does not."""
        return size if self.pages else None

    def lacks(self, feature: str) -> None:
        """Skip on moto, which lacks ``feature`` (say which)."""
        if self.name == "moto":
            pytest.skip(f"moto's server {feature}")


def serve_moto() -> Iterator[str]:
    """Run moto's server on a free loopback port, reset; yield its URL (for a fixture)."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    # moto's state is global to the process: start each module from an empty account.
    urllib.request.urlopen(urllib.request.Request(f"{url}/moto-api/reset", method="POST"))
    try:
        yield url
    finally:
        server.stop()


def backend_for(request: pytest.FixtureRequest) -> Backend:
    """The backend a ``backend`` fixture parametrised by ``"local"`` / ``"moto"`` stands for."""
    if request.param == "local":
        local = request.getfixturevalue("swf_local")
        return Backend("local", local.endpoint_url, clock=local.clock)
    return Backend("moto", request.getfixturevalue("moto_endpoint_url"))
