"""The pytest plugin's time skipping, switched on for a whole module by overriding the
``swf_time_skipping`` fixture."""

from __future__ import annotations

from typing import Any

import pytest

from swf.local import LocalSWF, ManualClock
from tests.test_testing_plugin_time_skipping import (
    DAY,
    next_decision_task,
    register_and_start,
    start_a_timer,
)


@pytest.fixture
def swf_time_skipping() -> bool:
    return True


def test_the_overridden_fixture_turns_time_skipping_on(
    swf_local: LocalSWF, swf_clock: ManualClock, swf_client: Any
) -> None:
    assert swf_local.skipper is not None
    register_and_start(swf_client)
    start_a_timer(swf_client, 30 * DAY)
    task = next_decision_task(swf_client, polls=100)
    assert "TimerFired" in [event["eventType"] for event in task["events"]]
