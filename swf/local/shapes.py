"""botocore's SWF service model, loaded once: the wire contract of SWF Local.

Nothing here retypes the model; it is read from the botocore installed with boto3.
"""

from __future__ import annotations

import functools
import re
from typing import Any

__all__ = [
    "TARGET_PREFIX",
    "input_shape",
    "method_name",
    "operation_names",
    "output_shape",
    "service_model",
    "shape",
]

TARGET_PREFIX = "SimpleWorkflowService"


@functools.cache
def service_model() -> dict[str, Any]:
    """The raw SWF service model (``service-2.json``) as a dict."""
    from botocore.loaders import Loader

    model: dict[str, Any] = Loader().load_service_model("swf", "service-2")
    return model


@functools.cache
def operation_names() -> tuple[str, ...]:
    """The 39 operation names, in model order."""
    return tuple(service_model()["operations"])


def shape(name: str) -> dict[str, Any]:
    """The raw definition of the shape ``name``."""
    result: dict[str, Any] = service_model()["shapes"][name]
    return result


def input_shape(operation: str) -> str | None:
    """The input shape name of ``operation`` (None if it takes no input)."""
    spec = service_model()["operations"][operation].get("input")
    return spec["shape"] if spec else None


def output_shape(operation: str) -> str | None:
    """The output shape name of ``operation`` (None if it answers ``{}``)."""
    spec = service_model()["operations"][operation].get("output")
    return spec["shape"] if spec else None


_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


@functools.cache
def method_name(operation: str) -> str:
    """The service method for ``operation``: ``RegisterDomain`` -> ``register_domain``."""
    return _CAMEL.sub("_", operation).lower()
