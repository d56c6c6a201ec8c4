"""The timeline picture, from histories written with HistoryBuilder (no server)."""

from __future__ import annotations

import re
from datetime import timedelta
from xml.etree import ElementTree

from swf.history import HistoryBuilder
from swf.web.timeline import MAX_BARS, build_timeline, render_svg

SVG = "{http://www.w3.org/2000/svg}"


def retried() -> HistoryBuilder:
    builder = HistoryBuilder(workflow_id="o-1").workflow_started(workflow_type=("order", "1"))
    builder.decision_task()
    builder.activity_scheduled("charge", activity_type=("charge", "1"))
    builder.activity_started("charge").activity_failed("charge", reason="declined")
    builder.decision_task()
    builder.activity_scheduled("charge", activity_type=("charge", "1"))
    builder.activity_started("charge")
    builder.timer_started("wait", start_to_fire_timeout=timedelta(seconds=5))
    builder.signaled("approved", input="<script>alert(1)</script>")
    return builder


def test_each_attempt_of_an_activity_is_a_bar_of_its_own() -> None:
    timeline = build_timeline(retried().build())
    attempts = [span for span in timeline.spans if span.kind == "activity"]
    assert [(span.attempt, span.state) for span in attempts] == [(1, "FAILED"), (2, "STARTED")]
    assert attempts[1].closed_at is None  # still running: drawn to the end of the axis
    assert [span.kind for span in timeline.spans] == ["workflow", "activity", "activity", "timer"]
    assert [(i.kind, i.name) for i in timeline.instants] == [("signal", "approved")]


def test_the_svg_is_well_formed_escaped_and_titled() -> None:
    svg = render_svg(build_timeline(retried().build()))
    root = ElementTree.fromstring(svg)  # well-formed XML, or this raises
    bars = root.findall(f"{SVG}rect[@data-kind='activity']")
    assert [bar.get("data-attempt") for bar in bars] == ["1", "2"]
    for bar in bars:
        assert bar.find(f"{SVG}title") is not None
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert any("<script>alert(1)</script>" in text for text in titles)  # as text, in a title
    assert "<script>" not in svg


def test_a_child_bar_links_to_the_child_once_it_started() -> None:
    builder = HistoryBuilder().workflow_started(workflow_type=("order", "1")).decision_task()
    builder.child_workflow_initiated("kid", workflow_type=("kid", "1"))
    builder.child_workflow_started("kid", run_id="run-9").child_workflow_completed("kid")
    svg = render_svg(
        build_timeline(builder.build()), child_link=lambda w, r: f"/x?workflow_id={w}&run_id={r}"
    )
    assert re.search(r'<a href="/x\?workflow_id=kid&amp;run_id=run-9" class="child-link">', svg)


def test_a_long_history_draws_the_first_bars_and_counts_the_rest() -> None:
    builder = HistoryBuilder().workflow_started(workflow_type=("order", "1")).decision_task()
    for index in range(MAX_BARS + 20):
        builder.activity_scheduled(f"a-{index}", activity_type=("work", "1"))
    timeline = build_timeline(builder.build())
    assert timeline.activity_attempts == MAX_BARS  # besides the execution's own bar
    assert timeline.omitted == 20
    assert "20 more bars and instants not drawn" in render_svg(timeline)
