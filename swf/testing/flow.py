"""The ``swf_flow`` test environment: ``swf.flow`` workflows on SWF Local with time skipping.

A test gets a registered domain on its own SWF Local whose clock jumps over idle time, and
runs workers for the workflows and activities it tests; ``Workflow.start(...).result()`` then
runs a workflow with day-long timers in milliseconds of real time::

    def test_the_reminder_goes_out_after_30_days(swf_flow):
        with swf_flow.worker(workflows=[Reminder], activities=[send_reminder]):
            handle = Reminder.start("ada@example.com", domain=swf_flow.domain)
            assert handle.result(timeout=10) == "sent"

Failures come back as :mod:`swf.flow`'s typed exceptions from ``result()``; the handle signals,
cancels, terminates and reads the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from swf.core import Connection
    from swf.flow import Workflow, WorkflowHandle
    from swf.local import LocalSWF, ManualClock

__all__ = ["FlowEnvironment"]

#: The domain ``swf_flow`` registers (executions kept one day).
DOMAIN = "tests"


class FlowEnvironment:
    """What the ``swf_flow`` fixture gives a test: a domain on a time-skipping SWF Local."""

    def __init__(self, local: LocalSWF, connection: Connection, *, domain: str = DOMAIN) -> None:
        self.local = local
        """The running :class:`swf.local.LocalSWF` (time skipping on)."""
        self.connection = connection
        """A :class:`swf.core.Connection` to it (the default settings point at it too)."""
        self.domain = domain
        """The name of the registered domain to start workflows in."""
        self._workers: list[Any] = []
        connection.call("RegisterDomain", name=domain, workflowExecutionRetentionPeriodInDays="1")

    @property
    def clock(self) -> ManualClock:
        """The server's clock: it jumps by itself; ``advance`` still works."""
        clock = self.local.clock
        assert clock is not None
        return clock  # type: ignore[return-value]

    @contextmanager
    def worker(
        self,
        *,
        workflows: Iterable[type[Workflow]] = (),
        activities: Iterable[Any] = (),
        **options: Any,
    ) -> Iterator[Any]:
        """Run a :class:`swf.flow.Worker` for these workflows and ``@activity`` functions while
        the block runs (more options, such as ``sticky_cache_size``, are the Worker's own)."""
        from swf.flow import Worker

        worker = Worker(
            self.domain,
            workflows=workflows,
            activities=activities,
            connection=self.connection,
            **options,
        )
        self._workers.append(worker)
        with worker:
            yield worker
        self._workers.remove(worker)

    def start(self, workflow: type[Workflow], *args: Any, **kwargs: Any) -> WorkflowHandle:
        """``workflow.start(*args, domain=self.domain, **kwargs)``."""
        return workflow.start(*args, domain=self.domain, connection=self.connection, **kwargs)

    def close(self) -> None:
        """Stop the workers the test left running (the fixture calls it)."""
        for worker in reversed(self._workers):
            worker.stop()
        self._workers.clear()

    def __repr__(self) -> str:
        return f"<FlowEnvironment domain {self.domain!r} on {self.local.endpoint_url}>"
