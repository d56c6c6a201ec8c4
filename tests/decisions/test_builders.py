# mypy: disable-error-code="arg-type, call-arg, misc, list-item, unused-ignore, attr-defined"
"""Decision builders: output valid for botocore, bad input refused before anything is sent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, NamedTuple

import botocore.session
import pytest
from botocore.validate import ParamValidator

import swf.decisions as decisions_module
from swf.constants import ChildPolicy
from swf.decisions import (
    DECISION_CLASSES,
    NO_TIMEOUT,
    CancelTimer,
    CancelWorkflowExecution,
    CompleteWorkflowExecution,
    ContinueAsNewWorkflowExecution,
    Decision,
    FailWorkflowExecution,
    RecordMarker,
    RequestCancelActivityTask,
    RequestCancelExternalWorkflowExecution,
    ScheduleActivityTask,
    ScheduleLambdaFunction,
    SignalExternalWorkflowExecution,
    StartChildWorkflowExecution,
    StartTimer,
)
from swf.exceptions import ValidationError
from swf.history import ActivityTypeRef

_MODEL = botocore.session.get_session().get_service_model("swf")
_RESPOND = _MODEL.operation_model("RespondDecisionTaskCompleted").input_shape
_DECISION = _MODEL.shape_for("Decision")

_MINIMAL: list[Decision] = [
    ScheduleActivityTask(activity_id="a", activity_type=("t", "1")),
    RequestCancelActivityTask(activity_id="a"),
    CompleteWorkflowExecution(),
    FailWorkflowExecution(),
    CancelWorkflowExecution(),
    ContinueAsNewWorkflowExecution(),
    RecordMarker(marker_name="m"),
    StartTimer(timer_id="t", start_to_fire_timeout=timedelta(0)),
    CancelTimer(timer_id="t"),
    SignalExternalWorkflowExecution(workflow_id="w", signal_name="s"),
    RequestCancelExternalWorkflowExecution(workflow_id="w"),
    StartChildWorkflowExecution(workflow_id="w", workflow_type=("wf", "1")),
    ScheduleLambdaFunction(function_id="f", function_name="fn"),
]

_FULL: list[Decision] = [
    ScheduleActivityTask(
        activity_id="a",
        activity_type=ActivityTypeRef("t", "1"),
        input="i",
        control="c",
        task_list="tl",
        task_priority=-5,
        schedule_to_close_timeout=timedelta(hours=2),
        schedule_to_start_timeout=NO_TIMEOUT,
        start_to_close_timeout=timedelta(minutes=5),
        heartbeat_timeout=timedelta(seconds=30),
    ),
    CompleteWorkflowExecution(result="r"),
    FailWorkflowExecution(reason="r", details="d"),
    CancelWorkflowExecution(details="d"),
    ContinueAsNewWorkflowExecution(
        input="i",
        execution_start_to_close_timeout=timedelta(days=1),
        task_list="tl",
        task_priority=7,
        task_start_to_close_timeout=NO_TIMEOUT,
        child_policy="ABANDON",
        tag_list=["a", "b"],
        workflow_type_version="2",
        lambda_role="arn:aws:iam::1:role/r",
    ),
    RecordMarker(marker_name="m", details="d"),
    StartTimer(timer_id="t", start_to_fire_timeout=timedelta(minutes=1), control="c"),
    SignalExternalWorkflowExecution(
        workflow_id="w", signal_name="s", run_id="r", input="i", control="c"
    ),
    RequestCancelExternalWorkflowExecution(workflow_id="w", run_id="r", control="c"),
    StartChildWorkflowExecution(
        workflow_id="w",
        workflow_type=("wf", "1"),
        input="i",
        control="c",
        execution_start_to_close_timeout=timedelta(hours=1),
        task_list="tl",
        task_priority=1,
        task_start_to_close_timeout=timedelta(minutes=1),
        child_policy=ChildPolicy.TERMINATE,
        tag_list=("x",) * 5,
        lambda_role="arn:aws:iam::1:role/r",
    ),
    ScheduleLambdaFunction(
        function_id="f",
        function_name="fn",
        input="i",
        control="c",
        start_to_close_timeout=timedelta(seconds=10),
    ),
]


def _assert_valid(decision_dicts: list[dict[str, Any]]) -> None:
    validator = ParamValidator()
    for decision in decision_dicts:
        report = validator.validate(decision, _DECISION)
        assert not report.has_errors(), report.generate_report()
    report = validator.validate({"taskToken": "token", "decisions": decision_dicts}, _RESPOND)
    assert not report.has_errors(), report.generate_report()


def test_there_is_one_builder_per_decision_type_in_botocores_enum() -> None:
    enum = _MODEL.shape_for("DecisionType").enum
    assert [cls.DECISION_TYPE for cls in DECISION_CLASSES] == list(enum)
    assert {type(d) for d in _MINIMAL} == set(DECISION_CLASSES)
    for cls in DECISION_CLASSES:
        assert cls.__name__ == cls.DECISION_TYPE
        assert cls.ATTRIBUTES_KEY in _DECISION.members


def test_there_is_no_terminate_workflow_execution_decision() -> None:
    """Terminating is an API call, not a decision: no builder pretends otherwise."""
    assert not hasattr(decisions_module, "TerminateWorkflowExecution")
    assert "TerminateWorkflowExecution" not in _MODEL.shape_for("DecisionType").enum


@pytest.mark.parametrize("decision", _MINIMAL + _FULL, ids=lambda d: type(d).__name__)
def test_every_builder_output_passes_botocores_validator(decision: Decision) -> None:
    api = decision.to_api()
    assert api["decisionType"] == decision.DECISION_TYPE
    assert set(api) == {"decisionType", decision.ATTRIBUTES_KEY}
    _assert_valid([api])


@pytest.mark.parametrize("decision", _MINIMAL, ids=lambda d: type(d).__name__)
def test_options_not_given_are_omitted_never_sent_as_none(decision: Decision) -> None:
    """No ``{"name": None}`` task list, no ``"null"`` input: what is not given is not sent."""
    attributes = decision.to_api()[decision.ATTRIBUTES_KEY]

    def values(value: Any) -> list[Any]:
        if isinstance(value, dict):
            return [x for v in value.values() for x in values(v)]
        if isinstance(value, list):
            return [x for v in value for x in values(v)]
        return [value]

    assert None not in values(attributes)
    assert "null" not in values(attributes)
    assert "taskList" not in attributes and "input" not in attributes


def test_schedule_activity_task_wire_form() -> None:
    assert _FULL[0].to_api()["scheduleActivityTaskDecisionAttributes"] == {
        "activityType": {"name": "t", "version": "1"},
        "activityId": "a",
        "control": "c",
        "input": "i",
        "scheduleToCloseTimeout": "7200",
        "taskList": {"name": "tl"},
        "taskPriority": "-5",
        "scheduleToStartTimeout": "NONE",
        "startToCloseTimeout": "300",
        "heartbeatTimeout": "30",
    }


def test_types_can_be_tuples_refs_or_objects_with_name_and_version() -> None:
    class Model(NamedTuple):
        name: str
        version: str
        description: str

    class Plain:
        name = "t"
        version = "1"

    for given in (("t", "1"), ActivityTypeRef("t", "1"), Model("t", "1", "x"), Plain()):
        decision = ScheduleActivityTask(activity_id="a", activity_type=given)  # type: ignore[arg-type]
        attributes = decision.to_api()["scheduleActivityTaskDecisionAttributes"]
        assert attributes["activityType"] == {"name": "t", "version": "1"}


def test_child_policy_is_checked_and_normalised() -> None:
    decision = StartChildWorkflowExecution(
        workflow_id="w", workflow_type=("wf", "1"), child_policy="REQUEST_CANCEL"
    )
    assert decision.child_policy is ChildPolicy.REQUEST_CANCEL
    attributes = decision.to_api()["startChildWorkflowExecutionDecisionAttributes"]
    assert attributes["childPolicy"] == "REQUEST_CANCEL"


def test_builders_are_keyword_only_and_immutable() -> None:
    with pytest.raises(TypeError):
        RecordMarker("m")  # type: ignore[misc]
    with pytest.raises(TypeError):
        RecordMarker(marker_name="m", detail="typo")  # type: ignore[call-arg]
    marker = RecordMarker(marker_name="m")
    with pytest.raises(AttributeError):
        marker.details = "x"  # type: ignore[misc]
    assert marker == RecordMarker(marker_name="m")


_BIG = "x" * 32769


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: ScheduleActivityTask(activity_id="", activity_type=("t", "1")), "activity_id"),
        (lambda: ScheduleActivityTask(activity_id="a:b", activity_type=("t", "1")), "':'"),
        (lambda: ScheduleActivityTask(activity_id="x" * 257, activity_type=("t", "1")), "256"),
        (lambda: ScheduleActivityTask(activity_id="arn", activity_type=("t", "1")), "arn"),
        (lambda: ScheduleActivityTask(activity_id="a", activity_type=("t",)), "activity_type"),
        (lambda: ScheduleActivityTask(activity_id="a", activity_type=("t", "v" * 65)), "64"),
        (
            lambda: ScheduleActivityTask(activity_id="a", activity_type=("t", "1"), input=_BIG),
            "32768",
        ),
        (
            lambda: ScheduleActivityTask(
                activity_id="a", activity_type=("t", "1"), input={"k": float("nan")}
            ),
            "cannot be encoded as JSON",
        ),
        (
            lambda: ScheduleActivityTask(activity_id="a", activity_type=("t", "1"), input={1j}),
            "cannot be encoded as JSON",
        ),
        (
            lambda: ScheduleActivityTask(
                activity_id="a", activity_type=("t", "1"), task_list="a|b"
            ),
            "task_list",
        ),
        (
            lambda: ScheduleActivityTask(
                activity_id="a", activity_type=("t", "1"), task_priority=2**31
            ),
            "task_priority",
        ),
        (
            lambda: ScheduleActivityTask(
                activity_id="a", activity_type=("t", "1"), task_priority="1"
            ),
            "task_priority",
        ),
        (
            lambda: ScheduleActivityTask(
                activity_id="a", activity_type=("t", "1"), heartbeat_timeout=timedelta(seconds=1.5)
            ),
            "whole seconds",
        ),
        (
            lambda: ScheduleActivityTask(
                activity_id="a", activity_type=("t", "1"), heartbeat_timeout=timedelta(seconds=-1)
            ),
            "between",
        ),
        (
            lambda: ScheduleActivityTask(
                activity_id="a", activity_type=("t", "1"), heartbeat_timeout=30.5
            ),
            "whole seconds",
        ),
        (
            lambda: ScheduleActivityTask(
                activity_id="a", activity_type=("t", "1"), heartbeat_timeout=True
            ),
            "not bool",
        ),
        (
            lambda: ScheduleActivityTask(
                activity_id="a", activity_type=("t", "1"), heartbeat_timeout=timedelta(days=5000)
            ),
            "between",
        ),
        (lambda: FailWorkflowExecution(reason="r" * 257), "reason"),
        (lambda: CompleteWorkflowExecution(result=_BIG), "result"),
        (lambda: CancelWorkflowExecution(details=_BIG), "details"),
        (lambda: ContinueAsNewWorkflowExecution(tag_list=list("abcdef")), "5"),
        (lambda: ContinueAsNewWorkflowExecution(tag_list="abc"), "list"),
        (lambda: ContinueAsNewWorkflowExecution(tag_list=["t" * 257]), "tag"),
        (lambda: ContinueAsNewWorkflowExecution(child_policy="KILL"), "TERMINATE"),
        (lambda: ContinueAsNewWorkflowExecution(workflow_type_version=""), "version"),
        (lambda: ContinueAsNewWorkflowExecution(lambda_role=""), "lambda_role"),
        (lambda: RecordMarker(marker_name="m\n"), "marker_name"),
        (lambda: RecordMarker(marker_name="m", details=_BIG), "details"),
        (lambda: StartTimer(timer_id="t", start_to_fire_timeout=None), "NONE"),  # type: ignore[arg-type]
        (lambda: StartTimer(timer_id="t", start_to_fire_timeout="NONE"), "NONE"),  # type: ignore[arg-type]
        (lambda: StartTimer(timer_id=" t", start_to_fire_timeout=timedelta(1)), "whitespace"),
        (
            lambda: StartTimer(timer_id="t", start_to_fire_timeout=timedelta(1), control=_BIG),
            "control",
        ),
        (lambda: CancelTimer(timer_id="a/b"), "'/'"),
        (lambda: SignalExternalWorkflowExecution(workflow_id="w", signal_name=""), "signal_name"),
        (
            lambda: SignalExternalWorkflowExecution(
                workflow_id="w", signal_name="s", run_id="r" * 65
            ),
            "run_id",
        ),
        (lambda: RequestCancelExternalWorkflowExecution(workflow_id="w", control=_BIG), "control"),
        (
            lambda: StartChildWorkflowExecution(workflow_id="w", workflow_type=None),  # type: ignore[arg-type]
            "workflow_type",
        ),
        (
            lambda: StartChildWorkflowExecution(
                workflow_id="w", workflow_type=("wf", "1"), tag_list=["a"] * 6
            ),
            "6 tags",
        ),
        (lambda: ScheduleLambdaFunction(function_id="f", function_name="n" * 65), "64"),
        (lambda: RequestCancelActivityTask(activity_id=None), "activity_id"),  # type: ignore[arg-type]
    ],
)
def test_invalid_input_raises_a_clear_validation_error_when_built(build: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as info:
        build()
    assert isinstance(info.value, ValueError)


def test_durations_are_timedeltas_or_seconds_everywhere() -> None:
    timer = StartTimer(timer_id="t", start_to_fire_timeout=30)
    assert timer.to_api()["startTimerDecisionAttributes"]["startToFireTimeout"] == "30"
    assert StartTimer(timer_id="t", start_to_fire_timeout=30.0).to_api() == timer.to_api()
    schedule = ScheduleActivityTask(
        activity_id="a",
        activity_type=("t", "1"),
        heartbeat_timeout=90,
        start_to_close_timeout="NONE",
    ).to_api()["scheduleActivityTaskDecisionAttributes"]
    assert (schedule["heartbeatTimeout"], schedule["startToCloseTimeout"]) == ("90", "NONE")


def test_payloads_that_are_not_strings_are_sent_as_json() -> None:
    complete = CompleteWorkflowExecution(result={"charged": True, "amount": 12.5})
    assert complete.result == '{"charged": true, "amount": 12.5}'
    assert complete.to_api()["completeWorkflowExecutionDecisionAttributes"] == {
        "result": '{"charged": true, "amount": 12.5}'
    }
    assert CompleteWorkflowExecution(result="as is").result == "as is"
    assert CompleteWorkflowExecution(result=[1, 2]).result == "[1, 2]"
    assert CompleteWorkflowExecution().to_api()["completeWorkflowExecutionDecisionAttributes"] == {}
