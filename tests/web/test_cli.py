"""``swf ui``, ``swf local serve --ui`` and ``swf demo --ui``, as a user runs them."""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from queue import Empty, Queue
from typing import Any

from click.testing import CliRunner

from swf.cli import main
from tests.web.support import DOMAIN, http


@contextmanager
def running(*args: str) -> Iterator[Queue[str]]:
    """``swf *args`` in a child process; its stdout lines in a queue; SIGINT at the end."""
    process = subprocess.Popen(
        [sys.executable, "-m", "swf.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: Queue[str] = Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.rstrip("\n"))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        yield lines
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, stderr = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        assert "Traceback" not in stderr, stderr
        assert process.returncode in (0, -signal.SIGINT, 130), (process.returncode, stderr)


def wait_for(lines: Queue[str], pattern: str, *, timeout: float = 60) -> re.Match[str]:
    seen = []
    while True:
        try:
            line = lines.get(timeout=timeout)
        except Empty:
            raise AssertionError(f"no line matching {pattern!r} in {seen}") from None
        seen.append(line)
        found = re.search(pattern, line)
        if found:
            return found


def test_swf_ui_serves_the_view_of_the_endpoint_the_settings_name(
    swf_endpoint_url: str, domain: str
) -> None:
    with running("--endpoint-url", swf_endpoint_url, "ui", "--port", "0") as lines:
        url = wait_for(lines, r"SWF web view at (http://127\.0\.0\.1:\d+)$").group(1)
        page = http(url + "/")
        assert page.status == 200 and f">{DOMAIN}</a>" in page.body


def test_swf_ui_read_only_says_so_and_offers_no_action(
    swf_endpoint_url: str, domain: str, swf_client: Any
) -> None:
    run_id = swf_client.start_workflow_execution(
        domain=DOMAIN, workflowId="cli-ro", workflowType={"name": "job", "version": "1"}
    )["runId"]
    args = ("--endpoint-url", swf_endpoint_url, "ui", "--port", "0", "--read-only")
    with running(*args) as lines:
        url = wait_for(lines, r"SWF web view at (\S+) \(read-only\)$").group(1)
        page = http(url + f"/domains/{DOMAIN}/execution?workflow_id=cli-ro&run_id={run_id}")
        assert page.status == 200 and 'method="post"' not in page.body


def test_swf_ui_on_a_busy_port_is_a_one_line_error(swf_endpoint_url: str) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            main, ["--endpoint-url", swf_endpoint_url, "ui", "--port", str(port)]
        )
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: cannot serve the web view on 127.0.0.1:")
    assert "Traceback" not in result.output


def test_swf_local_serve_ui_serves_the_view_beside_swf_local(tmp_path: Path) -> None:
    args = ("local", "serve", "--port", "0", "--db", str(tmp_path / "l.sqlite3"), "--ui")
    with running(*args, "--ui-port", "0") as lines:
        endpoint = wait_for(lines, r"SWF Local listening on (\S+)$").group(1)
        url = wait_for(lines, r"SWF web view at (\S+)$").group(1)
        assert endpoint != url
        page = http(url + "/")
        assert page.status == 200 and "No registered domain." in page.body
        assert endpoint in page.body  # the header names the SWF it shows


def test_swf_demo_ui_leaves_the_view_running_on_the_demos_database(tmp_path: Path) -> None:
    args = ("demo", "--db", str(tmp_path / "demo.sqlite3"), "--ui", "--ui-port", "0")
    with running(*args) as lines:
        url = wait_for(lines, r"Web view of the demo \(Ctrl-C to stop\): (\S+)$").group(1)
        page = http(url)
        assert page.status == 200
        assert "COMPLETED" in page.body
        assert re.search(r"<h1>order-[^<]+</h1>", html.unescape(page.body))
