"""Families of bad input that once got HTTP 500, generated at every scalar member of every
operation: deep nesting, lone surrogates, overflowing numbers and oversized values.

Each must get a proper fault (never a 500), and a fault quotes at most a short prefix of the
value. tests/local/test_input_families.py pins one request per cause.
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
from tools.local.malformed import minimal
from tools.local.wire import raw_call

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
