"""Requests that break the input shapes of SWF Local's 39 operations, generated from them.

For each operation: a minimal well-formed body (required members only), then mutations of it:
each required member dropped, each member given a value of the wrong JSON type, strings one
character too long or too short, enums given an unknown value, integers out of range, nested
structures missing their required members (:func:`mutations`); combinations of one to three of
them (:func:`malformed_requests`); plausible bodies with random bytes (:func:`byte_noise`).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from typing import Any

from swf.local import shapes

__all__ = [
    "SHAPE_FAULTS",
    "all_cases",
    "byte_noise",
    "malformed_requests",
    "minimal",
    "mutations",
    "wrong_type",
]


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
    """A value of the wrong JSON type for the shape."""
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
    """(label, body) of single-member mutations of the minimal body of ``operation``: each
    required member dropped, each member of the wrong type or breaking a constraint, nested
    members too."""
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
    """(operation, label, body) of every mutation of every operation."""
    cases = [
        (operation, label, body)
        for operation in shapes.operation_names()
        for label, body in mutations(operation)
    ]
    return cases


#: Fault types a request that breaks its input shape may be answered with.
SHAPE_FAULTS = frozenset(
    {
        "com.amazon.coral.validate#ValidationException",
        "com.amazon.coral.service#SerializationException",
    }
)


def _merge(base: dict[str, Any], mutated: dict[str, Any], into: dict[str, Any]) -> None:
    for key in set(base) | set(mutated):
        if key not in mutated:
            into.pop(key, None)
        elif key not in base or mutated[key] != base[key]:
            into[key] = copy.deepcopy(mutated[key])


def malformed_requests(count: int, *, seed: int = 0) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``count`` (operation, label, body) whose body breaks the operation's input shape.

    Each body is the minimal well-formed one with some optional members filled in and one to
    three of the single-member mutations of :func:`mutations` applied together (each of them
    alone is invalid, so is their combination).
    """
    rng = random.Random(seed)
    per_operation: dict[str, tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]] = {}
    for operation in shapes.operation_names():
        name = shapes.input_shape(operation)
        assert name is not None
        per_operation[operation] = (minimal(name), list(mutations(operation)))
    operations = sorted(per_operation)
    for _ in range(count):
        operation = rng.choice(operations)
        base, options = per_operation[operation]
        spec = shapes.shape(shapes.input_shape(operation) or "")
        body = copy.deepcopy(base)
        for member, member_spec in spec["members"].items():
            if member not in body and rng.random() < 0.3:
                body[member] = minimal(member_spec["shape"])
        chosen = rng.sample(options, k=min(len(options), rng.randint(1, 3)))
        for _, mutated in chosen:
            _merge(base, mutated, body)
        yield operation, " + ".join(label for label, _ in chosen), body


def byte_noise(count: int, *, seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """``count`` (operation, body) of plausible JSON with a few random bytes overwritten."""
    rng = random.Random(seed)
    operations = shapes.operation_names()
    templates = [
        b'{"domain": "d", "name": "n", "taskList": {"name": "t"}}',
        b'{"domain": "rel", "workflowId": "w", "workflowType": {"name": "wf", "version": "1"}}',
        b'{"taskToken": "abc", "decisions": [{"decisionType": "StartTimer"}]}',
    ]
    for _ in range(count):
        text = bytearray(rng.choice(templates))
        for _ in range(rng.randint(1, 4)):
            text[rng.randrange(len(text))] = rng.randrange(256)
        yield rng.choice(operations), bytes(text)
