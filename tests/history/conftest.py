"""Fixtures of the history tests: botocore's SWF model and its ``HistoryEvent`` shape."""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest
from botocore.model import Shape


@pytest.fixture(scope="session")
def swf_model() -> Any:
    """botocore's SWF service model."""
    return botocore.session.get_session().get_service_model("swf")


@pytest.fixture(scope="session")
def history_event_shape(swf_model: Any) -> Shape:
    """botocore's ``HistoryEvent`` shape."""
    return swf_model.shape_for("HistoryEvent")
