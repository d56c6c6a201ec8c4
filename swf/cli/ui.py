"""``swf ui``: the web view of SWF, for whatever endpoint the settings name.

::

    swf ui                                              # http://127.0.0.1:8081
    swf --endpoint-url http://127.0.0.1:8080 ui         # SWF Local
    swf --region eu-west-1 ui --read-only               # Amazon SWF, no action offered

``swf local serve --ui`` serves it beside SWF Local, ``swf demo --ui`` leaves it running on
the demo's database. It needs the ``web`` extra (``pip install 'simple-workflow[web]'``).
"""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType
from typing import TYPE_CHECKING, Any

import click

from swf.cli.output import SWFCommand
from swf.core import Connection

if TYPE_CHECKING:
    from swf.web import WebServer

__all__ = ["start_ui", "ui", "wait_for_stop"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8081


def start_ui(
    connection: Connection, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, read_only: bool
) -> WebServer:
    """Start the web view in a background thread; a clear error when it cannot."""
    try:
        from swf.web import WebServer
    except ImportError as error:
        if error.name not in ("jinja2", "markupsafe"):
            raise
        raise click.ClickException(
            "the web view needs the 'web' extra: pip install 'simple-workflow[web]'"
        ) from None
    try:
        server = WebServer(connection=connection, host=host, port=port, read_only=read_only)
    except OSError as error:
        reason = error.strerror or str(error)
        raise click.ClickException(
            f"cannot serve the web view on {host}:{port}: {reason}"
        ) from None
    return server.start()


def wait_for_stop() -> None:
    """Return on SIGINT or SIGTERM (the handlers are restored after)."""
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, _on_signal)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def ui_options(function: Any) -> Any:
    """``--host``, ``--port`` and ``--read-only``, shared by the commands that serve the view."""
    function = click.option(
        "--read-only", is_flag=True, help="Offer no action (for pointing the view at production)."
    )(function)
    function = click.option(
        "--port",
        default=DEFAULT_PORT,
        show_default=True,
        type=click.IntRange(0, 65535),
        help="Port of the web view (0: a free one).",
    )(function)
    return click.option(
        "--host", default=DEFAULT_HOST, show_default=True, help="Address the web view binds."
    )(function)


@click.command(cls=SWFCommand)
@ui_options
def ui(host: str, port: int, read_only: bool) -> None:
    """Serve the web view of SWF (domains, executions, timelines, actions) until Ctrl-C.

    It shows the SWF the settings name (--endpoint-url, --region): SWF Local or Amazon SWF.
    Loopback only unless --host says otherwise; --read-only turns every action off.
    """
    server = start_ui(Connection(), host=host, port=port, read_only=read_only)
    try:
        click.echo(f"SWF web view at {server.url}" + (" (read-only)" if read_only else ""))
        sys.stdout.flush()
        wait_for_stop()
    finally:
        server.stop()
