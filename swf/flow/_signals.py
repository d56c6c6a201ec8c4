"""Signals received by a workflow: kept in order, handed to ``wait_signal`` one by one.

A signal that arrives before the code waits for it is kept until it does; every signal
received also stays readable in :attr:`Workflow.signals`.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from swf.flow.converter import Converter
from swf.flow.errors import Cancelled
from swf.flow.futures import Future

__all__ = ["SignalBox"]


class SignalBox:
    """The signals of one workflow instance, decoded by its converter."""

    def __init__(self, converter: Converter) -> None:
        self._converter = converter
        self._received: dict[str, list[Any]] = {}
        self._unread: dict[str, deque[Any]] = {}
        self._waiters: dict[str, deque[Future[Any]]] = {}

    def receive(self, name: str, payload: str | None) -> None:
        """A ``WorkflowExecutionSignaled``: to the oldest waiter, or kept for the next one."""
        try:
            value = self._converter.decode(payload)
        except Exception:
            value = payload  # not in the converter's format: the text itself
        self._received.setdefault(name, []).append(value)
        waiters = self._waiters.get(name)
        if waiters:
            waiters.popleft().set_result(value)
        else:
            self._unread.setdefault(name, deque()).append(value)

    @property
    def received(self) -> dict[str, list[Any]]:
        """Every signal received so far, by name, in order (a copy)."""
        return {name: list(values) for name, values in self._received.items()}

    def wait(self, name: str) -> Future[Any]:
        """The next signal ``name`` not waited for yet (received already, or to come)."""
        unread = self._unread.get(name)
        future: Future[Any] = Future(f"signal {name}")
        if unread:
            future.set_result(unread.popleft())
            return future
        waiters = self._waiters.setdefault(name, deque())

        def cancel() -> bool:
            if future in waiters:
                waiters.remove(future)
            future.set_exception(Cancelled(f"waiting for signal {name} canceled"))
            return True

        future._canceller = cancel
        waiters.append(future)
        return future
