"""The URLs of the view's pages (path segments and query values quoted)."""

from __future__ import annotations

from urllib.parse import quote

from swf.web.http import url

__all__ = ["action_url", "domain_url", "execution_url", "executions_url", "follow_url"]


def _segment(value: str) -> str:
    return quote(value, safe="")


def domain_url(domain: str) -> str:
    """The page of a domain."""
    return f"/domains/{_segment(domain)}"


def executions_url(domain: str, **query: str | int | None) -> str:
    """The execution list of a domain, with filters."""
    return url(f"/domains/{_segment(domain)}/executions", **query)


def execution_url(domain: str, workflow_id: str, run_id: str, **query: str | int | None) -> str:
    """The page of one execution (the run id in the query: it may hold ``/``)."""
    return url(
        f"/domains/{_segment(domain)}/execution", workflow_id=workflow_id, run_id=run_id, **query
    )


def action_url(domain: str, action: str) -> str:
    """Where an action's form posts."""
    return f"/domains/{_segment(domain)}/execution/{action}"


def follow_url(domain: str, workflow_id: str, run_id: str) -> str:
    """The JSON an open execution's page polls for new events."""
    return url(
        f"/domains/{_segment(domain)}/execution/follow", workflow_id=workflow_id, run_id=run_id
    )
