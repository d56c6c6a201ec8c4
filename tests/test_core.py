"""The shared connection: lazy, one client per configuration, thread-safe, long-poll ready."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from swf import core, settings
from swf.core import READ_TIMEOUT, ConnectedSWFObject, Connection
from swf.exceptions import ConfigurationError

from .fault_server import canned_server


def test_nothing_is_built_before_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[object] = []
    monkeypatch.setattr(core, "_build_client", lambda resolved: built.append(resolved))
    ConnectedSWFObject(region="eu-west-1")
    assert built == []


def test_read_timeout_outlasts_a_long_poll_and_retries_are_standard() -> None:
    config = Connection(region="eu-west-1").client.meta.config
    assert config.read_timeout >= 70 == READ_TIMEOUT
    assert config.retries["mode"] == "standard"


def test_one_client_is_built_once_for_many_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    real_build = core._build_client
    calls: list[object] = []
    gate = threading.Barrier(16)

    def counting_build(resolved: core.ResolvedSettings) -> object:
        calls.append(resolved)
        return real_build(resolved)

    monkeypatch.setattr(core, "_build_client", counting_build)
    settings.set(region="eu-west-1", aws_access_key_id="k", aws_secret_access_key="s")

    def client_id(_: int) -> int:
        gate.wait()
        return id(ConnectedSWFObject().connection.client)

    with ThreadPoolExecutor(16) as pool:
        ids = set(pool.map(client_id, range(16)))
    assert len(ids) == 1
    assert len(calls) == 1


def test_one_client_serves_concurrent_calls_from_many_threads() -> None:
    with canned_server() as server:
        server.body = {"domainInfos": [{"name": "d", "status": "REGISTERED"}]}
        connection = Connection(endpoint_url=f"http://127.0.0.1:{server.server_address[1]}")

        def list_domains(_: int) -> str:
            return str(connection.call("ListDomains", registrationStatus="REGISTERED"))

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(list_domains, range(64)))
    assert len(server.requests) == 64
    assert all("'d'" in answer for answer in answers)
    assert {target for target, _ in server.requests} == {"SimpleWorkflowService.ListDomains"}


def test_call_accepts_wire_or_python_operation_names_and_drops_metadata() -> None:
    with canned_server() as server:
        server.body = {"domainInfos": []}
        connection = Connection(endpoint_url=f"http://127.0.0.1:{server.server_address[1]}")
        assert connection.call("ListDomains", registrationStatus="REGISTERED") == {
            "domainInfos": []
        }
        assert connection.call("list_domains", registrationStatus="REGISTERED") == {
            "domainInfos": []
        }


def test_paginate_follows_next_page_tokens_lazily() -> None:
    with canned_server() as server:
        server.body = {"domainInfos": [{"name": "a", "status": "REGISTERED"}]}
        connection = Connection(endpoint_url=f"http://127.0.0.1:{server.server_address[1]}")
        pages = connection.paginate("ListDomains", registrationStatus="REGISTERED")
        assert server.requests == []
        first = next(pages)
        assert first["domainInfos"][0]["name"] == "a"
        assert len(server.requests) == 1


def test_unknown_operation_is_a_clear_error() -> None:
    with pytest.raises(ConfigurationError, match="DescribeDomian"):
        Connection(region="eu-west-1").call("DescribeDomian", name="x")
