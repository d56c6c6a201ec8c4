"""Validation of a request against its operation's input shape in botocore's SWF model.

Checks what the model says (required members, JSON types, string and list lengths, enums,
integer ranges, nested structures and lists) and reports failures as AWS does::

    1 validation error detected: Value null at 'domain' failed to satisfy constraint:
    Member must not be null

A value of the wrong JSON type is a SerializationException, as the live front end answers.
Unknown members are ignored, as the live service does.
"""

from __future__ import annotations

import json
from typing import Any

from swf.local import faults, shapes

__all__ = ["validate"]


def _render(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (dict, list)):
        return f"'{json.dumps(value, separators=(',', ':'))}'"
    return f"'{value}'"


class _Collector:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, value: Any, path: str, constraint: str) -> None:
        self.errors.append(
            f"Value {_render(value)} at '{path}' failed to satisfy constraint: {constraint}"
        )


def _type_error(path: str, expected: str, value: Any) -> faults.SerializationException:
    return faults.SerializationException(
        f"Expected {expected} at '{path}' but found {type(value).__name__} value"
    )


def _check(shape_name: str, value: Any, path: str, out: _Collector) -> None:
    spec = shapes.shape(shape_name)
    kind = spec["type"]
    if kind == "structure":
        if not isinstance(value, dict):
            raise _type_error(path, "an object", value)
        members = spec["members"]
        for name in spec.get("required", ()):
            if value.get(name) is None:
                out.add(None, _join(path, name), "Member must not be null")
        for name, member_value in value.items():
            member = members.get(name)
            if member is None or member_value is None:
                continue
            _check(member["shape"], member_value, _join(path, name), out)
    elif kind == "string":
        if not isinstance(value, str):
            raise _type_error(path, "a string", value)
        length = len(value)
        if "min" in spec and length < spec["min"]:
            out.add(value, path, f"Member must have length greater than or equal to {spec['min']}")
        if "max" in spec and length > spec["max"]:
            out.add(value, path, f"Member must have length less than or equal to {spec['max']}")
        if "enum" in spec and value not in spec["enum"]:
            out.add(value, path, f"Member must satisfy enum value set: [{', '.join(spec['enum'])}]")
    elif kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _type_error(path, "a number", value)
        if isinstance(value, float) and not value.is_integer():
            raise _type_error(path, "an integer", value)
        if "min" in spec and value < spec["min"]:
            out.add(value, path, f"Member must have value greater than or equal to {spec['min']}")
        if "max" in spec and value > spec["max"]:
            out.add(value, path, f"Member must have value less than or equal to {spec['max']}")
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise _type_error(path, "a boolean", value)
    elif kind == "timestamp":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _type_error(path, "a number (epoch seconds)", value)
    elif kind == "list":
        if not isinstance(value, list):
            raise _type_error(path, "an array", value)
        if "min" in spec and len(value) < spec["min"]:
            out.add(value, path, f"Member must have length greater than or equal to {spec['min']}")
        if "max" in spec and len(value) > spec["max"]:
            out.add(value, path, f"Member must have length less than or equal to {spec['max']}")
        member_shape = spec["member"]["shape"]
        for index, item in enumerate(value, start=1):
            item_path = f"{path}.{index}.member"
            if item is None:
                out.add(None, item_path, "Member must not be null")
                continue
            _check(member_shape, item, item_path, out)
    elif kind == "map":  # not used by SWF today; kept for completeness
        if not isinstance(value, dict):
            raise _type_error(path, "an object", value)
        value_shape = spec["value"]["shape"]
        for key, item in value.items():
            if item is not None:
                _check(value_shape, item, f"{path}.{key}", out)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def validate(operation: str, params: Any) -> None:
    """Check ``params`` (the decoded JSON body) against ``operation``'s input shape.

    Raises :class:`~swf.local.faults.ValidationException` listing every constraint violated, or
    :class:`~swf.local.faults.SerializationException` for a value of the wrong JSON type.
    """
    name = shapes.input_shape(operation)
    if not isinstance(params, dict):
        raise faults.SerializationException("Request body must be a JSON object")
    if name is None:
        return
    out = _Collector()
    _check(name, params, "", out)
    if out.errors:
        count = len(out.errors)
        noun = "error" if count == 1 else "errors"
        raise faults.ValidationException(
            f"{count} validation {noun} detected: " + "; ".join(out.errors)
        )
