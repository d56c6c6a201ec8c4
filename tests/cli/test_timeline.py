"""The timeline's labels for activity attempts: rescheduled ids and swf.flow's retry ids."""

from __future__ import annotations

from swf.cli.timeline import render_timeline, retry_of
from swf.history import HistoryBuilder


def labels(builder: HistoryBuilder) -> list[str]:
    lines = render_timeline(builder.build()).splitlines()[1:]
    return [line.split("  ")[0] for line in lines]


def test_flow_retry_ids_are_drawn_as_attempts_of_their_activity() -> None:
    builder = HistoryBuilder().workflow_started(workflow_type=("order", "1")).decision_task()
    builder.activity_scheduled("charge-1", activity_type=("charge", "1"))
    builder.activity_started("charge-1").activity_failed("charge-1", reason="declined")
    builder.decision_task().activity_scheduled("charge-1.2", activity_type=("charge", "1"))
    builder.activity_started("charge-1.2").activity_failed("charge-1.2", reason="declined")
    builder.decision_task().activity_scheduled("charge-1.3", activity_type=("charge", "1"))
    builder.activity_started("charge-1.3").activity_completed("charge-1.3")
    timeline = render_timeline(builder.build())
    assert labels(builder)[1:] == [
        "activity charge-1",
        "activity charge-1 #2",
        "activity charge-1 #3",
    ]
    rows = timeline.splitlines()
    assert "failed" in rows[3] and "completed" in rows[4]


def test_an_id_with_a_dot_is_no_retry_unless_its_base_id_was_scheduled() -> None:
    assert retry_of("charge-1.2", {"charge-1", "charge-1.2"}) == ("charge-1", 2)
    assert retry_of("v1.2", {"v1.2"}) is None
    assert retry_of("charge-1.1", {"charge-1"}) is None
    assert retry_of("charge-1.x", {"charge-1"}) is None
    builder = HistoryBuilder().workflow_started(workflow_type=("order", "1")).decision_task()
    builder.activity_scheduled("v1.2", activity_type=("resize", "3"))
    assert labels(builder)[1:] == ["activity v1.2 (resize 3)"]


def test_the_type_is_left_out_where_the_id_says_it() -> None:
    builder = HistoryBuilder().workflow_started(workflow_type=("order", "1")).decision_task()
    builder.activity_scheduled("resize", activity_type=("resize", "1"))
    builder.activity_scheduled("resize-2", activity_type=("resize", "1"))
    builder.activity_scheduled("resize-big", activity_type=("resize", "1"))
    assert labels(builder)[1:] == [
        "activity resize",
        "activity resize-2",
        "activity resize-big (resize 1)",
    ]
