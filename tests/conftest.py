"""Shared test setup: every test runs with a clean settings state.

No test may see the developer's real ``~/.swf``, ``~/.aws`` or ``AWS_*`` variables, and no
settings or cached client may leak from one test to the next.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from swf import core, settings
from swf.core import Connection
from tests.backends import Backend, backend_for, serve_moto

_AWS_PREFIXES = ("AWS_",)
_EXTRA_VARIABLES = ("region",)


@pytest.fixture(autouse=True)
def isolated_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A private HOME, no AWS variables, no swf.settings.set() leftovers, no cached clients."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in list(os.environ):
        if name.startswith(_AWS_PREFIXES) or name in _EXTRA_VARIABLES:
            monkeypatch.delenv(name, raising=False)
    # boto3's own chain must not find the developer's files nor ask an instance metadata service.
    monkeypatch.setenv("AWS_CONFIG_FILE", str(home / ".aws" / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / ".aws" / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    settings.clear()
    core.clear_clients()
    yield home
    settings.clear()
    core.clear_clients()


# -- the backends of the model and queryset suites (see tests/backends.py) ------------------


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
