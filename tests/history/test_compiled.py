"""The compiled view: every entity kind through every transition."""

from __future__ import annotations

from datetime import timedelta

import pytest

from swf.constants import CLOSED, OPEN, CloseStatus
from swf.history import (
    CLOSE_STATUS_BY_EVENT_TYPE,
    ActivityState,
    ChildWorkflowState,
    DecisionTaskState,
    ExternalState,
    History,
    HistoryBuilder,
    LambdaFunctionState,
    MarkerState,
    TimerState,
    WorkflowExecutionRef,
)
from tests.history.support import every_event_type_builder


def _started() -> HistoryBuilder:
    return (
        HistoryBuilder()
        .workflow_started(workflow_type=("wf", "1"), input="in", tag_list=["t"])
        .decision_task()
    )


# -- activities -------------------------------------------------------------------------------


def test_activity_scheduled_started_completed() -> None:
    b = _started().activity_scheduled(
        "a",
        activity_type=("act", "2"),
        input="x",
        control="c",
        task_list="tl",
        start_to_close_timeout=timedelta(minutes=1),
    )
    history = b.build()
    a = history.activities["a"]
    assert (a.state, a.input, a.control, a.task_list) == (ActivityState.SCHEDULED, "x", "c", "tl")
    assert a.activity_type == ("act", "2") and a.attempts == 1 and a.is_open
    assert a.start_to_close_timeout == timedelta(minutes=1)
    assert a.scheduled_at == history.get(a.scheduled_event_id).timestamp  # type: ignore[arg-type]
    history.extend(b.activity_started("a", identity="w1").events)
    assert (a.state, a.identity, a.started_event_id) == ("STARTED", "w1", 6)
    history.extend(b.activity_completed("a", result="ok").events)
    assert (a.state, a.result, a.closed_event_id) == ("COMPLETED", "ok", 7)
    assert a.is_closed and a.closed_at is not None and a.started_at is not None


def test_activity_failed_keeps_reason_and_details() -> None:
    b = _started().activity_scheduled("a").activity_started("a")
    a = b.activity_failed("a", reason="disk full", details="/tmp").build().activities["a"]
    assert (a.state, a.reason, a.details) == (ActivityState.FAILED, "disk full", "/tmp")


@pytest.mark.parametrize("timeout_type", ["START_TO_CLOSE", "HEARTBEAT", "SCHEDULE_TO_CLOSE"])
def test_activity_timed_out_after_start(timeout_type: str) -> None:
    b = _started().activity_scheduled("a").activity_started("a")
    a = b.activity_timed_out("a", timeout_type=timeout_type, details="50%").build().activities["a"]
    assert (a.state, a.timeout_type, a.details) == (ActivityState.TIMED_OUT, timeout_type, "50%")


def test_activity_timed_out_before_start() -> None:
    b = _started().activity_scheduled("a")
    a = b.activity_timed_out("a", timeout_type="SCHEDULE_TO_START").build().activities["a"]
    assert (a.state, a.timeout_type, a.started_at) == ("TIMED_OUT", "SCHEDULE_TO_START", None)


def test_activity_cancel_requested_then_canceled() -> None:
    b = _started().activity_scheduled("a").activity_started("a").activity_cancel_requested("a")
    history = b.build()
    a = history.activities["a"]
    assert a.cancel_requested and a.state == "STARTED"
    history.extend(b.activity_canceled("a", details="stopped").events)
    assert (a.state, a.details) == (ActivityState.CANCELED, "stopped")


def test_request_cancel_of_an_unknown_activity_is_a_failed_decision() -> None:
    history = _started().request_cancel_activity_failed("ghost").build()
    assert "ghost" not in history.activities
    assert [e.type for e in history.failed_decisions] == ["RequestCancelActivityTaskFailed"]


def test_request_cancel_failure_is_noted_on_a_known_activity() -> None:
    b = _started().activity_scheduled("a").activity_started("a")
    b.request_cancel_activity_failed("a", cause="OPERATION_NOT_PERMITTED")
    assert b.build().activities["a"].cancel_failed_cause == "OPERATION_NOT_PERMITTED"


