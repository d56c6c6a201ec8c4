"""The SWF Local service: an operations layer over components that each own their tables.

:class:`Service` has one method per SWF operation (``register_domain(params) -> dict``), called
by the dispatcher with the validated request body. Behind it, the components (one private
module each) hold the tables and every statement that writes them: the registry (domains and
types), resource tags, the event log, executions, visibility, decision tasks, activity tasks
and timers, plus the lifecycle that composes them (starting and closing executions). They are
built by passing each one the others it needs, never by inheritance.
"""

from __future__ import annotations

from swf.local.service._components import Components
from swf.local.service._meta import (
    IncompatibleDatabaseError,
    load_manual_clock,
    save_manual_clock,
)
from swf.local.service._service import Service
from swf.local.service._wire import Limits

__all__ = [
    "Components",
    "IncompatibleDatabaseError",
    "Limits",
    "Service",
    "load_manual_clock",
    "save_manual_clock",
]
