"""The web view in a real headless Chromium, on SWF Local after ``swf demo``'s workflow.

The demo runs once per session (real time, ~3 s); tests that change executions start
executions of their own beside it.
"""

from __future__ import annotations

import json
from typing import Any

from swf.cli.demo_workflow import DEFAULT_DOMAIN, ORDER, SHIPPING, VERSION
from swf.models import WorkflowExecution, WorkflowType
from swf.querysets import HistoryQuerySet
from swf.web.urls import execution_url
from tests.web.support import DemoSite

XSS = "<script>alert(1)</script>"


def open_execution(site: DemoSite, workflow_id: str) -> WorkflowExecution:
    """A new open ``order`` execution (no decider runs any more: it stays open)."""
    workflow_type = WorkflowType(DEFAULT_DOMAIN, ORDER, VERSION, connection=site.connection)
    return workflow_type.start_execution(workflow_id, input='{"sku": "TEA-42"}')


def events_of(site: DemoSite, execution: WorkflowExecution) -> list[str]:
    history = HistoryQuerySet(DEFAULT_DOMAIN, connection=site.connection).get(
        execution.workflow_id, execution.run_id or ""
    )
    return [event.type for event in history]


def test_the_demo_workflow_is_found_through_the_lists_filters(
    demo_site: DemoSite, page: Any
) -> None:
    page.goto(demo_site.url + "/")
    page.click(f"text={DEFAULT_DOMAIN}")
    page.click("text=Closed executions")
    rows = page.locator("#executions tbody tr")
    assert rows.count() == 2  # the order and its shipping child
    page.fill("#f-tag", "demo")
    page.click("#f-apply")
    assert rows.count() == 1
    assert "1 closed execution match" in page.inner_text("#count")
    page.fill("#f-tag", "")
    page.fill("#f-type-name", SHIPPING)
    page.click("#f-apply")
    assert rows.count() == 1 and SHIPPING in rows.first.inner_text()
    page.fill("#f-type-name", "")
    page.fill("#f-workflow-id", demo_site.run.workflow_id)
    page.select_option("#f-close-status", "")
    page.click("#f-apply")
    assert rows.count() == 1
    page.click("#executions a.execution-link")
    assert page.inner_text("h1") == demo_site.run.workflow_id
    assert page.inner_text("#status") == "COMPLETED"
    assert json.loads(page.inner_text("#result"))["charge_attempts"] == 2


def test_the_timeline_draws_one_bar_per_activity_attempt(demo_site: DemoSite, page: Any) -> None:
    run = demo_site.run
    page.goto(demo_site.url + execution_url(DEFAULT_DOMAIN, run.workflow_id, run.run_id))
    scheduled = [e for e in run.history if e.type == "ActivityTaskScheduled"]
    bars = page.locator("#timeline svg rect.bar.activity")
    assert bars.count() == len(scheduled) == 4  # check-stock, quote-shipping, charge-card x2
    charge = page.locator("#timeline svg rect.bar.activity", has_text="charge-card")
    assert charge.count() == 2
    assert "failed" in (charge.nth(0).get_attribute("class") or "")
    assert charge.nth(1).get_attribute("data-attempt") == "2"
    assert "completed" in (charge.nth(1).get_attribute("class") or "")
    # Timers, signals and markers on the same axis, each with hover details.
    assert page.locator("#timeline svg rect.bar.timer").count() == 1
    assert page.locator("#timeline svg polygon.instant.signal").count() == 1
    assert page.locator("#timeline svg polygon.instant.marker").count() == 1
    box = page.locator("#timeline svg rect.bar.timer").bounding_box()
    assert box is not None and box["width"] > 2
    assert "cool-off" in page.locator("#timeline svg rect.bar.timer title").text_content()


def test_a_child_workflow_is_reached_by_its_link(demo_site: DemoSite, page: Any) -> None:
    run = demo_site.run
    page.goto(demo_site.url + execution_url(DEFAULT_DOMAIN, run.workflow_id, run.run_id))
    page.click("#children a.child-link")
    assert page.inner_text("h1") == f"{run.workflow_id}-shipping"
    assert page.locator("#timeline svg rect.bar.activity").count() == 1  # print-label
    page.click("#parent-link")
    assert page.inner_text("h1") == run.workflow_id
    # The child's bar in the parent's timeline links there too.
    page.click("#timeline svg a.child-link rect")
    assert page.inner_text("h1") == f"{run.workflow_id}-shipping"


