"""The web view over plain HTTP (no browser): routes, safety rules, error pages, links."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from swf.history import History
from swf.models import WorkflowExecution
from swf.querysets import HistoryQuerySet
from swf.web import WebServer
from swf.web.urls import action_url, execution_url, executions_url, follow_url
from tests.web.support import DOMAIN, http, start

XSS = "<script>alert(1)</script>"


def history_of(connection: Any, workflow_id: str, run_id: str) -> History:
    return HistoryQuerySet(DOMAIN, connection=connection).get(workflow_id, run_id)


def action(web: WebServer, name: str, workflow_id: str, run_id: str, **fields: str) -> Any:
    form = {
        "csrf_token": web.app.csrf_token,
        "workflow_id": workflow_id,
        "run_id": run_id,
        **fields,
    }
    return http(web.url + action_url(DOMAIN, name), form=form)


# -- pages ---------------------------------------------------------------------------------


def test_domains_page_lists_domains_with_status_retention_and_description(
    web: WebServer, domain: str
) -> None:
    answer = http(web.url + "/")
    assert answer.status == 200
    assert f'href="/domains/{DOMAIN}"' in answer.body
    row = answer.body[answer.body.index(f">{DOMAIN}</a>") :]
    assert "REGISTERED" in row and "<td>3</td>" in row and "web tests" in row


def test_domain_page_lists_types_with_their_defaults(web: WebServer, domain: str) -> None:
    answer = http(web.url + f"/domains/{DOMAIN}")
    assert answer.status == 200
    workflow_types = answer.body[answer.body.index('id="workflow-types"') :]
    assert "<td>job</td>" in workflow_types and "deciders" in workflow_types
    assert "1h 0m 0s" in workflow_types  # the execution time-out default, 3600 s
    assert "TERMINATE" in workflow_types
    activity_types = answer.body[answer.body.index('id="activity-types"') :]
    assert "<td>step</td>" in activity_types and "workers" in activity_types
    assert "10m 0s" in activity_types  # schedule to start, 600 s


def test_execution_list_pages_with_swf_page_tokens_newest_first(
    web: WebServer, domain: str, swf_client: Any, swf_clock: Any
) -> None:
    for index in range(5):
        start(swf_client, f"job-{index}")
        swf_clock.advance(1)
    seen: list[str] = []
    url = web.url + executions_url(DOMAIN, status="OPEN", page_size=2)
    pages = 0
    while url:
        answer = http(url)
        assert answer.status == 200
        assert "5 open executions match" in answer.body
        seen += re.findall(r'class="execution-link"[^>]*>([^<]+)</a>', answer.body)
        pages += 1
        found = re.search(r'href="([^"]+)" id="next-page"', answer.body)
        url = web.url + html.unescape(found.group(1)) if found else ""
    assert pages == 3
    assert seen == [f"job-{index}" for index in (4, 3, 2, 1, 0)]


def test_execution_list_filters_by_tag_and_refuses_two_exclusive_filters(
    web: WebServer, domain: str, swf_client: Any
) -> None:
    start(swf_client, "tagged", tagList=["blue"])
    start(swf_client, "plain")
    answer = http(web.url + executions_url(DOMAIN, status="OPEN", tag="blue"))
    assert "tagged</a>" in answer.body and "plain</a>" not in answer.body
    assert "1 open execution match" in answer.body
    refused = http(web.url + executions_url(DOMAIN, status="OPEN", tag="blue", workflow_id="x"))
    assert refused.status == 400
    assert "SWF takes one of workflow_id, tag" in html.unescape(refused.body)
    assert "Traceback" not in refused.body


def test_execution_list_filters_by_time_window_in_utc(
    web: WebServer, domain: str, swf_client: Any, swf_clock: Any
) -> None:
    from datetime import datetime, timedelta, timezone

    start(swf_client, "early")
    swf_clock.advance(timedelta(minutes=20))  # within the type's 1 h execution time-out
    start(swf_client, "late")
    between = datetime.fromtimestamp(swf_clock.now(), tz=timezone.utc) - timedelta(minutes=10)
    middle = between.strftime("%Y-%m-%dT%H:%M:%S")
    after = http(web.url + executions_url(DOMAIN, status="OPEN", started_after=middle)).body
    assert "late</a>" in after and "early</a>" not in after
    before = http(web.url + executions_url(DOMAIN, status="OPEN", started_before=middle)).body
    assert "early</a>" in before and "late</a>" not in before
    swf_client.terminate_workflow_execution(domain=DOMAIN, workflowId="early")
    closed = http(web.url + executions_url(DOMAIN, status="CLOSED", closed_after=middle)).body
    assert "early</a>" in closed
    refused = http(web.url + executions_url(DOMAIN, status="OPEN", started_after="yesterday"))
    assert refused.status == 400 and "date and time" in refused.body


def test_execution_page_shows_summary_pending_activities_and_events(
    web: WebServer, domain: str, swf_client: Any
) -> None:
    run_id = start(swf_client, "order-1", input='{"sku": "TEA-42"}')
    task = swf_client.poll_for_decision_task(domain=DOMAIN, taskList={"name": "deciders"})
    swf_client.respond_decision_task_completed(
        taskToken=task["taskToken"],
        decisions=[
            {
                "decisionType": "ScheduleActivityTask",
                "scheduleActivityTaskDecisionAttributes": {
                    "activityId": "pack",
                    "activityType": {"name": "step", "version": "1"},
                    "input": '{"box": 2}',
                },
            }
        ],
        executionContext='{"stage": "packing"}',
    )
    swf_client.poll_for_activity_task(
        domain=DOMAIN, taskList={"name": "workers"}, identity="worker-7"
    )
    answer = http(web.url + execution_url(DOMAIN, "order-1", run_id))
    assert answer.status == 200
    body = html.unescape(answer.body)
    assert '"sku": "TEA-42"' in body  # the input, pretty-printed
    assert '"stage": "packing"' in body  # the latest execution context
    pending = body[body.index('id="pending-activities"') :]
    assert "pack" in pending and "STARTED" in pending and "worker-7" in pending
    assert "1 activity tasks" in body  # the open counts
    for event_type in ("WorkflowExecutionStarted", "ActivityTaskScheduled", "ActivityTaskStarted"):
        assert f'data-event-type="{event_type}"' in answer.body
    assert 'data-kind="activity"' in answer.body  # the timeline's bar


def test_unknown_domain_execution_and_path_are_404_pages_with_a_message(
    web: WebServer, domain: str
) -> None:
    for path, message in (
        ("/domains/nowhere", "nowhere"),
        (execution_url(DOMAIN, "ghost", "0123"), "ghost"),
        ("/no/such/page", "no page at /no/such/page"),
    ):
        answer = http(web.url + path)
        assert answer.status == 404, path
        assert 'class="error"' in answer.body and message in html.unescape(answer.body)
        assert "Traceback" not in answer.body
    assert http(web.url + "/static/../app.py").status == 404
    assert http(web.url + "/static/style.css").headers["content-type"].startswith("text/css")


def test_an_action_path_answers_get_with_405(web: WebServer, domain: str) -> None:
    assert http(web.url + action_url(DOMAIN, "signal")).status == 405
    answer = http(web.url + f"/domains/{DOMAIN}/execution?run_id=x")
    assert answer.status == 400 and "workflow_id" in answer.body


def test_a_workflow_id_alone_leads_to_its_open_run(
    web: WebServer, domain: str, swf_client: Any
) -> None:
    run_id = start(swf_client, "alone")
    answer = http(web.url + f"/domains/{DOMAIN}/execution?workflow_id=alone")
    assert answer.status == 303
    assert answer.headers["location"] == execution_url(DOMAIN, "alone", run_id)
    swf_client.terminate_workflow_execution(domain=DOMAIN, workflowId="alone")
    closed = http(web.url + f"/domains/{DOMAIN}/execution?workflow_id=alone")
    assert closed.status == 404 and "alone" in html.unescape(closed.body)


def test_an_unreachable_swf_is_a_message_not_a_traceback(swf_connection: Any) -> None:
    from swf.core import Connection

    dead = Connection(endpoint_url="http://127.0.0.1:9", region="us-east-1")
    with WebServer(connection=dead, port=0) as server:
        answer = http(server.url + "/")
    assert answer.status == 502
    assert 'class="error"' in answer.body and "Traceback" not in answer.body


# -- safety ----------------------------------------------------------------------------------


def test_a_post_without_the_csrf_token_is_refused_and_does_nothing(
    web: WebServer, domain: str, swf_client: Any, swf_connection: Any
) -> None:
    run_id = start(swf_client, "guarded")
    form = {"workflow_id": "guarded", "run_id": run_id, "signal_name": "go", "confirmed": "yes"}
    for token in (None, "forged"):
        sent = dict(form) if token is None else {**form, "csrf_token": token}
        answer = http(web.url + action_url(DOMAIN, "signal"), form=sent)
        assert answer.status == 403
        assert "security token" in html.unescape(answer.body)
    foreign = http(
        web.url + action_url(DOMAIN, "signal"),
        form={**form, "csrf_token": web.app.csrf_token},
        headers={"Origin": "http://evil.example"},
    )
    assert foreign.status == 403
    assert not history_of(swf_connection, "guarded", run_id).signals


def test_an_action_first_asks_then_does_and_redirects_to_the_outcome(
    web: WebServer, domain: str, swf_client: Any, swf_connection: Any
) -> None:
    run_id = start(swf_client, "signaled")
    asked = action(web, "signal", "signaled", run_id, signal_name="go", input='{"n": 1}')
    assert asked.status == 200 and 'id="confirm-form"' in asked.body
    assert not history_of(swf_connection, "signaled", run_id).signals
    done = action(
        web, "signal", "signaled", run_id, signal_name="go", input='{"n": 1}', confirmed="yes"
    )
    assert done.status == 303
    assert "notice=signaled" in done.headers["location"]
    assert history_of(swf_connection, "signaled", run_id).signals["go"][0].input == '{"n": 1}'
    page = http(web.url + done.headers["location"])
    assert "The signal was sent." in page.body


def test_swf_refusing_an_action_is_shown_on_the_page(
    web: WebServer, domain: str, swf_client: Any
) -> None:
    run_id = start(swf_client, "closed-already")
    swf_client.terminate_workflow_execution(domain=DOMAIN, workflowId="closed-already")
    answer = action(web, "signal", "closed-already", run_id, signal_name="go", confirmed="yes")
    assert answer.status == 409
    assert 'id="action-error"' in answer.body and "UnknownResource" in answer.body
    assert "Traceback" not in answer.body


def test_every_value_is_escaped(web: WebServer, domain: str, swf_client: Any) -> None:
    run_id = start(swf_client, "xss", tagList=[XSS], input=XSS)
    swf_client.signal_workflow_execution(
        domain=DOMAIN, workflowId="xss", signalName="hello", input=XSS
    )
    for path in (
        execution_url(DOMAIN, "xss", run_id),
        executions_url(DOMAIN, status="OPEN"),
        executions_url(DOMAIN, status="OPEN", workflow_id=XSS),  # an invalid id, echoed
    ):
        answer = http(web.url + path)
        assert XSS not in answer.body, path
    page = http(web.url + execution_url(DOMAIN, "xss", run_id)).body
    assert html.escape(XSS, quote=False) in page or "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    policy = http(web.url + "/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_a_request_naming_another_host_is_refused(web: WebServer, domain: str) -> None:
    answer = http(web.url + "/", headers={"Host": "evil.example"})
    assert answer.status == 403 and "loopback" in answer.body


def test_read_only_offers_no_form_and_refuses_posts(
    swf_connection: Any, domain: str, swf_client: Any
) -> None:
    run_id = start(swf_client, "watched")
    with WebServer(connection=swf_connection, port=0, read_only=True) as server:
        page = http(server.url + execution_url(DOMAIN, "watched", run_id))
        assert page.status == 200 and "<form" not in page.body.replace('method="get"', "")
        assert 'method="post"' not in page.body
        refused = http(
            server.url + action_url(DOMAIN, "terminate"),
            form={
                "csrf_token": server.app.csrf_token,
                "workflow_id": "watched",
                "run_id": run_id,
                "confirmed": "yes",
            },
        )
    assert refused.status == 403 and "read-only" in refused.body
    assert (
        WorkflowExecution(DOMAIN, "watched", run_id, connection=swf_connection).upstream().status
        == "OPEN"
    )


# -- follow, re-run, links -------------------------------------------------------------------


def test_follow_answers_the_sections_only_when_there_are_new_events(
    web: WebServer, domain: str, swf_client: Any
) -> None:
    run_id = start(swf_client, "followed")
    first = json.loads(http(web.url + follow_url(DOMAIN, "followed", run_id) + "&after=0").body)
    last = first["last_event_id"]
    assert first["is_open"] and set(first["sections"]) >= {"summary", "timeline", "compact"}
    same = json.loads(
        http(web.url + follow_url(DOMAIN, "followed", run_id) + f"&after={last}").body
    )
    assert same == {"last_event_id": last, "is_open": True}
    swf_client.signal_workflow_execution(domain=DOMAIN, workflowId="followed", signalName="ping")
    new = json.loads(http(web.url + follow_url(DOMAIN, "followed", run_id) + f"&after={last}").body)
    assert new["last_event_id"] == last + 1
    assert 'data-event-type="WorkflowExecutionSignaled"' in new["event_rows"]
    assert "WorkflowExecutionStarted" not in new["event_rows"]
    assert "actions" not in new["sections"]  # a form being filled in is left alone
    swf_client.terminate_workflow_execution(domain=DOMAIN, workflowId="followed")
    closed = json.loads(
        http(web.url + follow_url(DOMAIN, "followed", run_id) + f"&after={last + 1}").body
    )
    assert not closed["is_open"] and 'id="rerun-form"' in closed["sections"]["actions"]


def test_rerun_starts_a_new_run_with_the_same_input_and_tags(
    web: WebServer, domain: str, swf_client: Any, swf_connection: Any
) -> None:
    old = start(swf_client, "again", input='{"n": 7}', tagList=["nightly"])
    swf_client.terminate_workflow_execution(domain=DOMAIN, workflowId="again")
    done = action(web, "rerun", "again", old, confirmed="yes")
    assert done.status == 303 and "notice=rerun" in done.headers["location"]
    new = WorkflowExecution(DOMAIN, "again", connection=swf_connection).upstream()
    assert new.run_id != old and new.tag_list == ("nightly",)
    assert history_of(swf_connection, "again", new.run_id or "").execution.input == '{"n": 7}'


def test_continue_as_new_runs_are_linked_both_ways(
    web: WebServer, domain: str, swf_client: Any
) -> None:
    first = start(swf_client, "chain")
    task = swf_client.poll_for_decision_task(domain=DOMAIN, taskList={"name": "deciders"})
    swf_client.respond_decision_task_completed(
        taskToken=task["taskToken"],
        decisions=[
            {
                "decisionType": "ContinueAsNewWorkflowExecution",
                "continueAsNewWorkflowExecutionDecisionAttributes": {"input": "next"},
            }
        ],
    )
    second = swf_client.describe_workflow_execution(
        domain=DOMAIN,
        execution={"workflowId": "chain", "runId": first},
    )["executionInfo"]
    assert second["closeStatus"] == "CONTINUED_AS_NEW"
    old_page = http(web.url + execution_url(DOMAIN, "chain", first)).body
    found = re.search(r'id="next-run" href="([^"]+)"', old_page)
    assert found is not None
    new_page = http(web.url + html.unescape(found.group(1))).body
    assert "next" in new_page and 'id="previous-run"' in new_page
    assert html.escape(execution_url(DOMAIN, "chain", first)) in new_page
