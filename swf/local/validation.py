"""Validation of a request against its operation's input shape in botocore's SWF model.

Checks what the model says (required members, JSON types, string and list lengths, enums,
integer ranges, nested structures and lists) and reports failures as AWS does::

    1 validation error detected: Value null at 'domain' failed to satisfy constraint:
    Member must not be null

A value of the wrong JSON type is a SerializationException, as the live front end answers; so
is a number that does not fit its type (an ``integer`` beyond 32 bits, a ``long`` beyond 64, a
timestamp that is not finite or lies outside years 1-9999: JSON's ``1e309`` decodes to
infinity). Identifiers (every string but the free-text payloads in :data:`FREE_TEXT_SHAPES`)
must be valid Unicode: an escaped lone UTF-16 surrogate (``"\\ud800"``) in a name, an id, a
token or a description is a ValidationException; input, results, details and reasons are kept
as they were sent. Unknown members are ignored, as the live service does.

A message quotes at most :data:`PREVIEW_CHARACTERS` of a value (then ``...``) and lists at most
:data:`MAX_LISTED_ERRORS` violations (the count stays exact).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

from swf.local import faults, shapes

__all__ = ["FREE_TEXT_SHAPES", "MAX_LISTED_ERRORS", "PREVIEW_CHARACTERS", "preview", "validate"]

#: The most characters of a value a message quotes.
PREVIEW_CHARACTERS = 128
#: The most violations a ValidationException's message lists.
MAX_LISTED_ERRORS = 10
#: String shapes of free text, kept as sent (lone surrogates included: they travel escaped).
FREE_TEXT_SHAPES = frozenset(
    {"Data", "LimitedData", "FailureReason", "TerminateReason", "Identity", "FunctionInput"}
)

_INT_RANGES = {"integer": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}
#: Epoch seconds of 0001-01-01 and 9999-12-31T23:59:59Z, the range of a timestamp.
_TIMESTAMP_RANGE = (-62_135_596_800, 253_402_300_799)


def preview(text: str, limit: int = PREVIEW_CHARACTERS) -> str:
    """``text`` cut to ``limit`` characters (then ``...``), lone surrogates escaped."""
    if len(text) > limit:
        text = text[:limit] + "..."
    if not text.isascii():
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _pieces(value: Any) -> Iterator[Any]:
    """The JSON text of ``value`` as strings, with ``(child,)`` where a container nests."""
    if isinstance(value, dict):
        yield "{"
        for index, (key, item) in enumerate(value.items()):
            yield ("," if index else "") + json.dumps(key) + ":"
            yield (item,)
        yield "}"
    elif isinstance(value, list):
        yield "["
        for index, item in enumerate(value):
            if index:
                yield ","
            yield (item,)
        yield "]"
    else:
        yield json.dumps(value)


def _json_preview(value: Any, limit: int) -> str:
    """Compact JSON of ``value``, written only as far as ``limit`` characters (no recursion:
    a body may nest hundreds of levels deep)."""
    out: list[str] = []
    size = 0
    stack = [_pieces(value)]
    while stack and size <= limit:
        piece = next(stack[-1], None)
        if piece is None:
            stack.pop()
        elif isinstance(piece, str):
            out.append(piece)
            size += len(piece)
        else:
            stack.append(_pieces(piece[0]))
    return preview("".join(out), limit)


def _render(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (dict, list)):
        return f"'{_json_preview(value, PREVIEW_CHARACTERS)}'"
    return f"'{preview(str(value))}'"


class _Collector:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.count = 0

    def add(self, value: Any, path: str, constraint: str) -> None:
        self.count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(
                f"Value {_render(value)} at '{path}' failed to satisfy constraint: {constraint}"
            )


def _type_error(path: str, expected: str, value: Any) -> faults.SerializationException:
    return faults.SerializationException(
        f"Expected {expected} at '{path}' but found {type(value).__name__} value"
    )


def _is_valid_unicode(value: str) -> bool:
    """False when ``value`` holds a lone surrogate (JSON's ``\\ud800`` decodes to one)."""
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_number(kind: str, value: Any, path: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        expected = "a number (epoch seconds)" if kind == "timestamp" else "a number"
        raise _type_error(path, expected, value)
    if kind == "timestamp":
        low, high = _TIMESTAMP_RANGE
        if not (isinstance(value, int) or math.isfinite(value)) or not low <= value <= high:
            raise faults.SerializationException(
                f"Timestamp at '{path}' is out of range: {preview(str(value), 32)} (epoch "
                f"seconds from {low} to {high})"
            )
        return
    if isinstance(value, float) and not value.is_integer():
        raise _type_error(path, "an integer", value)
    low, high = _INT_RANGES[kind]
    if not low <= value <= high:
        raise faults.SerializationException(
            f"Number at '{path}' is out of range of {kind}: {preview(str(value), 32)}"
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
        if shape_name not in FREE_TEXT_SHAPES and not _is_valid_unicode(value):
            out.add(value, path, "Member must not contain unpaired surrogate characters")
    elif kind in ("integer", "long"):
        _check_number(kind, value, path)
        if "min" in spec and value < spec["min"]:
            out.add(value, path, f"Member must have value greater than or equal to {spec['min']}")
        if "max" in spec and value > spec["max"]:
            out.add(value, path, f"Member must have value less than or equal to {spec['max']}")
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise _type_error(path, "a boolean", value)
    elif kind == "timestamp":
        _check_number(kind, value, path)
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

    Raises :class:`~swf.local.faults.ValidationException` listing the constraints violated, or
    :class:`~swf.local.faults.SerializationException` for a value of the wrong JSON type.
    """
    name = shapes.input_shape(operation)
    if not isinstance(params, dict):
        raise faults.SerializationException("Request body must be a JSON object")
    if name is None:
        return
    out = _Collector()
    _check(name, params, "", out)
    if out.count:
        noun = "error" if out.count == 1 else "errors"
        listed = "; ".join(out.errors)
        if out.count > len(out.errors):
            listed += f"; and {out.count - len(out.errors)} more"
        raise faults.ValidationException(f"{out.count} validation {noun} detected: {listed}")
