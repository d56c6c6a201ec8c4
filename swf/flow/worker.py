""":class:`Worker`: the deciders and activity workers of a set of workflows and activities.

::

    worker = Worker("shop", workflows=[Order], activities=[charge, ship])
    worker.start()        # registers the types (once), polls in background threads
    ...
    worker.stop()         # lets the tasks in hand finish

or ``with Worker(...):``, or :meth:`Worker.run` to run until SIGTERM / SIGINT (what
``swf flow run`` does). One decider polls each workflow task list and ``activity_threads``
workers each activity task list; they are :class:`swf.actors.Decider` and
:class:`swf.actors.ActivityWorker` underneath (retries with backoff, heartbeats, graceful
stop).

Deciders are sticky: each keeps the live :class:`~swf.flow.engine.WorkflowInstance` of the
runs it decided (the ``sticky_cache_size`` most recent, see :mod:`swf.flow.sticky`), so a
decision task for a run it saw last costs only the task's new events; any other task is a
full replay of the run's history. ``sticky_cache_size=0``: a full replay every time.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterable
from datetime import timedelta
from types import FrameType
from typing import TYPE_CHECKING, Any

from swf.actors import Actor, Decider, DecisionTask
from swf.actors.decider import DEFAULT_HISTORY_CACHE_SIZE
from swf.actors.runner import ExitStatus
from swf.core import Connection
from swf.exceptions import ValidationError
from swf.flow._actors import ActivityContext, ActivityTask, ActivityWorkerBase
from swf.flow.activity import Activity
from swf.flow.converter import decode_arguments, encode
from swf.flow.errors import FlowError
from swf.flow.registration import register_activity, register_workflow
from swf.flow.sticky import DEFAULT_STICKY_CACHE_SIZE, StickyCache
from swf.flow.workflow import Workflow
from swf.models import Domain

if TYPE_CHECKING:
    from swf.decisions import Decision

__all__ = ["FlowActivityWorker", "FlowDecider", "Worker"]

log = logging.getLogger("swf.flow")

_JOIN = 30.0  # seconds to wait for an actor's thread at stop (a long poll is 60 s on SWF)


class FlowDecider(Decider):
    """A :class:`~swf.actors.Decider` that decides with workflow classes.

    :param workflows: the workflow classes it decides for, by ``(name, version)``.
    :param sticky_cache_size: how many runs' live instances to keep between decision tasks
        (:class:`~swf.flow.sticky.StickyCache`; 0: a full replay for every task). The
        decider's ``history_cache_size`` defaults to at least as many runs.
    """

    def __init__(
        self,
        domain: str | Domain,
        task_list: str,
        identity: str | None = None,
        *,
        workflows: Iterable[type[Workflow]],
        sticky_cache_size: int = DEFAULT_STICKY_CACHE_SIZE,
        **options: Any,
    ) -> None:
        sticky = StickyCache(sticky_cache_size)
        # a sticky hit must find the run's parsed history cached too, or the poll parses it all
        options.setdefault("history_cache_size", max(DEFAULT_HISTORY_CACHE_SIZE, sticky_cache_size))
        super().__init__(domain, task_list, identity, **options)
        self.workflows: dict[tuple[str, str], type[Workflow]] = {
            (cls.name, cls.version): cls for cls in workflows
        }
        self.sticky = sticky

    def decide(self, task: DecisionTask) -> list[Decision]:
        """The decisions of the workflow class for ``task``'s type (a full replay)."""
        workflow = self.workflows.get((task.workflow_type.name, task.workflow_type.version))
        if workflow is None:
            known = ", ".join(f"{n}/{v}" for n, v in sorted(self.workflows)) or "none"
            raise FlowError(
                f"no workflow class for type {task.workflow_type.name}/"
                f"{task.workflow_type.version} on this worker (it has {known})"
            )
        return self.decisions_for(workflow, task)

    def decisions_for(self, workflow: type[Workflow], task: DecisionTask) -> list[Decision]:
        """The decisions of ``workflow`` for ``task``: the run's live instance given only
        the new events when the sticky cache has it where they begin, else a full replay."""
        return self.sticky.decide(workflow, task)

    def forget(self, run_id: str) -> None:
        """Drop the run's cached history and live instance (it closed)."""
        super().forget(run_id)
        self.sticky.forget(run_id)

    def start(self) -> None:
        """Poll and decide until stopped; the live instances are evicted at the end."""
        try:
            super().start()
        finally:
            self.sticky.clear()


