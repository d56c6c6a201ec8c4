"""How ``swf`` fails: one line on stderr and a non-zero exit, never a traceback.

Usage errors exit 2, errors of the service or the settings exit 1, Ctrl-C exits 130 quietly,
and a reader that goes away (``swf ... | head -1``) ends the command quietly.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from swf.cli import main
from tests.cli.support import Run, assert_one_line_error


@pytest.fixture
def bare(tmp_path: Path) -> CliRunner:
    """A runner with no AWS settings at all: an empty HOME and no AWS_* variables."""
    home = tmp_path / "home"
    home.mkdir()
    env: dict[str, str | None] = {key: None for key in os.environ if key.startswith("AWS_")}
    env.update(HOME=str(home), SWF_DOMAIN=None)
    return CliRunner(env=env)


@pytest.mark.parametrize(
    ("args", "fragments", "exit_code"),
    [
        (["--bogus"], ["No such option '--bogus'", "see 'swf --help'"], 2),
        ([], ["Missing command", "demo", "domain", "see 'swf --help'"], 2),
        (["nonsense"], ["No such command 'nonsense'"], 2),
        (["--region"], ["'--region' requires an argument"], 2),
        (["domain"], ["Missing command", "register", "see 'swf domain --help'"], 2),
        (["local"], ["Missing command: one of serve"], 2),
        (["local", "serve", "--port", "99999"], ["--port", "see 'swf local serve --help'"], 2),
        (["decider", "start", "nosuch_module:Thing", "-d", "shop", "--task-list", "t"],
         ["cannot import 'nosuch_module'"], 2),
        (["worker", "start", "nocolon", "--domain", "shop", "--task-list", "t"],
         ["MODULE:CLASS"], 2),
        (["execution", "history", "-d", "shop"], ["Missing argument 'WORKFLOW_ID'"], 2),
        (["--endpoint-url", "notaurl", "domain", "list"], ["notaurl"], 1),
        (["--profile", "nosuch", "domain", "list"], ["nosuch", "~/.aws/config"], 1),
        (["domain", "list"], ["no AWS region", "--region", "--endpoint-url"], 1),
        (["--region", "eu-west-1", "domain", "list"],
         ["credentials", "AWS_ACCESS_KEY_ID", "--endpoint-url"], 1),
        (["--endpoint-url", "http://127.0.0.1:9", "domain", "list"],
         ["cannot reach SWF at http://127.0.0.1:9"], 1),
        (["--endpoint-url", "http://127.0.0.1:9", "execution", "history", "-d", "shop", "o-1"],
         ["cannot reach SWF at http://127.0.0.1:9"], 1),
        (["--endpoint-url", "http://127.0.0.1:9", "demo", "--timeout", "5"],
         ["cannot reach SWF at http://127.0.0.1:9"], 1),
    ],
)  # fmt: skip
def test_every_error_is_one_line_and_a_non_zero_exit(
    bare: CliRunner, args: list[str], fragments: list[str], exit_code: int
) -> None:
    result = bare.invoke(main, args)
    lines = [line for line in result.stderr.splitlines() if not line.startswith("==> ")]
    assert result.exit_code == exit_code, result.output
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_a_command_group_without_its_command_is_a_usage_error(swf: Run) -> None:
    assert_one_line_error(swf("execution"), "Missing command", "timeline", exit_code=2)


def _environment(endpoint_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env["AWS_ENDPOINT_URL_SWF"] = endpoint_url
    return env


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_during_history_follow_exits_quietly_with_130(
    swf_endpoint_url: str, swf: Run, domain: str
) -> None:
    started = swf("execution", "start", "-d", domain, "order", "1", "--workflow-id", "o-follow")
    assert started.exit_code == 0, started.output
    follower = subprocess.Popen(
        [sys.executable, "-m", "swf.cli", "execution", "history", "-d", domain, "o-follow",
         "--follow", "--interval", "0.05"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(swf_endpoint_url),
        # A shell running the suite in the background starts it with SIGINT ignored, which
        # children inherit; a terminal's Ctrl-C reaches a command with the default handler.
        preexec_fn=_default_sigint,
    )  # fmt: skip
    # Read through the text buffers readline() fills (communicate() would skip them); a
    # stuck child is killed so that the reads end.
    watchdog = threading.Timer(30, follower.kill)
    watchdog.start()
    try:
        assert follower.stdout is not None and follower.stderr is not None
        seen = ""
        while "WorkflowExecutionStarted" not in seen:  # it is following once it has printed
            line = follower.stdout.readline()
            assert line, "the command ended before printing the history"
            seen += line
        follower.send_signal(signal.SIGINT)
        out, err = seen + follower.stdout.read(), follower.stderr.read()
        follower.wait(timeout=30)
    finally:
        watchdog.cancel()
        if follower.poll() is None:
            follower.kill()
            follower.wait()
    assert follower.returncode == 130
    assert err.strip() == "", err
    assert "WorkflowExecutionStarted" in out


def test_a_reader_that_goes_away_ends_the_command_quietly(
    swf_endpoint_url: str, swf: Run, domain: str, swf_client: Any
) -> None:
    started = swf("execution", "start", "-d", domain, "order", "1", "--workflow-id", "o-pipe")
    assert started.exit_code == 0, started.output
    for number in range(6):  # about 180 kB of history: more than a pipe holds
        swf_client.signal_workflow_execution(
            domain=domain, workflowId="o-pipe", signalName=f"s{number}", input="x" * 30000
        )
    for args in (["execution", "history", "-d", domain, "o-pipe", "--json"],
                 ["execution", "history", "-d", domain, "o-pipe"]):  # fmt: skip
        reader = subprocess.Popen(
            [sys.executable, "-m", "swf.cli", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_environment(swf_endpoint_url),
        )
        assert reader.stdout is not None and reader.stderr is not None
        reader.stdout.readline()
        reader.stdout.close()  # like `| head -1`
        err = reader.stderr.read().decode()
        reader.wait(timeout=30)
        assert err == "", err
        assert reader.returncode in (0, 1)


def test_swf_local_serve_on_a_port_in_use_says_which_in_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["local", "serve", "--port", str(port)])
    assert_one_line_error(result, f"cannot start SWF Local on 127.0.0.1:{port}", "in use")
