"""``swf execution``: see and steer workflow executions.

::

    swf execution start -d orders order 1 --workflow-id order-42 --input '{"sku": "A1"}'
    swf execution list -d orders                        # open executions, newest first
    swf execution list -d orders --status closed --close-status FAILED --started-after 1d
    swf execution describe -d orders order-42
    swf execution signal -d orders order-42 approved --input '{"by": "ana"}'
    swf execution history -d orders order-42 --follow   # until it closes
    swf execution timeline -d orders order-42
    swf execution cancel -d orders order-42             # asks the decider to cancel
    swf execution terminate -d orders order-42 --reason "stuck"

Without ``--run-id`` a command targets the open run of the workflow id, or else its most recent
closed run.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import click

from swf.cli.output import (
    DURATION,
    JSON_TEXT,
    CommandError,
    SWFGroup,
    domain_option,
    echo_fields,
    echo_json,
    echo_table,
    format_duration,
    format_time,
    json_option,
    render_table,
)
from swf.cli.timeline import CLOSE_EVENTS, history_rows, render_timeline, spans
from swf.constants import ChildPolicy, CloseStatus
from swf.core import Connection
from swf.wire import check_identifier, datetime_from_wire

__all__ = ["execution", "fetch_history", "resolve_run_id"]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_CHILD_POLICY = click.Choice([policy.value for policy in ChildPolicy], case_sensitive=False)
_CLOSE_STATUS = click.Choice([status.value for status in CloseStatus], case_sensitive=False)


class TimeType(click.ParamType):
    """A moment: ISO 8601 (``2026-01-31T12:00:00``, UTC when no offset is given) or an age.

    An age (``90s``, ``30m``, ``2h``, ``7d``) means that long before now.
    """

    name = "time"
    _UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        """The aware UTC datetime for ``value``."""
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        text = str(value).strip()
        if len(text) > 1 and text[-1] in self._UNITS and text[:-1].isdigit():
            age = timedelta(seconds=int(text[:-1]) * self._UNITS[text[-1]])
            return datetime.now(timezone.utc) - age
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            self.fail(f"{value!r} is neither an ISO 8601 time nor an age like 2h or 7d", param, ctx)
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


TIME = TimeType()


@click.group(cls=SWFGroup)
def execution() -> None:
    """Executions: list, start, signal, history, timeline..."""


def _run_id_option(function: Any) -> Any:
    return click.option(
        "--run-id", default=None, help="The run (default: the open run, else the latest closed)."
    )(function)


def _find_runs(
    connection: Connection, domain: str, workflow_id: str, *, closed: bool
) -> list[dict[str, Any]]:
    operation = "ListClosedWorkflowExecutions" if closed else "ListOpenWorkflowExecutions"
    answer = connection.call(
        operation,
        domain=domain,
        startTimeFilter={"oldestDate": _EPOCH},
        executionFilter={"workflowId": workflow_id},
        maximumPageSize=1,
    )
    return list(answer.get("executionInfos", []))


def resolve_run_id(
    connection: Connection, domain: str, workflow_id: str, run_id: str | None
) -> str:
    """``run_id``, or the open run of ``workflow_id``, or its most recently started closed run."""
    check_identifier(domain, what="domain")
    check_identifier(workflow_id, what="workflow id")
    if run_id:
        return run_id
    for closed in (False, True):
        runs = _find_runs(connection, domain, workflow_id, closed=closed)
        if runs:
            return str(runs[0]["execution"]["runId"])
    raise CommandError(f"no execution with workflow id {workflow_id!r} in domain {domain!r}")


def fetch_history(
    connection: Connection, domain: str, workflow_id: str, run_id: str
) -> list[dict[str, Any]]:
    """Every event of an execution, oldest first."""
    events: list[dict[str, Any]] = []
    for page in connection.paginate(
        "GetWorkflowExecutionHistory",
        domain=domain,
        execution={"workflowId": workflow_id, "runId": run_id},
    ):
        events.extend(page.get("events", []))
    return events


# -- list ------------------------------------------------------------------------------------


def _list_operation(
    connection: Connection,
    domain: str,
    *,
    closed: bool,
    server_filter: dict[str, Any],
    time_filters: dict[str, dict[str, datetime]],
    reverse: bool,
) -> Iterator[dict[str, Any]]:
    operation = "ListClosedWorkflowExecutions" if closed else "ListOpenWorkflowExecutions"
    params: dict[str, Any] = {"domain": domain, "reverseOrder": reverse, **server_filter}
    if closed and "closeTimeFilter" in time_filters:
        params["closeTimeFilter"] = _widened(time_filters["closeTimeFilter"])
    else:
        params["startTimeFilter"] = _widened(
            time_filters.get("startTimeFilter", {"oldestDate": _EPOCH})
        )
    for page in connection.paginate(operation, **params):
        yield from page.get("executionInfos", [])


def _widened(window: dict[str, datetime]) -> dict[str, datetime]:
    # botocore sends times in milliseconds, truncated: widen by a second on each side and
    # apply the exact window here (see _matches), so that a run started at the given time is in.
    second = timedelta(seconds=1)
    widened = {"oldestDate": max(_EPOCH, window["oldestDate"] - second)}
    if "latestDate" in window:
        widened["latestDate"] = window["latestDate"] + second
    return widened


def _within(moment: Any, window: dict[str, datetime] | None) -> bool:
    if window is None:
        return True
    when = datetime_from_wire(moment)
    if when is None:
        return False
    oldest, latest = window.get("oldestDate"), window.get("latestDate")
    return (oldest is None or when >= oldest) and (latest is None or when <= latest)


def _matches(info: dict[str, Any], wanted: dict[str, Any]) -> bool:
    if wanted.get("workflow_id") and info["execution"]["workflowId"] != wanted["workflow_id"]:
        return False
    if wanted.get("type_name"):
        workflow_type = info.get("workflowType", {})
        if workflow_type.get("name") != wanted["type_name"]:
            return False
        if wanted.get("type_version") and workflow_type.get("version") != wanted["type_version"]:
            return False
    if wanted.get("tag") and wanted["tag"] not in info.get("tagList", []):
        return False
    if wanted.get("close_status") and info.get("closeStatus") != wanted["close_status"]:
        return False
    if not _within(info.get("startTimestamp"), wanted.get("startTimeFilter")):
        return False
    return _within(info.get("closeTimestamp"), wanted.get("closeTimeFilter"))


def _window(after: datetime | None, before: datetime | None) -> dict[str, datetime] | None:
    if after is None and before is None:
        return None
    window = {"oldestDate": after or _EPOCH}
    if before is not None:
        window["latestDate"] = before
    return window


@execution.command("list")
@domain_option
@click.option(
    "--status",
    type=click.Choice(["open", "closed", "all"], case_sensitive=False),
    default=None,
    help="Open executions (default), closed ones, or all.",
)
@click.option("--workflow-id", default=None, help="Only runs of this workflow id.")
@click.option("--type", "type_name", default=None, help="Only executions of this workflow type.")
@click.option("--type-version", default=None, help="With --type: only this version.")
@click.option("--tag", default=None, help="Only executions carrying this tag.")
@click.option("--close-status", type=_CLOSE_STATUS, default=None, help="Only these closed.")
@click.option("--started-after", type=TIME, default=None, help="ISO 8601 time or age (2h, 7d).")
@click.option("--started-before", type=TIME, default=None, help="ISO 8601 time or age.")
@click.option("--closed-after", type=TIME, default=None, help="ISO 8601 time or age.")
@click.option("--closed-before", type=TIME, default=None, help="ISO 8601 time or age.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many.")
@click.option("--reverse", is_flag=True, help="Oldest first.")
@json_option
def list_executions(
    domain: str,
    status: str | None,
    workflow_id: str | None,
    type_name: str | None,
    type_version: str | None,
    tag: str | None,
    close_status: str | None,
    started_after: datetime | None,
    started_before: datetime | None,
    closed_after: datetime | None,
    closed_before: datetime | None,
    limit: int | None,
    reverse: bool,
    as_json: bool,
) -> None:
    """List executions, newest first, with any combination of filters.

    SWF accepts one of the workflow id, type, tag and close status filters per request: the
    first given is sent, the others are applied here.
    """
    check_identifier(domain, what="domain")
    if type_version and not type_name:
        raise click.UsageError("--type-version needs --type")
    wants_closed = bool(close_status or closed_after or closed_before)
    status = (status or ("closed" if wants_closed else "open")).lower()
    if status == "open" and wants_closed:
        raise click.UsageError(
            "--close-status, --closed-after and --closed-before need closed runs"
        )
    start_window = _window(started_after, started_before)
    close_window = _window(closed_after, closed_before)
    time_filters: dict[str, dict[str, datetime]] = {}
    if start_window:
        time_filters["startTimeFilter"] = start_window
    if close_window:
        time_filters["closeTimeFilter"] = close_window
    wanted: dict[str, Any] = {
        "workflow_id": workflow_id,
        "type_name": type_name,
        "type_version": type_version,
        "tag": tag,
        "close_status": close_status.upper() if close_status else None,
        **time_filters,
    }

    def server_filter(closed: bool) -> dict[str, Any]:
        if workflow_id:
            return {"executionFilter": {"workflowId": workflow_id}}
        if type_name:
            type_filter = {"name": type_name}
            if type_version:
                type_filter["version"] = type_version
            return {"typeFilter": type_filter}
        if tag:
            return {"tagFilter": {"tag": tag}}
        if closed and close_status:
            return {"closeStatusFilter": {"status": close_status.upper()}}
        return {}

    connection = Connection()
    found: list[dict[str, Any]] = []
    for closed in {"open": [False], "closed": [True], "all": [False, True]}[status]:
        count = 0
        for info in _list_operation(
            connection,
            domain,
            closed=closed,
            server_filter=server_filter(closed),
            time_filters=time_filters,
            reverse=reverse,
        ):
            if _matches(info, wanted):
                found.append(info)
                count += 1
                if limit is not None and count >= limit:
                    break
    if status == "all":
        found.sort(
            key=lambda info: datetime_from_wire(info["startTimestamp"]) or _EPOCH,
            reverse=not reverse,
        )
    if limit is not None:
        found = found[:limit]
    if as_json:
        echo_json(found)
        return
    echo_table(
        ["workflow id", "run id", "type", "status", "started", "closed", "tags"],
        (
            [
                info["execution"]["workflowId"],
                info["execution"]["runId"],
                f"{info['workflowType']['name']} {info['workflowType']['version']}",
                info.get("closeStatus") or info.get("executionStatus", ""),
                format_time(info.get("startTimestamp")),
                format_time(info.get("closeTimestamp")),
                ",".join(info.get("tagList", [])),
            ]
            for info in found
        ),
        empty=f"No {'' if status == 'all' else status + ' '}executions match in {domain}.",
    )


# -- describe --------------------------------------------------------------------------------


@execution.command()
@domain_option
@click.argument("workflow_id")
@_run_id_option
@json_option
def describe(domain: str, workflow_id: str, run_id: str | None, as_json: bool) -> None:
    """Show an execution: status, type, timeouts, open tasks."""
    connection = Connection()
    run_id = resolve_run_id(connection, domain, workflow_id, run_id)
    answer = connection.call(
        "DescribeWorkflowExecution",
        domain=domain,
        execution={"workflowId": workflow_id, "runId": run_id},
    )
    if as_json:
        echo_json(answer)
        return
    info = answer.get("executionInfo", {})
    configuration = answer.get("executionConfiguration", {})
    counts = answer.get("openCounts", {})
    parent = info.get("parent")
    open_counts = ", ".join(
        f"{counts.get(key, 0)} {label}"
        for key, label in (
            ("openActivityTasks", "activity tasks"),
            ("openDecisionTasks", "decision tasks"),
            ("openTimers", "timers"),
            ("openChildWorkflowExecutions", "child executions"),
        )
    )
    echo_fields(
        [
            ("workflow id", info.get("execution", {}).get("workflowId")),
            ("run id", info.get("execution", {}).get("runId")),
            ("type", f"{info['workflowType']['name']} {info['workflowType']['version']}"),
            ("status", info.get("closeStatus") or info.get("executionStatus")),
            ("started", format_time(info.get("startTimestamp"))),
            ("closed", format_time(info.get("closeTimestamp"))),
            ("tags", ", ".join(info.get("tagList", []))),
            ("parent", f"{parent['workflowId']} {parent['runId']}" if parent else None),
            ("cancel requested", "yes" if info.get("cancelRequested") else None),
            ("task list", configuration.get("taskList", {}).get("name")),
            ("task priority", configuration.get("taskPriority")),
            (
                "execution timeout",
                format_duration(configuration.get("executionStartToCloseTimeout")),
            ),
            ("task timeout", format_duration(configuration.get("taskStartToCloseTimeout"))),
            ("child policy", configuration.get("childPolicy")),
            ("open", open_counts if info.get("executionStatus") == "OPEN" else None),
            ("latest activity", format_time(answer.get("latestActivityTaskTimestamp"))),
            ("execution context", answer.get("latestExecutionContext")),
        ]
    )


# -- start, signal, cancel, terminate --------------------------------------------------------


@execution.command()
@domain_option
@click.argument("type_name", metavar="TYPE")
@click.argument("version")
@click.option("--workflow-id", default=None, help="Default: TYPE-<random>.")
@click.option("--input", "input_", type=JSON_TEXT, default=None, help="JSON, @file or -.")
@click.option("--task-list", default=None, help="Decision task list (default: the type's).")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable, at most 5).")
@click.option("--execution-timeout", type=DURATION, default=None, help="e.g. 1h.")
@click.option("--task-timeout", type=DURATION, default=None, help="Decision task timeout.")
@click.option("--child-policy", type=_CHILD_POLICY, default=None, help="On terminate/time-out.")
@click.option("--task-priority", type=int, default=None, help="Decision task priority.")
@click.option("--lambda-role", default=None, help="IAM role ARN for Lambda tasks.")
@json_option
def start(
    domain: str,
    type_name: str,
    version: str,
    workflow_id: str | None,
    input_: str | None,
    task_list: str | None,
    tags: tuple[str, ...],
    execution_timeout: str | None,
    task_timeout: str | None,
    child_policy: str | None,
    task_priority: int | None,
    lambda_role: str | None,
    as_json: bool,
) -> None:
    """Start an execution of a workflow type."""
    workflow_id = workflow_id or f"{type_name}-{uuid.uuid4().hex[:12]}"
    if len(tags) > 5:
        raise click.UsageError("SWF allows at most 5 tags per execution")
    params: dict[str, Any] = {
        "domain": check_identifier(domain, what="domain"),
        "workflowId": check_identifier(workflow_id, what="workflow id"),
        "workflowType": {"name": type_name, "version": version},
    }
    optional: dict[str, Any] = {
        "input": input_,
        "taskList": {"name": task_list} if task_list else None,
        "tagList": list(tags) or None,
        "executionStartToCloseTimeout": execution_timeout,
        "taskStartToCloseTimeout": task_timeout,
        "childPolicy": child_policy.upper() if child_policy else None,
        "taskPriority": str(task_priority) if task_priority is not None else None,
        "lambdaRole": lambda_role,
    }
    params.update({key: value for key, value in optional.items() if value is not None})
    answer = Connection().call("StartWorkflowExecution", **params)
    if as_json:
        echo_json({"workflowId": workflow_id, "runId": answer["runId"]})
        return
    click.echo(f"Started {workflow_id} (run {answer['runId']}).")


@execution.command()
@domain_option
@click.argument("workflow_id")
@click.argument("signal_name", metavar="SIGNAL")
@click.option("--run-id", default=None, help="The run (default: the open run).")
@click.option("--input", "input_", type=JSON_TEXT, default=None, help="JSON, @file or -.")
def signal(
    domain: str, workflow_id: str, signal_name: str, run_id: str | None, input_: str | None
) -> None:
    """Send a signal to an open execution."""
    params: dict[str, Any] = {
        "domain": check_identifier(domain, what="domain"),
        "workflowId": check_identifier(workflow_id, what="workflow id"),
        "signalName": check_identifier(signal_name, what="signal name"),
    }
    if run_id:
        params["runId"] = run_id
    if input_ is not None:
        params["input"] = input_
    Connection().call("SignalWorkflowExecution", **params)
    click.echo(f"Signaled {workflow_id}: {signal_name}.")


@execution.command()
@domain_option
@click.argument("workflow_id")
@click.option("--run-id", default=None, help="The run (default: the open run).")
def cancel(domain: str, workflow_id: str, run_id: str | None) -> None:
    """Ask an open execution to cancel (its decider decides how)."""
    params: dict[str, Any] = {
        "domain": check_identifier(domain, what="domain"),
        "workflowId": check_identifier(workflow_id, what="workflow id"),
    }
    if run_id:
        params["runId"] = run_id
    Connection().call("RequestCancelWorkflowExecution", **params)
    click.echo(f"Requested cancellation of {workflow_id}.")


@execution.command()
@domain_option
@click.argument("workflow_id")
@click.option("--run-id", default=None, help="The run (default: the open run).")
@click.option("--reason", default=None, help="Why (at most 256 characters).")
@click.option("--details", default=None, help="More about why.")
@click.option("--child-policy", type=_CHILD_POLICY, default=None, help="What happens to children.")
def terminate(
    domain: str,
    workflow_id: str,
    run_id: str | None,
    reason: str | None,
    details: str | None,
    child_policy: str | None,
) -> None:
    """Terminate an open execution at once."""
    params: dict[str, Any] = {
        "domain": check_identifier(domain, what="domain"),
        "workflowId": check_identifier(workflow_id, what="workflow id"),
    }
    optional = {
        "runId": run_id,
        "reason": reason,
        "details": details,
        "childPolicy": child_policy.upper() if child_policy else None,
    }
    params.update({key: value for key, value in optional.items() if value is not None})
    Connection().call("TerminateWorkflowExecution", **params)
    click.echo(f"Terminated {workflow_id}.")


# -- history and timeline --------------------------------------------------------------------

_FOLLOW_WIDTHS = (5, 9, 44)


def _echo_rows(rows: list[list[str]], *, header: bool) -> None:
    widths = [max(width, *(len(row[i]) for row in rows)) for i, width in enumerate(_FOLLOW_WIDTHS)]
    if header:
        titles = ["ID", "AT", "EVENT", "DETAILS"]
        click.echo(
            "  ".join(t.ljust(w) for t, w in zip(titles, [*widths, 0], strict=True)).rstrip()
        )
    for row in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, [*widths, 0], strict=True)).rstrip())


@execution.command()
@domain_option
@click.argument("workflow_id")
@_run_id_option
@click.option("--follow", "-f", is_flag=True, help="Keep printing new events until it closes.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.01),
    default=1.0,
    show_default=True,
    help="With --follow: seconds between two looks.",
)
@click.option("--json", "as_json", is_flag=True, help="JSON (with --follow: one event a line).")
def history(
    domain: str,
    workflow_id: str,
    run_id: str | None,
    follow: bool,
    interval: float,
    as_json: bool,
) -> None:
    """Print an execution's history, oldest event first."""
    connection = Connection()
    run_id = resolve_run_id(connection, domain, workflow_id, run_id)
    events = fetch_history(connection, domain, workflow_id, run_id)
    if not follow:
        if as_json:
            echo_json(events)
        else:
            click.echo(render_table(["id", "at", "event", "details"], history_rows(events)))
        return
    origin = datetime_from_wire(events[0]["eventTimestamp"]) if events else None
    seen = 0
    header = not as_json
    while True:
        fresh = [event for event in events if int(event["eventId"]) > seen]
        if fresh:
            seen = int(fresh[-1]["eventId"])
            if as_json:
                for event in fresh:
                    echo_json(event, compact=True)
            else:
                _echo_rows(history_rows(fresh, origin=origin), header=header)
                header = False
        if any(event["eventType"] in CLOSE_EVENTS for event in events):
            return
        time.sleep(interval)
        events = fetch_history(connection, domain, workflow_id, run_id)


@execution.command()
@domain_option
@click.argument("workflow_id")
@_run_id_option
@click.option("--decisions", is_flag=True, help="Show decision tasks too.")
@click.option(
    "--width", type=click.IntRange(10, 200), default=40, show_default=True, help="Bar width."
)
@json_option
def timeline(
    domain: str, workflow_id: str, run_id: str | None, decisions: bool, width: int, as_json: bool
) -> None:
    """Show an execution's tasks on a timeline.

    Activities, timers, child workflows, signals and markers, one line each.

    In a bar, "." is waiting for a worker and "=" is running; "*" marks a signal or
    marker.
    """
    connection = Connection()
    run_id = resolve_run_id(connection, domain, workflow_id, run_id)
    events = fetch_history(connection, domain, workflow_id, run_id)
    if as_json:
        found = spans(events, decisions=decisions)
        origin = found[0].requested if found else _EPOCH
        echo_json([span.as_dict(origin) for span in found])
        return
    click.echo(render_timeline(events, width=width, decisions=decisions))
