"""Malformed requests generated from the input shapes of all 39 operations
(tools/local/malformed.py): every one must be answered 400 with a proper fault ``__type``
(never a 500), and the server must still answer afterwards.
"""

from __future__ import annotations

import http.client
import random
from urllib.parse import urlsplit

from swf.local import shapes
from tools.local.malformed import SHAPE_FAULTS, all_cases, minimal
from tools.local.wire import raw_call


def test_generated_cases_cover_every_operation() -> None:
    cases = all_cases()
    assert {operation for operation, _, _ in cases} == set(shapes.operation_names())
    assert len(shapes.operation_names()) == 39
    assert len(cases) >= 300


def test_every_malformed_request_is_a_400_fault_and_the_server_survives(
    swf_endpoint_url: str,
) -> None:
    parts = urlsplit(swf_endpoint_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    problems: list[str] = []
    try:
        for operation, label, body in all_cases():
            response = raw_call(swf_endpoint_url, operation, body, connection=connection)
            fault = response.json().get("__type") if response.status != 200 else None
            if response.status != 400 or fault not in SHAPE_FAULTS:
                problems.append(f"{label}: HTTP {response.status} {response.body[:200]!r}")
        # Random byte noise inside otherwise plausible bodies.
        rng = random.Random(1234)
        for operation in shapes.operation_names():
            text = bytearray(b'{"domain": "d", "name": "n"}')
            for _ in range(3):
                text[rng.randrange(len(text))] = rng.randrange(256)
            response = raw_call(swf_endpoint_url, operation, bytes(text), connection=connection)
            if response.status >= 500:
                problems.append(f"{operation} noise: HTTP {response.status} {response.body!r}")
    finally:
        connection.close()
    assert not problems, "\n".join(problems)
    after = raw_call(swf_endpoint_url, "ListDomains", {"registrationStatus": "REGISTERED"})
    assert after.status == 200


def test_every_operation_is_dispatched_to_the_service(swf_endpoint_url: str) -> None:
    """A well-formed request of each of the 39 operations reaches its operation: the answer is
    a result or a modelled fault, never UnknownOperationException nor a 500."""
    allowed_faults = {
        f"com.amazonaws.swf.base.model#{name}"
        for name, spec in shapes.service_model()["shapes"].items()
        if spec.get("exception")
    } | {"com.amazon.coral.validate#ValidationException"}
    problems = []
    for operation in shapes.operation_names():
        name = shapes.input_shape(operation)
        assert name is not None
        response = raw_call(swf_endpoint_url, operation, minimal(name))
        if response.status == 200:
            continue
        if response.status != 400 or response.fault_type not in allowed_faults:
            problems.append(f"{operation}: HTTP {response.status} {response.body[:200]!r}")
    assert not problems, "\n".join(problems)
