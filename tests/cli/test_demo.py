"""``swf demo``: the README's first command, for real (SWF Local on the system clock).

The demo's timer is one second of real time and its activities work 0.3 s each: these tests
wait for a real workflow, by design, and take a few seconds each.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from swf.cli import main
from swf.local import LocalSWF
from tests.cli.support import assert_one_line_error


def _environment(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env["HOME"] = str(home)
    env.pop("XDG_DATA_HOME", None)
    return env


def _embedded(tmp_path: Path) -> dict[str, str | None]:
    """An environment naming no endpoint (nor a ~/.swf): the demo runs its own SWF Local."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {"XDG_DATA_HOME": str(tmp_path / "data"), "AWS_ENDPOINT_URL_SWF": None,
            "HOME": str(home)}  # fmt: skip


def test_swf_demo_honours_the_endpoint_the_environment_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with LocalSWF(tmp_path / "served.sqlite3", poll_hold=0.3) as served:
        env = {**_embedded(tmp_path), "AWS_ENDPOINT_URL_SWF": served.endpoint_url}
        result = CliRunner(env=env).invoke(main, ["demo"])
        assert result.exit_code == 0, result.output
        assert f"Using SWF at {served.endpoint_url}" in result.stderr
        assert not (tmp_path / "data" / "swf" / "demo.sqlite3").exists()
        listed = CliRunner(env=env).invoke(
            main, ["execution", "list", "-d", "swf-demo", "--status", "closed", "--type", "order"]
        )
        assert "COMPLETED" in listed.stdout, listed.output
        # --db still means the embedded SWF Local
        db = tmp_path / "mine.sqlite3"
        result = CliRunner(env=env).invoke(main, ["demo", "--db", str(db)])
        assert result.exit_code == 0, result.output
        assert "Started SWF Local" in result.stderr and db.exists()


