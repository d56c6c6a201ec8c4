"""The :class:`Runner`: several deciders or workers in threads or processes, stopped gracefully.

::

    from swf.actors.runner import Runner
    status = Runner(MyWorker, domain="d", task_list="t", count=4).run()   # until SIGTERM
    raise SystemExit(status)

SIGTERM or SIGINT (Ctrl-C) asks every actor to stop: no new task is polled, tasks in hand run
to their end and are reported, a poll already waiting at SWF may still bring a task, which is
processed too (so a stop takes up to one long poll: 60 s on Amazon SWF). A second signal
gives up waiting: threads are abandoned, child processes are killed, and tasks in hand are
left to time out.

With ``processes=True``, a child process that dies (killed, out of memory, a crash) is
replaced by a new one, after a back-off that doubles with each death of the same slot in a
row (``restart_backoff``, 1 s, then 2 s, 4 s, ... at most 30 s; a child that ran for a minute
starts the count again). After ``max_restarts`` deaths in a row the runner gives up: it stops
the other children and exits 1. A child that exits with the usage status (its actor cannot be
built) is not replaced: it would fail the same way.

Exit statuses (:class:`ExitStatus`), also those of ``swf decider start`` / ``swf worker start``:

====  =====================================================================================
0     stopped on request; every actor ended cleanly
1     an actor crashed (a thread's loop raised; a process died more than ``max_restarts``
      times in a row, or could not build its actor); the others were stopped
2     usage error: bad arguments, class not found or not an actor, unknown domain
3     forced: a second signal arrived before the actors had stopped
====  =====================================================================================
"""

from __future__ import annotations

import enum
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Mapping
from datetime import timedelta
from multiprocessing.connection import wait as wait_for_processes
from types import FrameType
from typing import Any

from swf.actors.base import Actor

__all__ = ["ExitStatus", "Runner"]

log = logging.getLogger(__name__)

_TICK = 0.2  # seconds between checks of the main thread (signals run their handlers at once)
_MAX_BACKOFF = 30.0  # seconds: the longest wait before a dead child is replaced
_HEALTHY_AFTER = 60.0  # seconds: a child that lived this long resets its slot's death count
_LOG_FORMAT = "%(asctime)s %(levelname)s %(processName)s %(name)s: %(message)s"


class ExitStatus(enum.IntEnum):
    """What :meth:`Runner.run` returns, and the ``swf`` actor commands exit with."""

    OK = 0
    """Stopped on request; every actor ended cleanly."""
    CRASHED = 1
    """An actor crashed (a thread's loop raised, a process kept dying); the others were stopped."""
    USAGE = 2
    """Bad arguments: class not found or not an actor, unknown domain, invalid option."""
    FORCED = 3
    """A second signal arrived before the actors had stopped; tasks in hand were abandoned."""


