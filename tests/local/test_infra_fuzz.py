"""Malformed requests generated from the input shapes of all 39 operations.

For each operation: a minimal well-formed body (required members only), then mutations of it:
each required member dropped, each member given a value of the wrong JSON type, strings one
character too long or too short, enums given an unknown value, integers out of range, nested
structures missing their required members. Every one must be answered 400 with a proper fault
``__type`` (never a 500), and the server must still answer afterwards.
"""

from __future__ import annotations

import copy
import http.client
import json
import random
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from swf.local import shapes
from tests.local.wire import raw_call

ACCEPTED = {
    "com.amazon.coral.validate#ValidationException",
    "com.amazon.coral.service#SerializationException",
}


def minimal(shape_name: str) -> Any:
    """A well-formed value of the shape with only required members."""
    spec = shapes.shape(shape_name)
    kind = spec["type"]
    if kind == "structure":
        return {name: minimal(spec["members"][name]["shape"]) for name in spec.get("required", ())}
    if kind == "string":
        if "enum" in spec:
            return spec["enum"][0]
        return "x" * max(spec.get("min", 1), 1)
    if kind in ("integer", "long"):
        return spec.get("min", 1)
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return 1_600_000_000
    if kind == "list":
        return [minimal(spec["member"]["shape"])]
    raise AssertionError(kind)


def wrong_type(shape_name: str) -> Any:
    kind = shapes.shape(shape_name)["type"]
    return {
        "structure": "not an object",
        "string": ["not", "a", "string"],
        "integer": "12",
        "long": {"n": 1},
        "boolean": "true",
        "timestamp": "yesterday",
        "list": {"not": "a list"},
    }[kind]


def invalid_values(shape_name: str) -> Iterator[tuple[str, Any]]:
    """Values of the right JSON type that break a constraint of the shape."""
    spec = shapes.shape(shape_name)
    kind = spec["type"]
    if kind == "string":
        if "enum" in spec:
            yield "bad enum", "NOT_A_" + spec["enum"][0]
        if "max" in spec:
            yield "too long", "y" * (spec["max"] + 1)
        if spec.get("min", 0) >= 1:
            yield "too short", ""
    elif kind in ("integer", "long"):
        if "max" in spec:
            yield "too big", spec["max"] + 1
        if "min" in spec:
            yield "too small", spec["min"] - 1
    elif kind == "list" and "max" in spec:
        yield "too many", [minimal(spec["member"]["shape"])] * (spec["max"] + 1)
    elif kind == "structure" and spec.get("required"):
        yield "empty structure", {}


def mutations(operation: str) -> Iterator[tuple[str, dict[str, Any]]]:
    name = shapes.input_shape(operation)
    assert name is not None
    spec = shapes.shape(name)
    base = minimal(name)
    for member in spec.get("required", ()):
        body = copy.deepcopy(base)
        del body[member]
        yield f"{operation}: drop {member}", body
    for member, member_spec in spec["members"].items():
        member_shape = member_spec["shape"]
        body = copy.deepcopy(base)
        body[member] = wrong_type(member_shape)
        yield f"{operation}: {member} of wrong type", body
        for label, value in invalid_values(member_shape):
            body = copy.deepcopy(base)
            body[member] = value
            yield f"{operation}: {member} {label}", body
        nested = shapes.shape(member_shape)
        if nested["type"] == "structure":
            inner = minimal(member_shape)
            for inner_member, inner_spec in nested["members"].items():
                for label, value in invalid_values(inner_spec["shape"]):
                    body = copy.deepcopy(base)
                    body[member] = {**inner, inner_member: value}
                    yield f"{operation}: {member}.{inner_member} {label}", body
        if nested["type"] == "list":
            item_shape = nested["member"]["shape"]
            body = copy.deepcopy(base)
            body[member] = [wrong_type(item_shape)]
            yield f"{operation}: {member} item of wrong type", body


def all_cases() -> list[tuple[str, str, dict[str, Any]]]:
    cases = [
        (operation, label, body)
        for operation in shapes.operation_names()
        for label, body in mutations(operation)
    ]
    return cases


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
            if response.status != 400 or fault not in ACCEPTED:
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


# -- families of bad input that once got HTTP 500 (tests/local/test_input_families.py) --------

