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

The actors log to stderr at INFO by default (start and stop, retries of failed calls, every
error of your code with its traceback); ``-v`` adds DEBUG (each task's outcome), ``-q`` keeps
only warnings and errors, ``-qq`` only errors.
"""

from __future__ import annotations

import importlib
import logging
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

__all__ = ["check_domain", "configure_logging", "decider", "load_actor_class", "worker"]

_SETTING_KEYS = ("region", "endpoint_url", "profile")
_LOG_FORMAT = "%(asctime)s %(levelname)s %(processName)s %(name)s: %(message)s"
# Libraries whose DEBUG lines drown the actors' own: they log warnings and errors only.
_QUIET_LIBRARIES = ("botocore", "boto3", "urllib3")


def configure_logging(*, verbose: int = 0, quiet: int = 0) -> int:
    """Log to stderr for a command that runs actors: INFO, moved by ``-v`` and ``-q``.

    ``swf -v`` before the command counts as one more ``-v``. Returns the level set on the
    root logger (child processes of the runner log at the same level).
    """
    root_verbose = click.get_current_context().find_root().params.get("verbose") or 0
    level = logging.INFO - 10 * (verbose + root_verbose) + 10 * quiet
    level = min(max(level, logging.DEBUG), logging.ERROR)
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(_LOG_FORMAT))
        root.addHandler(handler)
    root.setLevel(level)
    for name in _QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
    return level


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
            f"{spec} is not {_article(base.__name__)} {base.__name__} subclass",
            param_hint="MODULE:CLASS",
        )
    return found


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _root_settings() -> dict[str, str]:
    params = click.get_current_context().find_root().params
    return {key: str(params[key]) for key in _SETTING_KEYS if params.get(key)}


def check_domain(domain: str) -> None:
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
    max_restarts: int,
    actor_options: dict[str, Any],
) -> None:
    check_domain(domain)
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
            max_restarts=max_restarts,
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
        click.option(
            "--processes",
            is_flag=True,
            help="One process per actor (default: threads). A process that dies is replaced,"
            " after a back-off of 1 s doubling up to 30 s.",
        ),
        click.option(
            "--max-restarts",
            type=click.IntRange(min=0),
            default=5,
            show_default=True,
            help="With --processes: deaths in a row of one process before giving up (exit 1).",
        ),
        click.option("--identity", help="Identity recorded by SWF (-<n> appended when -N > 1)."),
        click.option(
            "-v",
            "--verbose",
            count=True,
            help="Log more: DEBUG, each task's outcome (default: INFO to stderr).",
        ),
        click.option(
            "-q",
            "--quiet",
            count=True,
            help="Log less: -q warnings and errors, -qq errors only.",
        ),
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
    max_restarts: int,
    verbose: int,
    quiet: int,
) -> None:
    """Poll decision tasks with MODULE:CLASS until SIGTERM/SIGINT (exit 0; 1 crash; 2 usage)."""
    cls = load_actor_class(actor_class, Decider)
    configure_logging(verbose=verbose, quiet=quiet)
    _run(
        cls,
        domain=domain,
        task_list=task_list,
        count=count,
        processes=processes,
        identity=identity,
        max_restarts=max_restarts,
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
    max_restarts: int,
    verbose: int,
    quiet: int,
    heartbeat_interval: float | None,
    no_heartbeats: bool,
) -> None:
    """Process activity tasks with MODULE:CLASS until SIGTERM/SIGINT (exit 0; 1 crash; 2 usage)."""
    cls = load_actor_class(actor_class, ActivityWorker)
    configure_logging(verbose=verbose, quiet=quiet)
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
        max_restarts=max_restarts,
        actor_options=options,
    )
