"""The pages that read: domains, a domain's types, its executions, one execution."""

from __future__ import annotations

from datetime import datetime, timezone
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from swf.constants import CloseStatus
from swf.exceptions import SWFError, ValidationError
from swf.history import History
from swf.models import Domain, WorkflowExecution
from swf.querysets import DomainQuerySet, WorkflowExecutionQuerySet
from swf.web.http import HTTPError, Request, Response
from swf.web.timeline import build_timeline, render_svg
from swf.web.urls import domain_url, execution_url, executions_url

if TYPE_CHECKING:
    from swf.web.app import WebApp

__all__ = ["EVENTS_PER_PAGE", "MAX_COMPACT_ROWS", "add_routes"]

EVENTS_PER_PAGE = 100
"""Events listed per page of the full event list."""
MAX_COMPACT_ROWS = 500
"""Rows of the compact history shown at most (the page says how many more there are)."""
PAGE_SIZES = (25, 50, 100, 250)
_FILTER_FIELDS = (
    "status",
    "started_after",
    "started_before",
    "closed_after",
    "closed_before",
    "workflow_id",
    "type_name",
    "type_version",
    "tag",
    "close_status",
    "page_size",
)


def add_routes(app: WebApp) -> None:
    """Add the reading pages to the app's router."""
    pages = Pages(app)
    app.router.add("GET", "/", pages.domains)
    app.router.add("GET", "/domains/{domain}", pages.domain)
    app.router.add("GET", "/domains/{domain}/executions", pages.executions)
    app.router.add("GET", "/domains/{domain}/execution", pages.execution)
    app.router.add("GET", "/domains/{domain}/execution/follow", pages.follow)
    app.router.add("GET", "/domains/{domain}/execution/timeline.svg", pages.timeline)


def _required(request: Request, name: str) -> str:
    value = request.query.get(name, "").strip()
    if not value:
        raise HTTPError(HTTPStatus.BAD_REQUEST, f"the {name} parameter is missing")
    return value


def _moment(value: str, *, what: str) -> datetime | None:
    """A ``datetime-local`` field's value, read as UTC."""
    value = value.strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"{what} must be a date and time such as 2026-12-01T10:00") from None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


