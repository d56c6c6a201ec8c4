"""Payloads: how :mod:`swf.flow` turns arguments and results into SWF's strings and back.

SWF carries inputs, results, details and signal inputs as strings of at most 32,768
characters. A :class:`Converter` encodes a Python value into such a string and decodes it back;
:class:`JSONConverter` (the default) uses compact JSON. Set another on a workflow class
(``converter = ...``) or an activity (``@activity(converter=...)``).

Arguments travel as ``{"args": [...], "kwargs": {...}}`` (``kwargs`` left out when empty).
Input that is not in that form (a workflow started by another tool with
``--input '{"sku": 42}'``) is passed to ``run()`` as its one positional argument.

Every encoded payload is measured before it is sent: one that is too long raises
:class:`~swf.flow.PayloadError`, naming what and how long; nothing is ever truncated.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from swf.constants import Limits
from swf.flow.errors import PayloadError

__all__ = [
    "DEFAULT_CONVERTER",
    "Converter",
    "JSONConverter",
    "decode_arguments",
    "encode",
    "encode_arguments",
]


@runtime_checkable
class Converter(Protocol):
    """Encodes values to payload strings and back."""

    def encode(self, value: Any) -> str | None:
        """The payload for ``value`` (``None``: no payload)."""
        ...

    def decode(self, payload: str | None) -> Any:
        """The value of a payload (``None``: there was none)."""
        ...


class JSONConverter:
    """Compact JSON; ``None`` is no payload at all. NaN and infinities are refused (another
    language's JSON parser could not read them)."""

    def encode(self, value: Any) -> str | None:
        """``value`` as compact JSON (``None`` stays ``None``)."""
        if value is None:
            return None
        try:
            return json.dumps(value, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError) as error:
            raise PayloadError(f"cannot encode {_short(value)} as JSON: {error}") from error

    def decode(self, payload: str | None) -> Any:
        """The value of a JSON payload (``None`` for no payload)."""
        if payload is None or payload == "":
            return None
        try:
            return json.loads(payload)
        except ValueError as error:
            raise PayloadError(f"payload is not JSON ({error}): {payload[:80]!r}") from error

    def __repr__(self) -> str:
        return "JSONConverter()"


DEFAULT_CONVERTER: Converter = JSONConverter()
"""The converter used when none is set."""


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def check_size(payload: str | None, *, what: str, maximum: int = Limits.PAYLOAD_LENGTH) -> None:
    """Raise :class:`PayloadError` when ``payload`` is longer than SWF allows."""
    if payload is not None and len(payload) > maximum:
        raise PayloadError(
            f"{what} is {len(payload)} characters long once encoded; SWF allows {maximum} "
            "(pass a reference, e.g. a storage key, instead of the data)"
        )


def encode(
    converter: Converter, value: Any, *, what: str, maximum: int = Limits.PAYLOAD_LENGTH
) -> str | None:
    """``value`` encoded by ``converter`` and checked against SWF's limit."""
    try:
        payload = converter.encode(value)
    except PayloadError as error:
        raise PayloadError(f"{what}: {error}") from error
    except Exception as error:
        raise PayloadError(f"{what}: cannot encode {_short(value)}: {error}") from error
    if payload is not None and not isinstance(payload, str):
        raise PayloadError(
            f"{what}: the converter returned {type(payload).__name__}, not a string or None"
        )
    check_size(payload, what=what, maximum=maximum)
    return payload


def encode_arguments(
    converter: Converter, args: Sequence[Any], kwargs: Mapping[str, Any], *, what: str
) -> str | None:
    """The payload of a call's arguments: ``{"args": [...], "kwargs": {...}}``."""
    value: dict[str, Any] = {"args": list(args)}
    if kwargs:
        value["kwargs"] = dict(kwargs)
    return encode(converter, value, what=what)


def decode_arguments(converter: Converter, payload: str | None) -> tuple[list[Any], dict[str, Any]]:
    """``(args, kwargs)`` from a payload made by :func:`encode_arguments`.

    A payload in another form is one positional argument; no payload is no argument.
    """
    if payload is None or payload == "":
        return [], {}
    value = converter.decode(payload)
    if (
        isinstance(value, Mapping)
        and "args" in value
        and set(value) <= {"args", "kwargs"}
        and isinstance(value["args"], list)
        and isinstance(value.get("kwargs", {}), Mapping)
    ):
        return list(value["args"]), dict(value.get("kwargs", {}))
    return [value], {}
