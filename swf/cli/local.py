"""``swf local``: run SWF Local, the embedded SWF-compatible service.

::

    swf local serve --port 8080 --db swf.sqlite3
    # SWF Local listening on http://127.0.0.1:8080
    AWS_ENDPOINT_URL_SWF=http://127.0.0.1:8080 python my_worker.py

``--manual-clock`` starts the service on a manual clock that only moves through the control
endpoint: ``POST /_local/clock`` with ``{"advance": SECONDS}`` or ``{"set": EPOCH}``;
``GET /_local/clock`` answers ``{"now": EPOCH}``. The endpoint is disabled without the flag.

``--time-skipping`` runs on a manual clock that follows real time while anything is runnable
and jumps to the next deadline whenever nothing is (see docs/local.rst, "Time skipping").
``--log-level`` says what goes to stderr: ``info`` (the default) the start, the stop, warnings
and errors; ``debug`` also one line per request (logger ``swf.local.requests``: operation,
status, fault code, milliseconds, domain, a task token's first 8 characters); ``warning``
only warnings and errors.
"""

from __future__ import annotations

import logging
import signal
import sqlite3
import sys
import threading
from types import FrameType
from typing import Any

import click

from swf.cli.output import SWFGroup
from swf.local import DEFAULT_POLL_HOLD, LocalSWF, ManualClock

__all__ = ["LOG_FORMAT", "local", "serve"]

#: The format of SWF Local's log lines on stderr.
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}


def _log_to_stderr(level: str) -> tuple[logging.Handler, list[tuple[logging.Logger, int]]]:
    """Send SWF Local's log to stderr at ``level``; returns what :func:`_unlog` restores."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    package = logging.getLogger("swf.local")
    requests = logging.getLogger("swf.local.requests")
    saved = [(package, package.level), (requests, requests.level)]
    # debug means one line per request: the engine's own debug lines stay out of it.
    package.setLevel(max(_LEVELS[level], logging.INFO))
    requests.setLevel(_LEVELS[level])
    package.addHandler(handler)
    return handler, saved


def _unlog(handler: logging.Handler, saved: list[tuple[logging.Logger, int]]) -> None:
    logging.getLogger("swf.local").removeHandler(handler)
    for logger, level in saved:
        logger.setLevel(level)


def _parse_access_keys(values: tuple[str, ...]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for value in values:
        key_id, sep, secret = value.partition(":")
        if not sep or not key_id or not secret:
            raise click.BadParameter(f"{value!r} is not ID:SECRET", param_hint="--access-key")
        keys[key_id] = secret
    return keys


@click.group(cls=SWFGroup)
def local() -> None:
    """SWF Local: an SWF-compatible service on this machine (one SQLite file)."""


@local.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port", default=0, show_default=True, type=click.IntRange(0, 65535), help="0: a free port."
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="SQLite database file (created if missing). Default: a temporary file removed at exit.",
)
@click.option(
    "--poll-hold",
    type=click.FloatRange(min=0),
    default=DEFAULT_POLL_HOLD,
    show_default=True,
    help="Seconds a poll waits for a task before answering empty.",
)
@click.option(
    "--manual-clock",
    is_flag=True,
    help="Use a manual clock moved through POST /_local/clock (for tests).",
)
@click.option(
    "--time-skipping",
    is_flag=True,
    help="Run on a manual clock that jumps to the next deadline whenever nothing is runnable.",
)
@click.option("--require-auth", is_flag=True, help="Verify SigV4 signatures against --access-key.")
@click.option(
    "--access-key",
    "access_keys",
    multiple=True,
    metavar="ID:SECRET",
    help="An accepted access key (repeatable); needed by --require-auth.",
)
@click.option("--region", default="us-east-1", show_default=True, help="Region in domain ARNs.")
@click.option(
    "--account-id", default="000000000000", show_default=True, help="Account in domain ARNs."
)
@click.option("--ui", is_flag=True, help="Also serve the web view (swf ui) on 127.0.0.1.")
@click.option(
    "--ui-port", default=8081, show_default=True, type=click.IntRange(0, 65535), help="Its port."
)
@click.option(
    "--log-level",
    type=click.Choice(sorted(_LEVELS)),
    default="info",
    show_default=True,
    help="debug: one line per request; info: start, stop and errors; warning: errors only.",
)
def serve(
    host: str,
    port: int,
    db_path: str | None,
    poll_hold: float,
    manual_clock: bool,
    time_skipping: bool,
    require_auth: bool,
    access_keys: tuple[str, ...],
    region: str,
    account_id: str,
    ui: bool,
    ui_port: int,
    log_level: str,
) -> None:
    """Serve SWF Local until SIGINT or SIGTERM."""
    credentials = _parse_access_keys(access_keys)
    if require_auth and not credentials:
        raise click.UsageError("--require-auth needs at least one --access-key ID:SECRET")
    server = LocalSWF(
        db_path,
        host,
        port,
        ManualClock() if manual_clock or time_skipping else None,
        poll_hold=poll_hold,
        require_auth=require_auth,
        credentials=credentials,
        clock_control=manual_clock,
        time_skipping=time_skipping,
        region=region,
        account_id=account_id,
    )
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    in_main_thread = threading.current_thread() is threading.main_thread()
    previous: dict[int, Any] = {}
    if in_main_thread:
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, _on_signal)
    handler, saved = _log_to_stderr(log_level)
    try:
        try:
            server.start()
        except sqlite3.Error as error:
            raise click.ClickException(f"cannot start SWF Local: {error}") from error
        except OSError as error:
            # "[Errno 98] Address already in use" says neither which address nor what to do.
            where = f"{host}:{port}" if port else host
            reason = error.strerror or str(error)
            raise click.ClickException(f"cannot start SWF Local on {where}: {reason}") from error
        web = None
        try:
            click.echo(f"SWF Local listening on {server.endpoint_url}")
            if ui:
                web = _start_ui(server.endpoint_url, credentials, ui_port)
                click.echo(f"SWF web view at {web.url}")
            sys.stdout.flush()
            while not stop.wait(0.5):
                pass
        finally:
            if web is not None:
                web.stop()
            server.stop()
    finally:
        _unlog(handler, saved)
        for number, previous_handler in previous.items():
            signal.signal(number, previous_handler)


def _start_ui(endpoint_url: str, credentials: dict[str, str], port: int) -> Any:
    from swf.cli.ui import start_ui
    from swf.core import Connection

    key_id, secret = next(iter(credentials.items()), (None, None))
    connection = Connection(
        endpoint_url=endpoint_url, aws_access_key_id=key_id, aws_secret_access_key=secret
    )
    return start_ui(connection, port=port, read_only=False)


if __name__ == "__main__":
    local()
