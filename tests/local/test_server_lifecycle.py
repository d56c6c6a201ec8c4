"""LocalSWF's lifecycle and the pytest plugin's fixtures."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from swf.local import LocalSWF, ManualClock
from tests.local.support import FAILURE_BOUND
from tools.local.wire import RawResponse, raw_call


def test_stop_lets_an_in_flight_request_finish_then_refuses_connections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    local = LocalSWF(poll_hold=0.1).start()
    url = local.endpoint_url
    entered, release = threading.Event(), threading.Event()
    original = local.service.list_domains

    def slow(params: dict[str, Any]) -> dict[str, Any]:
        entered.set()
        release.wait(FAILURE_BOUND)
        return original(params)

    monkeypatch.setattr(local.service, "list_domains", slow)
    responses: list[RawResponse] = []
    caller = threading.Thread(
        target=lambda: responses.append(
            raw_call(url, "ListDomains", {"registrationStatus": "REGISTERED"})
        )
    )
    caller.start()
    assert entered.wait(FAILURE_BOUND)
    stopper = threading.Thread(target=local.stop)
    stopper.start()
    http_server = local._http
    while http_server is not None and not http_server._stopping:
        stopper.join(0.001)
    release.set()
    caller.join(FAILURE_BOUND)
    stopper.join(FAILURE_BOUND)
    assert not stopper.is_alive()
    assert [r.status for r in responses] == [200]
    assert responses[0].headers.get("connection") == "close"
    assert not local.running
    with pytest.raises(OSError):
        raw_call(url, "ListDomains", {"registrationStatus": "REGISTERED"})


def test_start_is_idempotent_and_stop_twice_is_harmless() -> None:
    local = LocalSWF(poll_hold=0.1)
    assert local.start() is local.start()
    assert local.endpoint_url.startswith("http://127.0.0.1:")
    local.stop()
    local.stop()
    with pytest.raises(RuntimeError):
        _ = local.endpoint_url


def test_clock_control_needs_a_manual_clock() -> None:
    with pytest.raises(ValueError, match="ManualClock"):
        LocalSWF(clock_control=True)


def test_plugin_fixtures_share_one_server_and_clock(
    swf_local: LocalSWF, swf_clock: ManualClock, swf_client: Any, swf_endpoint_url: str
) -> None:
    assert swf_local.clock is swf_clock
    assert swf_endpoint_url == swf_local.endpoint_url
    assert swf_client.meta.endpoint_url == swf_endpoint_url
    assert swf_client.meta.config.read_timeout == 70
    assert swf_local.poll_hold == pytest.approx(0.3)
    swf_client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
    assert swf_client.describe_domain(name="d")["domainInfo"]["status"] == "REGISTERED"


def test_contract_aliases_point_at_the_plugin_fixtures(
    local_swf: LocalSWF, clock: ManualClock, swf_local: LocalSWF
) -> None:
    assert local_swf is swf_local
    assert clock is swf_local.clock


def test_each_test_gets_an_empty_service(swf_client: Any) -> None:
    assert swf_client.list_domains(registrationStatus="REGISTERED")["domainInfos"] == []
    swf_client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")


def test_each_test_gets_an_empty_service_again(swf_client: Any) -> None:
    assert swf_client.list_domains(registrationStatus="REGISTERED")["domainInfos"] == []
