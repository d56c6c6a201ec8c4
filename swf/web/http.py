"""The little WSGI the view needs: a request, a response, a router of path patterns.

Kept to the standard library on purpose (``wsgiref`` serves it): the view has a dozen routes,
form posts and one JSON endpoint, which do not justify a framework dependency.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlencode

__all__ = ["HTTPError", "Request", "Response", "Router", "url"]

MAX_FORM_BYTES = 1024 * 1024
"""A form post larger than this is refused (SWF's payloads are 32 KB at most)."""


class HTTPError(Exception):
    """Answer with this status and message (shown on an error page)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Request:
    """What the view reads of a WSGI request."""

    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    headers: dict[str, str]
    script_name: str = ""

    @classmethod
    def from_environ(cls, environ: Mapping[str, Any]) -> Request:
        """Read a WSGI environ (the body only for a form post)."""
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        path = str(environ.get("PATH_INFO", "") or "/")
        # wsgiref hands PATH_INFO as latin-1-decoded bytes (PEP 3333): back to UTF-8 text.
        try:
            path = path.encode("latin-1").decode("utf-8")
        except UnicodeError:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "the path is not valid UTF-8") from None
        headers = {
            key[5:].replace("_", "-").lower(): str(value)
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if "CONTENT_TYPE" in environ:
            headers["content-type"] = str(environ["CONTENT_TYPE"])
        form: dict[str, str] = {}
        if method == "POST":
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > MAX_FORM_BYTES:
                raise HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "the form is too large")
            body = environ["wsgi.input"].read(length) if length > 0 else b""
            form = _single(parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))
        query = _single(parse_qs(str(environ.get("QUERY_STRING", "")), keep_blank_values=True))
        return cls(method, path, query, form, headers, str(environ.get("SCRIPT_NAME", "")))


def _single(values: dict[str, list[str]]) -> dict[str, str]:
    return {key: items[-1] for key, items in values.items()}


@dataclass
class Response:
    """A status, headers and a body."""

    body: bytes | str = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def redirect(cls, location: str) -> Response:
        """A 303 See Other (after a form post: reloading the page does not post again)."""
        return cls(b"", HTTPStatus.SEE_OTHER, headers=[("Location", location)])

    @classmethod
    def json(cls, data: Any, *, status: int = 200) -> Response:
        """A JSON answer."""
        return cls(json.dumps(data), status, "application/json")

    def __call__(self, start_response: Callable[..., Any]) -> Iterable[bytes]:
        body = self.body.encode("utf-8") if isinstance(self.body, str) else self.body
        phrase = HTTPStatus(self.status).phrase
        headers = [
            ("Content-Type", self.content_type),
            ("Content-Length", str(len(body))),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
            # No inline script, no foreign origin: an injected <script> would not run anyway.
            (
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
            ),
            ("Cache-Control", "no-store"),
            *self.headers,
        ]
        start_response(f"{self.status} {phrase}", headers)
        return [body]


Handler = Callable[..., Response]


class Router:
    """Routes ``(method, pattern)`` to handlers; ``{name}`` in a pattern is one path segment."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []

    def add(self, method: str, pattern: str, handler: Handler) -> None:
        """Route ``method`` requests whose path matches ``pattern`` to ``handler``."""
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern)
        self._routes.append((method, re.compile(f"^{regex}$"), handler))

    def match(self, method: str, path: str) -> tuple[Handler, dict[str, str]]:
        """The handler of a request and the path's parameters.

        :raises HTTPError: 404 for an unknown path, 405 for a known one with another method.
        """
        allowed = False
        for route_method, regex, handler in self._routes:
            found = regex.match(path)
            if found is None:
                continue
            if route_method == method or (route_method == "GET" and method == "HEAD"):
                return handler, found.groupdict()
            allowed = True
        if allowed:
            raise HTTPError(HTTPStatus.METHOD_NOT_ALLOWED, f"{method} is not allowed here")
        raise HTTPError(HTTPStatus.NOT_FOUND, f"no page at {path}")


def url(path: str, **query: str | int | None) -> str:
    """A URL of the view: ``path`` with the query parameters that are not ``None`` or empty."""
    given = {key: value for key, value in query.items() if value not in (None, "")}
    return f"{path}?{urlencode(given)}" if given else path
