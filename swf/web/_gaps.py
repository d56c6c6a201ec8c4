"""What the web view needs that the library does not offer yet: each function is to move into
the library (models and querysets), where the CLI can use it too.

This is the only module of :mod:`swf.web` that calls :meth:`swf.core.Connection.call`
directly. Each function says where it belongs; when the library grows the same thing, the
view calls the library's version and the function goes.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from typing import Any

from swf.constants import ExecutionStatus
from swf.exceptions import UnknownResourceFault
from swf.history import History, parse_event
from swf.history.compiled import Activity
from swf.history.events import Event
from swf.models import WorkflowExecution, WorkflowType
from swf.querysets import WorkflowExecutionQuerySet

__all__ = [
    "execution_page",
    "history",
    "history_page",
    "new_events",
    "pending_activities",
    "rerun",
]


def execution_page(
    queryset: WorkflowExecutionQuerySet,
    *,
    status: ExecutionStatus,
    page_token: str | None = None,
    page_size: int = 100,
) -> tuple[list[WorkflowExecution], str | None]:
    """One page of a queryset's executions of one status, newest first, and the token of the
    next page (``None`` on the last page).

    To move into the library: ``WorkflowExecutionQuerySet.page(status=, page_token=,
    page_size=)``. SWF lists open and closed executions in two operations, each with its own
    page tokens, so a page is of one status.
    """
    params: dict[str, Any] = queryset._params(status, datetime.now(timezone.utc))
    params["maximumPageSize"] = page_size
    if page_token:
        params["nextPageToken"] = page_token
    operation = f"List{status.value.capitalize()}WorkflowExecutions"
    response = queryset.connection.call(operation, **params)
    executions = [
        WorkflowExecution.from_api(queryset.domain, info, connection=queryset.connection)
        for info in response.get("executionInfos", [])
    ]
    return executions, response.get("nextPageToken") or None


_raw = threading.local()


def _keep_raw(
    response_dict: dict[str, Any], customized_response_dict: dict[str, Any], **_: Any
) -> None:
    """botocore's ``before-parse`` hook: hand a history page over as SWF sent it.

    botocore's parser walks the ``HistoryEvent`` shape of every event and builds a datetime
    per timestamp: ~80 % of the time a 25,000-event history takes to fetch
    (benchmarks/README.md). :class:`~swf.history.History` reads epoch seconds itself, so the
    view takes the JSON body as it is. Only for this thread's calls from this module (a flag),
    only for a 200 answer (faults are parsed as usual).
    """
    if getattr(_raw, "active", False) and response_dict.get("status_code") == 200:
        customized_response_dict.update(json.loads(response_dict.get("body") or b"{}"))
        response_dict["body"] = b"{}"


def _history_call(
    execution: WorkflowExecution, *, page_token: str | None, page_size: int, reverse: bool
) -> dict[str, Any]:
    params: dict[str, Any] = {
        "domain": execution.domain.name,
        "execution": execution.to_api(),
        "maximumPageSize": page_size,
        "reverseOrder": reverse,
    }
    if page_token:
        params["nextPageToken"] = page_token
    connection = execution.connection
    connection.client.meta.events.register(
        "before-parse.swf.GetWorkflowExecutionHistory", _keep_raw, unique_id="swf-web-raw-history"
    )
    _raw.active = True
    try:
        return connection.call("GetWorkflowExecutionHistory", **params)
    except UnknownResourceFault as error:
        raise WorkflowExecution.DoesNotExist(
            f"no execution of workflow id {execution.workflow_id!r}, run {execution.run_id!r} "
            f"in domain {execution.domain.name!r}",
            code=error.code,
            operation=error.operation,
            request_id=error.request_id,
            status=error.status,
        ) from error
    finally:
        _raw.active = False


def history_page(
    execution: WorkflowExecution,
    *,
    page_token: str | None = None,
    page_size: int = 1000,
    reverse: bool = False,
) -> tuple[list[Event], str | None]:
    """One page of an execution's history and the token of the next (``None``: the last).

    To move into the library: ``WorkflowExecution.history_page(...)`` (or a page method on
    :class:`~swf.querysets.HistoryQuerySet`).
    """
    response = _history_call(execution, page_token=page_token, page_size=page_size, reverse=reverse)
    events = [parse_event(raw) for raw in response.get("events", [])]
    return events, response.get("nextPageToken") or None


def history(execution: WorkflowExecution) -> History:
    """The execution's whole history, every page, read without botocore's response parser.

    To move into the library: :meth:`~swf.querysets.HistoryQuerySet.get` could read pages
    this way (the events are the same; their ``raw`` timestamps are epoch seconds).
    """
    result = History()
    token: str | None = None
    while True:
        events, token = history_page(execution, page_token=token, page_size=1000)
        result.extend(events)
        if token is None:
            return result


def new_events(execution: WorkflowExecution, history: History, *, page_size: int = 100) -> int:
    """Add to ``history`` the events of ``execution`` newer than its last one; how many.

    Reads the history newest first and stops at the first event already known, so following
    an open execution costs one small page per look, whatever the history's length.

    To move into the library: ``History`` kept current by its execution
    (``WorkflowExecution.refresh_history(history)``).
    """
    last = history[-1].id if len(history) else 0
    found: list[Event] = []
    token: str | None = None
    while True:
        events, token = history_page(execution, page_token=token, page_size=page_size, reverse=True)
        for event in events:
            if event.id <= last:
                token = None
                break
            found.append(event)
        else:
            if token is not None:
                continue
        break
    found.reverse()
    return history.extend(found)


def pending_activities(history: History) -> list[Activity]:
    """The activity tasks of a history that are scheduled or started, oldest first.

    SWF's API has no call that reads an activity's heartbeat details back (only the worker's
    ``RecordActivityTaskHeartbeat`` sends them): what is known of a pending activity is what
    its events say, and the execution's ``latestActivityTaskTimestamp``.

    To move into the library: ``History.pending_activities`` beside the compiled view.
    """
    pending = [activity for activity in history.activities.values() if activity.is_open]
    pending.sort(key=lambda activity: activity.scheduled_event_id or 0)
    return pending


def rerun(execution: WorkflowExecution, history: History) -> WorkflowExecution:
    """Start a new run of a closed execution: same workflow id, type, input, tags, task list,
    child policy and time-outs (from its ``WorkflowExecutionStarted`` event).

    To move into the library: ``WorkflowExecution.rerun()``.
    """
    started = history.execution
    if started.workflow_type is None:
        raise UnknownResourceFault(
            f"the history of {execution.workflow_id!r} has no WorkflowExecutionStarted event",
            code="UnknownResourceFault",
        )
    workflow_type = WorkflowType(
        execution.domain,
        started.workflow_type.name,
        started.workflow_type.version,
        connection=execution.connection,
    )
    return workflow_type.start_execution(
        execution.workflow_id,
        task_list=started.task_list,
        child_policy=started.child_policy,
        execution_timeout=started.execution_start_to_close_timeout,
        input=started.input,
        tag_list=started.tag_list,
        decision_tasks_timeout=started.task_start_to_close_timeout,
        task_priority=started.task_priority,
        lambda_role=started.lambda_role,
    )