class FlowActivityWorker(ActivityWorkerBase):
    """An :class:`~swf.actors.ActivityWorker` that runs ``@activity`` functions.

    :param activities: the activities it runs, by ``(name, version)``.
    """

    def __init__(
        self,
        domain: str | Domain,
        task_list: str,
        identity: str | None = None,
        *,
        activities: Iterable[Activity[..., Any]],
        **options: Any,
    ) -> None:
        super().__init__(domain, task_list, identity, **options)
        self.activities: dict[tuple[str, str], Activity[..., Any]] = {
            (activity.name, activity.version): activity for activity in activities
        }

    def _activity(self, task: ActivityTask) -> Activity[..., Any]:
        activity = self.activities.get((task.activity_type.name, task.activity_type.version))
        if activity is None:
            raise FlowError(
                f"no activity {task.activity_type.name}/{task.activity_type.version} on this "
                f"worker of task list {self.task_list!r}"
            )
        return activity

    def run_task(self, context: ActivityContext) -> str | None:
        """Decode the arguments, call the function, encode its result."""
        activity = self._activity(context.task)
        args, kwargs = decode_arguments(activity.converter, context.task.input)
        value = activity.function(*args, **kwargs)
        return encode(activity.converter, value, what=f"the result of activity {activity.name}")

    def heartbeat_timeout_of(self, task: ActivityTask) -> timedelta | bool | None:
        """The heartbeat time-out the activity is scheduled with."""
        activity = self.activities.get((task.activity_type.name, task.activity_type.version))
        return False if activity is None else activity.scheduling.heartbeat


