""":class:`History`: a workflow execution's events, queryable like a data structure.

>>> history = History.from_pages(client.get_paginator("get_workflow_execution_history")
...     .paginate(domain="d", execution={"workflowId": "w", "runId": "r"}))   # doctest: +SKIP
>>> history.activities["download"].state                                     # doctest: +SKIP
<ActivityState.COMPLETED: 'COMPLETED'>
>>> history.filter(ActivityTaskFailed).last()                              # doctest: +SKIP

A history is append-only: :meth:`History.extend` adds the events of a later poll and the
compiled view (:attr:`History.activities` ...) catches up with only those events.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from itertools import islice
from operator import attrgetter
from typing import Any, overload

from swf.constants import CloseStatus
from swf.exceptions import ValidationError
from swf.history.compiled import (
    Activity,
    ChildWorkflow,
    Execution,
    ExternalCancelRequest,
    ExternalSignal,
    LambdaFunction,
    Marker,
    Signal,
    Timer,
)
from swf.history.compiler import CompiledHistory
from swf.history.events import Event
from swf.history.registry import EVENT_TYPES, parse_event

__all__ = ["EventFilter", "History"]

EventFilter = str | type[Event]
"""What :meth:`History.filter` accepts: an exact event type name, or an event class (a family
base class such as :class:`~swf.history.events.ActivityTaskEvent` matches all its members)."""

_event_id = attrgetter("id")


class History(Sequence[Event]):
    """The events of one workflow execution, in ascending event id order.

    Build it from raw API events (``History(events)``), from API pages
    (:meth:`from_pages`) or from JSON (:meth:`from_json`). It can be iterated any number of
    times, has a length, and indexes by position (``history[0]`` is the first event; a slice is
    a ``History``); :meth:`get` looks an event up by id.

    Events whose id is not above the last one's are ignored when adding, so feeding the full
    history of a new decision task to :meth:`extend` only adds what is new.
    """

    __slots__ = ("_compiled", "_compiled_count", "_events")

    def __init__(self, events: Iterable[Event | Mapping[str, Any]] = ()) -> None:
        self._events: list[Event] = []
        self._compiled: CompiledHistory | None = None
        self._compiled_count = 0
        self.extend(events)

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def from_pages(cls, pages: Iterable[Mapping[str, Any]]) -> History:
        """A history from API pages (GetWorkflowExecutionHistory or PollForDecisionTask
        responses), each holding an ``events`` list."""
        history = cls()
        for page in pages:
            history.extend(page.get("events") or ())
        return history

    @classmethod
    def from_json(cls, text: str | bytes) -> History:
        """A history from :meth:`to_json`'s output (or any JSON list of API events, or an
        object with an ``events`` list such as a saved API page)."""
        try:
            data = json.loads(text)
        except ValueError as error:  # JSONDecodeError, UnicodeDecodeError
            raise ValidationError(f"history JSON cannot be read: {error}") from error
        if isinstance(data, Mapping):
            data = data.get("events")
        if not isinstance(data, list):
            raise ValidationError("history JSON must be a list of events or hold an 'events' list")
        return cls(data)

    def extend(self, events: Iterable[Event | Mapping[str, Any]]) -> int:
        """Append events (raw API dicts or :class:`Event` objects) and return how many were new.

        Events with an id not above the current last one are skipped (already known); the new
        ones are put in id order. The compiled view, once read, is updated with only the new
        events (records already handed out change in place); before that it is built lazily.
        """
        last = self._events[-1].id if self._events else 0
        added: list[Event] = []
        ordered = True
        previous = last
        for item in events:
            if isinstance(item, Event):
                event = item
            elif isinstance(item, Mapping):
                event_id = item.get("eventId")
                if isinstance(event_id, int) and event_id <= last:
                    continue
                event = parse_event(item)
            else:
                raise ValidationError(f"not an event: {type(item).__name__}")
            if event.id <= last:
                continue
            if event.id <= previous:
                ordered = False
            previous = event.id
            added.append(event)
        if not ordered:
            added.sort(key=_event_id)
            added = [e for i, e in enumerate(added) if i == 0 or added[i - 1].id != e.id]
        self._events.extend(added)
        if self._compiled is not None:  # someone reads the view: keep its records current
            self._compiled.apply_all(added)
            self._compiled_count = len(self._events)
        return len(added)

    def append(self, event: Event | Mapping[str, Any]) -> bool:
        """Append one event; ``False`` if its id was not above the last one's (ignored)."""
        return self.extend((event,)) == 1

    # -- sequence ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)

    def __reversed__(self) -> Iterator[Event]:
        return reversed(self._events)

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> History: ...

    def __getitem__(self, index: int | slice) -> Event | History:
        if isinstance(index, slice):
            return (
                History(self._events[index])
                if index.step in (None, 1)
                else History(sorted(self._events[index], key=_event_id))
            )
        return self._events[index]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, History):
            return NotImplemented
        return self._events == other._events

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        if not self._events:
            return "<History (empty)>"
        last = self._events[-1]
        return f"<History {len(self._events)} events, last #{last.id} {last.type}>"

    # -- queries -----------------------------------------------------------------------------

    def get(self, event_id: int) -> Event:
        """The event with this id.

        :raises KeyError: when there is none.
        """
        events = self._events
        index = bisect_left(events, event_id, key=_event_id)
        if index < len(events) and events[index].id == event_id:
            return events[index]
        raise KeyError(f"no event with id {event_id} in this history")

    def filter(
        self, *event_types: EventFilter, where: Callable[[Event], bool] | None = None
    ) -> History:
        """A new history of the events of the given types (names or classes) that also satisfy
        ``where``.

        >>> history.filter("ActivityTaskCompleted", "ActivityTaskFailed")   # doctest: +SKIP
        >>> history.filter(TimerEvent, where=lambda e: e.timer_id == "t1")  # doctest: +SKIP
        """
        match = _matcher(event_types, where)
        return History([event for event in self._events if match(event)])

    def first(
        self, *event_types: EventFilter, where: Callable[[Event], bool] | None = None
    ) -> Event | None:
        """The first event matching (as in :meth:`filter`), or ``None``."""
        match = _matcher(event_types, where)
        return next((event for event in self._events if match(event)), None)

    def last(
        self, *event_types: EventFilter, where: Callable[[Event], bool] | None = None
    ) -> Event | None:
        """The last event matching (as in :meth:`filter`), or ``None``."""
        match = _matcher(event_types, where)
        return next((event for event in reversed(self._events) if match(event)), None)

    def latest(self, count: int) -> History:
        """A history of the last ``count`` events."""
        if count < 0:
            raise ValidationError(f"count must be >= 0, not {count}")
        return History(self._events[len(self._events) - count :] if count else [])

    def since(self, event_id: int) -> History:
        """A history of the events after ``event_id`` (e.g. a decision task's
        ``previousStartedEventId``: what happened since the previous decision)."""
        index = bisect_left(self._events, event_id + 1, key=_event_id)
        return History(self._events[index:])

    # -- compiled view -----------------------------------------------------------------------

    @property
    def compiled(self) -> CompiledHistory:
        """The compiled view, brought up to date with any events added since last read."""
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = CompiledHistory()
        if self._compiled_count < len(self._events):
            compiled.apply_all(islice(self._events, self._compiled_count, None))
            self._compiled_count = len(self._events)
        return compiled

    @property
    def execution(self) -> Execution:
        """The workflow execution itself: input, status, close status, result, ..."""
        return self.compiled.execution

    workflow = execution

    @property
    def activities(self) -> dict[str, Activity]:
        """The latest attempt of each activity task, by activity id."""
        return self.compiled.activities

    @property
    def timers(self) -> dict[str, Timer]:
        """The latest use of each timer, by timer id."""
        return self.compiled.timers

    @property
    def child_workflows(self) -> dict[str, ChildWorkflow]:
        """The latest child execution of each workflow id."""
        return self.compiled.child_workflows

    @property
    def signals(self) -> dict[str, list[Signal]]:
        """Signals received, by signal name, in order."""
        return self.compiled.signals

    @property
    def markers(self) -> dict[str, list[Marker]]:
        """Markers recorded (or refused), by marker name, in order."""
        return self.compiled.markers

    @property
    def external_signals(self) -> dict[int, ExternalSignal]:
        """Signals sent to other executions, by initiated event id."""
        return self.compiled.external_signals

    @property
    def external_cancel_requests(self) -> dict[int, ExternalCancelRequest]:
        """Cancel requests sent to other executions, by initiated event id."""
        return self.compiled.external_cancel_requests

    @property
    def lambda_functions(self) -> dict[str, LambdaFunction]:
        """Lambda tasks, by function id."""
        return self.compiled.lambda_functions

    @property
    def failed_decisions(self) -> list[Event]:
        """Every ``*Failed`` event of a decision SWF refused, in order."""
        return self.compiled.failed_decisions

    @property
    def closing_event(self) -> Event | None:
        """The event that closed the execution (``WorkflowExecutionCompleted`` ...), if any."""
        closing_id = self.compiled.execution.closing_event_id
        return None if closing_id is None else self.get(closing_id)

    @property
    def is_closed(self) -> bool:
        """Whether the execution's closing event is in the history."""
        return self.compiled.execution.is_closed

    @property
    def close_status(self) -> CloseStatus | None:
        """How the execution closed (``CloseStatus.CONTINUED_AS_NEW`` ...), or ``None``."""
        return self.compiled.execution.close_status

    # -- wire --------------------------------------------------------------------------------

    def to_api(self) -> list[dict[str, Any]]:
        """The events as API dicts (each event's ``raw``)."""
        result = []
        for event in self._events:
            if not event.raw:
                raise ValidationError(
                    f"event {event.id} ({event.type}) was built without its raw API dict"
                )
            result.append(dict(event.raw))
        return result

    def to_json(self, *, indent: int | None = None) -> str:
        """The events as a JSON list of API dicts; timestamps as ISO 8601 strings.

        ``History.from_json(history.to_json()) == history``.
        """
        return json.dumps(self.to_api(), indent=indent, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _matcher(
    event_types: Sequence[EventFilter], where: Callable[[Event], bool] | None
) -> Callable[[Event], bool]:
    names: set[str] = set()
    classes: list[type[Event]] = []
    for item in event_types:
        if isinstance(item, str):
            if item not in EVENT_TYPES:
                raise ValidationError(
                    f"unknown event type {item!r} (names are exact, e.g. 'ActivityTaskCompleted')"
                )
            names.add(item)
        elif isinstance(item, type) and issubclass(item, Event):
            classes.append(item)
        else:
            raise ValidationError(f"filter by event type name or class, not {item!r}")
    class_tuple = tuple(classes)

    def match(event: Event) -> bool:
        if event_types and not (
            event.type in names or (class_tuple and isinstance(event, class_tuple))
        ):
            return False
        return where is None or where(event)

    return match
