"""``swf local serve``: options, the banner, serving, SIGTERM shutdown and restart on one file."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from click.testing import CliRunner

from swf.cli.local import local

BANNER = re.compile(r"^SWF Local listening on (http://127\.0\.0\.1:(\d+))$")
FAILURE_BOUND = 30


def test_serve_help_lists_its_options() -> None:
    result = CliRunner().invoke(local, ["serve", "--help"])
    assert result.exit_code == 0
    for option in (
        "--host",
        "--port",
        "--db",
        "--poll-hold",
        "--manual-clock",
        "--require-auth",
        "--access-key",
    ):
        assert option in result.output


def test_require_auth_without_access_key_is_a_usage_error() -> None:
    result = CliRunner().invoke(local, ["serve", "--require-auth"])
    assert result.exit_code == 2
    assert "--access-key" in result.output


def test_malformed_access_key_is_a_usage_error() -> None:
    result = CliRunner().invoke(local, ["serve", "--require-auth", "--access-key", "nosecret"])
    assert result.exit_code == 2
    assert "ID:SECRET" in result.output


class Served:
    """``swf local serve`` in a subprocess."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "swf.cli.local", "serve", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.banner = self.process.stdout.readline().rstrip("\n")
        match = BANNER.match(self.banner)
        if match is None:
            self.process.kill()
            _, err = self.process.communicate(timeout=FAILURE_BOUND)
            raise AssertionError(f"unexpected banner {self.banner!r}; stderr: {err}")
        self.url = match.group(1)

    def client(self) -> Any:
        return boto3.client(
            "swf",
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="x",
            config=Config(retries={"max_attempts": 1}),
        )

    def stop(self, signum: int = signal.SIGTERM) -> int:
        self.process.send_signal(signum)
        self.process.communicate(timeout=FAILURE_BOUND)
        return self.process.returncode


def control(url: str, body: dict[str, Any] | None = None) -> Any:
    request = urllib.request.Request(
        url + "/_local/clock",
        data=None if body is None else json.dumps(body).encode(),
        method="GET" if body is None else "POST",
    )
    with urllib.request.urlopen(request, timeout=FAILURE_BOUND) as response:
        return json.loads(response.read())


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serve_prints_banner_serves_and_stops_cleanly_on_signal(
    tmp_path: Path, signum: int
) -> None:
    db = tmp_path / "swf.sqlite3"
    served = Served("--port", "0", "--db", str(db))
    try:
        served.client().register_domain(name="d", workflowExecutionRetentionPeriodInDays="2")
    finally:
        assert served.stop(signum) == 0
    again = Served("--db", str(db))
    try:
        described = again.client().describe_domain(name="d")
        assert described["configuration"]["workflowExecutionRetentionPeriodInDays"] == "2"
    finally:
        assert again.stop() == 0


def test_manual_clock_flag_enables_the_clock_control_endpoint() -> None:
    served = Served("--manual-clock", "--poll-hold", "0.2")
    try:
        start = control(served.url)["now"]
        assert control(served.url, {"advance": 3600})["now"] == start + 3600
        assert control(served.url)["now"] == start + 3600
    finally:
        assert served.stop() == 0


def test_control_endpoint_is_absent_without_the_flag() -> None:
    served = Served()
    try:
        with pytest.raises(urllib.error.HTTPError) as excinfo:
            control(served.url)
        assert excinfo.value.code == 404
    finally:
        assert served.stop() == 0


def test_a_port_in_use_is_a_clean_error() -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = CliRunner().invoke(local, ["serve", "--port", str(port)])
    assert result.exit_code == 1
    assert "cannot start SWF Local" in result.output


def test_a_database_in_a_missing_directory_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(local, ["serve", "--db", str(tmp_path / "missing" / "x.db")])
    assert result.exit_code == 1
    assert "cannot start SWF Local" in result.output


def test_manual_clock_restarted_on_a_database_resumes_at_its_latest_time(tmp_path: Path) -> None:
    db = str(tmp_path / "swf.sqlite3")
    served = Served("--manual-clock", "--poll-hold", "0.2", "--db", db)
    try:
        year_ahead = control(served.url, {"advance": 365 * 86400})["now"]
        swf = served.client()
        swf.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
        swf.register_activity_type(domain="d", name="before", version="1")
        before = swf.describe_activity_type(
            domain="d", activityType={"name": "before", "version": "1"}
        )["typeInfo"]["creationDate"]
    finally:
        assert served.stop() == 0
    again = Served("--manual-clock", "--poll-hold", "0.2", "--db", db)
    try:
        # Not the wall clock (a year earlier): time never runs backwards across a restart.
        assert control(again.url)["now"] >= year_ahead
        swf = again.client()
        swf.register_activity_type(domain="d", name="after", version="1")
        after = swf.describe_activity_type(
            domain="d", activityType={"name": "after", "version": "1"}
        )["typeInfo"]["creationDate"]
        assert after >= before
    finally:
        assert again.stop() == 0
