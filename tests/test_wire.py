"""Wire rules: durations, timestamps, attribute keys, enums, types, task lists, priorities."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from swf.constants import ChildPolicy
from swf.exceptions import ValidationError
from swf.history.events import ActivityTypeRef
from swf.wire import (
    check_identifier,
    check_payload,
    compact,
    datetime_from_wire,
    datetime_to_wire,
    decision_attributes_key,
    duration_from_wire,
    duration_to_wire,
    enum_value,
    event_attributes,
    event_attributes_key,
    priority_from_wire,
    priority_to_wire,
    task_list_from_wire,
    task_list_to_wire,
    type_to_wire,
)

MOMENT = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("value", "wire"),
    [(timedelta(minutes=5), "300"), (None, "NONE"), (0, "0"), ("NONE", "NONE"), ("42", "42")],
)
def test_durations_go_out_as_seconds_or_none(value: object, wire: str) -> None:
    assert duration_to_wire(value, what="timeout") == wire  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value", [timedelta(seconds=1.5), -1, 100_000_000, "soon", 1.5, True, timedelta(days=-1)]
)
def test_bad_durations_are_refused_naming_the_option(value: object) -> None:
    with pytest.raises(ValidationError, match="timeout"):
        duration_to_wire(value, what="timeout")  # type: ignore[arg-type]


def test_durations_come_back_as_timedelta_or_none() -> None:
    assert duration_from_wire("300") == timedelta(minutes=5)
    assert duration_from_wire("NONE") is None
    assert duration_from_wire(None) is None


@pytest.mark.parametrize(
    "value",
    [
        MOMENT,
        MOMENT.timestamp(),
        int(MOMENT.timestamp()),
        str(MOMENT.timestamp()),
        "2026-11-28T12:00:00+00:00",
        "2026-11-28T13:00:00+01:00",
        datetime(2026, 11, 28, 12, 0),
    ],
)
def test_timestamps_come_back_as_aware_utc(value: object) -> None:
    parsed = datetime_from_wire(value)
    assert parsed == MOMENT
    assert parsed is not None and parsed.tzinfo == timezone.utc


@pytest.mark.parametrize("value", ["yesterday", [1], True, object()])
def test_unreadable_timestamps_are_a_validation_error(value: object) -> None:
    with pytest.raises(ValidationError, match="timestamp"):
        datetime_from_wire(value)


def test_naive_datetimes_are_refused_on_the_way_out() -> None:
    with pytest.raises(ValidationError, match="timezone-aware"):
        datetime_to_wire(datetime(2026, 1, 1), what="started_after")
    assert datetime_to_wire(MOMENT, what="x") == MOMENT


@pytest.mark.parametrize(
    "name", ["", "a:b", "a/b", "a|b", "tab\there", "arn", " padded", "x" * 257, "\x7f"]
)
def test_names_swf_forbids_are_refused(name: str) -> None:
    with pytest.raises(ValidationError):
        check_identifier(name, what="domain")


def test_names_swf_accepts_pass_through() -> None:
    assert check_identifier("orders-é-1.0_x", what="domain") == "orders-é-1.0_x"
    assert check_identifier("x" * 256, what="domain") == "x" * 256


def test_payloads_over_the_limit_are_refused_not_truncated() -> None:
    check_payload("x" * 32768, what="input")
    with pytest.raises(ValidationError, match="32769 characters"):
        check_payload("x" * 32769, what="input")


def test_the_examples_in_the_docstrings_hold() -> None:
    import doctest

    import swf.wire

    result = doctest.testmod(swf.wire)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("event_type", "key"),
    [
        ("ActivityTaskScheduled", "activityTaskScheduledEventAttributes"),
        ("WorkflowExecutionStarted", "workflowExecutionStartedEventAttributes"),
        ("StartLambdaFunctionFailed", "startLambdaFunctionFailedEventAttributes"),
    ],
)
def test_event_attributes_are_under_the_lower_camel_type_key(event_type: str, key: str) -> None:
    assert event_attributes_key(event_type) == key
    event = {"eventId": 1, "eventType": event_type, key: {"x": 1}}
    assert event_attributes(event) == {"x": 1}


def test_an_event_without_its_attributes_has_none() -> None:
    assert event_attributes({"eventId": 1, "eventType": "TimerFired"}) == {}
    assert event_attributes({"eventId": 1}) == {}


def test_decision_attributes_are_under_the_lower_camel_type_key() -> None:
    assert decision_attributes_key("ScheduleActivityTask") == (
        "scheduleActivityTaskDecisionAttributes"
    )


def test_enum_values_come_from_members_or_wire_strings() -> None:
    assert enum_value(ChildPolicy, "TERMINATE", what="x") is ChildPolicy.TERMINATE
    assert enum_value(ChildPolicy, ChildPolicy.ABANDON, what="x") is ChildPolicy.ABANDON


@pytest.mark.parametrize("value", ["terminate", "KILL", None, 3, ["TERMINATE"]])
def test_values_outside_an_enum_are_refused_naming_the_option_and_the_choices(
    value: object,
) -> None:
    with pytest.raises(ValidationError) as error:
        enum_value(ChildPolicy, value, what="child_policy")
    assert str(error.value) == (
        f"child_policy must be one of TERMINATE, REQUEST_CANCEL, ABANDON, not {value!r}"
    )


def test_types_task_lists_and_priorities_take_their_wire_forms() -> None:
    assert type_to_wire(("resize", "1")) == {"name": "resize", "version": "1"}
    assert type_to_wire(ActivityTypeRef("resize", "2")) == {"name": "resize", "version": "2"}
    assert task_list_to_wire("workers") == {"name": "workers"}
    assert task_list_to_wire(None) is None  # never {"name": None}
    assert task_list_from_wire({"name": "workers"}) == "workers"
    assert task_list_from_wire(None) is None
    assert priority_to_wire(-5) == "-5"
    assert priority_to_wire(None) is None
    assert priority_from_wire("-5") == -5
    assert priority_from_wire(None) is None
    assert compact(a=None, b=0, c="") == {"b": 0, "c": ""}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1", "task_priority must be an int"),
        (True, "task_priority must be an int"),
        (2**31, "task_priority must be between -2147483648 and 2147483647"),
        (-(2**31) - 1, "task_priority must be between"),
    ],
)
def test_priorities_swf_refuses_are_refused(value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        priority_to_wire(value)  # type: ignore[arg-type]


def test_payloads_follow_one_rule() -> None:
    from swf.wire import payload_to_wire

    assert payload_to_wire(None, what="input") is None
    assert payload_to_wire("as is", what="input") == "as is"
    assert payload_to_wire({"a": [1, 2]}, what="input") == '{"a": [1, 2]}'
    assert payload_to_wire(0, what="input") == "0"
    with pytest.raises(ValidationError, match="input cannot be encoded as JSON"):
        payload_to_wire(float("nan"), what="input")
    with pytest.raises(ValidationError, match="input cannot be encoded as JSON"):
        payload_to_wire(object(), what="input")
    with pytest.raises(ValidationError, match="input is 32769 characters long; SWF allows 32768"):
        payload_to_wire("x" * 32769, what="input")
    # the limit applies to the encoded form: the brackets and quotes count
    with pytest.raises(ValidationError, match="input is 32771 characters long; SWF allows 32768"):
        payload_to_wire(["x" * 32767], what="input")


@pytest.mark.parametrize(
    ("value", "wire"), [(30, "30"), (30.0, "30"), ("30", "30"), ("NONE", "NONE"), (None, "NONE")]
)
def test_durations_are_timedeltas_or_seconds(value: object, wire: str) -> None:
    from swf.wire import duration_to_wire

    assert duration_to_wire(value, what="timeout") == wire  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1.5, "whole seconds"),
        (float("inf"), "whole seconds"),
        (True, "not bool"),
        (-1, "between 0 and"),
        (None, "does not accept NONE"),
        ("NONE", "does not accept NONE"),
    ],
)
def test_durations_refused_with_the_reason(value: object, message: str) -> None:
    from swf.wire import duration_to_wire

    with pytest.raises(ValidationError, match=message):
        duration_to_wire(value, what="timer", allow_none=False)  # type: ignore[arg-type]
