"""Names and limits of Amazon SWF, as plain string constants and :class:`enum.StrEnum`-like enums.

The values are exactly the strings SWF sends and accepts, so they can be compared with
wire values directly (``status == REGISTERED``).
"""

from __future__ import annotations

import enum
from datetime import timedelta

__all__ = [
    "CLOSED",
    "DEPRECATED",
    "LIMITS",
    "OPEN",
    "REGISTERED",
    "ChildPolicy",
    "CloseStatus",
    "ExecutionStatus",
    "Limits",
    "RegistrationStatus",
    "TimeoutType",
]


class _StrEnum(str, enum.Enum):
    """A string enum whose members compare equal to, and print as, their wire value."""

    def __str__(self) -> str:
        return str(self.value)


class RegistrationStatus(_StrEnum):
    """Registration status of a domain, workflow type or activity type."""

    REGISTERED = "REGISTERED"
    DEPRECATED = "DEPRECATED"


class ExecutionStatus(_StrEnum):
    """Execution status of a workflow execution."""

    OPEN = "OPEN"
    CLOSED = "CLOSED"


class CloseStatus(_StrEnum):
    """How a closed workflow execution ended."""

    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELED = "CANCELED"
    TERMINATED = "TERMINATED"
    CONTINUED_AS_NEW = "CONTINUED_AS_NEW"
    TIMED_OUT = "TIMED_OUT"


class ChildPolicy(_StrEnum):
    """What happens to child executions when their parent is terminated or times out."""

    TERMINATE = "TERMINATE"
    REQUEST_CANCEL = "REQUEST_CANCEL"
    ABANDON = "ABANDON"


class TimeoutType(_StrEnum):
    """Kinds of activity task, decision task and execution time-outs."""

    START_TO_CLOSE = "START_TO_CLOSE"
    SCHEDULE_TO_START = "SCHEDULE_TO_START"
    SCHEDULE_TO_CLOSE = "SCHEDULE_TO_CLOSE"
    HEARTBEAT = "HEARTBEAT"


REGISTERED = RegistrationStatus.REGISTERED
DEPRECATED = RegistrationStatus.DEPRECATED
OPEN = ExecutionStatus.OPEN
CLOSED = ExecutionStatus.CLOSED


class Limits:
    """SWF's documented limits (developer guide, "Amazon SWF quotas")."""

    NAME_LENGTH = 256
    """Names and ids: domain, type, workflowId, activityId, timerId, signal, marker, identity."""
    VERSION_LENGTH = 64
    RUN_ID_LENGTH = 64
    DESCRIPTION_LENGTH = 1024
    TASK_TOKEN_LENGTH = 1024
    REASON_LENGTH = 256
    HEARTBEAT_DETAILS_LENGTH = 2048
    PAYLOAD_LENGTH = 32768
    """input, result, details, control, executionContext."""
    TAGS_PER_EXECUTION = 5
    TAG_LENGTH = 256
    RESOURCE_TAGS = 50
    HISTORY_EVENTS = 25000
    EXECUTION_LENGTH = timedelta(days=365)
    DECISIONS_PER_COMPLETION = 100
    OPEN_ACTIVITIES = 1000
    OPEN_TIMERS = 1000
    OPEN_CHILDREN = 1000
    RETENTION_DAYS_MAX = 90
    PAGE_SIZE_MAX = 1000
    TIMEOUT_STRING_LENGTH = 8


LIMITS = Limits()
