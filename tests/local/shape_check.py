"""Check SWF Local's answers against botocore's OUTPUT shapes (reusable by every local test).

``assert_output_shape("DescribeDomain", response)`` accepts a boto3 response (timestamps parsed
into datetimes; ``ResponseMetadata`` ignored) or, with ``raw=True``, the raw JSON body
(timestamps as epoch numbers; members not in the shape are errors, since boto3 would silently
drop them). It raises AssertionError listing every violation: missing required members, wrong
types, enum values, lengths and integer ranges, recursively.
"""

from __future__ import annotations

import datetime
from typing import Any

from swf.local import shapes

__all__ = ["assert_output_shape", "output_violations"]


def _violations(shape_name: str, value: Any, path: str, raw: bool, out: list[str]) -> None:
    spec = shapes.shape(shape_name)
    kind = spec["type"]
    where = path or "<root>"
    if kind == "structure":
        if not isinstance(value, dict):
            out.append(f"{where}: expected an object ({shape_name}), got {value!r}")
            return
        members = spec["members"]
        for name in spec.get("required", ()):
            if value.get(name) is None:
                out.append(f"{where}: required member {name!r} missing ({shape_name})")
        for name, item in value.items():
            if name == "ResponseMetadata" and not path:
                continue
            member = members.get(name)
            if member is None:
                out.append(f"{where}: unknown member {name!r} ({shape_name})")
                continue
            if item is None:
                out.append(f"{where}.{name}: null")
                continue
            _violations(member["shape"], item, f"{path}.{name}" if path else name, raw, out)
    elif kind == "string":
        if not isinstance(value, str):
            out.append(f"{where}: expected a string ({shape_name}), got {value!r}")
            return
        if "min" in spec and len(value) < spec["min"]:
            out.append(f"{where}: shorter than {spec['min']}")
        if "max" in spec and len(value) > spec["max"]:
            out.append(f"{where}: longer than {spec['max']}")
        if "enum" in spec and value not in spec["enum"]:
            out.append(f"{where}: {value!r} not in {spec['enum']}")
    elif kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            out.append(f"{where}: expected an integer ({shape_name}), got {value!r}")
            return
        if "min" in spec and value < spec["min"]:
            out.append(f"{where}: {value} < {spec['min']}")
        if "max" in spec and value > spec["max"]:
            out.append(f"{where}: {value} > {spec['max']}")
    elif kind == "boolean":
        if not isinstance(value, bool):
            out.append(f"{where}: expected a boolean, got {value!r}")
    elif kind == "timestamp":
        ok = (
            isinstance(value, (int, float)) and not isinstance(value, bool)
            if raw
            else isinstance(value, datetime.datetime)
        )
        if not ok:
            out.append(f"{where}: expected a timestamp, got {value!r}")
    elif kind == "list":
        if not isinstance(value, list):
            out.append(f"{where}: expected a list ({shape_name}), got {value!r}")
            return
        if "max" in spec and len(value) > spec["max"]:
            out.append(f"{where}: more than {spec['max']} items")
        for index, item in enumerate(value):
            _violations(spec["member"]["shape"], item, f"{where}[{index}]", raw, out)
    elif kind == "map":
        if not isinstance(value, dict):
            out.append(f"{where}: expected a map, got {value!r}")
            return
        for key, item in value.items():
            _violations(spec["value"]["shape"], item, f"{where}[{key!r}]", raw, out)


def output_violations(operation: str, response: dict[str, Any], *, raw: bool = False) -> list[str]:
    """Every way ``response`` breaks ``operation``'s output shape (empty: it conforms)."""
    name = shapes.output_shape(operation)
    if name is None:
        extra = [key for key in response if key != "ResponseMetadata"]
        return [f"{operation} has no output, got members {extra}"] if extra else []
    out: list[str] = []
    _violations(name, response, "", raw, out)
    return out


def assert_output_shape(operation: str, response: dict[str, Any], *, raw: bool = False) -> None:
    """Fail with every violation if ``response`` does not match ``operation``'s output shape."""
    problems = output_violations(operation, response, raw=raw)
    assert not problems, f"{operation} output breaks its shape:\n  " + "\n  ".join(problems)
