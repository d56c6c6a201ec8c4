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
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any

import click

from swf.cli.output import (
    DURATION,
    EXECUTION_TIMEOUT,
    PAYLOAD,
    CommandError,
    DurationType,
    SWFGroup,
    answer_of,
    domain_option,
    echo_fields,
    echo_json,
    echo_table,
    format_duration,
    format_time,
    json_option,
    one_line,
    render_table,
)
from swf.cli.timeline import history_rows, render_timeline, spans
from swf.constants import ChildPolicy, CloseStatus, ExecutionStatus
from swf.exceptions import UnknownResourceFault
from swf.history import History
from swf.models import WorkflowExecution, WorkflowType
from swf.querysets import HistoryQuerySet, WorkflowExecutionQuerySet

__all__ = ["execution", "find_execution"]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_CHILD_POLICY = click.Choice([policy.value for policy in ChildPolicy], case_sensitive=False)
_CLOSE_STATUS = click.Choice([status.value for status in CloseStatus], case_sensitive=False)


class TimeType(click.ParamType):
    """A moment: ISO 8601 (``2026-01-31T12:00:00``, UTC when no offset is given) or an age.

    An age is a duration with units, read as every duration of the CLI is (``90s``, ``30m``,
    ``1h30m``, ``7d``): that long before now.
    """

    name = "time"
    _AGE = DurationType(allow_none=False)

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        """The aware UTC datetime for ``value``."""
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        text = str(value).strip()
        if text[-1:].isalpha() and (text[:1].isdigit() or text[:1] == "."):
            age = self._AGE.convert(text, param, ctx)
            assert isinstance(age, timedelta)
            return datetime.now(timezone.utc) - age
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            self.fail(f"{value!r} is neither an ISO 8601 time nor an age like 2h or 7d", param, ctx)
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


TIME = TimeType()
_INPUT_HELP = "Text sent as it is (JSON or not), @file or - (stdin)."


@click.group(cls=SWFGroup)
def execution() -> None:
    """Executions: list, start, signal, history, timeline..."""


def _run_id_option(function: Any) -> Any:
    return click.option(
        "--run-id", default=None, help="The run (default: the open run, else the latest closed)."
    )(function)


def find_execution(domain: str, workflow_id: str, run_id: str | None) -> WorkflowExecution:
    """The run a command shows, described: ``run_id``, or else the latest run of
    ``workflow_id`` (its open run, or else its most recently started closed run)."""
    executions = WorkflowExecutionQuerySet(domain)
    if run_id:
        return executions.get(workflow_id, run_id)
    return executions.latest(workflow_id)


def _history(domain: str, workflow_id: str, run_id: str | None) -> tuple[str, History]:
    """The run id and history of ``run_id``, or else of the latest run of ``workflow_id``."""
    if not run_id:
        run_id = str(find_execution(domain, workflow_id, None).run_id)
    return run_id, HistoryQuerySet(domain).get(workflow_id, run_id)


