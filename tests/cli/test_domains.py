"""``swf domain`` against SWF Local."""

from __future__ import annotations

import json
import socket

import pytest
from click.testing import CliRunner

from swf.cli import main
from tests.cli.support import Run, assert_one_line_error


def test_register_then_list_and_describe_show_the_domain(swf: Run) -> None:
    result = swf("domain", "register", "shop", "--retention-days", "7", "--description", "a shop")
    assert result.exit_code == 0, result.output
    assert "Registered domain shop" in result.stdout

    listed = swf("domain", "list")
    assert listed.exit_code == 0
    assert listed.stdout.splitlines()[0].split() == ["NAME", "STATUS", "DESCRIPTION"]
    assert "shop" in listed.stdout and "a shop" in listed.stdout

    described = swf("domain", "describe", "shop")
    assert described.exit_code == 0
    assert "7 day(s)" in described.stdout
    assert "REGISTERED" in described.stdout


def test_json_output_is_the_service_answer(swf: Run) -> None:
    swf("domain", "register", "shop")
    listed = json.loads(swf("domain", "list", "--json").stdout)
    assert [info["name"] for info in listed] == ["shop"]
    described = json.loads(swf("domain", "describe", "shop", "--json").stdout)
    assert (
        described["configuration"]["workflowExecutionRetentionPeriodInDays"] == "30"
    )  # the one default


def test_deprecate_and_undeprecate_move_the_domain_between_lists(swf: Run) -> None:
    swf("domain", "register", "shop")
    assert swf("domain", "deprecate", "shop").exit_code == 0
    assert "shop" not in swf("domain", "list").stdout
    assert "shop" in swf("domain", "list", "--status", "DEPRECATED").stdout
    assert swf("domain", "undeprecate", "shop").exit_code == 0
    assert "shop" in swf("domain", "list").stdout


def test_empty_list_says_so_on_stderr(swf: Run) -> None:
    result = swf("domain", "list")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "No registered domains" in result.stderr


def test_unknown_domain_is_one_line_and_exit_1(swf: Run) -> None:
    assert_one_line_error(swf("domain", "describe", "nope"), "UnknownResourceFault", "nope")


def test_registering_twice_is_one_line_and_exit_1(swf: Run) -> None:
    swf("domain", "register", "shop")
    assert_one_line_error(swf("domain", "register", "shop"), "DomainAlreadyExistsFault")


def test_missing_argument_is_one_line_and_exit_2(swf: Run) -> None:
    assert_one_line_error(swf("domain", "describe"), "Missing argument", exit_code=2)


def test_out_of_range_retention_is_one_line_and_exit_2(swf: Run) -> None:
    result = swf("domain", "register", "shop", "--retention-days", "91")
    assert_one_line_error(result, "--retention-days", exit_code=2)


def test_unknown_subcommand_is_one_line_and_exit_2(swf: Run) -> None:
    assert_one_line_error(swf("domain", "frobnicate"), "No such command", exit_code=2)


def test_forbidden_name_is_refused_before_sending(swf: Run) -> None:
    assert_one_line_error(swf("domain", "register", "a/b"), "'/'")


def test_malformed_endpoint_is_one_line_and_exit_1(swf: Run) -> None:
    # The fixture's --endpoint-url comes first; a later one wins.
    result = swf("--endpoint-url", "not-a-url", "domain", "list")
    assert_one_line_error(result, "endpoint_url")


def test_unreachable_endpoint_is_one_line_naming_it(swf: Run) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result = swf("--endpoint-url", url, "domain", "list")
    assert_one_line_error(result, "cannot reach SWF", url)


def test_unknown_profile_is_one_line(swf: Run) -> None:
    result = CliRunner().invoke(main, ["--profile", "no-such-profile", "domain", "list"])
    assert_one_line_error(result, "no-such-profile")


def test_endpoint_from_the_environment_is_used_without_the_option(
    swf_endpoint_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", swf_endpoint_url)
    runner = CliRunner()
    assert runner.invoke(main, ["domain", "register", "from-env"]).exit_code == 0
    assert "from-env" in runner.invoke(main, ["domain", "list"]).stdout


def test_register_keeps_executions_as_long_as_the_library_does(swf: Run) -> None:
    from swf.models.domain import DEFAULT_RETENTION_DAYS

    assert swf("domain", "register", "kept").exit_code == 0
    described = swf("domain", "describe", "kept")
    assert f"retention: {DEFAULT_RETENTION_DAYS} day(s)" in described.stdout
