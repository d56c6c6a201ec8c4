"""The WSGI application of the web view: routing, templates, safety rules, error pages.

Safety, in one place:

* actions only by ``POST`` with the server's CSRF token (a random secret of this process,
  put in every form it renders), and a same-origin ``Origin`` when the browser sends one;
* with ``read_only=True`` no action is offered and every action post is refused (403);
* every value is escaped (Jinja2's autoescape; the timeline escapes its own SVG), and the
  Content-Security-Policy allows no inline script;
* bound to loopback, requests must name a loopback host (no DNS rebinding);
* an error from SWF is a message on the page; anything else a short error page (the
  traceback goes to the log, never to the browser).
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta, timezone
from http import HTTPStatus
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import jinja2

from swf.core import Connection
from swf.exceptions import DoesNotExistError, SWFError
from swf.web.histories import HistoryCache
from swf.web.http import HTTPError, Request, Response, Router, url
from swf.web.urls import action_url, domain_url, execution_url, executions_url, follow_url

__all__ = ["LOOPBACK_HOSTS", "WebApp"]

log = logging.getLogger(__name__)

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
"""The host names a loopback-bound view answers to."""

_STATIC_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}


def pretty(value: str | None) -> str:
    """A payload for people: JSON indented, anything else as it is."""
    if value is None:
        return ""
    try:
        return json.dumps(json.loads(value), indent=2, ensure_ascii=False)
    except (ValueError, TypeError):
        return value


def when(value: datetime | None) -> str:
    """A moment as ``2026-12-01 10:03:53.250 UTC``."""
    if value is None:
        return ""
    moment = value.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d} UTC"


def duration(value: timedelta | None) -> str:
    """A duration as ``1h 2m 3s`` (``0.25s`` under a second)."""
    if value is None:
        return ""
    seconds = value.total_seconds()
    if seconds < 1:
        return f"{seconds:.2f}s"
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}h"] if hours else []
    if minutes or hours:
        parts.append(f"{minutes}m")
    parts.append(f"{secs}s" if (hours or minutes) else f"{seconds:.1f}s")
    return " ".join(parts)


class WebApp:
    """The web view as a WSGI application.

    >>> app = WebApp(Connection(endpoint_url="http://127.0.0.1:8080"))   # doctest: +SKIP
    >>> wsgiref.simple_server.make_server("127.0.0.1", 8081, app)        # doctest: +SKIP

    :param connection: the SWF the view shows (SWF Local or Amazon SWF); the settings'
        default when omitted.
    :param read_only: offer no action and refuse every action post.
    :param loopback: answer only requests that name a loopback host (set when the server
        is bound to a loopback address).
    """

    def __init__(
        self,
        connection: Connection | None = None,
        *,
        read_only: bool = False,
        loopback: bool = True,
    ) -> None:
        from swf.web import actions, pages

        self.connection = connection or Connection()
        self.read_only = read_only
        self.loopback = loopback
        self.csrf_token = secrets.token_urlsafe(32)
        self.histories = HistoryCache()
        self.templates = jinja2.Environment(
            loader=jinja2.PackageLoader("swf.web", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.filters.update(pretty=pretty, when=when, duration=duration)
        self.templates.globals.update(
            url=url,
            domain_url=domain_url,
            executions_url=executions_url,
            execution_url=execution_url,
            action_url=action_url,
            follow_url=follow_url,
        )
        self.router = Router()
        pages.add_routes(self)
        actions.add_routes(self)
        self.router.add("GET", "/static/{name}", self._static)

    # -- WSGI ------------------------------------------------------------------------------

    def __call__(
        self, environ: Mapping[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        try:
            request = Request.from_environ(environ)
            self._check_host(request)
            handler, params = self.router.match(request.method, request.path)
            if request.method == "POST":
                self._check_post(request)
            response = handler(request, **params)
        except HTTPError as error:
            response = self.error_page(error.status, error.message)
        except DoesNotExistError as error:
            response = self.error_page(HTTPStatus.NOT_FOUND, error.message)
        except SWFError as error:
            response = self.error_page(HTTPStatus.BAD_GATEWAY, _message(error))
        except Exception:
            log.exception("error serving %s", environ.get("PATH_INFO"))
            response = self.error_page(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                "the view failed on this page (the server's log has the details)",
            )
        if environ.get("REQUEST_METHOD") == "HEAD":
            response.body = b""
        return response(start_response)

    def _check_host(self, request: Request) -> None:
        if not self.loopback:
            return
        host = request.headers.get("host", "127.0.0.1")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name not in LOOPBACK_HOSTS:
            raise HTTPError(HTTPStatus.FORBIDDEN, "this view answers on loopback addresses only")

    def _check_post(self, request: Request) -> None:
        if self.read_only:
            raise HTTPError(HTTPStatus.FORBIDDEN, "the view is read-only: actions are turned off")
        given = request.form.get("csrf_token", "")
        if not hmac.compare_digest(given.encode(), self.csrf_token.encode()):
            raise HTTPError(
                HTTPStatus.FORBIDDEN,
                "the form's security token is missing or out of date: reload the page and retry",
            )
        origin = request.headers.get("origin")
        if origin and origin != "null":
            host = request.headers.get("host", "")
            if urlsplit(origin).netloc != host:
                raise HTTPError(HTTPStatus.FORBIDDEN, "a form from another site was refused")

    # -- rendering -------------------------------------------------------------------------

    def render(self, template: str, *, http_status: int = 200, **context: Any) -> Response:
        """A page from a template, with what every page needs."""
        context.setdefault("title", "SWF")
        context.setdefault("crumbs", [])
        page = self.templates.get_template(template).render(
            read_only=self.read_only,
            csrf_token=self.csrf_token,
            endpoint=self._endpoint(),
            **context,
        )
        return Response(page, http_status)

    def error_page(self, status: int, message: str) -> Response:
        """An error page with a message (no traceback)."""
        return self.render(
            "error.html", http_status=status, title=HTTPStatus(status).phrase, message=message
        )

    def _endpoint(self) -> str:
        try:
            settings = self.connection.settings
        except SWFError:
            return "(unresolved settings)"
        return settings.endpoint_url or f"Amazon SWF ({settings.region or 'default region'})"

    def _static(self, request: Request, name: str) -> Response:
        suffix = name[name.rfind(".") :] if "." in name else ""
        if suffix not in _STATIC_TYPES or "/" in name or name.startswith("."):
            raise HTTPError(HTTPStatus.NOT_FOUND, f"no static file {name}")
        item = resources.files("swf.web").joinpath("static").joinpath(name)
        if not item.is_file():
            raise HTTPError(HTTPStatus.NOT_FOUND, f"no static file {name}")
        response = Response(item.read_bytes(), content_type=_STATIC_TYPES[suffix])
        return response


def _message(error: SWFError) -> str:
    code = getattr(error, "code", None)
    text = getattr(error, "message", None) or str(error)
    return f"{code}: {text}" if code and code not in text else text
