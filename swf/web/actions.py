"""The actions on an execution: signal, request cancel, terminate, re-run.

Each is a form post in two steps: the first shows what will be done and asks for
confirmation, the second (``confirmed=yes``) does it and redirects to the execution's page
with the outcome, or shows SWF's refusal as a message on the confirmation page.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING

from swf.exceptions import SWFError
from swf.models import WorkflowExecution
from swf.querysets import WorkflowExecutionQuerySet
from swf.web.http import HTTPError, Request, Response
from swf.web.urls import execution_url

if TYPE_CHECKING:
    from swf.web.app import WebApp

__all__ = ["ACTIONS", "add_routes"]

ACTIONS = {
    "signal": "Send a signal",
    "cancel": "Request cancellation",
    "terminate": "Terminate",
    "rerun": "Re-run with the same input",
}
"""The actions, by the path segment they post to, with their button text."""


def add_routes(app: WebApp) -> None:
    """Add the action posts to the app's router (the app checks the CSRF token first)."""
    actions = Actions(app)
    app.router.add("POST", "/domains/{domain}/execution/{action}", actions.post)


class Actions:
    """The action posts of one app."""

    def __init__(self, app: WebApp) -> None:
        self.app = app

    def post(self, request: Request, domain: str, action: str) -> Response:
        """Confirm, then do, one action."""
        if action not in ACTIONS:
            raise HTTPError(HTTPStatus.NOT_FOUND, f"no action {action!r}")
        form = request.form
        workflow_id = form.get("workflow_id", "")
        run_id = form.get("run_id", "")
        if not workflow_id or not run_id:
            raise HTTPError(HTTPStatus.BAD_REQUEST, "the form names no execution")
        fields = {
            "signal_name": form.get("signal_name", "").strip(),
            "input": form.get("input", ""),
            "reason": form.get("reason", ""),
        }
        execution = WorkflowExecution(domain, workflow_id, run_id, connection=self.app.connection)
        back = execution_url(domain, workflow_id, run_id)
        error = None
        if action == "signal" and not fields["signal_name"]:
            error = "a signal needs a name"
        elif form.get("confirmed") == "yes":
            try:
                location = self._do(action, execution, fields)
            except SWFError as problem:
                error = getattr(problem, "message", None) or str(problem)
                code = getattr(problem, "code", None)
                if code and code not in error:
                    error = f"{code}: {error}"
            else:
                return Response.redirect(location)
        return self.app.render(
            "confirm.html",
            http_status=HTTPStatus.CONFLICT if error else HTTPStatus.OK,
            title=ACTIONS[action],
            crumbs=[(workflow_id, back), (ACTIONS[action].lower(), None)],
            action=action,
            action_title=ACTIONS[action],
            domain_name=domain,
            workflow_id=workflow_id,
            run_id=run_id,
            fields=fields,
            back=back,
            error=error,
        )

    def _do(self, action: str, execution: WorkflowExecution, fields: dict[str, str]) -> str:
        domain, workflow_id, run_id = (
            execution.domain.name,
            execution.workflow_id,
            execution.run_id or "",
        )
        if action == "signal":
            execution.signal(fields["signal_name"], input=fields["input"] or None)
            notice = "signaled"
        elif action == "cancel":
            execution.request_cancel()
            notice = "cancel-requested"
        elif action == "terminate":
            execution.terminate(reason=fields["reason"] or None)
            notice = "terminated"
        else:
            described = WorkflowExecutionQuerySet(domain, connection=execution.connection).get(
                workflow_id, run_id
            )
            history = self.app.histories.get(described)
            new = described.rerun(history)
            return execution_url(domain, new.workflow_id, new.run_id or "", notice="rerun")
        return execution_url(domain, workflow_id, run_id, notice=notice)
