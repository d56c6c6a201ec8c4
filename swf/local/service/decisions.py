"""SWF Local: PollForDecisionTask, RespondDecisionTaskCompleted, the decisions and CountPendingDecisionTasks."""

from __future__ import annotations


class DecisionOps:
    """Mixin of the SWF Local service implementing PollForDecisionTask, RespondDecisionTaskCompleted, the decisions and CountPendingDecisionTasks."""
