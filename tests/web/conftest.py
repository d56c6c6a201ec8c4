"""Fixtures of the web view's tests: the view served over real HTTP on SWF Local, a browser.

The browser is Debian's ``chromium`` driven by Playwright (``executable_path``, never
``playwright install``). Without it the browser tests are skipped, except under ``CI=true``
where a missing browser fails them: CI installs it (``.ci/run``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from swf.cli.demo_workflow import run_demo
from swf.core import Connection
from swf.local import LocalSWF
from swf.web import WebServer
from tests.web.support import CHROMIUM, CHROMIUM_FLAGS, DemoSite, register


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
