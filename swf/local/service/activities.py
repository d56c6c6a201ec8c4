"""SWF Local: PollForActivityTask, RespondActivityTask*, RecordActivityTaskHeartbeat and CountPendingActivityTasks."""

from __future__ import annotations


class ActivityOps:
    """Mixin of the SWF Local service implementing PollForActivityTask, RespondActivityTask*, RecordActivityTaskHeartbeat and CountPendingActivityTasks."""
