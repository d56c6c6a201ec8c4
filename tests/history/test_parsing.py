"""Parsing API events into typed events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar

import pytest
from dateutil.tz import tzlocal

from swf.exceptions import ValidationError
from swf.history import (
    EVENT_TYPES,
    ActivityTaskScheduled,
    ActivityTypeRef,
    History,
    LambdaFunctionScheduled,
    TimerStarted,
    UnknownEvent,
    WorkflowExecutionRef,
    WorkflowExecutionStarted,
    event_class,
    parse_event,
)
from tests.history.support import assert_valid_event, every_event_type_builder


def _timer_started(event_id: int, timer_id: str) -> dict[str, Any]:
    return {
        "eventId": event_id,
        "eventType": "TimerStarted",
        "eventTimestamp": 1767225600.25,
        "timerStartedEventAttributes": {
            "timerId": timer_id,
            "startToFireTimeout": "30",
            "decisionTaskCompletedEventId": 4,
        },
    }


def test_every_event_type_the_builder_writes_is_valid_for_botocore_and_parses(
    history_event_shape: Any,
) -> None:
    raw_events = every_event_type_builder().events
    assert {raw["eventType"] for raw in raw_events} == set(EVENT_TYPES)
    for raw in raw_events:
        assert_valid_event(raw, history_event_shape)
        event = parse_event(raw)
        assert type(event) is EVENT_TYPES[raw["eventType"]]
        assert event.type == raw["eventType"]
        assert event.id == raw["eventId"]
        assert event.raw is raw
        assert event.attributes == raw[event.ATTRIBUTES_KEY]


def test_attributes_are_snake_case_and_typed() -> None:
    history = every_event_type_builder().build()
    started = history.first(WorkflowExecutionStarted)
    scheduled = history.first(ActivityTaskScheduled)
    assert isinstance(started, WorkflowExecutionStarted)
    assert started.task_list == "default"
    assert started.execution_start_to_close_timeout == timedelta(hours=1)
    assert started.tag_list == ("a",)
    assert started.task_priority == 3
    assert started.parent_workflow_execution == WorkflowExecutionRef("parent", "prun")
    assert started.parent_workflow_execution.workflow_id == "parent"
    assert isinstance(scheduled, ActivityTaskScheduled)
    assert scheduled.activity_type == ActivityTypeRef("act", "1") == ("act", "1")
    assert scheduled.heartbeat_timeout == timedelta(seconds=10)
    assert scheduled.schedule_to_close_timeout is None


def test_none_duration_on_the_wire_is_none() -> None:
    raw = {
        "eventId": 1,
        "eventType": "LambdaFunctionScheduled",
        "eventTimestamp": 0,
        "lambdaFunctionScheduledEventAttributes": {
            "id": "f",
            "name": "fn",
            "startToCloseTimeout": "NONE",
            "decisionTaskCompletedEventId": 0,
        },
    }
    event = parse_event(raw)
    assert isinstance(event, LambdaFunctionScheduled)
    assert event.function_id == "f" and event.start_to_close_timeout is None


@pytest.mark.parametrize(
    "wire",
    [
        1767225600.25,
        datetime(2026, 1, 1, 0, 0, 0, 250000, tzinfo=timezone.utc),
        datetime(2026, 1, 1, 0, 0, 0, 250000, tzinfo=timezone.utc).astimezone(tzlocal()),
        "2026-01-01T00:00:00.250000+00:00",
        "2026-01-01T00:00:00.250000Z",
    ],
)
def test_timestamps_become_aware_utc_whatever_the_wire_form(wire: Any) -> None:
    raw = _timer_started(1, "t") | {"eventTimestamp": wire}
    event = parse_event(raw)
    assert event.timestamp == datetime(2026, 1, 1, 0, 0, 0, 250000, tzinfo=timezone.utc)
    assert event.timestamp.tzinfo is timezone.utc


def test_an_unknown_event_type_becomes_a_generic_event_not_an_error() -> None:
    raw = {
        "eventId": 7,
        "eventType": "QuantumEntanglementObserved",
        "eventTimestamp": 0,
        "quantumEntanglementObservedEventAttributes": {"spin": "up"},
    }
    event = parse_event(raw)
    assert isinstance(event, UnknownEvent)
    assert event.type == "QuantumEntanglementObserved"
    assert event.attributes == {"spin": "up"}
    assert event_class("QuantumEntanglementObserved") is UnknownEvent
    history = History([raw])
    assert history.compiled.last_event_id == 7


def test_lookup_is_by_exact_name_never_by_substring() -> None:
    assert event_class("TimerStarted") is TimerStarted
    assert event_class("Timer") is UnknownEvent
    assert event_class("timerstarted") is UnknownEvent
    assert event_class("TimerStartedFailed") is UnknownEvent


def test_parsing_a_newer_event_does_not_rename_an_older_one() -> None:
    """An event's type is a class constant, never state a parse writes on the shared class."""
    builder = every_event_type_builder()
    parsed = [parse_event(raw) for raw in builder.events]
    names_before = [event.type for event in parsed]
    for raw in builder.events:  # parse everything again, newer events of the same classes
        parse_event(raw)
    assert [event.type for event in parsed] == names_before
    first, second = parse_event(_timer_started(1, "a")), parse_event(_timer_started(2, "b"))
    assert isinstance(first, TimerStarted) and isinstance(second, TimerStarted)
    assert (first.type, first.timer_id) == ("TimerStarted", "a")
    assert (second.type, second.timer_id) == ("TimerStarted", "b")
    assert not hasattr(TimerStarted, "name")


def test_events_are_immutable_values() -> None:
    event = parse_event(_timer_started(1, "t"))
    assert isinstance(event, TimerStarted)
    with pytest.raises(AttributeError):
        event.timer_id = "other"  # type: ignore[misc]
    assert event == parse_event(_timer_started(1, "t"))


@pytest.mark.parametrize(
    "raw",
    [
        {"eventType": "TimerFired", "eventTimestamp": 0},
        {"eventId": 1, "eventTimestamp": 0},
        {"eventId": 1, "eventType": "TimerFired"},
        {"eventId": 1, "eventType": "TimerFired", "eventTimestamp": 0},
        {"eventId": 1, "eventType": "TimerFired", "eventTimestamp": "yesterday"},
    ],
)
def test_a_malformed_event_raises_a_validation_error(raw: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        parse_event(raw)


def test_a_type_swf_adds_later_can_be_registered_but_built_ins_cannot_be_replaced() -> None:
    from swf.history import Event, register_event_class
    from swf.history.registry import EVENT_TYPES as registry

    @dataclass(frozen=True, slots=True, kw_only=True)
    class ThingHappened(Event):
        EVENT_TYPE: ClassVar[str] = "ThingHappened"
        what: str

        @classmethod
        def from_attributes(cls, id: int, timestamp: datetime, raw: Any, a: Any) -> ThingHappened:
            return cls(id=id, timestamp=timestamp, raw=raw, what=a["what"])

    assert ThingHappened.ATTRIBUTES_KEY == "thingHappenedEventAttributes"  # SWF's rule
    try:
        register_event_class(ThingHappened)
        event = parse_event(
            {
                "eventId": 1,
                "eventType": "ThingHappened",
                "eventTimestamp": 0,
                "thingHappenedEventAttributes": {"what": "x"},
            }
        )
        assert isinstance(event, ThingHappened) and event.what == "x"
    finally:
        registry.pop("ThingHappened", None)
    with pytest.raises(ValidationError, match="built-in"):
        register_event_class(TimerStarted)
