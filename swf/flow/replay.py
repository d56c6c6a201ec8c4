""":func:`replay`: check workflow code against recorded histories, e.g. in CI.

::

    from swf.flow import replay

    def test_new_code_still_replays_old_executions():
        replay(OrderWorkflow, Path("histories/order-42.json").read_text())

Histories come from ``swf execution history WORKFLOW_ID --json > order-42.json``, from
GetWorkflowExecutionHistory pages, or as a :class:`~swf.history.History`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from swf.exceptions import ValidationError
from swf.flow.engine import WorkflowInstance
from swf.history import History
from swf.history.events import Event, WorkflowExecutionStarted

if TYPE_CHECKING:
    from swf.decisions import Decision
    from swf.flow.workflow import Workflow

__all__ = ["as_history", "replay"]


def as_history(history: Any) -> History:
    """A :class:`~swf.history.History` from what :func:`replay` accepts.

    - a :class:`~swf.history.History`;
    - JSON text (``str`` or ``bytes``): a list of events (``swf execution history --json``),
      or an object with an ``events`` list (one saved page);
    - a list of event dicts or :class:`~swf.history.events.Event` objects;
    - GetWorkflowExecutionHistory pages: a page (a dict with ``events``) or a list of them.
    """
    if isinstance(history, History):
        return history
    if isinstance(history, (str, bytes)):
        return History.from_json(history)
    if isinstance(history, Mapping):
        if "events" not in history:
            raise ValidationError("a history page must hold an 'events' list")
        return History(history["events"])
    if isinstance(history, Iterable):
        items = list(history)
        if items and all(isinstance(item, Mapping) and "events" in item for item in items):
            return History.from_pages(items)
        for item in items:
            if not isinstance(item, (Mapping, Event)):
                raise ValidationError(f"not an event: {type(item).__name__}")
        return History(items)
    raise ValidationError(
        f"replay() takes a History, JSON text, events or pages, not {type(history).__name__}"
    )


def replay(
    workflow_class: type[Workflow],
    history: Any,
    *,
    workflow_id: str | None = None,
    run_id: str = "replayed-run",
) -> list[Decision]:
    """Run ``workflow_class`` against a recorded history, checking every decision it makes.

    Returns the decisions the code would make next if the history ends with a decision task
    still to answer (otherwise ``[]``).

    :param workflow_id: the execution's workflow id (child workflow ids are made from it);
        by default read from the ids of the children the history started, else a placeholder.
    :raises NonDeterminismError: at the first event where the code and the history part
        (the error names the event, what the history has and what the code did).
    """
    events = as_history(history)
    if not len(events) or not isinstance(events[0], WorkflowExecutionStarted):
        raise ValidationError("a history starts with its WorkflowExecutionStarted event")
    if workflow_id is None:
        workflow_id = _workflow_id_of(events) or "replayed-workflow"
    instance = WorkflowInstance(workflow_class, workflow_id=workflow_id, run_id=run_id)
    try:
        decisions = instance.apply(events)
        instance.finish()
    finally:
        instance.evict()
    return decisions


def _workflow_id_of(history: History) -> str | None:
    """The workflow id behind generated child ids (``<workflow id>.<child name>-<n>``)."""
    for event in history:
        if event.type in (
            "StartChildWorkflowExecutionInitiated",
            "StartChildWorkflowExecutionFailed",
        ):
            child_id: str = event.workflow_id  # type: ignore[attr-defined]
            marker = f".{event.workflow_type.name}-"  # type: ignore[attr-defined]
            if marker in child_id:
                return child_id[: child_id.rindex(marker)]
    return None
