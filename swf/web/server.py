"""Serving the view: a threaded ``wsgiref`` server, in a thread or in the foreground."""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
from socketserver import ThreadingMixIn
from types import TracebackType
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from swf.core import Connection
from swf.web.app import WebApp

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "WebServer", "is_loopback"]

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8081


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (``127.0.0.1``, ``::1``, ``localhost``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _IPv6Server(_Server):
    address_family = socket.AF_INET6


class _Handler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)


class WebServer:
    """The web view on ``host:port`` (port 0: a free one), served by threads.

    >>> with WebServer(connection=Connection(endpoint_url=url), port=0) as server:  # doctest: +SKIP
    ...     print(server.url)
    http://127.0.0.1:43127

    :param read_only: offer no action (see :class:`~swf.web.app.WebApp`).
    """

    def __init__(
        self,
        *,
        connection: Connection | None = None,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        read_only: bool = False,
    ) -> None:
        self.host = host
        self.app = WebApp(connection, read_only=read_only, loopback=is_loopback(host))
        server_class = _IPv6Server if ":" in host else _Server
        self._server = server_class((host.strip("[]"), port), _Handler)
        self._server.set_app(self.app)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """``http://host:port`` of the view."""
        host = f"[{self.host.strip('[]')}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> WebServer:
        """Serve in a background thread."""
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.1,), name="swf-web", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> WebServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
