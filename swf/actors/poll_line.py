"""An actor's own HTTP connection for its long polls, so that :meth:`Actor.stop` can end one.

botocore gives no way to reach the socket of a call in flight, and the shared client's pool
serves every thread. Against SWF Local (an endpoint on this machine, plain HTTP), an actor
sends its polls itself: a ``before-send`` handler on the client (botocore's own hook, which
boto3's stubber and moto also use) hands the signed request to the actor's :class:`PollLine`,
which sends it on an :class:`http.client.HTTPConnection` of its own and gives botocore the
answer to parse as usual. Only the first request of a poll goes this way (the pages of a
decision task's history take the ordinary path), and only in the thread whose actor bound
its line (:meth:`PollLine.bound`): every other call of the client is untouched.

:meth:`PollLine.abort` shuts the connection's sending side. SWF Local sees the client end the
connection and releases the poll without handing it a task; an answer that was already on its
way is still read, and its task processed. The poll then ends with :class:`PollAbandoned`
(a :class:`BaseException`, so that no retry loop takes it for a failed call). Against Amazon
SWF a poll cannot be given back this way (it may still be handed a task), so actors keep
waiting for it there.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlsplit

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ConnectionClosedError, EndpointConnectionError, ReadTimeoutError

__all__ = ["POLL_OPERATIONS", "PollAbandoned", "PollLine", "install"]

POLL_OPERATIONS = ("PollForDecisionTask", "PollForActivityTask")
_HANDLER_ID = "swf-actors-poll-line"

_current: ContextVar[PollLine | None] = ContextVar("swf_poll_line", default=None)


class PollAbandoned(BaseException):
    """The poll was ended by :meth:`PollLine.abort` (the actor is stopping)."""


class _Body:
    """The ``raw`` botocore reads a response body from."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


class PollLine:
    """One keep-alive connection for one actor's polls; :meth:`abort` ends the poll on it."""

    def __init__(self, *, connect_timeout: float, read_timeout: float) -> None:
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self._lock = threading.Lock()
        self._connection: http.client.HTTPConnection | None = None
        self._address: tuple[str, int] | None = None
        self._aborted = False
        self._pending = False

    @property
    def aborted(self) -> bool:
        """True once :meth:`abort` was called."""
        return self._aborted

    @contextlib.contextmanager
    def bound(self) -> Iterator[None]:
        """Send the first poll request made in this block (in this thread) on this line."""
        self._pending = True
        token = _current.set(self)
        try:
            yield
        finally:
            _current.reset(token)
            self._pending = False

    def abort(self) -> None:
        """End the poll in flight, if any, and every later one; thread-safe."""
        with self._lock:
            self._aborted = True
            connection = self._connection
        sock = connection.sock if connection is not None else None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def close(self) -> None:
        """Close the connection (it reconnects on the next poll unless aborted)."""
        with self._lock:
            connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def send(self, request: Any) -> AWSResponse:
        """Send botocore's prepared ``request``; the answer as botocore's response."""
        self._pending = False
        parts = urlsplit(request.url)
        address = (parts.hostname or "127.0.0.1", parts.port or 80)
        with self._lock:
            if self._aborted:
                raise PollAbandoned(request.url)
            if self._connection is None or self._address != address:
                if self._connection is not None:
                    self._connection.close()
                self._connection = http.client.HTTPConnection(
                    *address, timeout=self.connect_timeout
                )
                self._address = address
            connection = self._connection
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        try:
            if connection.sock is None:
                try:
                    connection.connect()
                except OSError as error:
                    raise EndpointConnectionError(endpoint_url=request.url, error=error) from error
                assert connection.sock is not None
                connection.sock.settimeout(self.read_timeout)
                connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                if self._aborted:  # aborted while connecting: nothing to shut down then
                    raise PollAbandoned(request.url)
            body = request.body if request.body is not None else b""
            connection.request(request.method, target, body=body, headers=dict(request.headers))
            response = connection.getresponse()
            data = response.read()
        except (PollAbandoned, EndpointConnectionError):
            self.close()
            raise
        except TimeoutError as error:
            self.close()
            if self._aborted:
                raise PollAbandoned(request.url) from error
            raise ReadTimeoutError(endpoint_url=request.url, error=error) from error
        except (OSError, http.client.HTTPException) as error:
            self.close()
            if self._aborted:
                raise PollAbandoned(request.url) from error
            raise ConnectionClosedError(endpoint_url=request.url) from error
        if response.will_close:
            self.close()
        return AWSResponse(request.url, response.status, dict(response.getheaders()), _Body(data))


def _send_on_the_line(request: Any, **_: Any) -> AWSResponse | None:
    """botocore's ``before-send`` hook: the bound line's first request goes on it."""
    line = _current.get()
    if line is None or not line._pending:
        return None
    return line.send(request)


def install(client: Any) -> None:
    """Register the hook on a boto3 client (once per client; harmless when nothing is bound)."""
    for operation in POLL_OPERATIONS:
        client.meta.events.register(
            f"before-send.swf.{operation}",
            _send_on_the_line,
            unique_id=f"{_HANDLER_ID}-{operation}",
        )
