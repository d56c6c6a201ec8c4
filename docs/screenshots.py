"""Regenerate the screenshots of docs/web.rst: the execution list, an execution, its timeline.

Run from the repository root (needs the ``web`` and ``test`` extras, and Debian's
``chromium``)::

    .venv/bin/python docs/screenshots.py

It starts SWF Local in this process (a temporary database), runs ``swf demo``'s workflow on
it, serves the web view on a free port and photographs three pages with headless Chromium
(driven by Playwright), writing ``docs/images/web-*.png``.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import sync_playwright

from swf.cli.demo_workflow import DEFAULT_DOMAIN, run_demo
from swf.core import Connection
from swf.local import LocalSWF
from swf.web import WebServer
from swf.web.urls import execution_url, executions_url

CHROMIUM = "/usr/bin/chromium"
# As root on a closed network (see tests/web/conftest.py).
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IMAGES = Path(__file__).parent / "images"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=IMAGES, help="where the PNGs go")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as directory:
        with LocalSWF(Path(directory) / "swf.sqlite3", poll_hold=0.5) as local:
            connection = Connection(
                endpoint_url=local.endpoint_url,
                region="us-east-1",
                aws_access_key_id="local",
                aws_secret_access_key="local",
            )
            run = run_demo(connection, timer=timedelta(seconds=1))
            with WebServer(connection=connection, port=0) as web, sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
                page = browser.new_page(viewport={"width": 1200, "height": 420})
                page.goto(web.url + executions_url(DEFAULT_DOMAIN, status="CLOSED"))
                page.screenshot(path=str(args.out / "web-list.png"))
                page.set_viewport_size({"width": 1200, "height": 760})
                page.goto(web.url + execution_url(DEFAULT_DOMAIN, run.workflow_id, run.run_id))
                page.screenshot(path=str(args.out / "web-execution.png"))
                page.locator("#timeline").screenshot(path=str(args.out / "web-timeline.png"))
                browser.close()
    for name in ("web-list.png", "web-execution.png", "web-timeline.png"):
        print(args.out / name)


if __name__ == "__main__":
    main()