class Pages:
    """The reading pages of one app."""

    def __init__(self, app: WebApp) -> None:
        self.app = app

    @property
    def connection(self) -> Any:
        return self.app.connection

    # -- domains ---------------------------------------------------------------------------

    def domains(self, request: Request) -> Response:
        """Every domain, REGISTERED or DEPRECATED ones."""
        status = request.query.get("status", "REGISTERED")
        if status not in ("REGISTERED", "DEPRECATED"):
            raise HTTPError(HTTPStatus.BAD_REQUEST, "status must be REGISTERED or DEPRECATED")
        domains = list(DomainQuerySet(status=status, connection=self.connection))
        return self.app.render("domains.html", title="Domains", domains=domains, status=status)

    def _domain(self, name: str) -> Domain:
        return DomainQuerySet(connection=self.connection).get(name)

    def domain(self, request: Request, domain: str) -> Response:
        """A domain and its registered workflow and activity types with their defaults."""
        status = request.query.get("status", "REGISTERED")
        if status not in ("REGISTERED", "DEPRECATED"):
            raise HTTPError(HTTPStatus.BAD_REQUEST, "status must be REGISTERED or DEPRECATED")
        model = self._domain(domain)
        return self.app.render(
            "domain.html",
            title=f"Domain {model.name}",
            crumbs=[(model.name, None)],
            domain=model,
            status=status,
            workflow_types=list(model.workflows(status=status)),
            activity_types=list(model.activities(status=status)),
        )

    # -- executions ------------------------------------------------------------------------

    def executions(self, request: Request, domain: str) -> Response:
        """A page of a domain's executions of one status, filtered, newest first."""
        model = self._domain(domain)
        form = {name: request.query.get(name, "").strip() for name in _FILTER_FIELDS}
        form["status"] = form["status"] or "OPEN"
        try:
            page_size = int(form["page_size"] or 50)
        except ValueError:
            page_size = 0
        if not 1 <= page_size <= 1000:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "page_size must be from 1 to 1000")
        error = None
        executions: list[WorkflowExecution] = []
        next_token = None
        count = None
        try:
            queryset = self._filtered(model, form, page_size=page_size)
            page = queryset.page(request.query.get("page_token") or None)
            executions, next_token = list(page.items), page.next_page_token
            count = queryset.count()
        except ValidationError as problem:
            error = str(problem)
        except SWFError as problem:
            if isinstance(problem, Domain.DoesNotExist):
                raise
            error = getattr(problem, "message", None) or str(problem)
        query = {key: value for key, value in form.items() if value}
        return self.app.render(
            "executions.html",
            http_status=HTTPStatus.BAD_REQUEST if error else HTTPStatus.OK,
            title=f"Executions of {model.name}",
            crumbs=[(model.name, domain_url(model.name)), ("executions", None)],
            domain=model,
            form=form,
            query=query,
            executions=executions,
            next_token=next_token,
            first_page=not request.query.get("page_token"),
            count=count,
            error=error,
            close_statuses=[status.value for status in CloseStatus],
            page_sizes=PAGE_SIZES,
        )

    def _filtered(
        self, model: Domain, form: dict[str, str], *, page_size: int | None = None
    ) -> WorkflowExecutionQuerySet:
        if form["status"] not in ("OPEN", "CLOSED"):
            raise ValidationError("status must be OPEN or CLOSED")
        workflow_type: Any = None
        if form["type_name"]:
            workflow_type = (
                (form["type_name"], form["type_version"])
                if form["type_version"]
                else form["type_name"]
            )
        elif form["type_version"]:
            raise ValidationError("a workflow type version needs the type's name")
        queryset = WorkflowExecutionQuerySet(model, page_size=page_size, connection=self.connection)
        return queryset.filter(
            status=form["status"],
            started_after=_moment(form["started_after"], what="started after"),
            started_before=_moment(form["started_before"], what="started before"),
            closed_after=_moment(form["closed_after"], what="closed after"),
            closed_before=_moment(form["closed_before"], what="closed before"),
            workflow_id=form["workflow_id"] or None,
            tag=form["tag"] or None,
            workflow_type=workflow_type,
            close_status=form["close_status"] or None,
        )

    # -- one execution ---------------------------------------------------------------------

    def _execution(self, request: Request, domain: str) -> tuple[WorkflowExecution, History]:
        workflow_id = _required(request, "workflow_id")
        run_id = _required(request, "run_id")
        execution = WorkflowExecutionQuerySet(domain, connection=self.connection).get(
            workflow_id, run_id
        )
        return execution, self.app.histories.get(execution)

    def execution_context(
        self, execution: WorkflowExecution, history: History, *, events_page: int | None
    ) -> dict[str, Any]:
        """What the execution page and its follow fragments show."""
        domain = execution.domain.name
        compiled = history.compiled
        pages = max(1, -(-len(history) // EVENTS_PER_PAGE))
        page = pages if events_page is None else max(1, min(events_page, pages))
        start = (page - 1) * EVENTS_PER_PAGE
        compact = _compact_rows(history)
        timeline = build_timeline(history)

        def child_link(workflow_id: str, run_id: str) -> str:
            return execution_url(domain, workflow_id, run_id)

        return {
            "execution": execution,
            "history": history,
            "run": compiled.execution,
            "children": list(compiled.child_workflows.values()),
            "pending": history.compiled.open_activities,
            "compact": compact[:MAX_COMPACT_ROWS],
            "compact_more": max(0, len(compact) - MAX_COMPACT_ROWS),
            "timeline_svg": render_svg(timeline, child_link=child_link),
            "timeline": timeline,
            "events": history[start : start + EVENTS_PER_PAGE],
            "events_page": page,
            "events_pages": pages,
            "on_last_page": page == pages,
            "last_event_id": history[-1].id if len(history) else 0,
            "is_open": not history.is_closed,
        }

    def execution(self, request: Request, domain: str) -> Response:
        """One execution: summary, timeline, compact history, events, pending, actions.

        Without a run id: the open run of the workflow id (a redirect to its page).
        """
        if not request.query.get("run_id") and request.query.get("workflow_id"):
            workflow_id = request.query["workflow_id"]
            found = WorkflowExecutionQuerySet(domain, connection=self.connection).get(workflow_id)
            return Response.redirect(execution_url(domain, workflow_id, found.run_id or ""))
        execution, history = self._execution(request, domain)
        try:
            events_page = (
                int(request.query["events_page"]) if "events_page" in request.query else None
            )
        except ValueError:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "events_page must be a number") from None
        context = self.execution_context(execution, history, events_page=events_page)
        notice = request.query.get("notice")
        return self.app.render(
            "execution.html",
            title=f"{execution.workflow_id} ({execution.run_id})",
            crumbs=[
                (execution.domain.name, domain_url(execution.domain.name)),
                ("executions", executions_url(execution.domain.name, status=str(execution.status))),
                (execution.workflow_id, None),
            ],
            domain=execution.domain,
            notice=NOTICES.get(notice or ""),
            **context,
        )

    def follow(self, request: Request, domain: str) -> Response:
        """JSON for the page's script: the sections that changed since event ``after``."""
        execution, history = self._execution(request, domain)
        try:
            after = int(request.query.get("after", "0"))
        except ValueError:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "after must be an event id") from None
        last = history[-1].id if len(history) else 0
        data: dict[str, Any] = {"last_event_id": last, "is_open": not history.is_closed}
        if last > after:
            context = self.execution_context(execution, history, events_page=None)
            templates = self.app.templates
            new = [event for event in history.since(after)]
            common = {
                "domain": execution.domain,
                "read_only": self.app.read_only,
                "csrf_token": self.app.csrf_token,
                **context,
            }
            # The action forms change only when the execution closes: replacing them while
            # open would wipe what someone is typing in them.
            names = ["summary", "timeline", "compact", "pending"]
            if not data["is_open"]:
                names.append("actions")
            data["sections"] = {
                name: templates.get_template(f"_{name}.html").render(**common) for name in names
            }
            data["event_rows"] = templates.get_template("_event_rows.html").render(
                events=new, **{k: v for k, v in common.items() if k != "events"}
            )
        return Response.json(data)

    def timeline(self, request: Request, domain: str) -> Response:
        """The timeline picture alone, as an SVG document."""
        execution, history = self._execution(request, domain)
        context = self.execution_context(execution, history, events_page=None)
        return Response(context["timeline_svg"], content_type="image/svg+xml")