def test_a_signal_sent_from_the_page_appears_in_the_history(demo_site: DemoSite, page: Any) -> None:
    execution = open_execution(demo_site, "browser-signal")
    page.goto(
        demo_site.url + execution_url(DEFAULT_DOMAIN, "browser-signal", execution.run_id or "")
    )
    page.fill("#signal-name", "approved")
    page.fill("#signal-input", '{"by": "a browser"}')
    page.click("#signal-button")
    assert page.inner_text("h1") == "Send a signal?"
    assert "WorkflowExecutionSignaled" not in events_of(demo_site, execution)
    page.click("#confirm-button")
    assert page.inner_text("#notice") == "The signal was sent."
    row = page.locator('#event-rows tr[data-event-type="WorkflowExecutionSignaled"]')
    assert row.count() == 1 and "a browser" in row.inner_text()
    assert "WorkflowExecutionSignaled" in events_of(demo_site, execution)


def test_an_open_execution_follows_new_events_without_a_reload(
    demo_site: DemoSite, page: Any
) -> None:
    execution = open_execution(demo_site, "browser-follow")
    page.goto(
        demo_site.url + execution_url(DEFAULT_DOMAIN, "browser-follow", execution.run_id or "")
    )
    page.evaluate("window.notReloaded = true")
    execution.signal("nudge", input='"from elsewhere"')
    page.wait_for_selector('#event-rows tr[data-event-type="WorkflowExecutionSignaled"]')
    page.wait_for_selector("#timeline svg polygon.instant.signal")
    assert page.evaluate("window.notReloaded") is True


def test_terminate_asks_for_confirmation(demo_site: DemoSite, page: Any) -> None:
    execution = open_execution(demo_site, "browser-terminate")
    url = demo_site.url + execution_url(DEFAULT_DOMAIN, "browser-terminate", execution.run_id or "")
    page.goto(url)
    page.fill("#terminate-reason", "tested")
    page.click("#terminate-button")
    assert page.inner_text("h1") == "Terminate?"
    assert execution.upstream().status == "OPEN"
    page.click("#confirm-cancel")
    assert page.inner_text("#status") == "OPEN"
    page.click("#terminate-button")
    page.click("#confirm-button")
    assert page.inner_text("#notice") == "The execution was terminated."
    assert page.inner_text("#status") == "TERMINATED"
    assert execution.upstream().close_status == "TERMINATED"
    assert page.locator("#rerun-button").count() == 1  # closed: only a re-run is offered


def test_an_xss_attempt_is_inert(demo_site: DemoSite, page: Any) -> None:
    workflow_type = WorkflowType(DEFAULT_DOMAIN, ORDER, VERSION, connection=demo_site.connection)
    execution = workflow_type.start_execution("browser-xss", input=XSS, tag_list=[XSS])
    page.goto(demo_site.url + execution_url(DEFAULT_DOMAIN, "browser-xss", execution.run_id or ""))
    page.fill("#signal-name", "hello")
    page.fill("#signal-input", XSS)
    page.click("#signal-button")
    page.click("#confirm-button")
    page.wait_for_selector('#event-rows tr[data-event-type="WorkflowExecutionSignaled"]')
    assert XSS in page.inner_text("#input")  # shown as text
    assert XSS in page.inner_text("#event-rows")
    assert page.locator("script").count() == 1  # only the page's own follow.js
    page.goto(demo_site.url + f"/domains/{DEFAULT_DOMAIN}/executions?status=OPEN&tag={XSS}")
    assert XSS in page.inner_text("#executions")
    assert page.locator("script").count() == 0
    assert page.dialogs == []


def test_read_only_offers_no_action(demo_site: DemoSite, page: Any) -> None:
    execution = open_execution(demo_site, "browser-read-only")
    page.goto(
        demo_site.read_only_url
        + execution_url(DEFAULT_DOMAIN, "browser-read-only", execution.run_id or "")
    )
    assert page.inner_text("h1") == "browser-read-only"
    assert page.locator("form[method=post]").count() == 0
    assert page.locator("button").count() == 0
    assert "read-only" in page.inner_text("header")
    status = page.evaluate(
        """async (run) => (await fetch('/domains/swf-demo/execution/terminate', {method: 'POST',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'},
        body: 'workflow_id=browser-read-only&confirmed=yes&run_id='
              + encodeURIComponent(run)})).status""",
        execution.run_id,
    )
    assert status == 403
    assert execution.upstream().status == "OPEN"
