"""``swf flow run`` and ``swf flow replay`` on SWF Local."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from swf.cli import main
from swf.flow import Worker
from swf.models import Domain
from tests.flow.cli_app import Shouter, shout
from tests.flow.support import DOMAIN

ROOT = Path(__file__).resolve().parents[2]
RUN_APP = ("flow", "run", "tests.flow.cli_app")


def _swf(endpoint_url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--endpoint-url", endpoint_url, *args])


@pytest.mark.parametrize("options", [(), ("--sticky-cache-size", "0")], ids=["sticky", "replay"])
def test_flow_run_runs_the_workers_of_a_module_until_sigterm(
    domain: Domain, swf_endpoint_url: str, options: tuple[str, ...]
) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "swf.cli", "--endpoint-url", swf_endpoint_url, *RUN_APP, *options],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        banner = process.stderr.readline()
        assert "running Shouter, shout in domain flow" in banner
        handle = Shouter.start("hey", domain=domain)
        assert handle.result(timeout=30) == "HEY!"
    finally:
        process.send_signal(signal.SIGTERM)
        status = process.wait(30)
    assert status == 0


def test_flow_run_usage_errors_are_one_line(swf_endpoint_url: str, tmp_path: Path) -> None:
    empty = _swf(swf_endpoint_url, "flow", "run", "json")
    assert empty.exit_code == 2
    assert "holds no Workflow subclass and no @activity function" in empty.stderr
    missing = _swf(swf_endpoint_url, "flow", "run", "tests.flow.cli_app")
    assert missing.exit_code == 2
    assert "domain 'flow' does not exist" in missing.stderr
    nowhere = _swf(swf_endpoint_url, "flow", "run", "no_such_module_here")
    assert nowhere.exit_code == 2
    assert "cannot import 'no_such_module_here'" in nowhere.stderr
    assert len(nowhere.stderr.strip().splitlines()) == 1
    negative = _swf(swf_endpoint_url, *RUN_APP, "--sticky-cache-size", "-1")
    assert negative.exit_code == 2
    assert "--sticky-cache-size" in negative.stderr


def _recorded_history(domain: Domain, endpoint_url: str, tmp_path: Path) -> Path:
    with Worker(domain, workflows=[Shouter], activities=[shout]):
        handle = Shouter.start("hi", domain=domain, workflow_id="shout-1")
        assert handle.result(timeout=20) == "HI!"
    exported = _swf(endpoint_url, "execution", "history", "-d", DOMAIN, "shout-1", "--json")
    assert exported.exit_code == 0, exported.output
    path = tmp_path / "shout-1.json"
    path.write_text(exported.stdout)
    assert json.loads(path.read_text())[0]["eventType"] == "WorkflowExecutionStarted"
    return path


def test_flow_replay_accepts_a_history_the_code_reproduces(
    domain: Domain, swf_endpoint_url: str, tmp_path: Path
) -> None:
    path = _recorded_history(domain, swf_endpoint_url, tmp_path)
    result = _swf(swf_endpoint_url, "flow", "replay", "tests.flow.cli_app:Shouter", str(path))
    assert result.exit_code == 0, result.output
    assert "events replayed by Shouter: no divergence" in result.stdout
    piped = CliRunner().invoke(
        main, ["flow", "replay", "tests.flow.cli_app:Shouter", "-"], input=path.read_text()
    )
    assert piped.exit_code == 0, piped.output


def test_flow_replay_exits_1_naming_the_event_where_the_code_diverges(
    domain: Domain, swf_endpoint_url: str, tmp_path: Path
) -> None:
    path = _recorded_history(domain, swf_endpoint_url, tmp_path)
    result = _swf(swf_endpoint_url, "flow", "replay", "tests.flow.cli_app_v2:Shouter", str(path))
    assert result.exit_code == 1
    assert "at event" in result.stderr
    assert "WorkflowExecutionCompleted" in result.stderr
    assert "scheduled activity shout/1 (activity id shout-2)" in result.stderr


def test_flow_replay_refuses_bad_input(swf_endpoint_url: str, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    bad_file = _swf(swf_endpoint_url, "flow", "replay", "tests.flow.cli_app:Shouter", str(garbage))
    assert bad_file.exit_code == 2
    assert "history JSON cannot be read" in bad_file.stderr
    not_a_class = _swf(swf_endpoint_url, "flow", "replay", "tests.flow.cli_app:shout", "-")
    assert not_a_class.exit_code == 2
    assert "is not a swf.flow.Workflow subclass" in not_a_class.stderr
    absent = _swf(swf_endpoint_url, "flow", "replay", "tests.flow.cli_app:Shouter", "nope.json")
    assert absent.exit_code == 2
    assert "cannot read nope.json" in absent.stderr
