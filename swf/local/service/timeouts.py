"""SWF Local: Deadline handlers: every timeout, timers and retention."""

from __future__ import annotations


class TimeoutOps:
    """Mixin of the SWF Local service implementing Deadline handlers: every timeout, timers and retention."""