def test_schedule_failed_activity() -> None:
    history = (
        _started()
        .schedule_activity_failed(
            "a", activity_type=("act", "1"), cause="ACTIVITY_TYPE_DOES_NOT_EXIST"
        )
        .build()
    )
    a = history.activities["a"]
    # A refused scheduling is an attempt (issue 13: attempts == 0 made retry rules loop).
    assert (a.state, a.cause, a.attempts, a.schedule_failures) == (
        ActivityState.SCHEDULE_FAILED,
        "ACTIVITY_TYPE_DOES_NOT_EXIST",
        1,
        1,
    )
    assert a.is_closed and a.schedule_failed and not a.is_open
    assert history.compiled.activity_attempts == [a]


def test_a_retry_rule_on_closed_activities_ends_when_swf_refuses_every_schedule() -> None:
    """ "Retry while closed and attempts < 3" against an unknown type: three decisions, then
    the rule stops (it used to go on for ever: attempts stayed 0)."""
    builder = _started()
    decisions = 0
    while True:
        history = builder.build()
        a = history.activities.get("a")
        if a is not None and not (a.is_closed and a.attempts < 3):
            break
        decisions += 1
        assert decisions < 10, "the retry rule does not end"
        builder.decision_task().schedule_activity_failed(
            "a", activity_type=("nope", "1"), cause="ACTIVITY_TYPE_DOES_NOT_EXIST"
        )
    assert (decisions, a.attempts, a.schedule_failures) == (3, 3, 3)
    assert [attempt.state for attempt in history.compiled.activity_attempts] == [
        ActivityState.SCHEDULE_FAILED
    ] * 3


def test_a_scheduled_retry_after_a_refusal_keeps_counting() -> None:
    b = _started().schedule_activity_failed("a", cause="OPEN_ACTIVITIES_LIMIT_EXCEEDED")
    b.decision_task().activity_scheduled("a")
    a = b.build().activities["a"]
    assert (a.state, a.attempts, a.schedule_failures) == (ActivityState.SCHEDULED, 2, 1)


def test_a_refused_timer_start_is_an_attempt_of_its_own() -> None:
    b = _started().start_timer_failed("t", cause="OPEN_TIMERS_LIMIT_EXCEEDED")
    b.decision_task().timer_started("t")
    history = b.build()
    t = history.timers["t"]
    assert (t.state, t.attempts, t.start_failures) == (TimerState.STARTED, 2, 1)
    assert [x.state for x in history.compiled.timer_attempts] == [
        TimerState.START_FAILED,
        TimerState.STARTED,
    ]


def test_schedule_failure_for_an_id_in_use_leaves_the_open_attempt_alone() -> None:
    b = _started().activity_scheduled("a").activity_started("a")
    b.schedule_activity_failed("a", cause="ACTIVITY_ID_ALREADY_IN_USE")
    a = b.build().activities["a"]
    assert a.state == "STARTED"


def test_a_retried_activity_counts_attempts_and_starts_clean() -> None:
    b = _started().activity_scheduled("a").activity_started("a").activity_failed("a", reason="x")
    b.decision_task().activity_scheduled("a", input="retry")
    history = b.build()
    a = history.activities["a"]
    assert (a.attempts, a.state, a.reason, a.input) == (2, "SCHEDULED", None, "retry")
    history.extend(b.activity_started("a").activity_completed("a", result="ok").events)
    assert (history.activities["a"].state, history.activities["a"].result) == ("COMPLETED", "ok")


# -- timers -----------------------------------------------------------------------------------


def test_timer_started_then_fired() -> None:
    b = _started().timer_started("t", start_to_fire_timeout=timedelta(seconds=90), control="c")
    history = b.build()
    t = history.timers["t"]
    assert (t.state, t.control, t.start_to_fire_timeout) == ("STARTED", "c", timedelta(seconds=90))
    assert t.fires_at == t.started_at + timedelta(seconds=90)  # type: ignore[operator]
    assert t.is_open
    history.extend(b.timer_fired("t").events)
    assert t.state is TimerState.FIRED and not t.is_open and t.closed_at is not None


def test_timer_canceled_and_cancel_failed() -> None:
    b = _started().timer_started("t").timer_canceled("t").cancel_timer_failed("t")
    t = b.build().timers["t"]
    assert (t.state, t.cancel_failed_cause) == (TimerState.CANCELED, "TIMER_ID_UNKNOWN")


