"""Fixtures: the backends (SWF Local, moto's server) the suite runs against."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from swf.core import Connection
from tests.backends import Backend, backend_for, serve_moto


@pytest.fixture(scope="module")
def moto_endpoint_url() -> Iterator[str]:
    """moto's server on a free loopback port, reset, shared by a module's tests."""
    yield from serve_moto()


@pytest.fixture(params=["local", "moto"])
def backend(request: pytest.FixtureRequest) -> Backend:
    """The backend of this test: SWF Local (fresh) or moto's server (shared, unique names)."""
    return backend_for(request)


@pytest.fixture
def connection(backend: Backend) -> Connection:
    """The test's connection to its backend."""
    return backend.connection