def test_swf_demo_runs_a_workflow_to_completion_and_prints_its_timeline(tmp_path: Path) -> None:
    database = tmp_path / "demo.sqlite3"
    done = subprocess.run(
        [sys.executable, "-m", "swf.cli", "demo", "--db", str(database)],
        capture_output=True,
        text=True,
        timeout=120,
        env=_environment(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Traceback" not in done.stderr
    assert ": COMPLETED" in out
    timeline = out[out.index("Timeline") : out.index(": COMPLETED")]
    for line in (
        "workflow order 1",
        "activity check-stock",
        "activity quote-shipping",
        "timer cool-off",
        "activity charge-card-1 #2",
        "signal approved",
        "child shipping 1",
    ):
        assert line in timeline, line
    failed = next(row for row in timeline.splitlines() if row.startswith("activity charge-card-1 "))
    assert "failed" in failed
    assert '"charge_attempts": 2' in out
    assert "WorkflowExecutionCompleted" in out
    assert database.exists()


def test_swf_demo_defaults_to_the_user_data_directory_and_runs_twice(tmp_path: Path) -> None:
    runner = CliRunner(env=_embedded(tmp_path))
    first = runner.invoke(main, ["demo"])
    assert first.exit_code == 0, first.output
    assert (tmp_path / "data" / "swf" / "demo.sqlite3").exists()
    second = runner.invoke(main, ["demo"])
    assert second.exit_code == 0, second.output
    assert second.stdout.count(": COMPLETED") == 1
    # the second run registered nothing (all there) and used a new workflow id
    assert "Registered" not in second.stderr
    first_id = first.stdout.split("History of ", 1)[1].split()[0]
    second_id = second.stdout.split("History of ", 1)[1].split()[0]
    assert first_id != second_id


def test_swf_demo_runs_against_another_swf_given_by_endpoint(tmp_path: Path) -> None:
    with LocalSWF(tmp_path / "other.sqlite3", poll_hold=0.3) as other:
        result = CliRunner().invoke(main, ["--endpoint-url", other.endpoint_url, "demo"])
        assert result.exit_code == 0, result.output
        assert ": COMPLETED" in result.stdout
        assert f"Using SWF at {other.endpoint_url}" in result.stderr
        listed = CliRunner().invoke(
            main,
            ["--endpoint-url", other.endpoint_url, "execution", "list", "-d", "swf-demo",
             "--status", "closed", "--type", "order"],
        )  # fmt: skip
        assert listed.exit_code == 0, listed.output
        assert "COMPLETED" in listed.stdout


def test_swf_demo_amazon_uses_the_swf_the_settings_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with LocalSWF(tmp_path / "settings.sqlite3", poll_hold=0.3) as other:
        monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", other.endpoint_url)
        result = CliRunner().invoke(main, ["demo", "--amazon"])
        assert result.exit_code == 0, result.output
        assert f"Using SWF at {other.endpoint_url}" in result.stderr
        assert ": COMPLETED" in result.stdout


def test_swf_demo_refuses_db_with_an_endpoint(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["demo", "--endpoint-url", "http://127.0.0.1:9", "--db", str(tmp_path / "x")]
    )
    assert_one_line_error(result, "--db", exit_code=2)


def test_swf_demo_in_a_deprecated_domain_says_so_in_one_line(tmp_path: Path) -> None:
    with LocalSWF(tmp_path / "other.sqlite3", poll_hold=0.5) as other:
        client = boto3_client(other.endpoint_url)
        client.register_domain(name="old-shop", workflowExecutionRetentionPeriodInDays="1")
        client.deprecate_domain(name="old-shop")
        result = CliRunner().invoke(
            main, ["--endpoint-url", other.endpoint_url, "demo", "--domain", "old-shop"]
        )
    # Progress lines come first on stderr; the error is one line, the last.
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: domain old-shop is deprecated: undeprecate it or use --domain"
    )


def boto3_client(endpoint_url: str) -> object:
    import boto3

    return boto3.client(
        "swf",
        endpoint_url=endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="k",
        aws_secret_access_key="s",
    )


def _old_database(path: Path) -> None:
    """A file as an older SWF Local left it: tables, but no schema stamp."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE domains (name TEXT PRIMARY KEY)")
        connection.execute("INSERT INTO domains VALUES ('from-an-old-version')")
    connection.close()


def test_swf_demo_moves_its_own_database_aside_when_an_older_swf_local_made_it(
    tmp_path: Path,
) -> None:
    default = tmp_path / "data" / "swf" / "demo.sqlite3"
    _old_database(default)
    result = CliRunner(env=_embedded(tmp_path)).invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert ": COMPLETED" in result.stdout
    notices = [line for line in result.stderr.splitlines() if "aside" in line]
    assert len(notices) == 1, result.stderr
    assert "demo.sqlite3.old" in notices[0] and "another version" in notices[0]
    with sqlite3.connect(default.with_name("demo.sqlite3.old")) as old:
        assert old.execute("SELECT name FROM domains").fetchall() == [("from-an-old-version",)]
    old.close()


def test_swf_demo_refuses_an_old_database_given_with_db_in_one_line(tmp_path: Path) -> None:
    given = tmp_path / "mine.sqlite3"
    _old_database(given)
    result = CliRunner().invoke(main, ["demo", "--db", str(given)])
    assert_one_line_error(result, "cannot start SWF Local", str(given), "older SWF Local")
    assert not given.with_name("mine.sqlite3.old").exists()


def test_swf_local_serve_refuses_an_old_database_in_one_line(tmp_path: Path) -> None:
    given = tmp_path / "old.sqlite3"
    _old_database(given)
    result = CliRunner().invoke(main, ["local", "serve", "--db", str(given)])
    assert_one_line_error(result, "cannot start SWF Local", "older SWF Local")


def test_the_demo_hint_calls_swf_the_way_it_was_called(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from swf.cli.demo import _program

    venv_swf = tmp_path / ".venv" / "bin" / "swf"
    venv_swf.parent.mkdir(parents=True)
    venv_swf.write_text("#!/bin/sh\n")
    venv_swf.chmod(0o755)
    monkeypatch.setattr("sys.argv", [str(venv_swf), "demo"])
    monkeypatch.setenv("PATH", str(tmp_path / "elsewhere"))
    assert _program() == str(venv_swf)  # not activated: the path it was run by
    monkeypatch.setenv("PATH", str(venv_swf.parent))
    assert _program() == "swf"  # activated (or installed): plain swf