class Worker:
    """Runs what a set of workflows and activities needs: deciders and activity workers.

    :param domain: the domain (a name or a :class:`~swf.models.Domain`; it must exist).
    :param workflows: :class:`~swf.flow.Workflow` subclasses to decide for.
    :param activities: ``@activity`` functions to run.
    :param activity_threads: activity workers per activity task list (tasks run one at a
        time in each).
    :param register: register the types at :meth:`start` (idempotent).
    :param identity: the actors' identity (default ``<host>-<pid>-<thread>``).
    :param connection: the connection to use (default: the domain's, or one from
        :mod:`swf.settings`).
    :param heartbeat_interval: time between automatic heartbeats (default: a third of each
        activity's heartbeat time-out, at most 30 s).
    :param sticky_cache_size: runs whose live workflow instance each decider keeps between
        decision tasks (default 100; 0 turns the sticky cache off: a full replay per task).
    """

    def __init__(
        self,
        domain: str | Domain,
        *,
        workflows: Iterable[type[Workflow]] = (),
        activities: Iterable[Activity[..., Any]] = (),
        activity_threads: int = 1,
        register: bool = True,
        identity: str | None = None,
        connection: Connection | None = None,
        heartbeat_interval: timedelta | None = None,
        sticky_cache_size: int = DEFAULT_STICKY_CACHE_SIZE,
    ) -> None:
        self.workflows = list(workflows)
        self.activities = list(activities)
        for cls in self.workflows:
            if not (isinstance(cls, type) and issubclass(cls, Workflow)):
                raise ValidationError(f"workflows must be Workflow subclasses, not {cls!r}")
        for activity in self.activities:
            if not isinstance(activity, Activity):
                raise ValidationError(f"activities must be @activity functions, not {activity!r}")
        if not self.workflows and not self.activities:
            raise ValidationError("a Worker needs workflows or activities")
        _no_duplicates([(cls.name, cls.version) for cls in self.workflows], "workflow")
        _no_duplicates([(a.name, a.version) for a in self.activities], "activity")
        StickyCache(sticky_cache_size)  # checks it before anything starts
        if not isinstance(activity_threads, int) or activity_threads < 1:
            raise ValidationError(f"activity_threads must be an int >= 1, not {activity_threads!r}")
        if connection is None:
            connection = domain.connection if isinstance(domain, Domain) else Connection()
        self.connection = connection
        self.domain = domain.name if isinstance(domain, Domain) else domain
        self.register = register
        self.actors: list[Actor] = []
        options: dict[str, Any] = {"connection": connection}
        for task_list, classes in _by_task_list(self.workflows).items():
            self.actors.append(
                FlowDecider(
                    self.domain,
                    task_list,
                    identity,
                    workflows=classes,
                    sticky_cache_size=sticky_cache_size,
                    **options,
                )
            )
        for task_list, functions in _by_task_list(self.activities).items():
            for _ in range(activity_threads):
                self.actors.append(
                    FlowActivityWorker(
                        self.domain,
                        task_list,
                        identity,
                        activities=functions,
                        heartbeat_interval=heartbeat_interval,
                        **options,
                    )
                )
        self._threads: list[threading.Thread] = []
        self._registered = False

    def __repr__(self) -> str:
        return (
            f"<Worker {self.domain}: {len(self.workflows)} workflows, "
            f"{len(self.activities)} activities>"
        )

    def __enter__(self) -> Worker:
        self.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    def register_types(self) -> None:
        """Register every workflow and activity type that SWF does not know yet."""
        for cls in self.workflows:
            register_workflow(cls, self.domain, connection=self.connection)
        for activity in self.activities:
            register_activity(activity, self.domain, connection=self.connection)
        self._registered = True

    def start(self) -> None:
        """Register the types (unless ``register=False``), then start polling in background
        threads; returns at once."""
        if self._threads:
            raise RuntimeError(f"{self!r} is already started")
        if self.register and not self._registered:
            self.register_types()
        self._threads = [
            threading.Thread(target=actor.start, name=f"swf-flow-{actor!r}", daemon=True)
            for actor in self.actors
        ]
        for thread in self._threads:
            thread.start()
        log.info("%r started: %s", self, ", ".join(repr(actor) for actor in self.actors))

    def stop(self, *, now: bool = False, timeout: float | None = _JOIN) -> None:
        """Stop polling; wait (up to ``timeout`` seconds) for the tasks in hand to finish."""
        for actor in self.actors:
            actor.stop(now=now)
        for thread in self._threads:
            thread.join(timeout)
        alive = [thread.name for thread in self._threads if thread.is_alive()]
        if alive:
            log.warning("%r: still running after %s s: %s", self, timeout, ", ".join(alive))
        self._threads = []

    @property
    def running(self) -> bool:
        """Whether its threads run."""
        return any(thread.is_alive() for thread in self._threads)

    def run(self) -> ExitStatus:
        """:meth:`start`, then wait for SIGTERM or SIGINT (a second one stops now); the exit
        status (:class:`swf.actors.runner.ExitStatus`)."""
        requests = 0
        woken = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            nonlocal requests
            requests += 1
            log.info("received %s", signal.Signals(signum).name)
            for actor in self.actors:
                actor.stop(now=requests > 1)
            woken.set()

        previous: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for number in (signal.SIGTERM, signal.SIGINT):
                previous[number] = signal.signal(number, on_signal)
        try:
            self.start()
            while any(thread.is_alive() for thread in self._threads):
                woken.wait(0.2)
                woken.clear()
                if requests > 1:
                    return ExitStatus.FORCED
                if requests == 0 and not all(t.is_alive() for t in self._threads):
                    log.error("an actor stopped unexpectedly; stopping the others")
                    for actor in self.actors:
                        actor.stop()
                    self.stop()
                    return ExitStatus.CRASHED
            self._threads = []
            return ExitStatus.OK
        finally:
            for restored, handler in previous.items():
                signal.signal(restored, handler)


def _by_task_list(items: Iterable[Any]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for item in items:
        found.setdefault(item.task_list, []).append(item)
    return found


def _no_duplicates(types: list[tuple[str, str]], kind: str) -> None:
    seen: set[tuple[str, str]] = set()
    for named in types:
        if named in seen:
            raise ValidationError(f"two {kind}s have the type {named[0]}/{named[1]}")
        seen.add(named)