_RAW = "\x00raw\x00"  # placeholder replaced by raw JSON text (deep nesting, huge numbers)


def member_paths(shape_name: str, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths to every scalar member of a shape (list items as index 0)."""
    spec = shapes.shape(shape_name)
    if spec["type"] == "structure":
        for name, member in spec["members"].items():
            yield from member_paths(member["shape"], (*prefix, (name, member["shape"])))
    elif spec["type"] == "list":
        yield from member_paths(spec["member"]["shape"], (*prefix, (0, spec["member"]["shape"])))
    else:
        yield prefix


def placed(base: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """A copy of ``base`` with ``value`` at ``path`` (missing containers made minimal)."""
    body = copy.deepcopy(base)
    cursor: Any = body
    for index, (key, shape_name) in enumerate(path):
        last = index == len(path) - 1
        if isinstance(key, int):
            if last:
                cursor[:] = [value]
                return body
            if not cursor:
                cursor.append(minimal(shape_name))
            cursor = cursor[0]
        else:
            if last:
                cursor[key] = value
                return body
            if not isinstance(cursor.get(key), (dict, list)):
                cursor[key] = minimal(shape_name)
            cursor = cursor[key]
    return body


def encoded(body: dict[str, Any], raw: str | None = None) -> bytes:
    text = json.dumps(body)
    if raw is not None:
        text = text.replace(json.dumps(_RAW), raw)
    return text.encode()


def family_cases(rng: random.Random) -> Iterator[tuple[str, str, bytes, bool]]:
    """(operation, label, body, oversized) for every scalar member of every operation."""
    for operation in shapes.operation_names():
        name = shapes.input_shape(operation)
        assert name is not None
        base = minimal(name)
        for path in member_paths(name):
            where = ".".join(str(key) for key, _ in path)
            kind = shapes.shape(path[-1][1])["type"]
            depth = rng.randrange(900, 4000)
            nest = rng.choice("[{")
            opened = "[" * depth if nest == "[" else '{"a":' * depth
            closed = "]" * depth if nest == "[" else "}" * depth
            raw = opened + ("1" if nest == "{" else "") + closed
            yield (
                operation,
                f"{where} nested {depth}",
                encoded(placed(base, path, _RAW), raw),
                False,
            )
            if kind == "string":
                lone = chr(rng.randrange(0xD800, 0xE000))
                value = rng.choice(["", "x", "name-"]) + lone + rng.choice(["", "y"])
                yield (
                    operation,
                    f"{where} lone surrogate",
                    encoded(placed(base, path, value)),
                    False,
                )
                if rng.random() < 0.1:
                    size = rng.randrange(64_000, 900_000)
                    body = encoded(placed(base, path, "z" * size))
                    yield operation, f"{where} {size} characters", body, True
            if kind in ("integer", "long", "timestamp"):
                number = rng.choice(["1e309", "-1e309", "1e400", "9" * rng.randrange(20, 400)])
                body = encoded(placed(base, path, _RAW), number)
                yield operation, f"{where} = {number[:12]}", body, False


def test_families_of_bad_input_get_a_proper_fault(swf_endpoint_url: str) -> None:
    """Deep nesting, lone surrogates, overflowing numbers and oversized values at every scalar
    member of every operation: never a 500, and a fault quotes at most a short prefix."""
    parts = urlsplit(swf_endpoint_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    problems: list[str] = []
    labels = set()
    try:
        for operation, label, body, oversized in family_cases(random.Random(4321)):
            labels.add(label.rsplit(" ", 1)[-1])
            response = raw_call(swf_endpoint_url, operation, body, connection=connection)
            if response.status >= 500 or (
                response.status != 200 and "__type" not in response.json()
            ):
                problems.append(
                    f"{operation} {label}: HTTP {response.status} {response.body[:200]!r}"
                )
            elif oversized and len(response.body) > 2_000:
                problems.append(f"{operation} {label}: a {len(response.body)}-byte answer")
    finally:
        connection.close()
    assert not problems, "\n".join(problems)
    assert {"surrogate", "characters"} <= labels
    after = raw_call(swf_endpoint_url, "ListDomains", {"registrationStatus": "REGISTERED"})
    assert after.status == 200
