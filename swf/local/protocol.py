"""SWF's JSON 1.0 protocol, as botocore speaks it.

:class:`Dispatcher` turns a request into a response (the HTTP server is
:mod:`swf.local.connections`): ``POST /`` with ``X-Amz-Target: SimpleWorkflowService.<Op>``,
body validated against the operation's input shape, then ``service.<snake_case_op>(params)``.
Faults are HTTP 400 (413 for a body over 1 MB, 500 for a bug) with
``{"__type": "<namespace>#<code>", "message": "..."}``; every response carries
``x-amzn-RequestId``.

A long poll runs with its request's :class:`~swf.local.hangup.Hangup` bound, so that it stops
when its client goes. An answer that hands out a task asks for its connection to be closed
after it (``Response.close``) and says how to give the task back if it cannot be delivered
(``Response.on_undelivered``: ``release(kind, token)``, given by the server).

Test-only control endpoints (only when enabled, e.g. ``swf local serve --manual-clock``):
``GET /_local/clock`` answers ``{"now": <epoch>}``; ``POST /_local/clock`` with
``{"advance": <seconds>}`` or ``{"set": <epoch>}`` moves the manual clock (deadlines due by then
fire before the answer) and answers the new ``{"now": ...}``.
"""

from __future__ import annotations

import json
import logging
import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from swf.local import faults, hangup, shapes
from swf.local.validation import preview, validate

__all__ = ["JSON_CONTENT_TYPE", "MAX_REQUEST_BYTES", "Dispatcher", "Request", "Response"]

log = logging.getLogger("swf.local.protocol")
#: One line per request at DEBUG (``swf local serve --log-level debug``).
requests_log = logging.getLogger("swf.local.requests")

#: Largest request body accepted (SWF's limit: 1 MB).
MAX_REQUEST_BYTES = 1024 * 1024
JSON_CONTENT_TYPE = "application/x-amz-json-1.0"
_TARGET = shapes.TARGET_PREFIX + "."
#: The long polls, and the kind of task each hands out.
POLLS = {"PollForDecisionTask": "decision", "PollForActivityTask": "activity"}


@dataclass
class Request:
    """One parsed HTTP request."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes = b""
    hangup: hangup.Hangup | None = None

    @property
    def operation(self) -> str | None:
        """The SWF operation named by ``X-Amz-Target`` (None for another target)."""
        target = self.headers.get("x-amz-target", "")
        return target[len(_TARGET) :] if target.startswith(_TARGET) else None

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
    #: Close the connection after this answer.
    close: bool = False
    #: Called instead of sending the answer when it cannot be delivered (its task is given back).
    on_undelivered: Callable[[], None] | None = None


def fault_response(fault: faults.Fault, request_id: str) -> Response:
    """The wire form of a fault."""
    body = json.dumps(fault.to_wire()).encode()
    return Response(fault.status, body, {"x-amzn-RequestId": request_id})


class _Entry:
    """What the request log line says of one request (filled as the request is understood)."""

    __slots__ = ("domain", "fault", "operation", "token")

    def __init__(self, operation: str | None) -> None:
        self.operation = operation
        self.domain: Any = None
        self.token: Any = None
        self.fault: str | None = None

    def note(self, params: Any) -> None:
        if not isinstance(params, dict):
            return
        domain = params.get("domain")
        if domain is None and (self.operation or "").endswith("Domain"):
            domain = params.get("name")
        self.domain = domain
        self.token = params.get("taskToken")


def log_request(
    what: str, status: int, milliseconds: float, *, fault: str | None = None, **more: Any
) -> None:
    """The request log line: ``DescribeDomain 400 UnknownResourceFault 0.4 ms domain=d``.

    ``more`` holds short values only: a domain name (cut to 64 characters), a task token's
    first 8 characters. Never a payload, never a header.
    """
    parts = [preview(what, 64), str(status)]
    if fault:
        parts.append(fault)
    parts.append(f"{milliseconds:.1f} ms")
    for name, value in more.items():
        if isinstance(value, str) and value:
            short = value[:8] if name == "token" else preview(value, 64)
            parts.append(f"{name}={short}")
    requests_log.debug("%s", " ".join(parts))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON constant {name}")


class Dispatcher:
    """Maps requests to service operations, validating them first.

    ``authenticate(request)`` (optional) raises a fault for a request it rejects;
    ``clock`` (optional) enables the ``/_local/clock`` control endpoint; ``release(kind,
    token)`` (optional) gives back a task whose poll's answer could not be delivered.
    """

    def __init__(
        self,
        service: Any,
        *,
        authenticate: Callable[[Request], None] | None = None,
        clock: Any = None,
        release: Callable[[str, str], None] | None = None,
    ) -> None:
        self.service = service
        self.authenticate = authenticate
        self.clock = clock
        self.release = release
        prefix = shapes.TARGET_PREFIX + "."
        self._operations = {prefix + name: name for name in shapes.operation_names()}

    def __call__(self, request: Request) -> Response:
        started = time.perf_counter()
        request_id = str(uuid.uuid4())
        entry = _Entry(request.operation)
        try:
            if request.path.startswith("/_local/"):
                entry.operation = f"{request.method} {request.path}"
                response = self._control(request, request_id)
            else:
                response = self._operation(request, request_id, entry)
        except faults.Fault as fault:
            entry.fault = fault.code
            response = fault_response(fault, request_id)
        except Exception as exc:  # a bug: answer 500 like the live service, keep serving
            log.exception("internal failure in %s", entry.operation or "a request")
            entry.fault = faults.InternalFailure.code
            response = fault_response(
                faults.InternalFailure(f"Internal failure: {exc!r}"), request_id
            )
        if requests_log.isEnabledFor(logging.DEBUG):
            log_request(
                entry.operation or request.headers.get("x-amz-target") or request.path,
                response.status,
                (time.perf_counter() - started) * 1000,
                fault=entry.fault,
                domain=entry.domain,
                token=entry.token,
            )
        return response

    def _operation(self, request: Request, request_id: str, entry: _Entry) -> Response:
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
        entry.note(params)
        validate(operation, params)
        method = getattr(self.service, shapes.method_name(operation), None)
        if method is None:
            raise faults.UnknownOperationException(
                f"Operation {operation} is not implemented by SWF Local"
            )
        kind = POLLS.get(operation)
        if kind is None:
            result = method(params)
            return Response(200, _ENCODER.encode(result).encode(), {"x-amzn-RequestId": request_id})
        with hangup.bound(request.hangup):
            result = method(params)
        response = Response(200, _ENCODER.encode(result).encode(), {"x-amzn-RequestId": request_id})
        token = None if params.get("nextPageToken") else result.get("taskToken")
        entry.token = result.get("taskToken")
        if token:
            response.close = True
            release = self.release
            if release is not None:
                response.on_undelivered = lambda: release(kind, token)
        return response

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
