"""The :class:`HistoryQuerySet`: the event histories of a domain's executions."""

from __future__ import annotations

from collections.abc import Iterator

from swf.constants import Limits
from swf.exceptions import UnknownResourceFault
from swf.history import History, parse_event
from swf.history.events import Event
from swf.models.workflow_execution import WorkflowExecution
from swf.querysets.base import DomainScopedQuerySet
from swf.wire import check_identifier, check_length

__all__ = ["HistoryQuerySet"]


class HistoryQuerySet(DomainScopedQuerySet[Event]):
    """Histories of the domain's executions, every page of them.

    >>> HistoryQuerySet("orders").get("order-42", "22Eng9...")  # doctest: +SKIP
    <History of 12 events ...>

    Iterating the queryset itself yields nothing: ask :meth:`get` or :meth:`events` for one
    execution's events.
    """

    def _fetch(self) -> Iterator[Event]:
        return iter(())

    def events(self, workflow_id: str, run_id: str, *, reverse: bool = False) -> Iterator[Event]:
        """The execution's events one by one, fetching pages as they are reached.

        ``reverse=True`` starts from the newest event (the last few cost one page).

        :raises WorkflowExecution.DoesNotExist: there is no such execution.
        """
        check_identifier(workflow_id, what="workflow_id")
        check_length(run_id, what="run_id", maximum=Limits.RUN_ID_LENGTH, minimum=1)
        # Checked above, when called; the requests wait for the first event asked for.
        return self._events(workflow_id, run_id, reverse)

    def _events(self, workflow_id: str, run_id: str, reverse: bool) -> Iterator[Event]:
        params = {
            "domain": self.domain.name,
            "execution": {"workflowId": workflow_id, "runId": run_id},
            "reverseOrder": reverse,
        }
        try:
            for page in self._paginate("GetWorkflowExecutionHistory", **params):
                for raw in page.get("events", []):
                    yield parse_event(raw)
        except UnknownResourceFault as error:
            raise WorkflowExecution.DoesNotExist(
                f"no execution of workflow id {workflow_id!r}, run {run_id!r} "
                f"in domain {self.domain.name!r}",
                code=error.code,
                operation=error.operation,
                request_id=error.request_id,
                status=error.status,
            ) from error

    def get(self, workflow_id: str, run_id: str) -> History:
        """The whole history of an execution (every page), oldest event first.

        Arguments are in SWF's order, ``(workflow_id, run_id)``.

        :raises WorkflowExecution.DoesNotExist: there is no such execution.
        """
        return History(self.events(workflow_id, run_id))
