"""SWF Local: List/Count Open/Closed WorkflowExecutions."""

from __future__ import annotations


class VisibilityOps:
    """Mixin of the SWF Local service implementing List/Count Open/Closed WorkflowExecutions."""