class Runner:
    """Runs ``count`` instances of ``actor_class`` until stopped; :meth:`run` returns the status.

    :param actor_class: a :class:`~swf.actors.Decider` or :class:`~swf.actors.ActivityWorker`
        subclass, built as ``actor_class(domain, task_list, identity, **actor_options)``. With
        ``processes=True`` it must be importable by its module and name (it is sent to child
        processes by reference).
    :param count: how many actors (threads, or processes).
    :param processes: run each actor in a process of its own (spawned, so nothing is shared
        with this one but the arguments) instead of a thread.
    :param identity: the actors' identity; with ``count > 1`` each gets ``-<index>`` appended.
        Default: ``<hostname>-<pid>-<thread>`` per actor.
    :param settings: :mod:`swf.settings` values for child processes (``endpoint_url``,
        ``region``, ``profile``); threads use this process's settings.
    :param actor_options: more keyword arguments for ``actor_class``.
    :param max_restarts: with ``processes=True``, how many times in a row one child process
        may die and be replaced before the runner gives up (0: never replace one).
    :param restart_backoff: the wait before the first replacement; it doubles with each death
        in a row of the same slot, up to 30 s.
    """

    def __init__(
        self,
        actor_class: type[Actor],
        *,
        domain: str,
        task_list: str,
        count: int = 1,
        processes: bool = False,
        identity: str | None = None,
        settings: Mapping[str, str] | None = None,
        actor_options: Mapping[str, Any] | None = None,
        max_restarts: int = 5,
        restart_backoff: timedelta | float = timedelta(seconds=1),
    ) -> None:
        if not (isinstance(actor_class, type) and issubclass(actor_class, Actor)):
            raise TypeError(f"{actor_class!r} is not an Actor class")
        if count < 1:
            raise ValueError("count must be at least 1")
        if max_restarts < 0:
            raise ValueError("max_restarts must be 0 or more")
        backoff = (
            restart_backoff.total_seconds()
            if isinstance(restart_backoff, timedelta)
            else float(restart_backoff)
        )
        if backoff < 0:
            raise ValueError("restart_backoff must not be negative")
        self.actor_class = actor_class
        self.domain = domain
        self.task_list = task_list
        self.count = count
        self.processes = processes
        self.identity = identity
        self.settings = dict(settings or {})
        self.actor_options = dict(actor_options or {})
        self.max_restarts = max_restarts
        self.restart_backoff = backoff
        self.restarts = 0
        """How many child processes were replaced so far."""
        self._stop_requests = 0
        self._wake = threading.Event()
        self._actors: list[Actor] = []
        self._children: list[Any] = []

    def __repr__(self) -> str:
        how = "processes" if self.processes else "threads"
        return f"<Runner {self.count} x {self.actor_class.__name__} in {how}>"

    @property
    def pids(self) -> list[int]:
        """The process ids of the child processes alive now (``processes=True``)."""
        return [c.pid for c in self._children if c.pid is not None and c.is_alive()]

    def identity_of(self, index: int) -> str | None:
        """The identity of actor number ``index``."""
        if self.identity is None or self.count == 1:
            return self.identity
        return f"{self.identity}-{index}"

    # -- control ---------------------------------------------------------------------------------

    def stop(self) -> None:
        """Ask the actors to stop (as SIGTERM does); a second call forces (thread-safe)."""
        self._stop_requests += 1
        if self._stop_requests == 1:
            log.info("stopping: no new tasks; waiting for the tasks in hand (again to force)")
            for actor in self._actors:
                actor.stop()
            for child in self._children:
                if child.is_alive() and child.pid is not None:
                    _signal_child(child.pid)
        else:
            log.warning("stopping now: tasks in hand are abandoned")
            for actor in self._actors:
                actor.stop(now=True)
            for child in self._children:
                if child.is_alive():
                    child.kill()
        self._wake.set()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        log.info("received %s", signal.Signals(signum).name)
        self.stop()

    def run(self) -> ExitStatus:
        """Start the actors and wait until they have all stopped; returns the exit status.

        Installs SIGTERM and SIGINT handlers when called from the main thread (and restores
        the previous ones on return).
        """
        previous: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                previous[signum] = signal.signal(signum, self._on_signal)
        try:
            if self.processes:
                return self._run_processes()
            return self._run_threads()
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    # -- threads ---------------------------------------------------------------------------------

    def _run_threads(self) -> ExitStatus:
        self._actors = [
            self.actor_class(
                self.domain, self.task_list, self.identity_of(index), **self.actor_options
            )
            for index in range(self.count)
        ]
        crashed: list[BaseException] = []

        def target(actor: Actor) -> None:
            try:
                actor.start()
            except BaseException as error:
                log.critical("%r crashed", actor, exc_info=True)
                crashed.append(error)
            finally:
                self._wake.set()

        if self._stop_requests:  # stopped before the actors existed
            for actor in self._actors:
                actor.stop(now=self._stop_requests > 1)
        threads = [
            threading.Thread(target=target, args=(actor,), name=f"swf-actor-{index}", daemon=True)
            for index, actor in enumerate(self._actors)
        ]
        for thread in threads:
            thread.start()
        log.info("%r running", self)
        while True:
            self._wake.wait(_TICK)
            self._wake.clear()
            if self._stop_requests > 1:
                return ExitStatus.FORCED
            alive = [thread for thread in threads if thread.is_alive()]
            if not alive:
                break
            if len(alive) < len(threads) and not self._stop_requests:
                # an actor ended on its own: only a crash does that
                log.error("an actor stopped unexpectedly; stopping the others")
                self.stop()
        if crashed or self._stop_requests == 0:
            return ExitStatus.CRASHED
        log.info("%r stopped cleanly", self)
        return ExitStatus.OK

    # -- processes -------------------------------------------------------------------------------

    def _run_processes(self) -> ExitStatus:
        context = multiprocessing.get_context("spawn")
        root = logging.getLogger()
        log_level = root.level if root.handlers else None

        def spawn(index: int) -> Any:
            child = context.Process(
                target=_child_main,
                args=(
                    self.actor_class,
                    self.domain,
                    self.task_list,
                    self.identity_of(index),
                    self.actor_options,
                    self.settings,
                    log_level,
                ),
                name=f"swf-actor-{index}",
                daemon=False,
            )
            child.start()
            return child

        self._children = [spawn(index) for index in range(self.count)]
        started = [time.monotonic()] * self.count
        deaths = [0] * self.count  # deaths in a row, per slot
        due: dict[int, float] = {}  # slot -> when its replacement starts
        gave_up = False
        log.info("%r running (pids %s)", self, [child.pid for child in self._children])
        while True:
            if self._stop_requests > 1:
                alive = [child for child in self._children if child.is_alive()]
                for child in alive:
                    child.kill()
                for child in alive:
                    child.join()
                return ExitStatus.FORCED
            if not self._stop_requests:
                for index, child in enumerate(self._children):
                    if index in due or child.is_alive():
                        continue
                    if time.monotonic() - started[index] >= _HEALTHY_AFTER:
                        deaths[index] = 0
                    deaths[index] += 1
                    if child.exitcode == ExitStatus.USAGE or deaths[index] > self.max_restarts:
                        log.error(
                            "actor process %s ended (exit code %s) %s; giving up, stopping "
                            "the others",
                            child.pid,
                            child.exitcode,
                            "unable to build its actor"
                            if child.exitcode == ExitStatus.USAGE
                            else f"after {deaths[index] - 1} restart(s) in a row",
                        )
                        gave_up = True
                        self.stop()
                        break
                    delay = min(self.restart_backoff * 2 ** (deaths[index] - 1), _MAX_BACKOFF)
                    log.error(
                        "actor process %s ended unexpectedly (exit code %s); replacing it in "
                        "%.1f s (restart %d of at most %d in a row)",
                        child.pid,
                        child.exitcode,
                        delay,
                        deaths[index],
                        self.max_restarts,
                    )
                    due[index] = time.monotonic() + delay
                for index, when in sorted(due.items()):
                    if self._stop_requests or time.monotonic() < when:
                        continue
                    del due[index]
                    self._children[index] = spawn(index)
                    started[index] = time.monotonic()
                    self.restarts += 1
                    log.info("started actor process %s in place", self._children[index].pid)
            alive = [child for child in self._children if child.is_alive()]
            # Without a stop request, a child that just died is seen (replaced, or the runner
            # gives up, which stops) at the top of the next turn: never leave before that.
            if not alive and self._stop_requests:
                break
            timeout = _TICK
            if due and not self._stop_requests:
                timeout = max(0.0, min(_TICK, min(due.values()) - time.monotonic()))
            if alive:
                wait_for_processes([child.sentinel for child in alive], timeout=timeout)
            else:
                self._wake.wait(timeout)
                self._wake.clear()
        codes = [child.exitcode for child in self._children]
        if gave_up or self._stop_requests == 0:
            log.error("actor processes exited with %s", codes)
            return ExitStatus.CRASHED
        # A child still starting when the stop came dies of the SIGTERM itself: a clean stop too.
        if any(code not in (0, -signal.SIGTERM) for code in codes):
            log.error("actor processes exited with %s", codes)
            return ExitStatus.CRASHED
        log.info("%r stopped cleanly", self)
        return ExitStatus.OK


