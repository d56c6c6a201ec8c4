"""Helpers of the history tests: botocore's verdict on an event, a history of every type."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from botocore.model import Shape
from botocore.validate import ParamValidator

from swf.history import HistoryBuilder


def assert_valid_event(raw: dict[str, Any], shape: Shape) -> None:
    """Fail with botocore's report when ``raw`` does not fit the ``HistoryEvent`` shape."""
    report = ParamValidator().validate(raw, shape)
    assert not report.has_errors(), report.generate_report()


def every_event_type_builder() -> HistoryBuilder:
    """A builder that has written at least one event of each of the 54 types."""
    b = HistoryBuilder()
    b.workflow_started(
        workflow_type=("wf", "1"),
        input="in",
        tag_list=["a"],
        task_priority=3,
        parent_workflow_execution=("parent", "prun"),
        parent_initiated_event_id=9,
    )
    b.decision_task_scheduled().decision_task_started().decision_task_timed_out()
    b.decision_task(execution_context="ctx")
    # activities
    b.activity_scheduled(
        "a1", activity_type=("act", "1"), input="x", heartbeat_timeout=timedelta(seconds=10)
    )
    b.activity_started("a1").activity_completed("a1", result="r")
    b.schedule_activity_failed("a2", cause="ACTIVITY_TYPE_DEPRECATED")
    b.activity_scheduled("a3").activity_started("a3").activity_failed("a3", reason="boom")
    b.activity_scheduled("a4").activity_timed_out("a4", timeout_type="SCHEDULE_TO_START")
    b.activity_scheduled("a5").activity_started("a5").activity_cancel_requested("a5")
    b.activity_canceled("a5", details="bye")
    b.request_cancel_activity_failed("nope")
    # timers
    b.timer_started("t1", start_to_fire_timeout=timedelta(seconds=30)).timer_fired("t1")
    b.timer_started("t2").timer_canceled("t2")
    b.start_timer_failed("t3").cancel_timer_failed("t4")
    # markers
    b.marker_recorded("m", details="d").record_marker_failed("m2")
    # signals and cancel requests to this execution
    b.signaled("go", input="now", external_workflow_execution=("other", "orun"))
    b.workflow_cancel_requested(cause="CHILD_POLICY_APPLIED")
    # children
    b.child_workflow_initiated("c1").child_workflow_started("c1").child_workflow_completed("c1")
    b.child_workflow_initiated("c2").start_child_workflow_failed("c2")
    b.child_workflow_initiated("c3").child_workflow_started("c3").child_workflow_failed("c3")
    b.child_workflow_initiated("c4").child_workflow_started("c4").child_workflow_timed_out("c4")
    b.child_workflow_initiated("c5").child_workflow_started("c5").child_workflow_canceled("c5")
    b.child_workflow_initiated("c6").child_workflow_started("c6").child_workflow_terminated("c6")
    # external executions
    b.external_signal_initiated("e1", signal_name="s").external_workflow_signaled("e1")
    b.external_signal_initiated("e2", signal_name="s").signal_external_failed("e2")
    b.external_cancel_initiated("e3").external_workflow_cancel_requested("e3")
    b.external_cancel_initiated("e4").request_cancel_external_failed("e4")
    # Lambda tasks
    b.lambda_scheduled("l1").lambda_started("l1").lambda_completed("l1", result="ok")
    b.lambda_scheduled("l2").lambda_started("l2").lambda_failed("l2", reason="r")
    b.lambda_scheduled("l3").lambda_started("l3").lambda_timed_out("l3")
    b.lambda_scheduled("l4").start_lambda_failed("l4")
    b.schedule_lambda_failed("l5")
    # refused closing decisions, then the closes
    b.complete_workflow_failed().fail_workflow_failed().cancel_workflow_failed()
    b.continue_as_new_failed(cause="WORKFLOW_TYPE_DEPRECATED")
    b.workflow_completed(result="done")
    # the other closing events, for parsing only (a real history has exactly one)
    b.workflow_failed(reason="r").workflow_canceled().workflow_timed_out()
    b.workflow_terminated(cause="OPERATOR_INITIATED").workflow_continued_as_new()
    return b
