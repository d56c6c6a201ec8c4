"""SWF Local's HTTP/1.1 server and its connection rules.

A thread per connection (threads are kept for the next one), keep-alive, ``TCP_NODELAY``,
status line, headers and body in one ``sendall`` (two sends would cost 40 ms a call through
Nagle and delayed ACK). The rules:

- **Idle and stalled connections are closed.** A keep-alive connection with no request for
  ``idle_timeout`` seconds (60) is closed, as is one whose request (head and body) has not
  fully arrived ``request_timeout`` seconds (20) after its first byte, or whose answer cannot
  be written in that time. Clients with a pool (botocore) see the close and reconnect.
- **A connection is never shared.** botocore never sends a request before the previous one was
  answered. Bytes that arrive before an answer was written mean that another process writes
  to the same socket (processes that forked while a connection sat in a pool): whoever reads
  the answer may not be who asked. Then nothing more is answered on that connection: it is
  closed at once, a held poll is released without a task, and a task claimed meanwhile is
  given back (``Response.on_undelivered``). Both clients see the connection drop and retry on
  connections of their own, as they would against Amazon SWF, where TLS fails loudly.
- **A held poll whose client has gone is released.** While a long poll waits, its socket is
  watched (one thread, :class:`~swf.local.threads.Watcher`); the client closing it sets the
  request's :class:`~swf.local.hangup.Hangup`, so the poll returns without claiming a task.
- **An answer that hands out a task closes its connection** (``Response.close``): that is the
  moment a forking poller hands the connection to a child. The server then waits a moment
  (``LINGER``) for its client to close: a request that arrives instead comes from another
  process, who may have read the answer, and the task is given back. A new connection costs
  ~0.2 ms of CPU (client and server) on this machine.

Parsing is done here rather than with :mod:`http.server` because these rules need to see the
bytes a client sent after its request (``http.server`` reads ahead into a private buffer) and
to bound a whole request in time (its socket timeout restarts with every byte).
"""

from __future__ import annotations

import logging
import math
import re
import select
import selectors
import socket
import struct
import threading
import time
import uuid
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from swf.local import faults
from swf.local.hangup import Hangup
from swf.local.protocol import (
    JSON_CONTENT_TYPE,
    MAX_REQUEST_BYTES,
    Request,
    Response,
    fault_response,
    log_request,
)
from swf.local.threads import Watcher, Workers

__all__ = ["IDLE_TIMEOUT", "REQUEST_TIMEOUT", "HTTPServer"]

log = logging.getLogger("swf.local.http")

#: Seconds a keep-alive connection may stay without a request before it is closed.
IDLE_TIMEOUT = 60.0
#: Seconds a request may take to arrive (from its first byte), and its answer to be written.
REQUEST_TIMEOUT = 20.0
#: Seconds to wait, after an answer that handed out a task, for its client to close the
#: connection (or for another process's request to show that the connection is shared).
LINGER = 1.0

_DRAIN_LIMIT = 16 * MAX_REQUEST_BYTES
_MAX_LINE = 65536
_MAX_HEADERS = 200
_MAX_HEAD = 4 * _MAX_LINE
_CHUNK = 65536
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_REASONS = {status.value: status.phrase for status in HTTPStatus}


def _encode(response: Response, *, close: bool) -> bytes:
    status = response.status
    lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}"]
    for name, value in response.headers.items():
        lines.append(f"{name}: {value}")
    lines.append(f"Content-Type: {JSON_CONTENT_TYPE}")
    lines.append(f"Content-Length: {len(response.body)}")
    if close:
        lines.append("Connection: close")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return head + response.body


class _BadRequest(Exception):
    def __init__(self, fault: faults.Fault, *, close: bool = True) -> None:
        super().__init__(fault.message)
        self.fault = fault
        self.close = close


class _Stalled(Exception):
    """The request did not arrive within the request timeout."""


class _Closed(Exception):
    """The client closed the connection in the middle of a request."""


