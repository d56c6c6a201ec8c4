"""``swf workflow-type`` and ``swf activity-type`` against SWF Local."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.cli.support import Run, assert_one_line_error


@pytest.fixture
def shop(swf_client: Any) -> str:
    swf_client.register_domain(name="shop", workflowExecutionRetentionPeriodInDays="1")
    return "shop"


def test_workflow_type_register_keeps_its_defaults(swf: Run, shop: str) -> None:
    result = swf(
        "workflow-type", "register", "-d", shop, "order", "1",
        "--task-list", "deciders", "--execution-timeout", "1h", "--task-timeout", "30s",
        "--child-policy", "ABANDON", "--description", "orders", "--task-priority", "3",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    described = json.loads(
        swf("workflow-type", "describe", "-d", shop, "order", "1", "--json").stdout
    )
    configuration = described["configuration"]
    assert configuration["defaultTaskList"] == {"name": "deciders"}
    assert configuration["defaultExecutionStartToCloseTimeout"] == "3600"
    assert configuration["defaultTaskStartToCloseTimeout"] == "30"
    assert configuration["defaultChildPolicy"] == "ABANDON"
    assert configuration["defaultTaskPriority"] == "3"
    human = swf("workflow-type", "describe", "-d", shop, "order", "1").stdout
    assert "execution timeout: 1h" in human
    assert "task list:         deciders" in human


def test_activity_type_register_keeps_its_timeouts(swf: Run, shop: str) -> None:
    result = swf(
        "activity-type", "register", "-d", shop, "charge", "2",
        "--task-list", "workers", "--schedule-to-start-timeout", "NONE",
        "--schedule-to-close-timeout", "10m", "--start-to-close-timeout", "300",
        "--heartbeat-timeout", "1d",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    answer = json.loads(
        swf("activity-type", "describe", "-d", shop, "charge", "2", "--json").stdout
    )
    configuration = answer["configuration"]
    assert configuration["defaultTaskScheduleToStartTimeout"] == "NONE"
    assert configuration["defaultTaskScheduleToCloseTimeout"] == "600"
    assert configuration["defaultTaskStartToCloseTimeout"] == "300"
    assert configuration["defaultTaskHeartbeatTimeout"] == "86400"


@pytest.mark.parametrize("noun", ["workflow-type", "activity-type"])
def test_type_lifecycle_list_deprecate_undeprecate_delete(swf: Run, shop: str, noun: str) -> None:
    assert swf(noun, "register", "-d", shop, "t", "1").exit_code == 0
    assert swf(noun, "register", "-d", shop, "t", "2").exit_code == 0
    rows = swf(noun, "list", "-d", shop).stdout.splitlines()
    assert [row.split()[:3] for row in rows[1:]] == [
        ["t", "1", "REGISTERED"],
        ["t", "2", "REGISTERED"],
    ]

    assert_one_line_error(swf(noun, "delete", "-d", shop, "t", "1"), "TypeNotDeprecatedFault")
    assert swf(noun, "deprecate", "-d", shop, "t", "1").exit_code == 0
    deprecated = swf(noun, "list", "-d", shop, "--status", "DEPRECATED", "--json").stdout
    assert len(json.loads(deprecated)) == 1
    assert swf(noun, "undeprecate", "-d", shop, "t", "1").exit_code == 0
    assert swf(noun, "deprecate", "-d", shop, "t", "1").exit_code == 0
    deleted = swf(noun, "delete", "-d", shop, "t", "1")
    assert deleted.exit_code == 0, deleted.output
    assert_one_line_error(swf(noun, "describe", "-d", shop, "t", "1"), "UnknownResourceFault")


@pytest.mark.parametrize("noun", ["workflow-type", "activity-type"])
def test_list_by_name_shows_only_that_name(swf: Run, shop: str, noun: str) -> None:
    swf(noun, "register", "-d", shop, "a", "1")
    swf(noun, "register", "-d", shop, "b", "1")
    listed = json.loads(swf(noun, "list", "-d", shop, "--name", "b", "--json").stdout)
    assert len(listed) == 1


@pytest.mark.parametrize("noun", ["workflow-type", "activity-type"])
def test_unknown_domain_is_one_line(swf: Run, noun: str) -> None:
    assert_one_line_error(swf(noun, "list", "-d", "nope"), "UnknownResourceFault")


@pytest.mark.parametrize("noun", ["workflow-type", "activity-type"])
def test_missing_domain_option_is_one_line_and_exit_2(swf: Run, noun: str) -> None:
    assert_one_line_error(swf(noun, "list"), "Missing option", "--domain", exit_code=2)


def test_bad_duration_is_one_line_and_exit_2(swf: Run, shop: str) -> None:
    result = swf("activity-type", "register", "-d", shop, "x", "1", "--heartbeat-timeout", "5y")
    assert_one_line_error(result, "not a duration", exit_code=2)


def test_registering_twice_is_one_line(swf: Run, shop: str) -> None:
    swf("activity-type", "register", "-d", shop, "x", "1")
    assert_one_line_error(
        swf("activity-type", "register", "-d", shop, "x", "1"), "TypeAlreadyExistsFault"
    )
