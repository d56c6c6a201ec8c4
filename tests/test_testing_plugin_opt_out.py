"""The pytest plugin's opt-out: a suite that overrides ``swf_use_local_settings``."""

from __future__ import annotations

from typing import Any

import pytest

from swf.core import Connection
from swf.local import LocalSWF


@pytest.fixture
def swf_use_local_settings() -> bool:
    return False


def test_the_machine_settings_stay_when_the_suite_opts_out(
    swf_local: LocalSWF, monkeypatch: Any
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", "http://127.0.0.1:9")
    assert Connection().settings.endpoint_url == "http://127.0.0.1:9"