def test_start_timer_failed() -> None:
    t = _started().start_timer_failed("t", cause="OPEN_TIMERS_LIMIT_EXCEEDED").build().timers["t"]
    assert (t.state, t.cause) == (TimerState.START_FAILED, "OPEN_TIMERS_LIMIT_EXCEEDED")


def test_start_timer_failure_for_a_running_timer_leaves_it_running() -> None:
    b = _started().timer_started("t").start_timer_failed("t", cause="TIMER_ID_ALREADY_IN_USE")
    assert b.build().timers["t"].state == "STARTED"


def test_a_timer_id_reused_after_firing_counts_attempts() -> None:
    b = _started().timer_started("t").timer_fired("t").decision_task().timer_started("t")
    t = b.build().timers["t"]
    assert (t.state, t.attempts) == ("STARTED", 2)


# -- markers and signals ----------------------------------------------------------------------


def test_markers_by_name_in_order_including_refused_ones() -> None:
    b = _started().marker_recorded("m", details="1").marker_recorded("m", details="2")
    b.record_marker_failed("m", cause="OPERATION_NOT_PERMITTED")
    markers = b.build().markers["m"]
    assert [(m.state, m.details) for m in markers] == [
        (MarkerState.RECORDED, "1"),
        (MarkerState.RECORDED, "2"),
        (MarkerState.FAILED, None),
    ]
    assert markers[2].cause == "OPERATION_NOT_PERMITTED"


def test_signals_by_name_in_order() -> None:
    b = (
        _started()
        .signaled("go", input="1")
        .signaled("stop")
        .signaled(
            "go", input="2", external_workflow_execution=("w2", "r2"), external_initiated_event_id=8
        )
    )
    signals = b.build().signals
    assert [s.input for s in signals["go"]] == ["1", "2"]
    assert signals["go"][1].external_workflow_execution == WorkflowExecutionRef("w2", "r2")
    assert signals["go"][1].external_initiated_event_id == 8
    assert len(signals["stop"]) == 1


# -- child workflows --------------------------------------------------------------------------


def test_child_initiated_started_completed() -> None:
    b = _started().child_workflow_initiated(
        "c", workflow_type=("child", "1"), input="x", child_policy="ABANDON", tag_list=["k"]
    )
    history = b.build()
    c = history.child_workflows["c"]
    assert (c.state, c.input, c.child_policy, c.tag_list) == (
        ChildWorkflowState.START_INITIATED,
        "x",
        "ABANDON",
        ("k",),
    )
    assert c.workflow_execution is None and c.is_open
    history.extend(b.child_workflow_started("c", run_id="r1").events)
    assert (c.state, c.workflow_execution) == ("STARTED", ("c", "r1"))
    history.extend(b.child_workflow_completed("c", result="ok").events)
    assert (c.state, c.result) == (ChildWorkflowState.COMPLETED, "ok") and not c.is_open


def test_child_start_failed() -> None:
    b = (
        _started()
        .child_workflow_initiated("c")
        .start_child_workflow_failed("c", cause="WORKFLOW_ALREADY_RUNNING")
    )
    c = b.build().child_workflows["c"]
    assert (c.state, c.cause) == (ChildWorkflowState.START_FAILED, "WORKFLOW_ALREADY_RUNNING")


@pytest.mark.parametrize(
    ("step", "state"),
    [
        ("child_workflow_failed", ChildWorkflowState.FAILED),
        ("child_workflow_timed_out", ChildWorkflowState.TIMED_OUT),
        ("child_workflow_canceled", ChildWorkflowState.CANCELED),
        ("child_workflow_terminated", ChildWorkflowState.TERMINATED),
    ],
)
def test_child_closes_other_than_completed(step: str, state: ChildWorkflowState) -> None:
    b = _started().child_workflow_initiated("c").child_workflow_started("c")
    getattr(b, step)("c")
    c = b.build().child_workflows["c"]
    assert c.state is state
    if state is ChildWorkflowState.TIMED_OUT:
        assert c.timeout_type == "START_TO_CLOSE"


