"""The compiled view keeps every attempt and every decision task, in the order they began."""

from __future__ import annotations

from datetime import timedelta

from swf.history import ActivityState, DecisionTaskState, HistoryBuilder, TimerState


def test_every_activity_attempt_is_kept_in_order_and_the_latest_by_id() -> None:
    history = (
        HistoryBuilder()
        .workflow_started(workflow_type=("wf", "1"))
        .decision_task()
        .activity_scheduled("charge", activity_type=("charge", "1"))
        .activity_started("charge")
        .activity_failed("charge", reason="declined")
        .decision_task()
        .activity_scheduled("charge", activity_type=("charge", "1"))
        .activity_scheduled("ship", activity_type=("ship", "1"))
        .activity_started("charge")
        .build()
    )
    compiled = history.compiled
    attempts = compiled.activity_attempts
    assert [(a.activity_id, a.attempts, a.state) for a in attempts] == [
        ("charge", 1, ActivityState.FAILED),
        ("charge", 2, ActivityState.STARTED),
        ("ship", 1, ActivityState.SCHEDULED),
    ]
    assert attempts[1] is compiled.activities["charge"]
    assert attempts[0].closed_event_id is not None and attempts[0].reason == "declined"
    assert [a.activity_id for a in compiled.open_activities] == ["charge", "ship"]


def test_every_timer_and_child_attempt_is_kept() -> None:
    history = (
        HistoryBuilder()
        .workflow_started(workflow_type=("wf", "1"))
        .decision_task()
        .timer_started("wait", start_to_fire_timeout=timedelta(seconds=5))
        .timer_fired("wait")
        .decision_task()
        .timer_started("wait", start_to_fire_timeout=timedelta(seconds=5))
        .child_workflow_initiated("kid", workflow_type=("child", "1"))
        .start_child_workflow_failed("kid", cause="WORKFLOW_TYPE_DOES_NOT_EXIST")
        .build()
    )
    compiled = history.compiled
    assert [t.state for t in compiled.timer_attempts] == [TimerState.FIRED, TimerState.STARTED]
    assert compiled.timer_attempts[1] is compiled.timers["wait"]
    assert [c.workflow_id for c in compiled.child_workflow_attempts] == ["kid"]
    assert compiled.child_workflow_attempts[0].cause == "WORKFLOW_TYPE_DOES_NOT_EXIST"


def test_each_decision_task_is_a_record_with_its_times_and_outcome() -> None:
    builder = HistoryBuilder().workflow_started(workflow_type=("wf", "1"))
    builder.decision_task_scheduled().decision_task_started(identity="d-1")
    builder.wait(timedelta(seconds=30)).decision_task_timed_out()
    builder.decision_task_scheduled().decision_task_started()
    builder.decision_task_completed(execution_context="ctx")
    builder.decision_task_scheduled()
    history = builder.build()
    tasks = history.compiled.decision_tasks
    assert [task.state for task in tasks] == [
        DecisionTaskState.TIMED_OUT,
        DecisionTaskState.COMPLETED,
        DecisionTaskState.SCHEDULED,
    ]
    first = tasks[0]
    assert first.identity == "d-1" and first.timeout_type == "START_TO_CLOSE"
    assert first.started_at is not None and first.closed_at is not None
    assert first.closed_at - first.started_at >= timedelta(seconds=30)
    assert tasks[1].execution_context == "ctx" and not tasks[1].is_open
    assert tasks[2].is_open and tasks[2].started_event_id is None
    assert history.execution.started_event_id == 1


def test_the_records_follow_a_history_that_grows() -> None:
    builder = HistoryBuilder().workflow_started(workflow_type=("wf", "1")).decision_task()
    builder.activity_scheduled("a", activity_type=("a", "1"))
    history = builder.build()
    assert len(history.compiled.activity_attempts) == 1
    builder.activity_started("a").activity_timed_out("a")
    builder.decision_task().activity_scheduled("a", activity_type=("a", "1"))
    history.extend(builder.events)
    assert [a.state for a in history.compiled.activity_attempts] == [
        ActivityState.TIMED_OUT,
        ActivityState.SCHEDULED,
    ]
    assert len(history.compiled.decision_tasks) == 2
