"""Applying a decision task's decisions: checked as a batch first, then applied in order, in
the transaction of DecisionTaskCompleted (the handlers are in ``_decision_handlers``)."""

from __future__ import annotations

from typing import Any

from swf.local.faults import ValidationException
from swf.local.service._components import Components
from swf.local.service._decision_handlers import HANDLERS, DecisionContext
from swf.local.service._wire import check_duration, check_name, decision_attributes_key
from swf.local.store import Transaction

__all__ = ["CLOSING_DECISIONS", "apply_decisions", "validate_decisions"]

#: Decisions whose attributes structure is required (the others have only optional members).
_ATTRIBUTES_REQUIRED = frozenset(
    {
        "ScheduleActivityTask",
        "RequestCancelActivityTask",
        "RecordMarker",
        "StartTimer",
        "CancelTimer",
        "SignalExternalWorkflowExecution",
        "RequestCancelExternalWorkflowExecution",
        "StartChildWorkflowExecution",
        "ScheduleLambdaFunction",
    }
)

#: Decision members holding names or ids under SWF's naming rule (``check_name``).
_NAMED_MEMBERS = ("activityId", "timerId", "markerName", "workflowId", "signalName")

#: Duration members a decision may carry.
_DURATIONS = (
    "scheduleToCloseTimeout",
    "scheduleToStartTimeout",
    "startToCloseTimeout",
    "heartbeatTimeout",
    "executionStartToCloseTimeout",
    "taskStartToCloseTimeout",
)

#: Decisions that close the execution: at most one, and last.
CLOSING_DECISIONS = frozenset(
    {
        "CompleteWorkflowExecution",
        "FailWorkflowExecution",
        "CancelWorkflowExecution",
        "ContinueAsNewWorkflowExecution",
    }
)


def validate_decisions(decisions: list[dict[str, Any]], *, limit: int) -> None:
    """Check a batch of at most ``limit`` decisions as a whole before any of it applies
    (ValidationException)."""
    if len(decisions) > limit:
        raise ValidationException(
            f"Too many decisions: {len(decisions)} (at most {limit} per task)"
        )
    for index, decision in enumerate(decisions):
        decision_type = decision["decisionType"]
        key = decision_attributes_key(decision_type)
        if decision_type in _ATTRIBUTES_REQUIRED and key not in decision:
            raise ValidationException(
                f"decisions.{index + 1}.member.{key} is required for a {decision_type} decision"
            )
        for other in decision:
            if other.endswith("DecisionAttributes") and other != key:
                raise ValidationException(
                    f"decisions.{index + 1}.member.{other} does not belong to a "
                    f"{decision_type} decision"
                )
        if decision_type in CLOSING_DECISIONS and index != len(decisions) - 1:
            raise ValidationException(
                f"A {decision_type} decision must be the last decision of the task"
            )
        attributes = decision.get(key) or {}
        for member in _DURATIONS:
            check_duration(member, attributes.get(member))
        if decision_type == "StartTimer":
            value = attributes["startToFireTimeout"]
            if not (value.isascii() and value.isdigit()):
                raise ValidationException(f"Invalid startToFireTimeout: {value!r} (whole seconds)")
        where = f"decisions.{index + 1}.member.{key}"
        for member in _NAMED_MEMBERS:
            if isinstance(attributes.get(member), str):
                check_name(f"{where}.{member}", attributes[member])
        if isinstance(attributes.get("taskList"), dict):
            check_name(f"{where}.taskList.name", attributes["taskList"]["name"])


def apply_decisions(
    components: Components,
    tx: Transaction,
    run_id: str,
    decisions: list[dict[str, Any]],
    *,
    completed: int,
    unhandled: bool,
) -> None:
    """Apply ``decisions`` (validated) in order while the execution ``run_id`` stays open.

    ``completed`` is the task's DecisionTaskCompleted event; ``unhandled``: events arrived
    while the task was worked on, so a closing decision fails with UNHANDLED_DECISION.
    """
    for decision in decisions:
        exe = components.executions.get(tx, run_id)
        if exe is None or exe["status"] != "OPEN":
            return
        decision_type = decision["decisionType"]
        context = DecisionContext(
            tx=tx,
            execution=exe,
            decision_type=decision_type,
            attributes=decision.get(decision_attributes_key(decision_type)) or {},
            completed=completed,
            unhandled=unhandled,
            components=components,
        )
        HANDLERS[decision_type](context)
