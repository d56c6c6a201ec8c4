"""``swf flow run`` and ``swf flow replay``: workflows as code (:mod:`swf.flow`) from the shell.

::

    swf flow run myapp.flows --domain shop            # deciders + workers until SIGTERM
    swf execution history -d shop order-42 --json > order-42.json
    swf flow replay myapp.flows:Order order-42.json    # exit 1 if the code diverges

``run`` finds every :class:`~swf.flow.Workflow` subclass and ``@activity`` function in the
module's namespace, registers their types (once) and runs a :class:`~swf.flow.Worker`; the
domain is ``--domain``, else the module's ``DOMAIN``. Exit statuses as for the actors: 0
stopped cleanly, 1 crashed, 2 usage error, 3 forced by a second signal. ``replay`` exits 0
when the code replays the history, 1 at a divergence (naming the event), 2 on bad input.
"""

from __future__ import annotations

import importlib
import os
import sys
from types import ModuleType
from typing import Any

import click

from swf.cli.actors import check_domain
from swf.cli.output import SWFGroup
from swf.exceptions import SWFError, ValidationError
from swf.flow import Activity, FlowError, NonDeterminismError, Worker, Workflow, replay
from swf.flow.replay import as_history
from swf.flow.sticky import DEFAULT_STICKY_CACHE_SIZE

__all__ = ["flow"]


def _import(name: str, hint: str) -> ModuleType:
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise click.BadParameter(f"cannot import {name!r}: {error}", param_hint=hint) from error


def _contents(module: ModuleType) -> tuple[list[type[Workflow]], list[Activity[..., Any]]]:
    workflows: list[type[Workflow]] = []
    activities: list[Activity[..., Any]] = []
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, Workflow) and value is not Workflow:
            if value not in workflows:
                workflows.append(value)
        elif isinstance(value, Activity) and value not in activities:
            activities.append(value)
    return workflows, activities


@click.group(cls=SWFGroup)
def flow() -> None:
    """Workflows as code (swf.flow): run their workers, replay their histories."""


@flow.command("run")
@click.argument("module", metavar="MODULE")
@click.option(
    "--domain",
    "-d",
    envvar="SWF_DOMAIN",
    show_envvar=True,
    help="The SWF domain (default: the module's DOMAIN).",
)
@click.option(
    "--activity-threads",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Activity workers per activity task list.",
)
@click.option(
    "--sticky-cache-size",
    type=click.IntRange(min=0),
    default=DEFAULT_STICKY_CACHE_SIZE,
    show_default=True,
    help="Runs whose live workflow state each decider keeps between decision tasks "
    "(0: replay the whole history for every task).",
)
def run(module: str, domain: str | None, activity_threads: int, sticky_cache_size: int) -> None:
    """Run the deciders and activity workers for MODULE's workflows and activities."""
    found = _import(module, "MODULE")
    workflows, activities = _contents(found)
    if not workflows and not activities:
        raise click.BadParameter(
            f"{module!r} holds no Workflow subclass and no @activity function",
            param_hint="MODULE",
        )
    domain = domain or getattr(found, "DOMAIN", None)
    if not isinstance(domain, str) or not domain:
        raise click.UsageError(f"no domain: give --domain, or set DOMAIN in {module}")
    check_domain(domain)
    try:
        worker = Worker(
            domain,
            workflows=workflows,
            activities=activities,
            activity_threads=activity_threads,
            sticky_cache_size=sticky_cache_size,
        )
    except (SWFError, ValueError) as error:
        raise click.UsageError(str(error)) from error
    names = ", ".join([w.name for w in workflows] + [a.name for a in activities])
    click.echo(f"swf flow: running {names} in domain {domain} (Ctrl-C to stop)", err=True)
    status = worker.run()
    click.get_current_context().exit(int(status))


@flow.command("replay")
@click.argument("workflow_class", metavar="MODULE:CLASS")
@click.argument("history_file", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--workflow-id",
    help="The execution's workflow id (default: read from its children's ids).",
)
def replay_command(workflow_class: str, history_file: str, workflow_id: str | None) -> None:
    """Replay FILE (from `swf execution history --json`) with MODULE:CLASS's code.

    Exit 0 when the code makes the decisions the history recorded, 1 at the first
    divergence (the event, what the history has, what the code did).
    """
    module_name, sep, class_name = workflow_class.partition(":")
    if not sep or not module_name or not class_name:
        raise click.BadParameter(
            f"{workflow_class!r} is not MODULE:CLASS", param_hint="MODULE:CLASS"
        )
    found: Any = _import(module_name, "MODULE:CLASS")
    for part in class_name.split("."):
        found = getattr(found, part, None)
    if not (isinstance(found, type) and issubclass(found, Workflow)):
        raise click.BadParameter(
            f"{workflow_class} is not a swf.flow.Workflow subclass", param_hint="MODULE:CLASS"
        )
    try:
        with click.open_file(history_file, encoding="utf-8") as stream:
            text = stream.read()
    except OSError as error:
        raise click.BadParameter(
            f"cannot read {history_file}: {error}", param_hint="FILE"
        ) from error
    try:
        history = as_history(text)
        decisions = replay(found, history, **({"workflow_id": workflow_id} if workflow_id else {}))
    except ValidationError as error:
        raise click.BadParameter(f"{history_file}: {error}", param_hint="FILE") from error
    except NonDeterminismError as error:
        click.echo(f"{history_file}: {error}", err=True)
        click.get_current_context().exit(1)
    except FlowError as error:
        raise click.UsageError(f"{history_file}: {error}") from error
    click.echo(f"{history_file}: {len(history)} events replayed by {found.name}: no divergence")
    if decisions:
        listed = ", ".join(decision.DECISION_TYPE for decision in decisions)
        click.echo(f"next decisions: {listed}")
