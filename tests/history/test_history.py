"""History as a data structure: iteration, indexing, filtering, extending, JSON."""

from __future__ import annotations

from typing import Any

import pytest

from swf.exceptions import ValidationError
from swf.history import (
    ActivityTaskCompleted,
    ActivityTaskEvent,
    ActivityTaskScheduled,
    CompiledHistory,
    DecisionTaskStarted,
    Event,
    History,
    HistoryBuilder,
    TimerEvent,
)
from tests.history.support import every_event_type_builder


def _small() -> HistoryBuilder:
    return (
        HistoryBuilder()
        .workflow_started(workflow_type=("wf", "1"), input="in")
        .decision_task()
        .activity_scheduled("a1", activity_type=("act", "1"))
        .activity_started("a1")
        .activity_completed("a1", result="r1")
        .decision_task()
        .timer_started("t1")
        .timer_fired("t1")
        .decision_task(completed=False)
    )


def test_a_history_can_be_iterated_again_and_nested() -> None:
    """Each iteration gets its own iterator, so nested and repeated loops see every event."""
    history = _small().build()
    assert iter(history) is not history
    first = [event.id for event in history]
    second = [event.id for event in history]
    assert first == second == list(range(1, len(history) + 1))
    pairs = [(a.id, b.id) for a in history for b in history]
    assert len(pairs) == len(history) ** 2


def test_filter_returns_a_history_not_a_list() -> None:
    """A filtered history keeps the History API (compiled view included)."""
    history = _small().build()
    activity_events = history.filter(ActivityTaskEvent)
    assert isinstance(activity_events, History)
    assert [e.type for e in activity_events] == [
        "ActivityTaskScheduled",
        "ActivityTaskStarted",
        "ActivityTaskCompleted",
    ]
    assert activity_events.activities["a1"].result == "r1"


def test_filter_by_names_classes_and_predicate() -> None:
    history = _small().build()
    assert len(history.filter("TimerStarted", "TimerFired")) == 2
    assert len(history.filter(TimerEvent)) == 2
    assert len(history.filter(DecisionTaskStarted, where=lambda e: e.id > 5)) == 2
    assert len(history.filter(where=lambda e: e.id % 2 == 0)) == len(history) // 2
    assert len(history.filter()) == len(history)


def test_filter_refuses_a_misspelt_event_type() -> None:
    with pytest.raises(ValidationError, match="ActivityTaskComplete"):
        _small().build().filter("ActivityTaskComplete")


def test_length_indexing_and_slicing() -> None:
    history = _small().build()
    assert len(history) == 14
    assert history[0].type == "WorkflowExecutionStarted"
    assert history[-1].type == "DecisionTaskStarted"
    window = history[2:5]
    assert isinstance(window, History)
    assert [e.id for e in window] == [3, 4, 5]
    assert history.get(5).type == "ActivityTaskScheduled"
    with pytest.raises(KeyError):
        history.get(99)
    with pytest.raises(IndexError):
        history[99]


def test_first_last_latest_since() -> None:
    history = _small().build()
    assert history.first(DecisionTaskStarted).id == 3  # type: ignore[union-attr]
    assert history.last(DecisionTaskStarted).id == 14  # type: ignore[union-attr]
    assert history.first("WorkflowExecutionCompleted") is None
    assert history.last() is history[-1]
    assert [e.id for e in history.latest(3)] == [12, 13, 14]
    assert len(history.latest(0)) == 0
    assert [e.id for e in history.since(11)] == [12, 13, 14]
    assert len(History().latest(5)) == 0
    assert History().first() is None


def test_from_pages_reads_every_page() -> None:
    builder = every_event_type_builder()
    pages = builder.pages(page_size=7)
    assert len(pages) > 10
    history = History.from_pages(pages)
    assert [e.id for e in history] == list(range(1, builder.last_event_id + 1))


def test_extend_adds_only_new_events_and_reports_how_many() -> None:
    builder = _small()
    history = History(builder.events[:5])
    assert history.extend(builder.events) == len(builder.events) - 5
    assert history.extend(builder.events) == 0
    assert [e.id for e in history] == list(range(1, len(builder.events) + 1))


def test_events_out_of_order_are_put_in_order() -> None:
    events = _small().events
    history = History(list(reversed(events)))
    assert [e.id for e in history] == list(range(1, len(events) + 1))


def test_extend_updates_the_compiled_view_with_only_the_new_events(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    builder = _small()
    events = builder.events
    history = History(events[:6])  # up to ActivityTaskStarted
    activity = history.activities["a1"]
    assert activity.state == "STARTED"

    applied: list[int] = []
    original = CompiledHistory.apply_all

    def spy(self: CompiledHistory, new: Any) -> None:
        new = list(new)
        applied.extend(e.id for e in new)
        original(self, new)

    monkeypatch.setattr(CompiledHistory, "apply_all", spy)
    history.extend(events)
    assert history.activities["a1"] is activity
    assert activity.state == "COMPLETED" and activity.result == "r1"
    assert applied == list(range(7, len(events) + 1))
    assert history.timers["t1"].state == "FIRED"


def test_json_round_trip_keeps_every_event() -> None:
    history = every_event_type_builder().build()
    text = history.to_json()
    again = History.from_json(text)
    assert again == history
    assert [type(e) for e in again] == [type(e) for e in history]
    assert [e.timestamp for e in again] == [e.timestamp for e in history]
    assert History.from_json(again.to_json(indent=2)) == history


@pytest.mark.parametrize("text", ["not json", b"\xff\xfe", "[1,"])
def test_from_json_of_unreadable_text_raises_a_validation_error(text: str | bytes) -> None:
    with pytest.raises(ValidationError, match="history JSON cannot be read"):
        History.from_json(text)


def test_from_json_accepts_a_saved_api_page() -> None:
    history = History.from_json(
        '{"events": [{"eventId": 1, "eventType": "Custom", "eventTimestamp": 1767225600}]}'
    )
    assert history[0].type == "Custom"
    with pytest.raises(ValidationError):
        History.from_json('"nope"')


def test_event_objects_can_be_mixed_with_raw_events() -> None:
    built = _small().build()
    history = History([built[0], *_small().events[1:3]])
    assert [e.id for e in history] == [1, 2, 3]
    assert isinstance(history[0], Event)


def test_repr_is_short() -> None:
    assert repr(History()) == "<History (empty)>"
    assert repr(_small().build()) == "<History 14 events, last #14 DecisionTaskStarted>"


def test_a_history_is_a_sequence() -> None:
    history = _small().build()
    completed = history.first(ActivityTaskCompleted)
    assert completed in history
    assert history.index(completed) == 6
    assert next(reversed(history)).id == 14
    assert sum(1 for _ in history.filter(ActivityTaskScheduled)) == 1
