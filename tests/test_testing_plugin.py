"""The pytest plugin's fixtures, as a user's test suite sees them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from swf.core import Connection
from swf.local import LocalSWF, ManualClock


def test_fixtures_share_one_server_and_its_clock(
    swf_local: LocalSWF,
    swf_clock: ManualClock,
    swf_endpoint_url: str,
    swf_client: Any,
    swf_connection: Connection,
) -> None:
    assert swf_local.clock is swf_clock
    assert swf_endpoint_url == swf_local.endpoint_url
    assert swf_client.meta.endpoint_url == swf_endpoint_url
    swf_client.register_domain(name="plugin", workflowExecutionRetentionPeriodInDays="1")
    listed = swf_connection.call("ListDomains", registrationStatus="REGISTERED")
    assert [info["name"] for info in listed["domainInfos"]] == ["plugin"]


def test_each_test_gets_a_fresh_empty_service(swf_client: Any) -> None:
    assert swf_client.list_domains(registrationStatus="REGISTERED")["domainInfos"] == []


def test_the_clock_fires_a_timer_when_moved(swf_client: Any, swf_clock: ManualClock) -> None:
    swf_client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
    swf_client.register_workflow_type(
        domain="d",
        name="w",
        version="1",
        defaultTaskList={"name": "t"},
        defaultExecutionStartToCloseTimeout="172800",
        defaultTaskStartToCloseTimeout="60",
        defaultChildPolicy="TERMINATE",
    )
    run = swf_client.start_workflow_execution(
        domain="d", workflowId="x", workflowType={"name": "w", "version": "1"}
    )["runId"]
    task = swf_client.poll_for_decision_task(domain="d", taskList={"name": "t"})
    swf_client.respond_decision_task_completed(
        taskToken=task["taskToken"],
        decisions=[
            {
                "decisionType": "StartTimer",
                "startTimerDecisionAttributes": {"timerId": "t1", "startToFireTimeout": "86400"},
            }
        ],
    )

    def fired() -> bool:
        events = swf_client.get_workflow_execution_history(
            domain="d", execution={"workflowId": "x", "runId": run}
        )["events"]
        return any(event["eventType"] == "TimerFired" for event in events)

    swf_clock.advance(timedelta(days=1) - timedelta(seconds=1))
    assert not fired()
    swf_clock.advance(timedelta(seconds=1))
    assert fired()


def test_models_built_without_a_connection_talk_to_swf_local(
    swf_local: LocalSWF, swf_client: Any, monkeypatch: Any
) -> None:
    # The machine's settings point elsewhere (port 9 is discard: nothing answers SWF there).
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_PROFILE", "production")
    from swf.models import Domain

    Domain("plugin-default", retention_period=1).save()

    described = swf_client.describe_domain(name="plugin-default")
    assert described["domainInfo"]["status"] == "REGISTERED"
    assert Connection().settings.endpoint_url == swf_local.endpoint_url
    assert Connection().settings.profile is None


def test_settings_set_in_a_test_still_win_over_the_plugin(
    swf_local: LocalSWF, monkeypatch: Any
) -> None:
    import swf.settings

    swf.settings.set(region="eu-west-3")
    resolved = Connection().settings
    assert resolved.region == "eu-west-3"
    assert resolved.endpoint_url == swf_local.endpoint_url