def test_child_failed_keeps_reason_and_details() -> None:
    b = _started().child_workflow_initiated("c").child_workflow_started("c")
    c = b.child_workflow_failed("c", reason="r", details="d").build().child_workflows["c"]
    assert (c.reason, c.details) == ("r", "d")


# -- signals and cancel requests sent to other executions ------------------------------------


def test_external_signal_initiated_then_delivered_or_failed() -> None:
    b = _started().external_signal_initiated("w", signal_name="s", input="i", control="c")
    history = b.build()
    (signal,) = history.external_signals.values()
    assert (signal.state, signal.workflow_id, signal.signal_name, signal.input) == (
        ExternalState.INITIATED,
        "w",
        "s",
        "i",
    )
    history.extend(b.external_workflow_signaled("w", run_id="r").events)
    assert (signal.state, signal.workflow_execution) == (ExternalState.DELIVERED, ("w", "r"))
    b.external_signal_initiated("gone", signal_name="s").signal_external_failed("gone")
    history.extend(b.events)
    failed = [s for s in history.external_signals.values() if s.workflow_id == "gone"]
    assert [(s.state, s.cause) for s in failed] == [
        (ExternalState.FAILED, "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"),
    ]


def test_external_cancel_request_initiated_then_delivered_or_failed() -> None:
    b = (
        _started()
        .external_cancel_initiated("w", run_id="r")
        .external_workflow_cancel_requested("w")
    )
    b.external_cancel_initiated("gone").request_cancel_external_failed("gone")
    requests = sorted(b.build().external_cancel_requests.values(), key=lambda r: r.workflow_id)
    assert [(r.workflow_id, r.state) for r in requests] == [
        ("gone", ExternalState.FAILED),
        ("w", ExternalState.DELIVERED),
    ]
    assert requests[1].workflow_execution == ("w", "r")


# -- Lambda tasks -----------------------------------------------------------------------------


def test_lambda_functions_through_every_state() -> None:
    b = _started()
    b.lambda_scheduled("ok", function_name="f", input="i").lambda_started("ok")
    b.lambda_completed("ok", result="r")
    b.lambda_scheduled("bad").lambda_started("bad").lambda_failed("bad", reason="x")
    b.lambda_scheduled("slow").lambda_started("slow").lambda_timed_out("slow")
    b.lambda_scheduled("role").start_lambda_failed("role", message="no role")
    b.schedule_lambda_failed("nope")
    functions = b.build().lambda_functions
    assert {k: f.state for k, f in functions.items()} == {
        "ok": LambdaFunctionState.COMPLETED,
        "bad": LambdaFunctionState.FAILED,
        "slow": LambdaFunctionState.TIMED_OUT,
        "role": LambdaFunctionState.START_FAILED,
        "nope": LambdaFunctionState.SCHEDULE_FAILED,
    }
    assert functions["ok"].result == "r" and functions["role"].message == "no role"


# -- the execution ----------------------------------------------------------------------------


def test_execution_started_and_open() -> None:
    history = _started().build()
    x = history.execution
    assert history.workflow is x
    assert (x.status, x.close_status, x.input, x.workflow_type) == (OPEN, None, "in", ("wf", "1"))
    assert x.tag_list == ("t",) and x.task_list == "default" and x.child_policy == "TERMINATE"
    assert x.execution_start_to_close_timeout == timedelta(hours=1)
    assert history.closing_event is None and not history.is_closed


def test_decision_task_states_and_execution_context() -> None:
    b = HistoryBuilder().workflow_started().decision_task_scheduled()
    history = b.build()
    assert history.execution.decision_task_state is DecisionTaskState.SCHEDULED
    history.extend(b.decision_task_started().events)
    assert history.execution.decision_task_state is DecisionTaskState.STARTED
    history.extend(b.decision_task_timed_out().events)
    assert history.execution.decision_task_state is DecisionTaskState.TIMED_OUT
    assert history.execution.decision_task_timeouts == 1
    history.extend(b.decision_task(execution_context="step-2").events)
    x = history.execution
    assert (x.decision_task_state, x.decision_tasks_completed, x.execution_context) == (
        DecisionTaskState.COMPLETED,
        1,
        "step-2",
    )