# -- list ------------------------------------------------------------------------------------


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
    first of these given is sent, the others are checked on the answer.
    """
    if type_version and not type_name:
        raise click.UsageError("--type-version needs --type")
    wants_closed = bool(close_status or closed_after or closed_before)
    status = (status or ("closed" if wants_closed else "open")).lower()
    if status == "open" and wants_closed:
        raise click.UsageError(
            "--close-status, --closed-after and --closed-before need closed runs"
        )
    workflow_type: tuple[str, str] | str | None = type_name
    if type_name and type_version:
        workflow_type = (type_name, type_version)
    executions = WorkflowExecutionQuerySet(domain)
    if status != "all":
        executions = executions.filter(status=ExecutionStatus(status.upper()))
    executions = executions.where(
        workflow_id=workflow_id,
        workflow_type=workflow_type,
        tag=tag,
        close_status=close_status.upper() if close_status else None,
        started_after=started_after,
        started_before=started_before,
        closed_after=closed_after,
        closed_before=closed_before,
    )
    if reverse:
        executions = executions.reverse()
    found = list(executions) if limit is None else executions[:limit]
    if as_json:
        echo_json([answer_of(run) for run in found])
        return
    echo_table(
        ["workflow id", "run id", "type", "status", "started", "closed", "tags"],
        (
            [
                run.workflow_id,
                run.run_id,
                _type_label(run.workflow_type),
                str(run.close_status or run.status or ""),
                format_time(run.start_timestamp),
                format_time(run.close_timestamp),
                ",".join(run.tag_list or ()),
            ]
            for run in found
        ),
        empty=f"No {'' if status == 'all' else status + ' '}executions match in {domain}.",
    )


def _type_label(workflow_type: WorkflowType | None) -> str:
    return "" if workflow_type is None else f"{workflow_type.name} {workflow_type.version}"


# -- describe --------------------------------------------------------------------------------


@execution.command()
@domain_option
@click.argument("workflow_id")
@_run_id_option
@json_option
def describe(domain: str, workflow_id: str, run_id: str | None, as_json: bool) -> None:
    """Show an execution: status, type, timeouts, open tasks; for a closed run, its result
    or why it failed, timed out, was canceled or terminated."""
    run = find_execution(domain, workflow_id, run_id)
    if as_json:
        echo_json(answer_of(run))
        return
    counts = run.open_counts
    open_counts = None
    if counts is not None and run.status == ExecutionStatus.OPEN:
        open_counts = (
            f"{counts.activity_tasks} activity tasks, {counts.decision_tasks} decision tasks, "
            f"{counts.timers} timers, {counts.child_workflow_executions} child executions"
        )
    parent = run.parent
    # A described execution knows its configuration: a time-out of None is SWF's NONE.
    echo_fields(
        [
            ("workflow id", run.workflow_id),
            ("run id", run.run_id),
            ("type", _type_label(run.workflow_type)),
            ("status", str(run.close_status or run.status or "")),
            ("started", format_time(run.start_timestamp)),
            ("closed", format_time(run.close_timestamp)),
            ("tags", ", ".join(run.tag_list or ())),
            ("parent", f"{parent.workflow_id} {parent.run_id}" if parent else None),
            ("cancel requested", "yes" if run.cancel_requested else None),
            ("task list", run.task_list),
            ("task priority", None if run.task_priority is None else str(run.task_priority)),
            ("execution timeout", format_duration(run.execution_timeout, none="none")),
            ("task timeout", format_duration(run.decision_tasks_timeout, none="none")),
            ("child policy", None if run.child_policy is None else str(run.child_policy)),
            ("open", open_counts),
            ("latest activity", format_time(run.latest_activity_task_timestamp)),
            ("execution context", run.latest_execution_context),
            *_outcome_fields(run),
        ]
    )


def _outcome_fields(run: WorkflowExecution) -> list[tuple[str, Any]]:
    """How a closed run ended (its result, or why it failed, timed out, was canceled or
    terminated), from its closing event; nothing for an open run."""
    if run.status != ExecutionStatus.CLOSED:
        return []
    outcome = run.outcome()
    if outcome is None:
        return []
    return [
        ("result", one_line(outcome.result) if outcome.result is not None else None),
        ("reason", outcome.reason),
        ("details", one_line(outcome.details) if outcome.details is not None else None),
        ("timeout type", outcome.timeout_type),
        ("terminated by", outcome.terminate_cause),
        ("continued as", outcome.new_execution_run_id),
    ]


# -- start, signal, cancel, terminate --------------------------------------------------------


@execution.command()
@domain_option
@click.argument("type_name", metavar="TYPE")
@click.argument("version")
@click.option("--workflow-id", default=None, help="Default: TYPE-<random>.")
@click.option("--input", "input_", type=PAYLOAD, default=None, help=_INPUT_HELP)
@click.option("--task-list", default=None, help="Decision task list (default: the type's).")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable, at most 5).")
@click.option(
    "--execution-timeout",
    type=EXECUTION_TIMEOUT,
    default=None,
    help="e.g. 1h30m (NONE and 0 refused; default: the type's).",
)
@click.option(
    "--task-timeout", type=DURATION, default=None, help="Decision task timeout (e.g. 30s, NONE)."
)
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
    execution_timeout: timedelta | None,
    task_timeout: timedelta | str | None,
    child_policy: str | None,
    task_priority: int | None,
    lambda_role: str | None,
    as_json: bool,
) -> None:
    """Start an execution of a workflow type."""
    workflow_id = workflow_id or f"{type_name}-{uuid.uuid4().hex[:12]}"
    if len(tags) > 5:
        raise click.UsageError("SWF allows at most 5 tags per execution")
    workflow_type = WorkflowType(domain, type_name, version)
    started = workflow_type.start_execution(
        workflow_id,
        task_list=task_list,
        child_policy=child_policy.upper() if child_policy else None,
        execution_timeout=execution_timeout,
        input=input_,
        tag_list=tags,
        decision_tasks_timeout=task_timeout,
        task_priority=task_priority,
        lambda_role=lambda_role,
    )
    if as_json:
        echo_json(started.to_api())
        return
    click.echo(f"Started {workflow_id} (run {started.run_id}).")


@execution.command()
@domain_option
@click.argument("workflow_id")
@click.argument("signal_name", metavar="SIGNAL")
@click.option("--run-id", default=None, help="The run (default: the open run).")
@click.option("--input", "input_", type=PAYLOAD, default=None, help=_INPUT_HELP)
def signal(
    domain: str, workflow_id: str, signal_name: str, run_id: str | None, input_: str | None
) -> None:
    """Send a signal to an open execution."""
    with _open_run(domain, workflow_id, run_id, "signal"):
        _target(domain, workflow_id, run_id).signal(signal_name, input=input_)
    click.echo(f"Signaled {workflow_id}: {signal_name}.")


@execution.command()
@domain_option
@click.argument("workflow_id")
@click.option("--run-id", default=None, help="The run (default: the open run).")
def cancel(domain: str, workflow_id: str, run_id: str | None) -> None:
    """Ask an open execution to cancel (its decider decides how)."""
    with _open_run(domain, workflow_id, run_id, "cancel"):
        _target(domain, workflow_id, run_id).request_cancel()
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
    with _open_run(domain, workflow_id, run_id, "terminate"):
        _target(domain, workflow_id, run_id).terminate(
            reason=reason,
            details=details,
            child_policy=child_policy.upper() if child_policy else None,
        )
    click.echo(f"Terminated {workflow_id}.")


@contextmanager
def _open_run(domain: str, workflow_id: str, run_id: str | None, verb: str) -> Iterator[None]:
    """Say which run is meant when SWF finds no open run of ``workflow_id`` to ``verb``.

    SWF's own words (``WorkflowExecution=[workflowId=..., runId=None]``) name no run; the
    latest closed run, if there is one, is what the user probably has in mind.
    """
    try:
        yield
    except UnknownResourceFault:
        if run_id:
            raise
        try:
            latest = WorkflowExecutionQuerySet(domain).latest(workflow_id)
        except WorkflowExecution.DoesNotExist:
            raise CommandError(
                f"UnknownResourceFault: no execution with workflow id {workflow_id!r} "
                f"in domain {domain!r}"
            ) from None
        if latest.status == ExecutionStatus.OPEN:
            raise  # it opened meanwhile, or SWF refused for another reason: its own words
        closed = str(latest.close_status or "closed").lower()
        raise CommandError(
            f"UnknownResourceFault: workflow id {workflow_id!r} has no open run to {verb}: "
            f"its latest run "
            f"{latest.run_id} is {closed} (closed {format_time(latest.close_timestamp)}); "
            f"see 'swf execution describe -d {domain} {workflow_id} --run-id {latest.run_id}'"
        ) from None


def _target(domain: str, workflow_id: str, run_id: str | None) -> WorkflowExecution:
    """The execution a signal, cancel or terminate reaches: ``run_id``, or SWF's open run."""
    return WorkflowExecution(domain, workflow_id, run_id or None)


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
    run_id, history = _history(domain, workflow_id, run_id)
    if not follow:
        if as_json:
            echo_json(history.to_api())
        else:
            click.echo(render_table(["id", "at", "event", "details"], history_rows(history)))
        return
    origin = history[0].timestamp if history else None
    seen = 0
    header = not as_json
    while True:
        fresh = history.since(seen)
        if fresh:
            seen = fresh[-1].id
            if as_json:
                for raw in fresh.to_api():
                    echo_json(raw, compact=True)
            else:
                _echo_rows(history_rows(fresh, origin=origin), header=header)
                header = False
        if history.is_closed:
            return
        time.sleep(interval)
        history.extend(HistoryQuerySet(domain).events(workflow_id, run_id))


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
    _, history = _history(domain, workflow_id, run_id)
    if as_json:
        found = spans(history, decisions=decisions)
        origin = found[0].requested if found else _EPOCH
        echo_json([span.as_dict(origin) for span in found])
        return
    click.echo(render_timeline(history, width=width, decisions=decisions))
