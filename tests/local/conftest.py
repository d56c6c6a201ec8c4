"""Fixtures of the SWF Local tests (INFRA and ENGINE).

The ``swf.testing`` plugin provides ``swf_local``, ``swf_clock``, ``swf_client`` and
``swf_endpoint_url``; the names below are the aliases both test suites use.
"""

from __future__ import annotations

import pytest

from swf.local import LocalSWF, ManualClock


@pytest.fixture
def local_swf(swf_local: LocalSWF) -> LocalSWF:
    """A started SWF Local on port 0 with a ManualClock and a fresh temporary database."""
    return swf_local


@pytest.fixture
def clock(swf_clock: ManualClock) -> ManualClock:
    """The ManualClock of ``local_swf``."""
    return swf_clock
