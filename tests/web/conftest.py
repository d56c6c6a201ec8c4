"""Fixtures of the web view's tests: the view served over real HTTP on SWF Local, a browser.

The browser is Debian's ``chromium`` driven by Playwright (``executable_path``, never
``playwright install``). Without it the browser tests are skipped, except under ``CI=true``
where a missing browser fails them: CI installs it (``.ci/run``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from swf.cli.demo_workflow import DemoRun, run_demo
from swf.core import Connection
from swf.local import LocalSWF
from swf.web import WebServer

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


@pytest.fixture
def web(swf_connection: Connection) -> Iterator[WebServer]:
    """The web view of the test's SWF Local, on a free loopback port."""
    with WebServer(connection=swf_connection, port=0) as server:
        yield server


@pytest.fixture
def domain(swf_client: Any) -> str:
    """The registered test domain."""
    return register(swf_client)


# -- the demo's world, once per session (the demo runs on real time: ~3 s) ----------------------


@dataclass
class DemoSite:
    """SWF Local after ``swf demo``'s workflow, and the web view over it (also read-only)."""

    connection: Connection
    run: DemoRun
    url: str
    read_only_url: str


@pytest.fixture(scope="session")
def demo_site() -> Iterator[DemoSite]:
    """SWF Local on the system clock, the demo's workflow run on it, two web views."""
    directory = tempfile.mkdtemp(prefix="swf-web-tests-")
    try:
        with LocalSWF(Path(directory) / "swf.sqlite3", poll_hold=0.3) as local:
            connection = Connection(
                endpoint_url=local.endpoint_url,
                region="us-east-1",
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )
            run = run_demo(connection, timer=timedelta(seconds=1))
            assert run.completed
            with (
                WebServer(connection=connection, port=0) as server,
                WebServer(connection=connection, port=0, read_only=True) as read_only,
            ):
                yield DemoSite(connection, run, server.url, read_only.url)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's), through Playwright, with a fresh empty profile."""
    ci = os.environ.get("CI") == "true"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if ci:
            pytest.fail("Playwright is not installed (the test extra has it)")
        pytest.skip("Playwright is not installed")
    if not Path(CHROMIUM).exists():
        if ci:
            pytest.fail(f"no Chromium at {CHROMIUM}: .ci/run installs Debian's chromium")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)")
    profile = tempfile.mkdtemp(prefix="swf-web-chromium-")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A new tab; a JavaScript dialog (an alert) fails the test that opened one."""
    tab = browser.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.set_default_timeout(10_000)
    try:
        yield tab
    finally:
        tab.close()
