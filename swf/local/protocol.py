"""SWF's JSON 1.0 protocol over HTTP/1.1, as botocore speaks it.

:class:`HTTPServer` is a small keep-alive HTTP/1.1 server (a thread per connection,
``TCP_NODELAY``, status line, headers and body leave in one ``sendall``). :class:`Dispatcher`
turns a request into a response: ``POST /`` with ``X-Amz-Target: SimpleWorkflowService.<Op>``,
body validated against the operation's input shape, then ``service.<snake_case_op>(params)``.
Faults are HTTP 400 (413 for a body over 1 MB, 500 for a bug) with
``{"__type": "<namespace>#<code>", "message": "..."}``; every response carries
``x-amzn-RequestId``.

Test-only control endpoints (only when enabled, e.g. ``swf local serve --manual-clock``):
``GET /_local/clock`` answers ``{"now": <epoch>}``; ``POST /_local/clock`` with
``{"advance": <seconds>}`` or ``{"set": <epoch>}`` moves the manual clock (deadlines due by then
fire before the answer) and answers the new ``{"now": ...}``.
"""

from __future__ import annotations

import json
import logging
import math
import selectors
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from swf.local import faults, shapes
from swf.local.validation import preview, validate

__all__ = ["MAX_REQUEST_BYTES", "Dispatcher", "HTTPServer", "Request", "Response"]

log = logging.getLogger("swf.local.protocol")

#: Largest request body accepted (SWF's limit: 1 MB).
MAX_REQUEST_BYTES = 1024 * 1024
_DRAIN_LIMIT = 16 * MAX_REQUEST_BYTES
_MAX_LINE = 65536
_MAX_HEADERS = 200
JSON_CONTENT_TYPE = "application/x-amz-json-1.0"


@dataclass
class Request:
    """One parsed HTTP request."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes = b""

    @property
    def path(self) -> str:
        """The path, without the query string."""
        return self.target.split("?", 1)[0]

    @property
    def query(self) -> str:
        """The raw query string ('' if none)."""
        return self.target.split("?", 1)[1] if "?" in self.target else ""


@dataclass
class Response:
    """One HTTP response (the body is JSON)."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def fault_response(fault: faults.Fault, request_id: str) -> Response:
    """The wire form of a fault."""
    body = json.dumps(fault.to_wire()).encode()
    return Response(fault.status, body, {"x-amzn-RequestId": request_id})


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON constant {name}")


class Dispatcher:
    """Maps requests to service operations, validating them first.

    ``authenticate(request)`` (optional) raises a fault for a request it rejects;
    ``clock`` (optional) enables the ``/_local/clock`` control endpoint.
    """

    def __init__(
        self,
        service: Any,
        *,
        authenticate: Callable[[Request], None] | None = None,
        clock: Any = None,
    ) -> None:
        self.service = service
        self.authenticate = authenticate
        self.clock = clock
        prefix = shapes.TARGET_PREFIX + "."
        self._operations = {prefix + name: name for name in shapes.operation_names()}

    def __call__(self, request: Request) -> Response:
        request_id = str(uuid.uuid4())
        try:
            if request.path.startswith("/_local/"):
                return self._control(request, request_id)
            return self._operation(request, request_id)
        except faults.Fault as fault:
            log.debug("fault %s: %s", fault.code, fault.message)
            return fault_response(fault, request_id)
        except Exception as exc:  # a bug: answer 500 like the live service, keep serving
            log.exception("internal failure")
            return fault_response(faults.InternalFailure(f"Internal failure: {exc!r}"), request_id)

    def _operation(self, request: Request, request_id: str) -> Response:
        if self.authenticate is not None:
            self.authenticate(request)
        target = request.headers.get("x-amz-target", "")
        operation = self._operations.get(target)
        if operation is None or request.method != "POST":
            raise faults.UnknownOperationException(
                f"Unknown operation: {preview(target) or '(no X-Amz-Target header)'}"
            )
        if len(request.body) > MAX_REQUEST_BYTES:
            raise faults.RequestEntityTooLargeException(
                f"Request of {len(request.body)} bytes exceeds the limit of "
                f"{MAX_REQUEST_BYTES} bytes"
            )
        try:
            text = request.body.decode("utf-8")
            params = _DECODER.decode(text) if text.strip() else {}
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
            raise faults.SerializationException(f"Request body is not valid JSON: {exc}") from None
        except RecursionError:
            raise faults.SerializationException(
                "Request body is not valid JSON: nested too deeply"
            ) from None
        validate(operation, params)
        method = getattr(self.service, shapes.method_name(operation), None)
        if method is None:
            raise faults.UnknownOperationException(
                f"Operation {operation} is not implemented by SWF Local"
            )
        log.debug("%s %s", operation, request_id)
        result = method(params)
        body = _ENCODER.encode(result).encode()
        return Response(200, body, {"x-amzn-RequestId": request_id})

    def _control(self, request: Request, request_id: str) -> Response:
        if request.path != "/_local/clock" or self.clock is None:
            fault = faults.UnknownOperationException(
                f"Unknown control endpoint {preview(request.path)} (enable the manual clock to use "
                "/_local/clock)"
            )
            fault.status = 404
            return fault_response(fault, request_id)
        if request.method == "POST":
            try:
                command = json.loads(request.body or b"{}")
            except ValueError:
                raise faults.SerializationException("Control body is not valid JSON") from None
            if not isinstance(command, dict):
                raise faults.SerializationException("Control body must be a JSON object")
            if "advance" in command:
                seconds = _control_number(command["advance"], "advance")
                if seconds < 0:
                    raise faults.ValidationException("advance must not be negative")
                self.clock.advance(seconds)
            elif "set" in command:
                self.clock.set(_control_number(command["set"], "set"))
            else:
                raise faults.ValidationException('Expected {"advance": seconds} or {"set": epoch}')
        elif request.method != "GET":
            raise faults.UnknownOperationException(f"Method {preview(request.method)} not allowed")
        body = json.dumps({"now": self.clock.now()}).encode()
        return Response(200, body, {"x-amzn-RequestId": request_id})


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
_ENCODER = json.JSONEncoder(separators=(",", ":"), allow_nan=False)


