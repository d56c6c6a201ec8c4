"""What a new user meets first (issue 13): errors that keep their reason, plain-text input,
one duration rule, and a closed run named when there is no open run to steer."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import click
import pytest

from swf.cli.output import DURATION, EXECUTION_TIMEOUT, describe_error, one_line
from swf.exceptions import UnknownResourceFault, ValidationException
from tests.cli.support import Run, assert_one_line_error
from tests.cli.test_executions import start


def _history(swf: Run, domain: str, workflow_id: str) -> list[dict[str, Any]]:
    result = swf("execution", "history", "-d", domain, workflow_id, "--json")
    assert result.exit_code == 0, result.output
    events: list[dict[str, Any]] = json.loads(result.stdout)
    return events


# -- item 2: one line keeps the reason ----------------------------------------------------


def test_a_long_error_shortens_the_quoted_value_and_keeps_the_reason() -> None:
    value = json.dumps({"album": "x" * 40_000})
    error = ValidationException(
        f"1 validation error detected: Value '{value}' at 'input' failed to satisfy "
        "constraint: Member must have length less than or equal to 32768",
        operation="StartWorkflowExecution",
    )
    line = one_line(describe_error(error))
    assert len(line) <= 400
    assert "less than or equal to 32768" in line
    assert f"({len(value)} characters)" in line
    assert line.startswith("ValidationException: 1 validation error detected: Value '{")


def test_a_long_error_without_quotes_keeps_its_start_and_its_end() -> None:
    line = one_line("what failed " + "y" * 1000 + " why it failed")
    assert len(line) <= 400
    assert line.startswith("what failed") and line.endswith("why it failed")


def test_an_error_names_its_class_once() -> None:
    error = UnknownResourceFault(
        "UnknownResourceFault: Unknown domain: x", code="UnknownResourceFault"
    )
    assert describe_error(error) == "UnknownResourceFault: Unknown domain: x"


@pytest.mark.parametrize("command", ["start", "signal"])
def test_a_too_long_input_is_refused_before_sending_with_its_reason(
    swf: Run, domain: str, tmp_path: Path, command: str
) -> None:
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"album": "x" * 40_000}))
    if command == "start":
        args = ["execution", "start", "-d", domain, "order", "1", "--workflow-id", "big"]
    else:
        start(swf, domain, "big")
        args = ["execution", "signal", "-d", domain, "big", "go"]
    result = swf(*args, "--input", f"@{big}")
    assert_one_line_error(result, "input is 40013 characters long; SWF allows 32768", exit_code=2)
    events = (
        [event["eventType"] for event in _history(swf, domain, "big")]
        if command == "signal"
        else []
    )
    assert "WorkflowExecutionSignaled" not in events


# -- item 5: --input is text, sent as it is ------------------------------------------------


def test_plain_text_input_is_sent_as_it_is(swf: Run, domain: str) -> None:
    start(swf, domain, "greet-ada", "--input", "Ada")
    started = _history(swf, domain, "greet-ada")[0]
    assert started["workflowExecutionStartedEventAttributes"]["input"] == "Ada"
    assert (
        swf("execution", "signal", "-d", domain, "greet-ada", "hi", "--input", "Grace").exit_code
        == 0
    )
    signaled = _history(swf, domain, "greet-ada")[-1]
    assert signaled["workflowExecutionSignaledEventAttributes"]["input"] == "Grace"


def test_json_looking_text_that_is_not_json_is_refused_with_a_hint(swf: Run, domain: str) -> None:
    result = swf("execution", "start", "-d", domain, "order", "1", "--input", '{"sku": ')
    assert_one_line_error(result, "malformed JSON", "sent as it is", "@file", exit_code=2)


# -- item 6: one duration rule ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("300", 300), ("90s", 90), ("5m", 300), ("1h30m", 5400), ("1.5h", 5400), ("2d", 172800),
     ("1d2h3m4s", 93784), ("0", 0)],
)  # fmt: skip
def test_the_cli_reads_durations_with_units(text: str, seconds: int) -> None:
    assert DURATION.convert(text, None, None) == timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("1M", "lower case"), ("5y", "unknown unit"), ("1h30", "every amount a unit"),
     ("1.5s", "whole seconds"), ("soon", "not a duration"), ("100000000", "longer than")],
)  # fmt: skip
def test_the_cli_refuses_what_it_cannot_read_for_sure(text: str, fragment: str) -> None:
    with pytest.raises(click.BadParameter, match=fragment):
        DURATION.convert(text, None, None)


def test_none_is_a_duration_only_where_swf_takes_it() -> None:
    assert DURATION.convert("none", None, None) == "NONE"
    with pytest.raises(click.BadParameter, match="NONE is not accepted"):
        EXECUTION_TIMEOUT.convert("NONE", None, None)


@pytest.mark.parametrize("value", ["NONE", "0"])
def test_start_refuses_a_none_or_zero_execution_timeout(swf: Run, domain: str, value: str) -> None:
    result = swf("execution", "start", "-d", domain, "order", "1", "--execution-timeout", value)
    assert_one_line_error(result, "--execution-timeout", exit_code=2)
    listed = swf("execution", "list", "-d", domain, "--status", "all", "--json")
    assert json.loads(listed.stdout) == []


def test_registration_refuses_a_none_execution_timeout_but_takes_none_elsewhere(
    swf: Run, domain: str
) -> None:
    result = swf("workflow-type", "register", "-d", domain, "w", "1", "--execution-timeout", "NONE")
    assert_one_line_error(result, "NONE is not accepted", exit_code=2)
    result = swf("workflow-type", "register", "-d", domain, "w", "1",
                 "--execution-timeout", "1h30m", "--task-timeout", "NONE")  # fmt: skip
    assert result.exit_code == 0, result.output
    described = json.loads(
        swf("workflow-type", "describe", "-d", domain, "w", "1", "--json").stdout
    )
    configuration = described["configuration"]
    assert configuration["defaultExecutionStartToCloseTimeout"] == "5400"
    assert configuration["defaultTaskStartToCloseTimeout"] == "NONE"


def test_start_sends_the_durations_it_read(swf: Run, domain: str) -> None:
    start(swf, domain, "o-1", "--execution-timeout", "1.5h", "--task-timeout", "2m")
    attributes = _history(swf, domain, "o-1")[0]["workflowExecutionStartedEventAttributes"]
    assert attributes["executionStartToCloseTimeout"] == "5400"
    assert attributes["taskStartToCloseTimeout"] == "120"


def test_ages_follow_the_duration_rule(swf: Run, domain: str) -> None:
    start(swf, domain, "o-1")
    listed = swf("execution", "list", "-d", domain, "--started-after", "1h30m", "--json")
    assert [run["execution"]["workflowId"] for run in json.loads(listed.stdout)] == ["o-1"]
    assert_one_line_error(
        swf("execution", "list", "-d", domain, "--started-after", "1M"), "lower case", exit_code=2
    )


# -- item 13: steering a closed run ------------------------------------------------------------


@pytest.mark.parametrize("command", [["signal", "go"], ["cancel"], ["terminate"]])
def test_steering_a_closed_run_names_the_latest_closed_run(
    swf: Run, domain: str, command: list[str]
) -> None:
    run_id = start(swf, domain, "o-1")
    assert swf("execution", "terminate", "-d", domain, "o-1").exit_code == 0
    verb = command[0]
    result = swf("execution", verb, "-d", domain, "o-1", *command[1:])
    assert_one_line_error(result, "'o-1'", f"no open run to {verb}", run_id, "terminated")
    assert "runId=None" not in result.stderr


# -- item 7: the timeline shows refused schedulings and ends abandoned timers -------------


def test_the_timeline_shows_a_refused_schedule_and_ends_an_abandoned_timer(
    swf: Run, domain: str, swf_client: Any, swf_clock: Any
) -> None:
    from tests.cli.test_executions import decide

    start(swf, domain, "o-1")
    decide(swf_client, domain, {
        "decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {
            "activityId": "resize", "activityType": {"name": "nosuch", "version": "1"},
            "taskList": {"name": "workers"},
        },
    }, {
        "decisionType": "StartTimer",
        "startTimerDecisionAttributes": {"timerId": "deadline", "startToFireTimeout": "3600"},
    })  # fmt: skip
    swf_clock.advance(10)
    assert swf("execution", "terminate", "-d", domain, "o-1").exit_code == 0
    spans = json.loads(swf("execution", "timeline", "-d", domain, "o-1", "--json").stdout)
    by_label = {span["label"]: span for span in spans}
    refused = by_label["activity resize (nosuch 1)"]
    assert (refused["status"], refused["cause"]) == (
        "schedule failed",
        "ACTIVITY_TYPE_DOES_NOT_EXIST",
    )
    workflow = next(span for span in spans if span["kind"] == "workflow")
    timer = by_label["timer deadline"]
    assert (timer["status"], timer["closed"]) == ("abandoned", workflow["closed"])
    assert workflow["closed"] is not None and workflow["status"] == "terminated"
    text = swf("execution", "timeline", "-d", domain, "o-1").stdout
    assert "schedule failed (ACTIVITY_TYPE_DOES_NOT_EXIST)" in text
    assert "abandoned" in text
    assert (
        "schedule failed" in swf("execution", "timeline", "-d", domain, "o-1", "--decisions").stdout
    )


# -- item 10: describe says how a closed run ended -----------------------------------------


def test_describe_shows_the_result_of_a_completed_run(
    swf: Run, domain: str, swf_client: Any, swf_clock: Any
) -> None:
    from tests.cli.test_executions import run_to_completion

    start(swf, domain, "o-1")
    run_to_completion(swf_client, swf_clock, domain)
    text = swf("execution", "describe", "-d", domain, "o-1").stdout
    assert "status:            COMPLETED" in text
    assert 'result:            "done"' in text


def test_describe_shows_why_a_run_failed_or_was_terminated(
    swf: Run, domain: str, swf_client: Any
) -> None:
    from tests.cli.test_executions import decide

    start(swf, domain, "o-1")
    decide(swf_client, domain, {
        "decisionType": "FailWorkflowExecution",
        "failWorkflowExecutionDecisionAttributes": {
            "reason": "card declined", "details": "code 51",
        },
    })  # fmt: skip
    text = swf("execution", "describe", "-d", domain, "o-1").stdout
    assert "reason:            card declined" in text and "details:           code 51" in text
    start(swf, domain, "o-2")
    swf("execution", "terminate", "-d", domain, "o-2", "--reason", "stuck")
    text = swf("execution", "describe", "-d", domain, "o-2").stdout
    assert "status:            TERMINATED" in text and "reason:            stuck" in text
    start(swf, domain, "o-3")
    assert "reason" not in swf("execution", "describe", "-d", domain, "o-3").stdout


def test_steering_in_an_unknown_domain_names_the_domain(swf: Run) -> None:
    result = swf("execution", "signal", "-d", "nowhere", "o-1", "go")
    assert_one_line_error(result, "UnknownResourceFault", "Unknown domain: nowhere")
