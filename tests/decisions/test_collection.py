# mypy: disable-error-code="arg-type, call-arg, misc, list-item, unused-ignore"
"""DecisionCollection: at most 100 decisions and one closing decision."""

from __future__ import annotations

import botocore.session
import pytest
from botocore.validate import ParamValidator

from swf.decisions import (
    CancelWorkflowExecution,
    CompleteWorkflowExecution,
    ContinueAsNewWorkflowExecution,
    DecisionCollection,
    FailWorkflowExecution,
    RecordMarker,
    ScheduleActivityTask,
)
from swf.exceptions import ValidationError


def test_a_101st_decision_is_refused() -> None:
    decisions = DecisionCollection(RecordMarker(marker_name=f"m{i}") for i in range(100))
    assert len(decisions) == 100
    with pytest.raises(ValidationError, match="100"):
        decisions.append(RecordMarker(marker_name="one-too-many"))
    assert len(decisions) == 100


@pytest.mark.parametrize(
    "second",
    [
        CompleteWorkflowExecution(),
        FailWorkflowExecution(),
        CancelWorkflowExecution(),
        ContinueAsNewWorkflowExecution(),
    ],
    ids=lambda d: type(d).__name__,
)
def test_a_second_closing_decision_is_refused(second: object) -> None:
    decisions = DecisionCollection([CompleteWorkflowExecution(result="done")])
    with pytest.raises(ValidationError, match="closing decision"):
        decisions.append(second)  # type: ignore[arg-type]
    assert len(decisions) == 1
    assert isinstance(decisions.closing_decision, CompleteWorkflowExecution)


def test_anything_but_a_decision_is_refused() -> None:
    with pytest.raises(ValidationError, match="not a decision"):
        DecisionCollection([{"decisionType": "CompleteWorkflowExecution"}])  # type: ignore[list-item]


def test_to_api_is_valid_for_respond_decision_task_completed() -> None:
    decisions = DecisionCollection()
    decisions.extend(
        [
            ScheduleActivityTask(activity_id="a", activity_type=("t", "1"), input="{}"),
            RecordMarker(marker_name="m"),
        ]
    )
    decisions.append(CompleteWorkflowExecution(result="r"))
    model = botocore.session.get_session().get_service_model("swf")
    shape = model.operation_model("RespondDecisionTaskCompleted").input_shape
    report = ParamValidator().validate({"taskToken": "t", "decisions": decisions.to_api()}, shape)
    assert not report.has_errors(), report.generate_report()
    assert [d["decisionType"] for d in decisions.to_api()] == [
        "ScheduleActivityTask",
        "RecordMarker",
        "CompleteWorkflowExecution",
    ]


def test_it_is_a_sequence_with_a_short_repr() -> None:
    decisions = DecisionCollection([RecordMarker(marker_name="m"), CancelWorkflowExecution()])
    assert decisions[0] == RecordMarker(marker_name="m")
    assert list(decisions)[1] == CancelWorkflowExecution()
    assert repr(decisions) == "<DecisionCollection [RecordMarker, CancelWorkflowExecution]>"
    decisions.clear()
    assert len(decisions) == 0 and decisions.closing_decision is None
