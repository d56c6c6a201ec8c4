"""Helpers of the web view's tests: the browser's flags, HTTP calls, a registered domain."""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from swf.cli.demo_workflow import DemoRun
from swf.core import Connection

CHROMIUM = os.environ.get("SWF_TEST_CHROMIUM", "/usr/bin/chromium")
# What Chromium needs as root on this closed network: no sandbox (root), no GPU, and none
# of the background connections (updates, sync, QUIC probes) that the network refuses.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DOMAIN = "web-tests"


@dataclass
class Answer:
    """An HTTP answer: status, headers (lower-case names) and body text."""

    status: int
    headers: dict[str, str]
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http(
    url: str,
    *,
    form: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> Answer:
    """GET ``url`` (POST ``form`` when given); redirects are not followed."""
    data = None if form is None else urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with _opener.open(request, timeout=30) as response:
            body, status, got = response.read(), response.status, response.headers
    except urllib.error.HTTPError as error:
        body, status, got = error.read(), error.code, error.headers
    return Answer(status, {k.lower(): v for k, v in got.items()}, body.decode("utf-8"))


def register(client: Any, domain: str = DOMAIN) -> str:
    """A domain with workflow type ``job 1`` and activity type ``step 1``."""
    client.register_domain(
        name=domain, workflowExecutionRetentionPeriodInDays="3", description="web tests"
    )
    client.register_workflow_type(
        domain=domain,
        name="job",
        version="1",
        defaultTaskList={"name": "deciders"},
        defaultExecutionStartToCloseTimeout="3600",
        defaultTaskStartToCloseTimeout="60",
        defaultChildPolicy="TERMINATE",
    )
    client.register_activity_type(
        domain=domain,
        name="step",
        version="1",
        defaultTaskList={"name": "workers"},
        defaultTaskScheduleToStartTimeout="600",
        defaultTaskScheduleToCloseTimeout="900",
        defaultTaskStartToCloseTimeout="300",
        defaultTaskHeartbeatTimeout="NONE",
    )
    return domain


def start(client: Any, workflow_id: str, *, domain: str = DOMAIN, **extra: Any) -> str:
    """Start a ``job`` execution; its run id."""
    return str(
        client.start_workflow_execution(
            domain=domain,
            workflowId=workflow_id,
            workflowType={"name": "job", "version": "1"},
            **extra,
        )["runId"]
    )


@dataclass
class DemoSite:
    """SWF Local after ``swf demo``'s workflow, and the web view over it (also read-only)."""

    connection: Connection
    run: DemoRun
    url: str
    read_only_url: str
