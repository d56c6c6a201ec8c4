"""Fixtures of the actor tests: a registered domain and types on SWF Local, a connection."""

from __future__ import annotations

from typing import Any

import pytest

from swf.core import Connection
from tests.actors.support import ACTIVITY_LIST, DOMAIN, TASK_LIST


@pytest.fixture
def connection(swf_endpoint_url: str) -> Connection:
    """A library connection to the test's SWF Local."""
    return Connection(endpoint_url=swf_endpoint_url)


@pytest.fixture
def registered(swf_client: Any) -> Any:
    """Domain ``actors`` with workflow type ``wf/1`` and activity type ``act/1`` (defaults set)."""
    swf_client.register_domain(name=DOMAIN, workflowExecutionRetentionPeriodInDays="1")
    swf_client.register_workflow_type(
        domain=DOMAIN,
        name="wf",
        version="1",
        defaultTaskList={"name": TASK_LIST},
        defaultExecutionStartToCloseTimeout="3600",
        defaultTaskStartToCloseTimeout="60",
        defaultChildPolicy="TERMINATE",
    )
    swf_client.register_activity_type(
        domain=DOMAIN,
        name="act",
        version="1",
        defaultTaskList={"name": ACTIVITY_LIST},
        defaultTaskScheduleToStartTimeout="600",
        defaultTaskScheduleToCloseTimeout="1200",
        defaultTaskStartToCloseTimeout="600",
        defaultTaskHeartbeatTimeout="120",
    )
    return swf_client
