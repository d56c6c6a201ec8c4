"""Helpers of the queryset tests (the fixtures are in ``conftest.py`` and the test modules)."""

from __future__ import annotations

from typing import Any

from swf.core import Connection
from tests.backends import Backend

WORKFLOW_DEFAULTS = {
    "task_list": "tl",
    "execution_timeout": 3600,
    "decision_tasks_timeout": 60,
    "child_policy": "TERMINATE",
}
"""Defaults of a workflow type its executions can start with."""


class CountingConnection(Connection):
    """A connection that records the operations it sends (pages count one each), and their
    parameters."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.sent: list[str] = []
        self.params: list[dict[str, Any]] = []

    def call(self, operation: str, /, **params: Any) -> dict[str, Any]:
        self.sent.append(operation)
        self.params.append(params)
        return super().call(operation, **params)

    def paginate(self, operation: str, /, **params: Any) -> Any:
        for page in super().paginate(operation, **params):
            self.sent.append(operation)
            self.params.append(params)
            yield page


def counting(endpoint_url: str) -> CountingConnection:
    """A :class:`CountingConnection` to ``endpoint_url``."""
    return CountingConnection(
        endpoint_url=endpoint_url,
        region="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def mine(backend: Backend, items: Any) -> list[Any]:
    """The items this test made (moto's server is shared by the module's tests)."""
    return (
        [item for item in items if backend.prefix in getattr(item, "name", "")]
        if (backend.name == "moto")
        else list(items)
    )
