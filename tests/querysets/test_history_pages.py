"""HistoryQuerySet reads pages as SWF sent them: the same events as botocore's parsed answer,
a page at a time, and an open history kept current with only its new events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from swf.history import History, parse_event
from swf.querysets import HistoryQuerySet

DOMAIN = "pages"


def _start(client: Any) -> str:
    client.register_domain(name=DOMAIN, workflowExecutionRetentionPeriodInDays="1")
    client.register_workflow_type(
        domain=DOMAIN,
        name="w",
        version="1",
        defaultTaskList={"name": "t"},
        defaultExecutionStartToCloseTimeout="3600",
        defaultTaskStartToCloseTimeout="60",
        defaultChildPolicy="TERMINATE",
    )
    return client.start_workflow_execution(
        domain=DOMAIN, workflowId="raw", workflowType={"name": "w", "version": "1"}, input="{}"
    )["runId"]


def _signal(client: Any, *indexes: int) -> None:
    for index in indexes:
        client.signal_workflow_execution(
            domain=DOMAIN, workflowId="raw", signalName=f"s{index}", input=str(index)
        )


def _parsed_by_botocore(connection: Any, run_id: str) -> History:
    pages = connection.paginate(
        "GetWorkflowExecutionHistory",
        domain=DOMAIN,
        execution={"workflowId": "raw", "runId": run_id},
    )
    return History(parse_event(raw) for page in pages for raw in page["events"])


def test_the_raw_read_gives_the_events_botocore_would_and_leaves_other_calls_alone(
    swf_client: Any, swf_connection: Any
) -> None:
    run_id = _start(swf_client)
    _signal(swf_client, *range(5))
    read = HistoryQuerySet(DOMAIN, connection=swf_connection).get("raw", run_id)
    assert read == _parsed_by_botocore(swf_connection, run_id)
    assert len(read) == 7 and read.signals["s4"][0].input == "4"
    assert read[0].timestamp.tzinfo is not None
    page = swf_connection.call(
        "GetWorkflowExecutionHistory",
        domain=DOMAIN,
        execution={"workflowId": "raw", "runId": run_id},
    )
    assert isinstance(page["events"][0]["eventTimestamp"], datetime)


def test_events_page_gives_a_page_and_the_token_of_the_next(
    swf_client: Any, swf_connection: Any
) -> None:
    run_id = _start(swf_client)
    _signal(swf_client, *range(4))
    histories = HistoryQuerySet(DOMAIN, page_size=3, connection=swf_connection)
    first = histories.events_page("raw", run_id)
    assert [event.id for event in first.items] == [1, 2, 3]
    second = histories.events_page("raw", run_id, token=first.next_page_token)
    assert [event.id for event in second.items] == [4, 5, 6]
    assert second.next_page_token is None


def test_update_adds_only_the_new_events(swf_client: Any, swf_connection: Any) -> None:
    run_id = _start(swf_client)
    histories = HistoryQuerySet(DOMAIN, page_size=2, connection=swf_connection)
    history = histories.get("raw", run_id)
    assert histories.update(history, "raw", run_id) == 0
    _signal(swf_client, 1, 2, 3)
    assert histories.update(history, "raw", run_id) == 3
    assert history == _parsed_by_botocore(swf_connection, run_id)
