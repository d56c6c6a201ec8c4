"""How SWF Local's components are put together: each is built from the ones it needs (passed
in, never inherited), in dependency order.

========================  ==============================  ========================================
component                 tables                          built on
========================  ==============================  ========================================
:class:`Registry`         ``domains``, ``types``          the clock, the limits
:class:`ResourceTags`     ``resource_tags``               registry
:class:`EventLog`         ``events``                      the clock, the limits
:class:`Executions`       ``executions``                  the clock, the limits
:class:`Visibility`       ``execution_tags``              registry
:class:`LongPolls`        (none: in memory)               waiters, the limits
:class:`DecisionTasks`    ``decision_tasks``              events, executions, deadlines, polls
:class:`ActivityTasks`    ``activity_tasks``              events, executions, decision tasks, ...
:class:`Timers`           ``timers``                      events, decision tasks, deadlines
:class:`Lifecycle`        (none: composes the others)     all of the above
========================  ==============================  ========================================

The deadlines table belongs to :class:`~swf.local.deadlines.Deadlines`, ``swf_local_meta`` to
:mod:`swf.local.service._meta`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from swf.local.clock import Clock
from swf.local.deadlines import SCHEMA as DEADLINES_SCHEMA
from swf.local.deadlines import DeadlineHandler, Deadlines
from swf.local.service._activity_tasks import ActivityTasks
from swf.local.service._decision_tasks import DecisionTasks
from swf.local.service._events import EventLog
from swf.local.service._executions import Executions
from swf.local.service._lifecycle import Lifecycle
from swf.local.service._polls import LongPolls
from swf.local.service._registry import Registry
from swf.local.service._tags import ResourceTags
from swf.local.service._timers import Timers
from swf.local.service._visibility import Visibility
from swf.local.service._wire import Limits, to_millis
from swf.local.waiters import Waiters

__all__ = ["Components", "compose"]


@dataclass(frozen=True)
class Components:
    """Every component of one SWF Local service."""

    now: Callable[[], float]
    limits: Limits
    registry: Registry
    tags: ResourceTags
    events: EventLog
    executions: Executions
    visibility: Visibility
    polls: LongPolls
    decision_tasks: DecisionTasks
    activity_tasks: ActivityTasks
    timers: Timers
    lifecycle: Lifecycle

    def schemas(self) -> list[str]:
        """The schema text of every table, in a fixed order (the database stamp digests it)."""
        return [
            self.registry.SCHEMA,
            self.tags.SCHEMA,
            self.executions.SCHEMA,
            self.visibility.SCHEMA,
            self.events.SCHEMA,
            self.decision_tasks.SCHEMA,
            self.activity_tasks.SCHEMA,
            self.timers.SCHEMA,
            DEADLINES_SCHEMA,
        ]

    def deadline_handlers(self) -> dict[str, DeadlineHandler]:
        """Every deadline kind and the handler that fires it."""
        return {
            **self.decision_tasks.deadline_handlers(),
            **self.activity_tasks.deadline_handlers(),
            **self.timers.deadline_handlers(),
            **self.lifecycle.deadline_handlers(),
        }


def compose(
    clock: Clock,
    *,
    deadlines: Deadlines,
    waiters: Waiters,
    poll_hold: float,
    region: str,
    account_id: str,
    limits: Limits | None = None,
) -> Components:
    """Build the components of a service on ``clock``, ``deadlines`` and ``waiters``."""
    limits = limits if limits is not None else Limits()

    def now() -> float:
        # Truncated to the millisecond, as the live service stamps everything: a client that
        # filters on a timestamp it was given (latestDate=startTimestamp) must match it, and a
        # full float would carry sub-millisecond digits no client can send back unchanged.
        return to_millis(clock.now())

    registry = Registry(now=now, limits=limits, region=region, account_id=account_id)
    events = EventLog(now=now, limits=limits)
    executions = Executions(now=now, limits=limits)
    visibility = Visibility(now=now, registry=registry)
    polls = LongPolls(waiters, hold=poll_hold, limits=limits)
    decision_tasks = DecisionTasks(
        now=now, events=events, executions=executions, deadlines=deadlines, polls=polls
    )
    activity_tasks = ActivityTasks(
        now=now,
        events=events,
        executions=executions,
        decision_tasks=decision_tasks,
        deadlines=deadlines,
        polls=polls,
    )
    timers = Timers(now=now, events=events, decision_tasks=decision_tasks, deadlines=deadlines)
    lifecycle = Lifecycle(
        now=now,
        limits=limits,
        registry=registry,
        events=events,
        executions=executions,
        visibility=visibility,
        decision_tasks=decision_tasks,
        activity_tasks=activity_tasks,
        timers=timers,
        deadlines=deadlines,
    )
    return Components(
        now=now,
        limits=limits,
        registry=registry,
        tags=ResourceTags(registry),
        events=events,
        executions=executions,
        visibility=visibility,
        polls=polls,
        decision_tasks=decision_tasks,
        activity_tasks=activity_tasks,
        timers=timers,
        lifecycle=lifecycle,
    )
