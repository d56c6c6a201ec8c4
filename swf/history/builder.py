"""A fluent writer of histories for testing deciders offline.

>>> history = (
...     HistoryBuilder()
...     .workflow_started(workflow_type=("greet", "1"), input='{"name": "Ada"}')
...     .decision_task()
...     .activity_scheduled("hello", activity_type=("say-hello", "1"))
...     .activity_started("hello")
...     .activity_completed("hello", result="Hello, Ada")
...     .decision_task(completed=False)
...     .build()
... )
>>> history.activities["hello"].result
'Hello, Ada'

Events reference each other the way SWF links them (``scheduledEventId``,
``decisionTaskCompletedEventId``, ``initiatedEventId`` ...) and are valid against botocore's
``HistoryEvent`` shape. Timestamps start at ``start`` and advance by ``step`` per event; use
:meth:`HistoryBuilder.wait` to let more time pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

from swf.exceptions import ValidationError
from swf.history._builder_steps import ChildAndExternalSteps
from swf.history.history import History
from swf.wire import event_attributes_key

__all__ = ["HistoryBuilder"]

_EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)


class HistoryBuilder(ChildAndExternalSteps):
    """Writes a workflow execution's history event by event; every step returns the builder."""

    def __init__(
        self,
        *,
        start: datetime = _EPOCH,
        step: timedelta = timedelta(seconds=1),
        workflow_id: str = "workflow-id",
        run_id: str = "run-id",
    ) -> None:
        if start.tzinfo is None:
            raise ValidationError("start must be timezone-aware")
        super().__init__(start=start.astimezone(timezone.utc), step=step)
        self.workflow_id = workflow_id
        self.run_id = run_id

    def build(self) -> History:
        """A :class:`~swf.history.History` of the events written so far."""
        return History(self.events)

    def pages(self, *, page_size: int = 1000) -> list[dict[str, Any]]:
        """The events as GetWorkflowExecutionHistory pages (``nextPageToken`` on all but the
        last)."""
        if page_size < 1:
            raise ValidationError("page_size must be at least 1")
        events = self.events
        chunks = [events[i : i + page_size] for i in range(0, len(events), page_size)] or [[]]
        pages: list[dict[str, Any]] = []
        for number, chunk in enumerate(chunks, start=1):
            page: dict[str, Any] = {"events": chunk}
            if number < len(chunks):
                page["nextPageToken"] = f"page-{number + 1}"
            pages.append(page)
        return pages

    def poll_response(self, *, task_token: str = "task-token") -> dict[str, Any]:
        """A PollForDecisionTask response for the latest started decision task.

        ``startedEventId`` is the last ``DecisionTaskStarted``, ``previousStartedEventId`` the
        one before it (0 if none), as SWF reports them.
        """
        started = [e["eventId"] for e in self._raw if e["eventType"] == "DecisionTaskStarted"]
        if not started:
            raise ValidationError("no decision task was started (call decision_task_started())")
        return {
            "taskToken": task_token,
            "startedEventId": started[-1],
            "previousStartedEventId": started[-2] if len(started) > 1 else 0,
            "workflowExecution": {"workflowId": self.workflow_id, "runId": self.run_id},
            "workflowType": dict(self._workflow_type),
            "events": [e for e in self.events if e["eventId"] <= started[-1]],
        }

    def raw(self, event_type: str, attributes: dict[str, Any] | None = None) -> HistoryBuilder:
        """Append an event of any type with the given raw (camelCase) attributes: an escape
        hatch for cases the named steps do not cover."""
        self._append(event_type, event_attributes_key(event_type), dict(attributes or {}))
        return self

    def extend_raw(self, events: Iterable[dict[str, Any]]) -> HistoryBuilder:
        """Append already-formed API events, renumbering their ids to follow on."""
        for event in events:
            copy = dict(event)
            copy["eventId"] = len(self._raw) + 1
            self._raw.append(copy)
        return self
