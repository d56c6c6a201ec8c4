"""Fixtures of the ``swf`` command tests: a CLI runner bound to the plugin's SWF Local."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner, Result

from swf.cli import main
from tests.cli.support import DOMAIN, Run


@pytest.fixture
def swf(swf_endpoint_url: str) -> Run:
    """``swf(*args, input=None)``: run ``swf --endpoint-url <SWF Local> *args`` in-process."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(
            main, ["--endpoint-url", swf_endpoint_url, *args], input=input, catch_exceptions=False
        )

    return run


@pytest.fixture
def domain(swf_client: Any) -> str:
    """A registered domain with workflow type ``order 1`` and activity type ``charge 1``."""
    swf_client.register_domain(name=DOMAIN, workflowExecutionRetentionPeriodInDays="1")
    swf_client.register_workflow_type(
        domain=DOMAIN,
        name="order",
        version="1",
        defaultTaskList={"name": "deciders"},
        defaultExecutionStartToCloseTimeout="3600",
        defaultTaskStartToCloseTimeout="60",
        defaultChildPolicy="TERMINATE",
    )
    swf_client.register_activity_type(
        domain=DOMAIN,
        name="charge",
        version="1",
        defaultTaskList={"name": "workers"},
        defaultTaskScheduleToStartTimeout="600",
        defaultTaskScheduleToCloseTimeout="900",
        defaultTaskStartToCloseTimeout="300",
        defaultTaskHeartbeatTimeout="NONE",
    )
    return DOMAIN