@pytest.mark.parametrize(
    ("step", "status", "check"),
    [
        ("workflow_completed", CloseStatus.COMPLETED, ("result", None)),
        ("workflow_failed", CloseStatus.FAILED, ("reason", None)),
        ("workflow_canceled", CloseStatus.CANCELED, ("details", None)),
        ("workflow_terminated", CloseStatus.TERMINATED, ("terminate_cause", None)),
        ("workflow_timed_out", CloseStatus.TIMED_OUT, ("timeout_type", "START_TO_CLOSE")),
        (
            "workflow_continued_as_new",
            CloseStatus.CONTINUED_AS_NEW,
            ("new_execution_run_id", "run-id-2"),
        ),
    ],
)
def test_every_closing_event_closes_the_execution_with_its_close_status(
    step: str, status: CloseStatus, check: tuple[str, str | None]
) -> None:
    history = getattr(_started(), step)().build()
    x = history.execution
    assert x.status == CLOSED and x.is_closed and history.is_closed
    assert history.close_status is status and x.close_status == status.value
    assert history.closing_event is history[-1]
    assert x.closed_at == history[-1].timestamp
    attribute, value = check
    assert getattr(x, attribute) == value


def test_closing_results_are_kept() -> None:
    x = _started().workflow_failed(reason="r", details="d").build().execution
    assert (x.reason, x.details) == ("r", "d")
    x = _started().workflow_completed(result="ok").build().execution
    assert x.result == "ok"
    x = _started().workflow_terminated(reason="op", cause="OPERATOR_INITIATED").build().execution
    assert (x.reason, x.terminate_cause) == ("op", "OPERATOR_INITIATED")


def test_close_status_continued_as_new_has_the_wire_value() -> None:
    """The close status of a continued execution is SWF's own string, not a look-alike."""
    assert CloseStatus.CONTINUED_AS_NEW == "CONTINUED_AS_NEW"
    assert CLOSE_STATUS_BY_EVENT_TYPE["WorkflowExecutionContinuedAsNew"] == "CONTINUED_AS_NEW"
    assert {str(s) for s in CLOSE_STATUS_BY_EVENT_TYPE.values()} == {
        "COMPLETED",
        "FAILED",
        "CANCELED",
        "TERMINATED",
        "TIMED_OUT",
        "CONTINUED_AS_NEW",
    }
    history = _started().workflow_continued_as_new(new_execution_run_id="next").build()
    assert history.close_status == "CONTINUED_AS_NEW"


def test_cancel_requested_and_refused_closing_decisions() -> None:
    b = _started().workflow_cancel_requested(
        cause="CHILD_POLICY_APPLIED", external_workflow_execution=("parent", "pr")
    )
    b.decision_task().complete_workflow_failed().cancel_workflow_failed()
    history = b.build()
    x = history.execution
    assert x.cancel_requested and x.cancel_requested_cause == "CHILD_POLICY_APPLIED"
    assert x.cancel_requested_by == ("parent", "pr") and x.is_open
    assert [e.type for e in history.failed_decisions] == [
        "CompleteWorkflowExecutionFailed",
        "CancelWorkflowExecutionFailed",
    ]


def test_compiling_timer_marker_child_external_and_lambda_events_never_raises() -> None:
    """Every entity the compiled view tracks is compiled from its events, Lambda tasks too."""
    history = every_event_type_builder().build()
    compiled = history.compiled
    assert compiled.last_event_id == history[-1].id
    assert compiled.timers and compiled.markers and compiled.child_workflows
    assert compiled.external_signals and compiled.external_cancel_requests
    assert compiled.lambda_functions


def test_events_about_unseen_entities_are_ignored() -> None:
    """A filtered or truncated history may hold a completion without its scheduling."""
    full = every_event_type_builder().build()
    tail = History(full[len(full) // 2 :])
    assert tail.compiled.last_event_id == full[-1].id
    closes_only = full.filter(
        "ActivityTaskCompleted",
        "TimerFired",
        "ChildWorkflowExecutionCompleted",
        "ExternalWorkflowExecutionSignaled",
        "LambdaFunctionCompleted",
    )
    assert closes_only.activities == {} and closes_only.timers == {}
