"""``swf demo``: run a real workflow on this machine and show what happened.

::

    swf demo                          # SWF Local in-process, database in ~/.local/share/swf
    swf demo --db /tmp/demo.sqlite3   # another database
    swf --endpoint-url http://127.0.0.1:8080 demo   # against another SWF
    swf --region eu-west-1 demo --amazon            # against Amazon SWF (it registers types)

It runs on the SWF the settings name (``--endpoint-url``, ``AWS_ENDPOINT_URL_SWF``, ``~/.swf``),
as every command does, and otherwise starts SWF Local in this process; registers the ``swf-demo``
domain and its types where missing, runs a decider and two activity workers (threads built on
:mod:`swf.actors`), starts an ``order`` execution (parallel activities, a timer, a failure that
is retried, a signal, a child workflow), waits for it to close, then prints its history, its
timeline and its result. See :mod:`swf.cli.demo_workflow` for the workflow itself.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import sys
from datetime import timedelta
from pathlib import Path

import click

from swf.cli.demo_workflow import DEFAULT_DOMAIN, DemoError, DemoRun, run_demo
from swf.cli.output import SWFCommand, echo_json, render_table
from swf.cli.timeline import history_rows, render_timeline
from swf.core import Connection

__all__ = ["data_directory", "demo"]


def data_directory() -> Path:
    """Where ``swf`` keeps its data: ``$XDG_DATA_HOME/swf``, else ``~/.local/share/swf``."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "share"
    )
    return Path(base) / "swf"


def _say(line: str) -> None:
    click.echo(click.style("==> ", fg="cyan", bold=True) + line, err=True)


@click.command(cls=SWFCommand)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SQLite database of the embedded SWF Local (default: <data dir>/swf/demo.sqlite3).",
)
@click.option(
    "--endpoint-url",
    default=None,
    help="Run against this SWF instead of an embedded SWF Local (same as swf --endpoint-url).",
)
@click.option(
    "--amazon",
    is_flag=True,
    help="Run against the SWF the settings name (Amazon SWF in the configured region).",
)
@click.option("--domain", "-d", default=DEFAULT_DOMAIN, show_default=True, help="Domain to use.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=60.0,
    show_default=True,
    help="Seconds to wait for the workflow to close.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the history as JSON only.")
@click.option("--ui", is_flag=True, help="Then serve the web view on the demo's SWF until Ctrl-C.")
@click.option(
    "--ui-port", default=8081, show_default=True, type=click.IntRange(0, 65535), help="Its port."
)
@click.pass_context
def demo(
    ctx: click.Context,
    db_path: Path | None,
    endpoint_url: str | None,
    amazon: bool,
    domain: str,
    timeout: float,
    as_json: bool,
    ui: bool,
    ui_port: int,
) -> None:
    """Run a real workflow and show its history and timeline.

    It runs on the SWF the settings name, as every command does (--endpoint-url, else
    AWS_ENDPOINT_URL_SWF or ~/.swf), and otherwise on an SWF Local inside this command (its
    database under the user's data directory). --db always means that embedded SWF Local;
    --amazon means Amazon SWF (or the settings' endpoint).
    """
    endpoint_url = endpoint_url or ctx.find_root().params.get("endpoint_url")
    if not endpoint_url and not amazon and db_path is None:
        # The endpoint the settings name (AWS_ENDPOINT_URL_SWF, ~/.swf), as for every command.
        endpoint_url = _settings_endpoint()
    if endpoint_url or amazon:
        if db_path is not None:
            raise click.UsageError(
                "--db is for the embedded SWF Local; not with --endpoint-url or --amazon"
            )
        connection = Connection(endpoint_url=endpoint_url) if endpoint_url else Connection()
        where = connection.settings.endpoint_url or f"Amazon SWF ({connection.region})"
        _say(f"Using SWF at {where}.")
        run = run_demo(connection, domain=domain, timeout=timedelta(seconds=timeout), progress=_say)
        run.endpoint_url = connection.settings.endpoint_url
    else:
        run = _run_embedded(db_path, domain=domain, timeout=timeout)
    _show(run, as_json=as_json)
    if ui:
        _serve_ui(run, port=ui_port)
    if not run.completed:
        raise DemoError(f"workflow {run.workflow_id} did not complete: see its history above")


def _settings_endpoint() -> str | None:
    """The endpoint the settings name (the environment, ``~/.swf``), if any."""
    from swf import settings

    return settings.get().get("endpoint_url") or None


def _program() -> str:
    """How to call ``swf`` again in a hint: ``swf`` when that is on PATH, else the path this
    one was run by (``.venv/bin/swf`` from a venv that is not activated)."""
    import shutil
    import sys

    invoked = sys.argv[0] if sys.argv else ""
    if Path(invoked).name != "swf":
        return "swf"
    on_path = shutil.which("swf")
    if on_path and Path(on_path).resolve() == Path(invoked).resolve():
        return "swf"
    return shlex.quote(invoked)


