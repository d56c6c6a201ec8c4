"""``swf decider start`` and ``swf worker start``: run your actors until SIGTERM.

::

    swf decider start myapp.flows:OrderDecider --domain shop --task-list orders -N 2
    swf --endpoint-url http://127.0.0.1:8080 worker start myapp.tasks:Resizer \\
        --domain shop --task-list resize -N 8 --processes

``MODULE:CLASS`` names a :class:`~swf.actors.Decider` (for ``decider``) or an
:class:`~swf.actors.ActivityWorker` (for ``worker``) subclass; the current directory is
importable. SIGTERM / SIGINT stop polling and let the tasks in hand finish; a second signal
abandons them. Exit statuses: 0 stopped cleanly, 1 an actor crashed, 2 usage error (bad
arguments, unknown class or domain), 3 forced by a second signal
(see :class:`swf.actors.runner.ExitStatus`).
"""

from __future__ import annotations

import importlib
import os
import sys
from datetime import timedelta
from typing import Any

import click

from swf.actors import ActivityWorker, Actor, Decider
from swf.actors.runner import Runner
from swf.cli.output import SWFGroup, domain_option
from swf.exceptions import SWFError, ValidationError
from swf.models import Domain

__all__ = ["decider", "load_actor_class", "worker"]

_SETTING_KEYS = ("region", "endpoint_url", "profile")


def load_actor_class(spec: str, base: type[Actor]) -> type[Actor]:
    """The class named by ``MODULE:CLASS`` (the class may be dotted), checked against ``base``.

    :raises click.BadParameter: when it cannot be imported or is not a ``base`` subclass.
    """
    module_name, sep, class_path = spec.partition(":")
    if not sep or not module_name or not class_path:
        raise click.BadParameter(f"{spec!r} is not MODULE:CLASS", param_hint="MODULE:CLASS")
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        found: Any = importlib.import_module(module_name)
    except ImportError as error:
        raise click.BadParameter(
            f"cannot import {module_name!r}: {error}", param_hint="MODULE:CLASS"
        ) from error
    for part in class_path.split("."):
        try:
            found = getattr(found, part)
        except AttributeError:
            raise click.BadParameter(
                f"{module_name!r} has no {class_path!r}", param_hint="MODULE:CLASS"
            ) from None
    if not (isinstance(found, type) and issubclass(found, base)):
        raise click.BadParameter(
            f"{spec} is not a {base.__name__} subclass", param_hint="MODULE:CLASS"
        )
    return found


def _root_settings() -> dict[str, str]:
    params = click.get_current_context().find_root().params
    return {key: str(params[key]) for key in _SETTING_KEYS if params.get(key)}


def _check_domain(domain: str) -> None:
    """Refuse an unknown domain up front (a poller would otherwise retry forever)."""
    try:
        Domain(domain).upstream()
    except Domain.DoesNotExist:
        raise click.UsageError(f"domain {domain!r} does not exist") from None
    except ValidationError as error:
        raise click.UsageError(str(error)) from None
    except SWFError as error:
        click.echo(f"warning: cannot check domain {domain!r} yet ({error}); starting", err=True)


def _run(
    actor_class: type[Actor],
    *,
    domain: str,
    task_list: str,
    count: int,
    processes: bool,
    identity: str | None,
    actor_options: dict[str, Any],
) -> None:
    _check_domain(domain)
    try:
        runner = Runner(
            actor_class,
            domain=domain,
            task_list=task_list,
            count=count,
            processes=processes,
            identity=identity,
            settings=_root_settings(),
            actor_options=actor_options,
        )
        status = runner.run()
    except (SWFError, TypeError, ValueError) as error:
        raise click.UsageError(str(error)) from error
    click.get_current_context().exit(int(status))


def _common(function: Any) -> Any:
    options = [
        click.argument("actor_class", metavar="MODULE:CLASS"),
        domain_option,
        click.option("--task-list", required=True, help="The task list to poll."),
        click.option(
            "-N",
            "count",
            type=click.IntRange(min=1),
            default=1,
            show_default=True,
            help="How many actors to run.",
        ),
        click.option("--processes", is_flag=True, help="One process per actor (default: threads)."),
        click.option("--identity", help="Identity recorded by SWF (-<n> appended when -N > 1)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@click.group(cls=SWFGroup)
def decider() -> None:
    """Run deciders (Decider subclasses)."""


@decider.command("start")
@_common
def decider_start(
    actor_class: str,
    domain: str,
    task_list: str,
    count: int,
    processes: bool,
    identity: str | None,
) -> None:
    """Poll decision tasks with MODULE:CLASS until SIGTERM/SIGINT (exit 0; 1 crash; 2 usage)."""
    cls = load_actor_class(actor_class, Decider)
    _run(
        cls,
        domain=domain,
        task_list=task_list,
        count=count,
        processes=processes,
        identity=identity,
        actor_options={},
    )


@click.group(cls=SWFGroup)
def worker() -> None:
    """Run activity workers (ActivityWorker subclasses)."""


@worker.command("start")
@_common
@click.option(
    "--heartbeat-interval",
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds between automatic heartbeats (default: from the activity type's timeout).",
)
@click.option("--no-heartbeats", is_flag=True, help="No automatic heartbeats.")
def worker_start(
    actor_class: str,
    domain: str,
    task_list: str,
    count: int,
    processes: bool,
    identity: str | None,
    heartbeat_interval: float | None,
    no_heartbeats: bool,
) -> None:
    """Process activity tasks with MODULE:CLASS until SIGTERM/SIGINT (exit 0; 1 crash; 2 usage)."""
    cls = load_actor_class(actor_class, ActivityWorker)
    options: dict[str, Any] = {"heartbeats": not no_heartbeats}
    if heartbeat_interval is not None:
        options["heartbeat_interval"] = timedelta(seconds=heartbeat_interval)
    _run(
        cls,
        domain=domain,
        task_list=task_list,
        count=count,
        processes=processes,
        identity=identity,
        actor_options=options,
    )
