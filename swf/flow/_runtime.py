"""The workflow instance the current thread runs for, if any (set by the engine's threads)."""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["current_instance", "set_current_instance"]

_local = threading.local()


def current_instance() -> Any:
    """The :class:`~swf.flow.engine.WorkflowInstance` whose ``run()`` this thread executes, or
    ``None`` outside workflow code."""
    return getattr(_local, "instance", None)


def set_current_instance(instance: Any) -> None:
    """Bind this thread to ``instance`` (``None`` to unbind)."""
    _local.instance = instance