def _run_embedded(db_path: Path | None, *, domain: str, timeout: float) -> DemoRun:
    from swf.local import LocalSWF

    owned = db_path is None
    if db_path is None:
        directory = data_directory()
        directory.mkdir(parents=True, exist_ok=True)
        db_path = directory / "demo.sqlite3"
    else:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    # A short poll hold: the actors' polls return soon after the demo tells them to stop.
    local = LocalSWF(db_path, poll_hold=1.0)
    try:
        local.start()
    except sqlite3.DatabaseError as error:
        why = _unusable_because(error)
        if not owned or why is None:
            message = str(error) if str(db_path) in str(error) else f"{db_path}: {error}"
            raise DemoError(f"cannot start SWF Local: {message}") from None
        # The default file is the demo's own: an old or damaged one is moved aside, not fatal.
        aside = _move_aside(db_path)
        _say(f"Moved {db_path} aside to {aside.name} ({why}); starting afresh.")
        local = LocalSWF(db_path, poll_hold=1.0)
        local.start()
    with local:
        _say(f"Started SWF Local at {local.endpoint_url} (database {db_path}).")
        connection = Connection(endpoint_url=local.endpoint_url)
        run = run_demo(
            connection,
            domain=domain,
            timeout=timedelta(seconds=timeout),
            progress=_say,
            on_stop=local.stop,
        )
    run.db_path = db_path
    return run


def _serve_ui(run: DemoRun, *, port: int) -> None:
    """Serve the web view on the demo's SWF (its database again, for the embedded one)."""
    from swf.cli.ui import start_ui, wait_for_stop
    from swf.web.urls import execution_url

    local = None
    if run.db_path is not None:
        from swf.local import LocalSWF

        local = LocalSWF(run.db_path).start()
        connection = Connection(endpoint_url=local.endpoint_url)
    else:
        connection = Connection(endpoint_url=run.endpoint_url) if run.endpoint_url else Connection()
    try:
        web = start_ui(connection, port=port, read_only=False)
        try:
            page = execution_url(run.domain, run.workflow_id, run.run_id)
            click.echo(f"Web view of the demo (Ctrl-C to stop): {web.url}{page}")
            sys.stdout.flush()
            wait_for_stop()
        finally:
            web.stop()
    finally:
        if local is not None:
            local.stop()


def _unusable_because(error: sqlite3.DatabaseError) -> str | None:
    """Why the file itself is unusable, or None (e.g. it is locked or cannot be written)."""
    from swf.local import IncompatibleDatabaseError

    if isinstance(error, IncompatibleDatabaseError):
        return "made by another version of SWF Local"
    # sqlite3.DatabaseError itself (not a subclass): "file is not a database", "malformed".
    if type(error) is sqlite3.DatabaseError:
        return f"not a usable database: {error}"
    return None


def _move_aside(db_path: Path) -> Path:
    """Rename ``db_path`` (and its WAL files) to ``<name>.old``, replacing an older one."""
    aside = db_path.with_name(db_path.name + ".old")
    for suffix in ("-wal", "-shm"):
        Path(str(aside) + suffix).unlink(missing_ok=True)
    os.replace(db_path, aside)
    for suffix in ("-wal", "-shm"):
        journal = Path(str(db_path) + suffix)
        if journal.exists():
            os.replace(journal, Path(str(aside) + suffix))
    return aside


def _show(run: DemoRun, *, as_json: bool) -> None:
    if as_json:
        echo_json(run.history.to_api())
        return
    close_event = run.close_event
    status = "COMPLETED" if run.completed else close_event.type if close_event else "OPEN"
    click.echo()
    click.echo(click.style(f"History of {run.workflow_id} ({len(run.history)} events)", bold=True))
    click.echo(render_table(["id", "at", "event", "details"], history_rows(run.history)))
    click.echo()
    click.echo(click.style("Timeline", bold=True))
    click.echo(render_timeline(run.history))
    click.echo("(. waiting for a worker  = running  * signal or marker)")
    click.echo()
    click.echo(click.style(f"Workflow {run.workflow_id}: {status}", bold=True))
    if run.completed:
        echo_json(run.result)
    click.echo()
    if run.db_path is not None:
        click.echo("Look again (the database keeps everything):")
        click.echo(f"  {_program()} local serve --db {shlex.quote(str(run.db_path))} --port 8080 &")
        endpoint = "http://127.0.0.1:8080"
    else:
        click.echo("Look again:")
        if run.endpoint_url is None:
            click.echo(f"  {_program()} execution timeline -d {run.domain} {run.workflow_id}")
            return
        endpoint = run.endpoint_url
    click.echo(
        f"  {_program()} --endpoint-url {endpoint} execution timeline -d {run.domain} "
        f"{run.workflow_id}"
    )
