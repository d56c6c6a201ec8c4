"""The histories the view has read, kept so that a page seen again costs only what is new.

A closed execution's history never changes: it is read once. An open one is topped up with
the events newer than its last known one (a small page, newest first). The cache holds a few
histories, the least recently seen leaves first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from swf.history import History
from swf.models import WorkflowExecution
from swf.querysets import HistoryQuerySet

__all__ = ["HistoryCache"]


class HistoryCache:
    """Histories by ``(domain, workflow_id, run_id)``, at most ``size`` of them."""

    def __init__(self, *, size: int = 16) -> None:
        self.size = size
        self._histories: OrderedDict[tuple[str, str, str], History] = OrderedDict()
        self._locks: dict[tuple[str, str, str], threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, execution: WorkflowExecution) -> History:
        """The execution's whole history, current as of now."""
        assert execution.run_id is not None
        key = (execution.domain.name, execution.workflow_id, execution.run_id)
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:  # two requests for one history: the second waits for the first's read
            with self._lock:
                history = self._histories.get(key)
                if history is not None:
                    self._histories.move_to_end(key)
            histories = HistoryQuerySet(execution.domain, connection=execution.connection)
            if history is None:
                history = histories.get(execution.workflow_id, execution.run_id)
            elif not history.is_closed:
                histories.update(history, execution.workflow_id, execution.run_id)
            _ = history.compiled  # compiled here, under the lock: readers then only read it
            with self._lock:
                self._histories[key] = history
                self._histories.move_to_end(key)
                while len(self._histories) > self.size:
                    old, _ = self._histories.popitem(last=False)
                    self._locks.pop(old, None)
            return history