def _signal_child(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass


def _child_main(
    actor_class: type[Actor],
    domain: str,
    task_list: str,
    identity: str | None,
    actor_options: Mapping[str, Any],
    settings: Mapping[str, str],
    log_level: int | None,
) -> None:
    """Entry point of an actor process: SIGTERM stops it gracefully (a second one: now).

    SIGINT is ignored: a Ctrl-C reaches the whole process group, and the parent forwards it
    as SIGTERM, so the child must not count it twice.
    """
    import sys

    from swf import settings as swf_settings

    if log_level is not None:
        logging.basicConfig(level=log_level, format=_LOG_FORMAT)
        for name in ("botocore", "boto3", "urllib3"):  # their DEBUG lines drown the actors'
            logging.getLogger(name).setLevel(max(log_level, logging.WARNING))
    if settings:
        swf_settings.set(**settings)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        actor = actor_class(domain, task_list, identity, **actor_options)
    except Exception:
        log.critical("cannot build %s", actor_class.__name__, exc_info=True)
        sys.exit(ExitStatus.USAGE)
    requests = 0

    def on_term(signum: int, frame: FrameType | None) -> None:
        nonlocal requests
        requests += 1
        actor.stop(now=requests > 1)

    signal.signal(signal.SIGTERM, on_term)
    try:
        actor.start()
    except BaseException:
        log.critical("%r crashed", actor, exc_info=True)
        sys.exit(ExitStatus.CRASHED)
    sys.exit(ExitStatus.OK)
