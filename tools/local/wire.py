"""Raw HTTP calls to SWF Local, below boto3 (protocol tests, generated requests)."""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlsplit

__all__ = ["RawResponse", "raw_call"]


class RawResponse:
    """Status, headers and decoded JSON body of one raw call."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body)

    @property
    def fault_type(self) -> str:
        """The ``__type`` of a fault body."""
        return str(self.json()["__type"])


def raw_call(
    endpoint_url: str,
    operation: str | None,
    body: bytes | dict[str, Any] | None = None,
    *,
    headers: dict[str, str] | None = None,
    connection: http.client.HTTPConnection | None = None,
    method: str = "POST",
    path: str = "/",
) -> RawResponse:
    """POST ``body`` (a dict is JSON-encoded) as ``SimpleWorkflowService.<operation>``."""
    if isinstance(body, dict):
        payload = json.dumps(body).encode()
    else:
        payload = body if body is not None else b"{}"
    sent = {"Content-Type": "application/x-amz-json-1.0"}
    if operation is not None:
        sent["X-Amz-Target"] = f"SimpleWorkflowService.{operation}"
    sent.update(headers or {})
    own = connection is None
    if connection is None:
        parts = urlsplit(endpoint_url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, body=payload, headers=sent)
        response = connection.getresponse()
        data = response.read()
        return RawResponse(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
    finally:
        if own:
            connection.close()
