"""SWF Local served from outside: ``swf local serve`` in a subprocess, boto3 clients for it, and
the domain the workloads use.

- :class:`ServedProcess`: ``swf local serve --manual-clock`` in a subprocess on port 0, killed
  with SIGKILL or stopped with SIGTERM, its manual clock moved through ``/_local/clock``;
- :func:`make_client`: a boto3 client without retries; :func:`register`: the domain ``rel``
  with ``wf/1`` and ``act/1``.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import boto3
from botocore.config import Config

__all__ = [
    "ACTIVITY_TIMEOUT",
    "DECISION_TIMEOUT",
    "DOMAIN",
    "ServedProcess",
    "db_file",
    "make_client",
    "register",
    "wait_until",
]

BANNER = re.compile(r"^SWF Local listening on (http://\S+)$")
DOMAIN = "rel"
#: START_TO_CLOSE of decision and activity tasks of the workload (seconds of the manual clock).
DECISION_TIMEOUT = 300
ACTIVITY_TIMEOUT = 300
_CLIENT_CONFIG = Config(read_timeout=70, connect_timeout=5, retries={"max_attempts": 1})


def make_client(endpoint_url: str) -> Any:
    """A boto3 SWF client bound to ``endpoint_url`` (dummy credentials, no retries)."""
    return boto3.client(
        "swf",
        endpoint_url=endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=_CLIENT_CONFIG,
    )


# -- the server in a subprocess ----------------------------------------------------------------


class ServedProcess:
    """``python -m swf.cli local serve --port 0 --db DB --manual-clock`` in a subprocess."""

    def __init__(self, db_path: str | os.PathLike[str], *, poll_hold: float = 0.5) -> None:
        self.db_path = os.fspath(db_path)
        self.poll_hold = poll_hold
        self.process: subprocess.Popen[str] | None = None
        self.endpoint_url = ""
        self._stderr: IO[bytes] | None = None
        self._stderr_text = ""

    def start(self) -> ServedProcess:
        """Start the server and wait for its banner (the database is open by then)."""
        self._close_pipe()
        self._stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "swf.cli",
                "local",
                "serve",
                "--port",
                "0",
                "--db",
                self.db_path,
                "--manual-clock",
                "--poll-hold",
                str(self.poll_hold),
            ],
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )
        assert self.process.stdout is not None
        banner = self.process.stdout.readline().rstrip("\n")
        match = BANNER.match(banner)
        if match is None:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"unexpected banner {banner!r}; stderr: {self.stderr()}")
        self.endpoint_url = match.group(1)
        return self

    def kill(self) -> None:
        """SIGKILL the server (no chance to finish anything) and reap it."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._close_pipe()

    def stop(self) -> None:
        """SIGTERM the server and wait for it (killed if it does not stop in 20 s)."""
        if self.process is None or self.process.poll() is not None:
            self._close_pipe()
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._close_pipe()

    def stderr(self) -> str:
        """What the server wrote on stderr so far (its warnings and tracebacks)."""
        if self._stderr is None:
            return self._stderr_text
        self._stderr.seek(0)
        return self._stderr_text + self._stderr.read().decode(errors="replace")

    def _close_pipe(self) -> None:
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()
        if self._stderr is not None:
            self._stderr_text = self.stderr()
            self._stderr.close()
            self._stderr = None

    def _clock(self, method: str, command: dict[str, float] | None = None) -> float:
        parts = urlsplit(self.endpoint_url)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
        try:
            body = json.dumps(command).encode() if command is not None else None
            connection.request(method, "/_local/clock", body=body)
            response = connection.getresponse()
            payload = response.read()
            assert response.status == 200, payload
            return float(json.loads(payload)["now"])
        finally:
            connection.close()

    def clock_now(self) -> float:
        """The server's manual clock (``GET /_local/clock``)."""
        return self._clock("GET")

    def clock_set(self, when: float) -> float:
        """Set the server's manual clock; deadlines due by then fire before it returns."""
        return self._clock("POST", {"set": when})

    def clock_advance(self, seconds: float) -> float:
        """Advance the server's manual clock; deadlines due by then fire before it returns."""
        return self._clock("POST", {"advance": seconds})


def register(client: Any, domain: str = DOMAIN) -> None:
    """Domain ``rel`` with ``wf/1`` (decision tasks: ``dl``) and ``act/1`` (``al``)."""
    client.register_domain(name=domain, workflowExecutionRetentionPeriodInDays="30")
    client.register_workflow_type(
        domain=domain,
        name="wf",
        version="1",
        defaultTaskList={"name": "dl"},
        defaultTaskStartToCloseTimeout=str(DECISION_TIMEOUT),
        defaultExecutionStartToCloseTimeout=str(300 * 86400),
        defaultChildPolicy="TERMINATE",
    )
    client.register_activity_type(
        domain=domain,
        name="act",
        version="1",
        defaultTaskList={"name": "al"},
        defaultTaskStartToCloseTimeout=str(ACTIVITY_TIMEOUT),
        defaultTaskScheduleToStartTimeout="NONE",
        defaultTaskScheduleToCloseTimeout="NONE",
        defaultTaskHeartbeatTimeout="NONE",
    )


def wait_until(predicate: Callable[[], bool], *, timeout: float, interval: float = 0.05) -> bool:
    """Poll ``predicate`` until it holds or ``timeout`` real seconds pass (a failure bound for
    work done by other threads, not a wait on service time)."""
    end = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= end:
            return False
        time.sleep(interval)


def db_file(directory: Path) -> Path:
    """The database file used by a test in ``directory``."""
    return directory / "swf-local.sqlite3"
