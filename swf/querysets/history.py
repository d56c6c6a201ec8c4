"""The :class:`HistoryQuerySet`: the event histories of a domain's executions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from swf.constants import Limits
from swf.exceptions import UnknownResourceFault
from swf.history import History, parse_event
from swf.history.events import Event
from swf.models.workflow_execution import WorkflowExecution
from swf.querysets.base import DomainScopedQuerySet, Page
from swf.wire import check_identifier, check_length, does_not_exist

__all__ = ["HistoryQuerySet"]

_TOKEN_LENGTH = 2048  # SWF's limit on nextPageToken


class HistoryQuerySet(DomainScopedQuerySet[Event]):
    """Histories of the domain's executions, every page of them (or one page at a time).

    >>> HistoryQuerySet("orders").get("order-42", "22Eng9...")  # doctest: +SKIP
    <History of 12 events ...>

    Iterating the queryset itself yields nothing: ask :meth:`get`, :meth:`events` or
    :meth:`events_page` for one execution's events.
    """

    def _fetch(self) -> Iterator[Event]:
        return iter(())

    def events(self, workflow_id: str, run_id: str, *, reverse: bool = False) -> Iterator[Event]:
        """The execution's events one by one, fetching pages as they are reached.

        ``reverse=True`` starts from the newest event (the last few cost one page).

        :raises WorkflowExecution.DoesNotExist: there is no such execution.
        """
        params = self._params(workflow_id, run_id, reverse)
        # Checked above, when called; the requests wait for the first event asked for.
        return self._events(workflow_id, run_id, params)

    def events_page(
        self, workflow_id: str, run_id: str, *, token: str | None = None, reverse: bool = False
    ) -> Page[Event]:
        """One page of the execution's events (``page_size`` at most; SWF's default is 1000)
        and SWF's token for the next page (``None`` on the last one).

        Give the token back with the same execution and ``reverse``.

        :raises WorkflowExecution.DoesNotExist: there is no such execution.
        """
        params = self._params(workflow_id, run_id, reverse)
        if self.page_size is not None:
            params["maximumPageSize"] = self.page_size
        if token is not None:
            check_length(token, what="token", maximum=_TOKEN_LENGTH, minimum=1)
            params["nextPageToken"] = token
        try:
            answer = self.connection.call("GetWorkflowExecutionHistory", **params)
        except UnknownResourceFault as error:
            raise self._missing(workflow_id, run_id, error) from error
        events = tuple(parse_event(raw) for raw in answer.get("events", []))
        return Page(events, answer.get("nextPageToken"))

    def get(self, workflow_id: str, run_id: str) -> History:
        """The whole history of an execution (every page), oldest event first.

        Arguments are in SWF's order, ``(workflow_id, run_id)``.

        :raises WorkflowExecution.DoesNotExist: there is no such execution.
        """
        return History(self.events(workflow_id, run_id))

    # -- requests ------------------------------------------------------------------------

    def _params(self, workflow_id: str, run_id: str, reverse: bool) -> dict[str, Any]:
        check_identifier(workflow_id, what="workflow_id")
        check_length(run_id, what="run_id", maximum=Limits.RUN_ID_LENGTH, minimum=1)
        return {
            "domain": self.domain.name,
            "execution": {"workflowId": workflow_id, "runId": run_id},
            "reverseOrder": reverse,
        }

    def _events(self, workflow_id: str, run_id: str, params: dict[str, Any]) -> Iterator[Event]:
        try:
            for page in self._paginate("GetWorkflowExecutionHistory", **params):
                for raw in page.get("events", []):
                    yield parse_event(raw)
        except UnknownResourceFault as error:
            raise self._missing(workflow_id, run_id, error) from error

    def _missing(
        self, workflow_id: str, run_id: str, error: UnknownResourceFault
    ) -> WorkflowExecution.DoesNotExist:
        message = (
            f"no execution of workflow id {workflow_id!r}, run {run_id!r} "
            f"in domain {self.domain.name!r}"
        )
        return does_not_exist(WorkflowExecution.DoesNotExist, message, error)