NOTICES = {
    "signaled": "The signal was sent.",
    "cancel-requested": "Cancellation was requested.",
    "terminated": "The execution was terminated.",
    "rerun": "A new run was started with the same input.",
}
"""Outcomes an action redirects to (by key: no text of the request is echoed)."""


def _compact_rows(history: History) -> list[dict[str, Any]]:
    """One row per activity, timer, child, signal and marker, in the order they began."""
    rows: list[dict[str, Any]] = []
    for activity in history.activities.values():
        rows.append(
            {
                "kind": "activity",
                "name": activity.activity_id,
                "detail": f"{activity.activity_type.name} {activity.activity_type.version}",
                "state": str(activity.state),
                "attempts": activity.attempts,
                "began": activity.scheduled_at,
                "ended": activity.closed_at,
                "order": activity.scheduled_event_id or 0,
                "outcome": activity.result or activity.reason or activity.timeout_type or "",
                "link": None,
            }
        )
    for timer in history.timers.values():
        rows.append(
            {
                "kind": "timer",
                "name": timer.timer_id,
                "detail": str(timer.start_to_fire_timeout or ""),
                "state": str(timer.state),
                "attempts": timer.attempts,
                "began": timer.started_at,
                "ended": timer.closed_at,
                "order": timer.started_event_id or 0,
                "outcome": timer.cause or "",
                "link": None,
            }
        )
    for child in history.child_workflows.values():
        rows.append(
            {
                "kind": "child",
                "name": child.workflow_id,
                "detail": f"{child.workflow_type.name} {child.workflow_type.version}",
                "state": str(child.state),
                "attempts": child.attempts,
                "began": child.initiated_at,
                "ended": child.closed_at,
                "order": child.initiated_event_id or 0,
                "outcome": child.result or child.reason or child.cause or "",
                "link": child.workflow_execution,
            }
        )
    for name, signals in history.signals.items():
        for signal in signals:
            rows.append(
                {
                    "kind": "signal",
                    "name": name,
                    "detail": "",
                    "state": "RECEIVED",
                    "attempts": 1,
                    "began": signal.received_at,
                    "ended": None,
                    "order": signal.event_id,
                    "outcome": signal.input or "",
                    "link": None,
                }
            )
    for name, markers in history.markers.items():
        for marker in markers:
            rows.append(
                {
                    "kind": "marker",
                    "name": name,
                    "detail": "",
                    "state": str(marker.state),
                    "attempts": 1,
                    "began": marker.recorded_at,
                    "ended": None,
                    "order": marker.event_id,
                    "outcome": marker.details or marker.cause or "",
                    "link": None,
                }
            )
    rows.sort(key=lambda row: row["order"])
    return rows