class _Reader:
    """Reads requests from a socket into a buffer of its own, so that what a client sent after
    its request (another process's request, or the end of the connection) can be seen."""

    __slots__ = ("_idle_in_kernel", "_poll", "buffer", "sock")

    def __init__(self, sock: socket.socket, idle_timeout: float) -> None:
        self.sock = sock
        self.buffer = bytearray()
        # The wait for a request is a plain blocking recv bounded by SO_RCVTIMEO (one system
        # call per request instead of a poll and a recv); where that option cannot be set,
        # the wait polls like every other read.
        self._idle_in_kernel = _set_timeout(sock, socket.SO_RCVTIMEO, idle_timeout)
        self._poll: Any
        if hasattr(select, "poll"):
            self._poll = select.poll()
            self._poll.register(sock.fileno(), select.POLLIN)
        else:  # pragma: no cover - Windows
            self._poll = None

    def readable(self, timeout: float | None) -> bool:
        """Wait up to ``timeout`` seconds (None: for ever) for bytes or the end of the stream."""
        if self._poll is None:  # pragma: no cover - Windows
            return bool(select.select([self.sock], [], [], timeout)[0])
        milliseconds = -1 if timeout is None else max(0, math.ceil(timeout * 1000))
        return bool(self._poll.poll(milliseconds))

    def after_request(self) -> str | None:
        """What the client sent after its request: None (nothing: the normal case), ``"shared"``
        (more bytes: another request on the same connection) or ``"closed"`` (end of stream)."""
        if self.buffer:
            return "shared"
        if not self.readable(0):
            return None
        try:
            data = self.sock.recv(1, socket.MSG_PEEK)
        except OSError:
            return "closed"
        return "shared" if data else "closed"

    def _fill(self, deadline: float) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not self.readable(remaining):
            raise _Stalled
        data = self.sock.recv(_CHUNK)
        if not data:
            raise _Closed
        self.buffer += data

    def wait_for_request(self, timeout: float) -> bool:
        """Wait for the first byte of a request (blank lines before it are skipped); False if
        the client closed the connection or sent nothing for ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            while self.buffer[:1] in (b"\r", b"\n"):
                del self.buffer[:1]
            if self.buffer:
                return True
            if not self._idle_in_kernel:
                try:
                    self._fill(deadline)
                except (_Stalled, _Closed):
                    return False
                continue
            try:
                data = self.sock.recv(_CHUNK)
            except (BlockingIOError, TimeoutError):
                return False  # SO_RCVTIMEO ran out: idle too long
            if not data:
                return False
            self.buffer += data

    def read_head(self, deadline: float) -> bytes:
        """The request line and headers (without the blank line that ends them)."""
        start = 0
        while True:
            end = self.buffer.find(b"\r\n\r\n", start)
            if end >= 0:
                head = bytes(self.buffer[:end])
                del self.buffer[: end + 4]
                return head
            if b"\n\n" in self.buffer or b"\n\r\n" in self.buffer:  # bare line feeds
                match = _HEAD_END.search(self.buffer)
                if match is not None:
                    head = bytes(self.buffer[: match.start()])
                    del self.buffer[: match.end()]
                    return head
            if len(self.buffer) > _MAX_HEAD:
                raise _BadRequest(faults.SerializationException("Request head too long"))
            start = max(0, len(self.buffer) - 3)
            self._fill(deadline)

    def read_body(self, length: int, deadline: float) -> bytes:
        while len(self.buffer) < length:
            self._fill(deadline)
        body = bytes(self.buffer[:length])
        del self.buffer[:length]
        return body

    def discard(self, length: int, deadline: float) -> None:
        while length:
            if not self.buffer:
                self._fill(deadline)
            taken = min(length, len(self.buffer))
            del self.buffer[:taken]
            length -= taken


def _parse_head(head: bytes) -> tuple[str, str, str, dict[str, str]]:
    lines = head.decode("latin-1").split("\n")
    request_line = lines[0].rstrip("\r")
    if len(request_line) > _MAX_LINE:
        raise _BadRequest(faults.SerializationException("Request line too long"))
    parts = request_line.split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise _BadRequest(faults.SerializationException("Malformed request line"))
    if len(lines) - 1 > _MAX_HEADERS:
        raise _BadRequest(faults.SerializationException("Too many headers"))
    headers: dict[str, str] = {}
    for raw in lines[1:]:
        if len(raw) > _MAX_LINE:
            raise _BadRequest(faults.SerializationException("Header line too long"))
        name, sep, value = raw.partition(":")
        if not sep:
            raise _BadRequest(faults.SerializationException("Malformed header line"))
        key = name.strip().lower()
        value = value.strip()
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    method, target, version = parts
    return method, target, version, headers


def _set_timeout(sock: socket.socket, option: int, seconds: float) -> bool:
    """Bound every send (SO_SNDTIMEO) or receive (SO_RCVTIMEO) on a blocking socket, so a
    client that stops reading, or never writes, cannot hold a thread for ever. False where
    the option cannot be set (the callers then poll)."""
    whole = int(seconds)
    try:
        sock.setsockopt(
            socket.SOL_SOCKET, option, struct.pack("ll", whole, int((seconds - whole) * 1e6))
        )
    except (OSError, struct.error, OverflowError):  # pragma: no cover - other platforms
        return False
    return True


class _Connection:
    __slots__ = ("busy", "done", "peer", "sock")

    def __init__(self, sock: socket.socket, peer: str) -> None:
        self.sock = sock
        self.peer = peer
        self.busy = False
        self.done = threading.Event()


class HTTPServer:
    """A threaded HTTP/1.1 keep-alive server calling ``app(request) -> Response``."""

    def __init__(
        self,
        app: Callable[[Request], Response],
        host: str,
        port: int,
        *,
        idle_timeout: float = IDLE_TIMEOUT,
        request_timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        self.app = app
        self.idle_timeout = idle_timeout
        self.request_timeout = request_timeout
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, _, _, _, address = infos[0]
        self._listener = socket.socket(family, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(address)
        self._listener.listen(128)
        self.host, self.port = self._listener.getsockname()[:2]
        self._lock = threading.Lock()
        self._connections: set[_Connection] = set()
        self._stopping = False
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread: threading.Thread | None = None
        self._watcher = Watcher()
        self._workers: Workers[_Connection] = Workers(self._serve)

    def start(self) -> None:
        """Accept connections in a background thread."""
        self._thread = threading.Thread(
            target=self._accept_loop, name="swf-local-http", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop accepting, let in-flight requests finish, close idle connections."""
        with self._lock:
            self._stopping = True
            connections = list(self._connections)
        self._wake_w.send(b"x")
        if self._thread is not None:
            self._thread.join(timeout)
        for connection in connections:
            with self._lock:
                idle = not connection.busy
            if idle:
                _shutdown(connection.sock)
        for connection in connections:
            connection.done.wait(timeout)
        self._workers.close(timeout)
        self._watcher.close()
        self._listener.close()
        self._wake_r.close()
        self._wake_w.close()

    def _accept_loop(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self._listener, selectors.EVENT_READ)
        selector.register(self._wake_r, selectors.EVENT_READ)
        try:
            while True:
                events = selector.select()
                if self._stopping:
                    return
                for key, _ in events:
                    if key.fileobj is self._wake_r:
                        return
                    try:
                        sock, address = self._listener.accept()
                    except OSError:
                        continue
                    self._spawn(sock, address)
        finally:
            selector.close()

    def _spawn(self, sock: socket.socket, address: Any) -> None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        _set_timeout(sock, socket.SO_SNDTIMEO, self.request_timeout)
        peer = f"{address[0]}:{address[1]}" if isinstance(address, tuple) else str(address)
        connection = _Connection(sock, peer)
        with self._lock:
            if self._stopping:
                sock.close()
                return
            self._connections.add(connection)
        self._workers.submit(connection)

    def _serve(self, connection: _Connection) -> None:
        sock = connection.sock
        reader = _Reader(sock, self.idle_timeout)
        try:
            while self._serve_one(connection, reader):
                pass
        except OSError:
            return
        finally:
            with self._lock:
                self._connections.discard(connection)
            _close(sock)
            connection.done.set()

    def _serve_one(self, connection: _Connection, reader: _Reader) -> bool:
        """Read, dispatch and answer one request; False when the connection is done."""
        if not reader.wait_for_request(self.idle_timeout):
            return False
        with self._lock:
            if self._stopping:
                return False
            connection.busy = True
        deadline = time.monotonic() + self.request_timeout
        try:
            request, keep_alive = self._read_request(reader, deadline)
        except _BadRequest as bad:
            response = fault_response(bad.fault, str(uuid.uuid4()))
            log_request(
                "(malformed-request)",
                response.status,
                (time.monotonic() - deadline + self.request_timeout) * 1000,
                fault=bad.fault.code,
            )
            return self._answer(connection, response, keep_alive=not bad.close)
        except _Stalled:
            log.debug(
                "%s: request not received within %.0f s; closed",
                connection.peer,
                self.request_timeout,
            )
            return False
        except _Closed:
            return False
        after = reader.after_request()
        if after == "shared":
            _dropped(connection, request)
            return False
        hangup = Hangup(lambda hangup: self._watcher.watch(connection.sock, hangup))
        if after == "closed":
            hangup.set("closed")
        request.hangup = hangup
        try:
            response = self.app(request)
        finally:
            if hangup.armed:
                self._watcher.unwatch(connection.sock)
        after = reader.after_request() or hangup.reason
        if after == "shared" or (after == "closed" and response.on_undelivered is not None):
            if after == "shared":
                _dropped(connection, request)
            if response.on_undelivered is not None:
                response.on_undelivered()
            return False
        keep_alive = keep_alive and not response.close
        if not self._answer(connection, response, keep_alive=keep_alive):
            if response.on_undelivered is not None:
                self._linger(connection, reader, request, response.on_undelivered)
            return False
        return True

    def _answer(self, connection: _Connection, response: Response, *, keep_alive: bool) -> bool:
        with self._lock:
            close = self._stopping or not keep_alive
        connection.sock.sendall(_encode(response, close=close))
        with self._lock:
            connection.busy = False
            return not (close or self._stopping)

    def _linger(
        self,
        connection: _Connection,
        reader: _Reader,
        request: Request,
        on_undelivered: Callable[[], None],
    ) -> None:
        """After an answer that handed out a task (and said ``Connection: close``): the client
        that read it closes the connection; anything else that arrives is the request of
        another process sharing the socket, who may have read the answer instead. Then the
        task is given back (it times out at once) rather than left to its timeout."""
        _shutdown(connection.sock, socket.SHUT_WR)
        if not reader.readable(LINGER):
            return
        if reader.after_request() == "shared":
            _dropped(connection, request, answered=True)
            on_undelivered()

    def _read_request(self, reader: _Reader, deadline: float) -> tuple[Request, bool]:
        method, target, version, headers = _parse_head(reader.read_head(deadline))
        connection_header = headers.get("connection", "").lower()
        if version == "HTTP/1.0":
            keep_alive = "keep-alive" in connection_header
        else:
            keep_alive = "close" not in connection_header
        if "chunked" in headers.get("transfer-encoding", "").lower():
            raise _BadRequest(
                faults.SerializationException("Chunked request bodies are not supported")
            )
        try:
            length = int(headers.get("content-length", "0"))
            if length < 0:
                raise ValueError(length)
        except ValueError:
            raise _BadRequest(faults.SerializationException("Invalid Content-Length")) from None
        if headers.get("expect", "").lower() == "100-continue" and length <= MAX_REQUEST_BYTES:
            reader.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        if length > MAX_REQUEST_BYTES:
            fault = faults.RequestEntityTooLargeException(
                f"Request of {length} bytes exceeds the limit of {MAX_REQUEST_BYTES} bytes"
            )
            if length > _DRAIN_LIMIT:
                raise _BadRequest(fault)
            reader.discard(length, deadline)
            raise _BadRequest(fault, close=not keep_alive)
        body = reader.read_body(length, deadline) if length else b""
        return Request(method, target, headers, body), keep_alive


def _dropped(connection: _Connection, request: Request, *, answered: bool = False) -> None:
    if answered:
        what = f"after the answer to {request.operation} closed it"
        done = "its task is given back, since another process may have read the answer"
    else:
        what = f"before {request.operation or request.path} was answered"
        done = "closed it without an answer, so that each client retries on a connection of its own"
    log.warning(
        "%s: another request arrived %s: the connection is shared (by processes that forked "
        "while it was open?); %s",
        connection.peer,
        what,
        done,
    )


def _shutdown(sock: socket.socket, how: int = socket.SHUT_RDWR) -> None:
    try:
        sock.shutdown(how)
    except OSError:
        pass


def _close(sock: socket.socket) -> None:
    _shutdown(sock)
    try:
        sock.close()
    except OSError:
        pass