def _control_number(value: Any, name: str) -> float:
    """A finite number from a control request, or a ValidationException naming the member."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise faults.ValidationException(f"{name} must be a finite number, not {value!r}")
    return float(value)


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


class _Connection:
    __slots__ = ("busy", "sock", "thread")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.busy = False
        self.thread: threading.Thread | None = None


class HTTPServer:
    """A threaded HTTP/1.1 keep-alive server calling ``app(request) -> Response``."""

    def __init__(self, app: Callable[[Request], Response], host: str, port: int) -> None:
        self.app = app
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
            if connection.thread is not None:
                connection.thread.join(timeout)
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
                        sock, _ = self._listener.accept()
                    except OSError:
                        continue
                    self._spawn(sock)
        finally:
            selector.close()

    def _spawn(self, sock: socket.socket) -> None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        connection = _Connection(sock)
        with self._lock:
            if self._stopping:
                sock.close()
                return
            self._connections.add(connection)
        connection.thread = threading.Thread(
            target=self._serve, args=(connection,), name="swf-local-conn", daemon=True
        )
        connection.thread.start()

    def _serve(self, connection: _Connection) -> None:
        sock = connection.sock
        rfile = sock.makefile("rb", buffering=65536)
        try:
            while True:
                line = rfile.readline(_MAX_LINE + 1)
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    continue
                with self._lock:
                    if self._stopping:
                        return
                    connection.busy = True
                try:
                    request, keep_alive = self._read_request(line, rfile, sock)
                    response = self.app(request)
                except _BadRequest as bad:
                    response = fault_response(bad.fault, str(uuid.uuid4()))
                    keep_alive = not bad.close
                with self._lock:
                    close = self._stopping or not keep_alive
                sock.sendall(_encode(response, close=close))
                with self._lock:
                    connection.busy = False
                    if close or self._stopping:
                        return
        except OSError:
            return
        finally:
            with self._lock:
                self._connections.discard(connection)
            try:
                rfile.close()
            finally:
                _close(sock)

    def _read_request(self, line: bytes, rfile: Any, sock: socket.socket) -> tuple[Request, bool]:
        if len(line) > _MAX_LINE:
            raise _BadRequest(faults.SerializationException("Request line too long"))
        parts = line.decode("latin-1").split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise _BadRequest(faults.SerializationException("Malformed request line"))
        method, target, version = parts
        headers: dict[str, str] = {}
        for _ in range(_MAX_HEADERS + 1):
            raw = rfile.readline(_MAX_LINE + 1)
            if not raw:
                raise OSError("connection closed mid-request")
            if raw in (b"\r\n", b"\n"):
                break
            if len(raw) > _MAX_LINE:
                raise _BadRequest(faults.SerializationException("Header line too long"))
            name, sep, value = raw.decode("latin-1").partition(":")
            if not sep:
                raise _BadRequest(faults.SerializationException("Malformed header line"))
            key = name.strip().lower()
            value = value.strip()
            headers[key] = f"{headers[key]},{value}" if key in headers else value
        else:
            raise _BadRequest(faults.SerializationException("Too many headers"))
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
            sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        if length > MAX_REQUEST_BYTES:
            fault = faults.RequestEntityTooLargeException(
                f"Request of {length} bytes exceeds the limit of {MAX_REQUEST_BYTES} bytes"
            )
            if length > _DRAIN_LIMIT:
                raise _BadRequest(fault)
            remaining = length
            while remaining:
                chunk = rfile.read(min(remaining, 65536))
                if not chunk:
                    raise OSError("connection closed mid-body")
                remaining -= len(chunk)
            raise _BadRequest(fault, close=not keep_alive)
        body = rfile.read(length) if length else b""
        if len(body) != length:
            raise OSError("connection closed mid-body")
        return Request(method, target, headers, body), keep_alive


def _shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _close(sock: socket.socket) -> None:
    _shutdown(sock)
    try:
        sock.close()
    except OSError:
        pass
